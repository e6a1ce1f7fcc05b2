import type { FakeGitHub, WebhookDelivery } from '@milestone-sync/fake-github';
import { signWebhookBody } from '@milestone-sync/fake-github';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';
import type { Clock } from '../../src/sync/pace-writes.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import type { AppHarness } from '../app/app-helpers.js';
import { FULL_NAME, PATH, SECRET, startApp } from '../app/app-helpers.js';
import type { CheckKind, KindedCheck } from './fault-case.js';

/** A running app of the suite: test/app/app-helpers.ts's harness plus what the cases measure. */
export interface FaultApp extends AppHarness {
  /** Sleeps the app asked its clock for (retry waits and write pacing), in ms, in order. */
  sleeps: number[];
  /** Stops the app's queue (call when the case is done). */
  stop: () => Promise<void>;
}

/**
 * startApp (test/app/app-helpers.ts: the real Probot app, signed deliveries from the fake GitHub,
 * virtual time) with a clock that records every sleep the app takes. `install: false` lets a case
 * arm faults before the installation's first sync (`installNow`).
 */
export async function startFaultApp(
  params: Omit<Parameters<typeof startApp>[0] & object, 'appOptions'> = {},
): Promise<FaultApp> {
  const sleeps: number[] = [];
  const h = await startApp({
    ...params,
    appOptions: (fake) => ({ clock: recordSleeps({ clock: fake.clock, sleeps }) }),
  });
  return { ...h, sleeps, stop: () => h.app.close() };
}

function recordSleeps(params: { clock: Clock; sleeps: number[] }): Clock {
  const { clock, sleeps } = params;
  return {
    now: () => clock.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return clock.sleep(ms);
    },
  };
}

/** Installs the app on acme/plan (what startApp does unless `install: false`) and settles. */
export async function installNow(h: FaultApp): Promise<void> {
  h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
  await h.settle();
}

export function check(params: {
  kind: CheckKind;
  name: string;
  ok: boolean;
  detail: string;
}): KindedCheck {
  return { ...params };
}

/** Issues (not pull requests) of acme/plan. */
export function issuesOf(fake: FakeGitHub) {
  return [...fake.repo(FULL_NAME).issues.values()].filter((issue) => !issue.isPullRequest);
}

/** The deliverable issues the app owns (they carry its marker). */
export function deliverableIssues(fake: FakeGitHub) {
  return issuesOf(fake).filter((issue) => decodeMarker(issue.body) !== null);
}

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

/** Every deliverable of a plan text, at any depth, inside milestones or not. */
export function deliverablesOf(text: string): Item[] {
  const { plan } = parsePlan({ text });
  return [...plan.milestones.flatMap((m) => flatten(m.items)), ...flatten(plan.items)];
}

