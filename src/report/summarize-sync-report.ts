import type { SyncReport } from '../sync/sync-repo.js';
import type { ActionOutcome, ActionResult, Refusal } from '../sync/sync-types.js';

/**
 * How a sync ended, for exit codes and check-run conclusions:
 * - `nothing-to-do`: GitHub and the file agree (no action planned, no refusal);
 * - `applied`: every action is ok, or deferred to a person (a pull request), or waits on one;
 * - `dry-run`: a dry run that planned actions and met no failure preparing them;
 * - `failed`: an action failed, or was skipped because another one failed;
 * - `refused`: the planner refused to act (e.g. a mass close).
 */
export type SyncConclusion = 'nothing-to-do' | 'applied' | 'dry-run' | 'failed' | 'refused';

export interface SyncSummary {
  /**
   * What the sync did, across rounds: results of earlier rounds that took effect (ok or deferred;
   * everything else was re-planned by the next round after a stale file write), then every result
   * of the last round.
   */
  results: ActionResult[];
  /** Parallel to `results`: true for a skipped action that only waits for a deferred one. */
  waiting: boolean[];
  refusal: Refusal | null;
  /** Planner notes of every round, first occurrence order, without repeats. */
  notes: string[];
  rounds: number;
  counts: Record<ActionOutcome['status'], number>;
  conclusion: SyncConclusion;
}

export function summarizeSyncReport(report: SyncReport): SyncSummary {
  const results: ActionResult[] = [];
  const waiting: boolean[] = [];
  const notes: string[] = [];
  const last = report.runs.length - 1;
  report.runs.forEach((run, index) => {
    const runWaiting = findWaiting(run.results);
    run.results.forEach((result, i) => {
      const tookEffect = result.outcome.status === 'ok' || result.outcome.status === 'deferred';
      if (index === last || tookEffect) {
        results.push(result);
        waiting.push(runWaiting[i] ?? false);
      }
    });
    for (const note of run.planned.notes) if (!notes.includes(note)) notes.push(note);
  });
  const refusal = report.runs[last]?.planned.refusal ?? null;
  const counts: SyncSummary['counts'] = { ok: 0, 'dry-run': 0, deferred: 0, failed: 0, skipped: 0 };
  for (const result of results) counts[result.outcome.status]++;
  const blocking = counts.failed + waiting.filter((w, i) => !w && isSkipped(results[i])).length;
  const conclusion: SyncConclusion = refusal
    ? 'refused'
    : blocking > 0
      ? 'failed'
      : results.length === 0
        ? 'nothing-to-do'
        : report.dryRun
          ? 'dry-run'
          : 'applied';
  return { results, waiting, refusal, notes, rounds: report.runs.length, counts, conclusion };
}

/** The process exit code for a sync: 0 when it applied everything or had nothing to do, else 1. */
export function syncExitCode(summary: Pick<SyncSummary, 'conclusion'>): 0 | 1 {
  return summary.conclusion === 'failed' || summary.conclusion === 'refused' ? 1 : 0;
}

function isSkipped(result: ActionResult | undefined): boolean {
  return result?.outcome.status === 'skipped';
}

/**
 * Per result of one round: whether it is a skip caused only by deferred actions (directly or
 * through other such skips). `dependsOn` indexes refer to the round's own results.
 */
function findWaiting(results: ActionResult[]): boolean[] {
  const waiting: boolean[] = [];
  results.forEach((result, index) => {
    const deps = result.action.dependsOn ?? [];
    const blockers = deps.filter((d) => {
      const status = results[d]?.outcome.status;
      return status !== 'ok' && status !== 'dry-run';
    });
    waiting[index] =
      result.outcome.status === 'skipped' &&
      blockers.length > 0 &&
      blockers.every((d) => results[d]?.outcome.status === 'deferred' || waiting[d] === true);
  });
  return waiting;
}
