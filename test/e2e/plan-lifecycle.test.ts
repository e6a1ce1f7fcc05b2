import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Probot, createNodeMiddleware } from 'probot';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { MilestoneSyncApp } from '../../src/app/app.js';
import { milestoneSyncApp } from '../../src/app/app.js';
import { SyncOctokit } from '../../src/app/sync-octokit.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';
import { MERGE_SUMMARY_MARKER } from '../../src/report/render-merge-summary.js';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import { ONBOARDING_BRANCH } from '../../src/sync/onboard-repository.js';
import { createRecordingLog, privateKey } from '../app/app-helpers.js';
import { readSeed } from '../helpers/read-fixture.js';

/**
 * The whole life of a plan, for every seed, as a team meets it: the real Probot server (its node
 * middleware on a node:http server) receives signed deliveries over HTTP from the fake GitHub,
 * whose API follows GitHub's OpenAPI description. Time is the fake's virtual clock, so write
 * pacing and the batching window cost no real time.
 *
 * install → onboarding pull request → merge → milestones and issues → a pull request that adds,
 * renames and removes deliverables → one comment and one check run, updated on the next push →
 * merge → synced, summary comment → an issue closed → its line ticked → dashboard counts updated,
 * one dashboard issue. Nothing is written twice, and a final delivery changes nothing.
 */

const SECRET = 'e2e-secret';
const REPO = 'acme/plan';
const SEEDS = [
  { seed: 'axum-cloudflare-MILESTONES.md', path: 'MILESTONES.md' },
  { seed: 'elemta-MILESTONES.md', path: 'MILESTONES.md' },
  { seed: 'enterprise-rust-MILESTONES.md', path: 'MILESTONES.md' },
  { seed: 'eutlas-PHASES.md', path: 'PHASES.md' },
  { seed: 'feature-flags-MILESTONES.md', path: 'MILESTONES.md' },
] as const;

interface Running {
  fake: FakeGitHub;
  app: MilestoneSyncApp;
  server: Server;
  settle: () => Promise<void>;
  lines: { level: string; msg: string }[];
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.app.close();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
  }
});