function duplicatesOf(values: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

/**
 * The suite's invariants on acme/plan as GitHub holds it now:
 * - duplicates: no two issues with the marker of one deliverable, no two milestones with one
 *   title or one marker, at most one dashboard per plan file, no bot comment posted twice on an
 *   issue;
 * - lost: every deliverable of the plan on the default branch has its issue (by marker key) and
 *   every milestone its milestone (`planPresent: false` when the case removed the plan);
 * - schema: the fake saw no request, answer or webhook off GitHub's OpenAPI description.
 */
export function invariantChecks(params: {
  h: FaultApp;
  path?: string;
  planPresent?: boolean;
}): KindedCheck[] {
  const { h } = params;
  const path = params.path ?? PATH;
  const repo = h.fake.repo(FULL_NAME);
  const owned = deliverableIssues(h.fake);
  const issueKeys = owned.map(
    (issue) => `${decodeMarker(issue.body)?.file}#${decodeMarker(issue.body)?.key}`,
  );
  const milestones = [...repo.milestones.values()];
  const milestoneKeys = milestones
    .map((m) => decodeMarker(m.description))
    .filter((m) => m !== null)
    .map((m) => `${m.file}#${m.key}`);
  const dashboards = issuesOf(h.fake).filter((issue) => decodeDashboardMarker(issue.body) !== null);
  const dashboardFiles = dashboards.map((issue) => decodeDashboardMarker(issue.body)?.file ?? '');
  const botComments = [...repo.comments.values()]
    .filter((c) => c.authorLogin === h.fake.apiActorLogin)
    .map((c) => `#${c.issueNumber}: ${c.body.slice(0, 60)}`);
  const dupIssues = duplicatesOf(issueKeys);
  const dupMilestones = [
    ...duplicatesOf(milestones.map((m) => m.title)),
    ...duplicatesOf(milestoneKeys),
  ];
  const dupDashboards = duplicatesOf(dashboardFiles);
  const dupComments = duplicatesOf(botComments);
  const checks: KindedCheck[] = [
    check({
      kind: 'duplicates',
      name: 'no duplicate issues, milestones, dashboards or comments',
      ok: dupIssues.length + dupMilestones.length + dupDashboards.length + dupComments.length === 0,
      detail:
        `${owned.length} owned issues, ${milestones.length} milestones, ${dashboards.length} dashboard(s), ${botComments.length} bot comment(s)` +
        (dupIssues.length > 0 ? `; duplicate issues ${dupIssues.join(', ')}` : '') +
        (dupMilestones.length > 0 ? `; duplicate milestones ${dupMilestones.join(', ')}` : '') +
        (dupDashboards.length > 0 ? `; duplicate dashboards ${dupDashboards.join(', ')}` : '') +
        (dupComments.length > 0 ? `; duplicate comments ${dupComments.join(' | ')}` : ''),
    }),
  ];
  if (params.planPresent !== false) {
    const text = h.fileText(path);
    const { plan } = parsePlan({ text });
    const wanted = deliverablesOf(text);
    const haveIssue = new Set(issueKeys);
    const missing = wanted.filter(
      (item) => item.issue === null && !haveIssue.has(`${path}#${item.key}`),
    );
    const haveMilestone = new Set(milestoneKeys);
    const missingMilestones = plan.milestones.filter((m) => !haveMilestone.has(`${path}#${m.key}`));
    checks.push(
      check({
        kind: 'lost',
        name: 'every deliverable has its issue and every milestone its milestone',
        ok: missing.length === 0 && missingMilestones.length === 0,
        detail:
          `${wanted.length - missing.length}/${wanted.length} deliverables, ${plan.milestones.length - missingMilestones.length}/${plan.milestones.length} milestones` +
          (missing.length > 0
            ? `; missing: ${missing.map((i) => `line ${i.line}`).join(', ')}`
            : '') +
          (missingMilestones.length > 0
            ? `; missing milestones: ${missingMilestones.map((m) => m.title).join(', ')}`
            : ''),
      }),
    );
  }
  let violations = '';
  try {
    h.fake.assertNoViolations();
  } catch (error) {
    violations = (error as Error).message;
  }
  checks.push(
    check({
      kind: 'schema',
      name: 'fake.assertNoViolations()',
      ok: violations === '',
      detail: violations === '' ? 'no OpenAPI violation' : violations.slice(0, 300),
    }),
  );
  return checks;
}

/** Writes to repositories since call index `from` (the installation token POST is not one). */
export function repoWritesSince(params: { fake: FakeGitHub; from: number }): string[] {
  return params.fake.calls
    .all()
    .slice(params.from)
    .filter((c) => c.method !== 'GET' && c.method !== 'HEAD' && c.route.includes(' /repos/'))
    .map((c) => c.route);
}

/**
 * A second sync: the installation's `installation.created` delivery sent again under a new
 * delivery id (signed like GitHub signs it), which syncs every repository of the installation
 * whatever changed. It must write nothing to the repository.
 */
export async function secondSyncCheck(h: FaultApp): Promise<KindedCheck> {
  const from = h.fake.calls.all().length;
  const runs = h.app.stats().runs;
  await redeliver({ h, event: 'installation', id: `second-sync-${runs}` });
  const writes = repoWritesSince({ fake: h.fake, from });
  const ran = h.app.stats().runs - runs;
  return check({
    kind: 'idempotent',
    name: 'a second sync writes nothing',
    ok: ran >= 1 && writes.length === 0,
    detail: `${ran} sync run(s), ${writes.length} write(s)${writes.length > 0 ? `: ${writes.join(', ')}` : ''}`,
  });
}

/**
 * Hands Probot one delivery the fake emitted before (the first of `event`, or `delivery`), signed
 * as GitHub signs it, under `id` (default: its own id, i.e. the same delivery again), and settles.
 */
export async function redeliver(params: {
  h: FaultApp;
  event?: string;
  delivery?: WebhookDelivery;
  id?: string;
}): Promise<void> {
  const { h } = params;
  const delivery = params.delivery ?? h.fake.webhooks.of(params.event ?? '')[0];
  if (!delivery) throw new Error(`no ${params.event ?? ''} delivery to send again`);
  await h.probot.webhooks.verifyAndReceive({
    id: params.id ?? delivery.id,
    name: delivery.event as never,
    payload: delivery.body,
    signature: signWebhookBody({ secret: SECRET, body: delivery.body }),
  });
  await h.settle();
}

/** Log lines (any level, Probot's own request lines excluded) from index `from` on. */
export function messagesSince(params: { h: FaultApp; from: number; level?: string }): string[] {
  return params.h.lines
    .slice(params.from)
    .filter((l) => (params.level ? l.level === params.level : true))
    .map((l) => l.msg)
    .filter((msg) => !msg.startsWith('GitHub request:'));
}

/** `… retrying in N s` lines of the retry wrapper (src/sync/request-with-retry.ts) since `from`. */
export function retryLines(params: { h: FaultApp; from: number }): string[] {
  return messagesSince({ ...params, level: 'warn' }).filter((m) => /retrying in \d+ s$/.test(m));
}

/** The `Synced …` headline lines since `from`. */
export function syncedLines(params: { h: FaultApp; from: number }): string[] {
  return messagesSince(params).filter((m) => m.startsWith('Synced '));
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
