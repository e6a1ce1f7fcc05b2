import { basename } from 'node:path';
import type { FakeGitHub, FakeIssue, RecordedCall } from '../../src/fake-github/index.js';
import { createFakeGitHub } from '../../src/fake-github/index.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Plan } from '../../src/plan/plan-types.js';
import type { SyncSummary } from '../../src/report/summarize-sync-report.js';
import { summarizeSyncReport } from '../../src/report/summarize-sync-report.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import type { PlanEntry } from '../../src/sync/match-github.js';
import { flattenPlan } from '../../src/sync/match-github.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import { syncRepo } from '../../src/sync/sync-repo.js';
import type { CheckStep, FileCheck, PlanFile } from './check-types.js';
import { describeAction } from './describe-action.js';
import { diffLines } from './diff-lines.js';
import { linkedIssueNumbers } from './linked-issue-numbers.js';
import { seedHumanContent } from './seed-human-content.js';
import { showDifference } from './show-difference.js';
import { compareIssueSnapshots, snapshotIssues } from './snapshot-issues.js';

export const CHECK_REPO = { owner: 'acme', repo: 'plan' };
const FULL_NAME = `${CHECK_REPO.owner}/${CHECK_REPO.repo}`;
/** At most this many actions, calls or lines are listed under one problem. */
const MAX_DETAILS = 8;

interface SyncPass {
  report: SyncReport;
  summary: SyncSummary;
  writes: RecordedCall[];
}

/**
 * Checks one plan against a fresh fake GitHub holding it in `acme/plan` next to content people
 * made before (see seed-human-content.ts): a dry run writes nothing; a first sync applies without
 * failures; a second sync plans and writes nothing; a person closing one deliverable's issue is
 * ticked on exactly that line by the next sync, after which a sync does nothing; no pre-existing
 * issue the plan does not link changed; the fake saw no schema violation. Never throws: a sync
 * that throws is a `crash` problem. Pacing and retries run on the fake's virtual clock.
 */
