import { basename } from 'node:path';
import type { FakeGitHub, RecordedCall } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { SyncSummary } from '../../src/report/summarize-sync-report.js';
import { summarizeSyncReport } from '../../src/report/summarize-sync-report.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { flattenPlan } from '../../src/sync/match-github.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action } from '../../src/sync/sync-types.js';
import { syncRepository } from '../../src/sync/sync-repository.js';
import { createOctokit } from '../../src/cli/create-octokit.js';
import type { AddProblem, CheckStep, FileCheck, PlanFile } from './check-types.js';
import { describeAction } from './describe-action.js';
import { checkTick, pickIssueToClose, readPlanText } from './check-tick.js';
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
export async function checkPlanFile(params: {
  file: PlanFile;
  /** Test hook: acts on the fake between the first and the second sync (e.g. as a person). */
  afterFirstSync?: (fake: FakeGitHub) => void;
}): Promise<FileCheck> {
  const { file } = params;
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
    linkedChanges: [],
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
  // The app's own use case (settings, the sync, the dashboard), with an Octokit like the CLI's.
  const octokit = createOctokit({
    token: 'check-plans',
    baseUrl: fake.urls.api,
    fetch: fake.fetch,
  });
  const problem = (step: CheckStep, message: string, details: string[] = []) =>
    result.problems.push({
      step,
      message,
      details:
        details.length > MAX_DETAILS
          ? [...details.slice(0, MAX_DETAILS), `… and ${details.length - MAX_DETAILS} more`]
          : details,
    });
  let step: CheckStep = 'dry-run';
  const sync = async (dryRun: boolean): Promise<SyncPass> => {
    fake.calls.reset();
    const result = await syncRepository({
      octokit,
      configReader: octokit,
      repo: CHECK_REPO,
      file: path,
      dryRun,
      log: silentLogger,
      clock: fake.clock,
      // No run bound: a first sync of a big plan paced on the virtual clock may take more than
      // the default hour; here it must finish in one run for "the second sync does nothing".
      deadline: Number.POSITIVE_INFINITY,
    });
    if (result.status !== 'synced') throw new Error(`no sync: ${result.status}`);
    const { report } = result;
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

    params.afterFirstSync?.(fake);
    step = 'second-sync';
    const second = await sync(false);
    const settled = reportUnsettled({ step, pass: second, problem });
    reportFailures({ step, pass: second, problem });

    if (!settled || result.problems.length > 0) {
      result.notes.push('tick check not run: the first two syncs did not settle cleanly');
    } else {
      step = 'tick';
      const target = pickIssueToClose({ fake, repo: FULL_NAME, path });
      if (!target) {
        result.notes.push('tick check not run: no open deliverable');
      } else {
        result.ticked = { number: target.issue.number, line: target.entry.item.line };
        const textBefore = readPlanText({ fake, repo: FULL_NAME, path });
        fake.human.closeIssue({ repo: FULL_NAME, number: target.issue.number });
        const tick = await sync(false);
        reportFailures({ step, pass: tick, problem });
        const textAfter = readPlanText({ fake, repo: FULL_NAME, path });
        checkTick({ target, before: textBefore, after: textAfter, problem });
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

  const changes = compareIssueSnapshots({
    before,
    after: snapshotIssues(fake.repo(FULL_NAME)),
    exempt: new Set(),
  });
  result.foreignChanges = changes.filter((c) => !linked.has(c.number));
  result.linkedChanges = changes.filter((c) => linked.has(c.number));
  for (const number of result.linkedIssues) {
    const fields = result.linkedChanges.filter((c) => c.number === number).map((c) => c.field);
    if (fields.length > 0)
      result.notes.push(
        `pre-existing #${number}, which the plan links, changed (allowed): ${fields.join(', ')}`,
      );
  }
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
    actions.length === 0 ? routes(writes) : [countKinds(actions), ...oneOfEachKindFirst(actions)],
  );
  return false;
}

function countKinds(actions: Action[]): string {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(action.kind, (counts.get(action.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n}× ${kind}`).join(', ');
}

/** Described actions, the first of each kind leading, so a short list shows every kind. */
function oneOfEachKindFirst(actions: Action[]): string[] {
  const seen = new Set<string>();
  const leading: Action[] = [];
  const rest: Action[] = [];
  for (const action of actions) {
    (seen.has(action.kind) ? rest : leading).push(action);
    seen.add(action.kind);
  }
  return [...leading, ...rest].map(describeAction);
}

/** Write calls counted by route, most frequent first. */
function routes(calls: RecordedCall[]): string[] {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.route, (counts.get(call.route) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${n}× ${route}`);
}