async function startServer(files: Record<string, string>): Promise<Running> {
  const fake = createFakeGitHub({ webhookSecret: SECRET });
  fake.createRepo({ fullName: REPO, files });
  const { log, lines } = createRecordingLog();
  const probot = new Probot({
    appId: 4242,
    privateKey: privateKey(),
    secret: SECRET,
    baseUrl: fake.urls.api,
    request: { fetch: fake.fetch },
    log,
    Octokit: SyncOctokit,
  });
  let app!: MilestoneSyncApp;
  const middleware = await createNodeMiddleware(
    (probotApp, options) => {
      app = milestoneSyncApp(probotApp, { ...options, clock: fake.clock });
    },
    { probot },
  );
  const server = createServer((request, response) => {
    void middleware(request, response, () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Every delivery is POSTed, signed, to the server; an answer other than 2xx fails idle().
  fake.webhooks.addTarget(`http://127.0.0.1:${port}/api/github/webhooks`);
  const settle = async () => {
    for (;;) {
      const emitted = fake.webhooks.deliveries.length;
      await fake.webhooks.idle();
      await app.idle();
      if (fake.webhooks.deliveries.length === emitted) break;
    }
  };
  const r = { fake, app, server, settle, lines };
  running.push(r);
  return r;
}

function fileText(fake: FakeGitHub, params: { path: string; branch?: string }): string {
  const repo = fake.repo(REPO);
  const head = repo.branches.get(params.branch ?? repo.defaultBranch)?.headSha ?? '';
  const blob = repo.commits.get(head)?.files.get(params.path);
  if (!blob) throw new Error(`${params.path} missing`);
  return blob.bytes.toString('utf8');
}

const issuesOf = (fake: FakeGitHub) =>
  [...fake.repo(REPO).issues.values()].filter((issue) => !issue.isPullRequest);
const dashboards = (fake: FakeGitHub) =>
  issuesOf(fake).filter((issue) => decodeDashboardMarker(issue.body) !== null);
const deliverableIssues = (fake: FakeGitHub) =>
  issuesOf(fake).filter((issue) => decodeMarker(issue.body) !== null);
const commentsOn = (fake: FakeGitHub, number: number) =>
  [...fake.repo(REPO).comments.values()].filter((c) => c.issueNumber === number);

/** Leaves of the plan that are not done: safe to rename, remove or copy. */
function openLeaves(text: string): Item[] {
  const { plan } = parsePlan({ text });
  const leaves: Item[] = [];
  const walk = (items: Item[]) => {
    for (const item of items) {
      if (item.children.length > 0) walk(item.children);
      else if (item.status !== 'done' && item.issue === null) leaves.push(item);
    }
  };
  for (const milestone of plan.milestones) walk(milestone.items);
  return leaves;
}

/** The plan's line `line` (1-based) with the deliverable's text replaced. */
function withText(params: { lines: string[]; item: Item; text: string }): string {
  const line = params.lines[params.item.line - 1] ?? '';
  const at = line.indexOf(params.item.text);
  if (at < 0) throw new Error(`line ${params.item.line} does not hold “${params.item.text}”`);
  return `${line.slice(0, at)}${params.text}${line.slice(at + params.item.text.length)}`;
}

/**
 * The pull request's plan: the first open leaf renamed (" — revised" appended), the second
 * removed, and a copy of the third added under it as a new deliverable.
 */
function editPlan(text: string): { text: string; renamed: string; removed: string } {
  const [rename, remove, copy] = openLeaves(text);
  if (!rename || !remove || !copy) throw new Error('the seed has fewer than three open leaves');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const renamed = `${rename.text} — revised`;
  lines[rename.line - 1] = withText({ lines, item: rename, text: renamed });
  lines.splice(
    copy.line,
    0,
    withText({ lines, item: copy, text: 'Publish the end-to-end report' }),
  );
  lines.splice(remove.line - 1, 1);
  return { text: lines.join(eol), renamed, removed: remove.text };
}

describe.each(SEEDS)('a plan’s life through the Probot server: $seed', ({ seed, path }) => {
  it('onboarding, sync, a previewed pull request, its merge, a close, the dashboard', async () => {
    const original = readSeed(seed);
    const { fake, settle } = await startServer({ [path]: original, 'README.md': 'hi\n' });

    // 1. Installed: one onboarding pull request, nothing else.
    fake.install({ account: 'acme', repos: [REPO], id: 77 });
    await settle();
    const onboarding = [...fake.repo(REPO).pulls.values()];
    expect(onboarding.map((p) => p.headRef)).toEqual([ONBOARDING_BRANCH]);
    expect(fake.repo(REPO).milestones.size).toBe(0);
    expect(issuesOf(fake)).toEqual([]);

    // 2. Merged: milestones, one issue per deliverable, one dashboard.
    fake.human.as('alice').mergePull({ repo: REPO, number: onboarding[0]?.number ?? 0 });
    await settle();
    const milestones = fake.repo(REPO).milestones.size;
    expect(milestones).toBeGreaterThan(0);
    const firstIssues = deliverableIssues(fake).length;
    expect(firstIssues).toBeGreaterThanOrEqual(3);
    expect(dashboards(fake)).toHaveLength(1);

    // 3. A pull request that renames, removes and adds deliverables.
    const base = fileText(fake, { path });
    const edit = editPlan(base);
    const repo = fake.repo(REPO);
    repo.branches.set('plan-update', {
      name: 'plan-update',
      headSha: repo.branches.get('main')?.headSha ?? '',
      protected: false,
    });
    fake.human.as('bob').editFile({ repo: REPO, path, content: edit.text, branch: 'plan-update' });
    const pull = fake.human.as('bob').openPullRequest({ repo: REPO, head: 'plan-update' });
    await settle();
    const issuesBefore = JSON.stringify(issuesOf(fake));
    const previews = () =>
      commentsOn(fake, pull.number).filter((c) => c.body.startsWith(PR_PREVIEW_MARKER));
    expect(previews()).toHaveLength(1);
    expect(previews()[0]?.body).toContain('Publish the end-to-end report');
    const runsOn = (sha: string) => [...repo.checkRuns.values()].filter((r) => r.headSha === sha);
    const head1 = repo.branches.get('plan-update')?.headSha ?? '';
    expect(runsOn(head1)).toHaveLength(1);

    // The next push edits the same comment and checks the new head once.
    const second = edit.text.replace(
      'Publish the end-to-end report',
      'Publish the end-to-end report and its numbers',
    );
    fake.human.as('bob').editFile({ repo: REPO, path, content: second, branch: 'plan-update' });
    await settle();
    expect(previews()).toHaveLength(1);
    expect(previews()[0]?.body).toContain('Publish the end-to-end report and its numbers');
    const head2 = repo.branches.get('plan-update')?.headSha ?? '';
    expect(runsOn(head2)).toHaveLength(1);
    // Nothing from a pull request writes to issues or milestones.
    expect(JSON.stringify(issuesOf(fake))).toBe(issuesBefore);

    // 4. Merged: the new line has an issue, the renamed one its new title, the removed one is
    // closed as not planned; never deleted.
    fake.human.as('alice').mergePull({ repo: REPO, number: pull.number });
    await settle();
    const byTitle = (title: string) =>
      deliverableIssues(fake).filter((issue) => issue.title.startsWith(title));
    expect(byTitle('Publish the end-to-end report and its numbers')).toHaveLength(1);
    expect(byTitle(edit.renamed)).toHaveLength(1);
    const removed = byTitle(edit.removed).filter((issue) => !issue.title.endsWith('— revised'));
    expect(removed.map((issue) => [issue.state, issue.stateReason])).toContainEqual([
      'closed',
      'not_planned',
    ]);
    expect(deliverableIssues(fake)).toHaveLength(firstIssues + 1);
    // One summary comment on the merged pull request, linking the issue it created.
    const summaries = commentsOn(fake, pull.number).filter((c) =>
      c.body.startsWith(MERGE_SUMMARY_MARKER),
    );
    expect(summaries).toHaveLength(1);
    const created = byTitle('Publish the end-to-end report and its numbers')[0];
    expect(summaries[0]?.body).toContain(`/acme/plan/issues/${created?.number})`);

    // 5. A person closes a deliverable's issue: its line is ticked in one commit.
    const dashboardBefore = dashboards(fake)[0]?.body ?? '';
    const before = fileText(fake, { path });
    const target = deliverableIssues(fake).find(
      (issue: FakeIssue) =>
        issue.state === 'open' && issue.title === 'Publish the end-to-end report and its numbers',
    );
    if (!target) throw new Error('no open issue for the new line');
    const commits = fake.calls.count('PUT /repos/{owner}/{repo}/contents/{path}');
    fake.human.as('carol').closeIssue({ repo: REPO, number: target.number });
    await settle();
    expect(fake.calls.count('PUT /repos/{owner}/{repo}/contents/{path}')).toBe(commits + 1);
    const after = fileText(fake, { path });
    const beforeLines = before.split('\n');
    const changed = after
      .split('\n')
      .map((line, i) => ({ line, was: beforeLines[i] }))
      .filter(({ line, was }) => line !== was);
    const tick = changed.filter(({ line }) => line.includes('Publish the end-to-end report'));
    expect(tick).toHaveLength(1);
    // Besides the tick, only the file's own status and progress lines may follow it.
    for (const { line } of changed) {
      expect(line.includes('Publish the end-to-end report') || /status|progress/i.test(line)).toBe(
        true,
      );
    }
    const ticked = openLeaves(after).some((item) => item.text.startsWith('Publish the end-to-end'));
    expect(ticked).toBe(false);

    // 6. The dashboard: still one, its counts moved.
    expect(dashboards(fake)).toHaveLength(1);
    const dashboardAfter = dashboards(fake)[0]?.body ?? '';
    expect(dashboardAfter).not.toBe(dashboardBefore);
    const done = (body: string) => Number(/— (\d+) of \d+ deliverables? done/.exec(body)?.[1]);
    expect(done(dashboardAfter)).toBe(done(dashboardBefore) + 1);

    // A later delivery of anything plans nothing: no write at all.
    const writes = fake.calls.writes().length;
    fake.human.as('carol').editIssue({ repo: REPO, number: target.number, body: target.body });
    await settle();
    expect(
      fake.calls
        .writes()
        .slice(writes)
        .filter((c) => c.route.includes(' /repos/'))
        .map((c) => c.route),
    ).toEqual([]);
    fake.assertNoViolations();
  });
});