export async function checkPlanFile(file: PlanFile): Promise<FileCheck> {
  const parsed = parsePlan({ text: file.text });
  const entries = flattenPlan(parsed.plan);
  const result: FileCheck = {
    name: file.name,
    path: file.path,
    status: 'settled',
    notes: [],
    milestones: parsed.plan.milestones.length,
    deliverables: entries.length,
    diagnostics: { error: 0, warning: 0, info: 0 },
    firstSyncWrites: null,
    linkedIssues: [],
    ticked: null,
    foreignChanges: [],
    problems: [],
  };
  for (const d of parsed.diagnostics) result.diagnostics[d.severity]++;
  if (basename(file.name).toLowerCase() === 'readme.md' && entries.length === 0) {
    result.status = 'skipped';
    result.notes.push('a README.md without deliverables describes the folder; not a plan');
    return result;
  }

  const path = basename(file.name);
  const fake = createFakeGitHub({ validateResponses: 'record' });
  fake.webhooks.enabled = false; // nothing listens; emitting them is wasted work
  fake.createRepo({ fullName: FULL_NAME, files: { [path]: file.text } });
  seedHumanContent({ fake, repo: FULL_NAME });
  const before = snapshotIssues(fake.repo(FULL_NAME));
  const linked = linkedIssueNumbers({ plan: parsed.plan, repo: FULL_NAME });
  result.linkedIssues = [...before.keys()].filter((n) => linked.has(n)).sort((a, b) => a - b);
  const octokit = fake.octokit();
  const problem = (step: CheckStep, message: string, details: string[] = []) =>
    result.problems.push({ step, message, details: details.slice(0, MAX_DETAILS) });
  let step: CheckStep = 'dry-run';
  const sync = async (dryRun: boolean): Promise<SyncPass> => {
    fake.calls.reset();
    const report = await syncRepo({
      octokit,
      repo: CHECK_REPO,
      path,
      dryRun,
      log: silentLogger,
      clock: fake.clock,
    });
    return { report, summary: summarizeSyncReport(report), writes: fake.calls.writes() };
  };

  try {
    const dry = await sync(true);
    if (dry.writes.length > 0)
      problem('dry-run', `the dry run sent ${dry.writes.length} write(s)`, routes(dry.writes));
    reportFailures({ step, pass: dry, problem });

    step = 'first-sync';
    const first = await sync(false);
    result.firstSyncWrites = first.writes.length;
    reportFailures({ step, pass: first, problem });

    step = 'second-sync';
    const second = await sync(false);
    const settled = reportUnsettled({ step, pass: second, problem });
    reportFailures({ step, pass: second, problem });

    if (!settled || result.problems.length > 0) {
      result.notes.push('tick check not run: the first two syncs did not settle cleanly');
    } else {
      step = 'tick';
      const target = pickIssueToClose({ fake, path });
      if (entries.length === 0) {
        result.notes.push('tick check not run: the plan has no deliverables');
      } else if (!target) {
        result.notes.push(
          'tick check not run: no open deliverable whose tick would change only its own line',
        );
      } else {
        result.ticked = { number: target.issue.number, line: target.entry.item.line };
        const textBefore = readPlanText({ fake, path });
        fake.human.closeIssue({ repo: FULL_NAME, number: target.issue.number });
        const tick = await sync(false);
        reportFailures({ step, pass: tick, problem });
        checkTick({ target, before: textBefore, after: readPlanText({ fake, path }), problem });
        step = 'after-tick';
        const after = await sync(false);
        reportUnsettled({ step, pass: after, problem });
        reportFailures({ step, pass: after, problem });
      }
    }
  } catch (error) {
    const [message = '', ...stack] = String((error as Error).stack ?? error).split('\n');
    problem(
      'crash',
      `${step} threw: ${message}`,
      stack.map((line) => line.trim()),
    );
  }

  result.foreignChanges = compareIssueSnapshots({
    before,
    after: snapshotIssues(fake.repo(FULL_NAME)),
    exempt: linked,
  });
  if (result.foreignChanges.length > 0) {
    const issues = new Set(result.foreignChanges.map((c) => c.number));
    problem(
      'foreign-issues',
      `${result.foreignChanges.length} field(s) of ${issues.size} pre-existing issue(s) the plan does not link changed`,
      result.foreignChanges.map((c) => {
        const shown = showDifference({ before: c.before, after: c.after });
        return `#${c.number} ${c.field}: ${shown.before} → ${shown.after}`;
      }),
    );
  }
  if (fake.violations.length > 0) {
    problem(
      'schema',
      `the fake GitHub recorded ${fake.violations.length} schema violation(s)`,
      fake.violations.map((v) => `[${v.kind}] ${v.route} ${v.status ?? ''}: ${v.message}`),
    );
  }
  result.status = result.problems.length === 0 ? 'settled' : 'failed';
  return result;
}

type AddProblem = (step: CheckStep, message: string, details?: string[]) => void;

/** Failed actions, skipped ones that were not only waiting on a person, and refusals. */
function reportFailures(params: { step: CheckStep; pass: SyncPass; problem: AddProblem }): void {
  const { summary } = params.pass;
  if (summary.refusal) params.problem(params.step, `refused: ${summary.refusal.message}`);
  const failures: string[] = [];
  summary.results.forEach((r, i) => {
    if (r.outcome.status === 'failed') {
      const http = r.outcome.httpStatus === undefined ? '' : ` (HTTP ${r.outcome.httpStatus})`;
      failures.push(`${describeAction(r.action)}: ${r.outcome.error}${http}`);
    } else if (r.outcome.status === 'skipped' && summary.waiting[i] !== true) {
      failures.push(`${describeAction(r.action)}: skipped: ${r.outcome.error}`);
    }
  });
  if (failures.length > 0)
    params.problem(params.step, `${failures.length} action(s) failed or were skipped`, failures);
}

/** A sync that should have had nothing to do: reports what it planned and wrote. */
function reportUnsettled(params: {
  step: CheckStep;
  pass: SyncPass;
  problem: AddProblem;
}): boolean {
  const actions = params.pass.report.runs.flatMap((run) => run.planned.actions);
  const writes = params.pass.writes;
  if (actions.length === 0 && writes.length === 0) return true;
  params.problem(
    params.step,
    `did not settle: planned ${actions.length} action(s) and sent ${writes.length} write(s)`,
    [...actions.map(describeAction), ...(actions.length === 0 ? routes(writes) : [])],
  );
  return false;
}

/** Write calls counted by route, most frequent first. */
function routes(calls: RecordedCall[]): string[] {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.route, (counts.get(call.route) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${n}× ${route}`);
}

interface TickTarget {
  issue: FakeIssue;
  entry: PlanEntry;
}

/**
 * The first (by number) open issue the app made for a deliverable with no sub-items whose line
 * can show done (a checkbox, or a table row with a Status cell), and whose tick should change
 * nothing else: its milestone (or the top level) and its parent item keep another open
 * deliverable, so no milestone status or parent line has a reason to change too.
 */
function pickIssueToClose(params: { fake: FakeGitHub; path: string }): TickTarget | null {
  const { plan } = parsePlan({ text: readPlanText(params) });
  const entries = flattenPlan(plan);
  const byKey = new Map(entries.map((entry) => [entry.item.key, entry]));
  const issues = [...params.fake.repo(FULL_NAME).issues.values()]
    .filter(
      (issue) =>
        !issue.isPullRequest &&
        issue.state === 'open' &&
        issue.authorLogin === params.fake.apiActorLogin &&
        issue.subIssueIds.length === 0,
    )
    .sort((a, b) => a.number - b.number);
  for (const issue of issues) {
    const marker = decodeMarker(issue.body);
    const entry = marker?.file === params.path ? byKey.get(marker.key) : undefined;
    if (!entry || !isQuiet({ entry, entries, plan })) continue;
    return { issue, entry };
  }
  return null;
}

function isQuiet(params: { entry: PlanEntry; entries: PlanEntry[]; plan: Plan }): boolean {
  const { item, milestone, parent } = params.entry;
  if (item.children.length > 0 || item.status === 'done') return false;
  if (item.source.kind === 'table-row' && item.source.statusCell === null) return false;
  const open = (list: PlanEntry[]) => list.filter((e) => e.item.status !== 'done').length;
  const sameMilestone = params.entries.filter((e) => e.milestone === milestone);
  if (open(sameMilestone) < 2) return false;
  if (parent && parent.children.filter((child) => child.status !== 'done').length < 2) return false;
  return true;
}

/** Closing the issue must change exactly the deliverable's line, to a line that reads done. */
function checkTick(params: {
  target: TickTarget;
  before: string;
  after: string;
  problem: AddProblem;
}): void {
  const { item } = params.target.entry;
  const number = params.target.issue.number;
  const changes = diffLines({ before: params.before, after: params.after });
  const shown = changes.map((c) => `line ${c.line}: ${c.before.trim()} ⇒ ${c.after.trim()}`);
  if (changes.length === 0) {
    params.problem('tick', `closing #${number} did not change line ${item.line} (“${item.title}”)`);
    return;
  }
  if (changes.length !== 1 || changes[0]?.line !== item.line) {
    params.problem(
      'tick',
      `closing #${number} changed line(s) ${changes.map((c) => c.line).join(', ')}, expected only line ${item.line}`,
      shown,
    );
    return;
  }
  const reparsed = flattenPlan(parsePlan({ text: params.after }).plan).find(
    (e) => e.item.line === item.line,
  );
  if (reparsed?.item.status !== 'done') {
    params.problem(
      'tick',
      `after closing #${number}, line ${item.line} reads as ${reparsed?.item.status ?? 'no deliverable'}`,
      shown,
    );
  }
}

/** The plan file at the head of the default branch, read from the fake's state (no API call). */
function readPlanText(params: { fake: FakeGitHub; path: string }): string {
  const repo = params.fake.repo(FULL_NAME);
  const head = repo.commits.get(repo.branches.get(repo.defaultBranch)?.headSha ?? '');
  const blob = head?.files.get(params.path);
  if (!blob) throw new Error(`${params.path} is missing from ${FULL_NAME}`);
  return blob.bytes.toString('utf8');
}
