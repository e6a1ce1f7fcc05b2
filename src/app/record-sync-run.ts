import type { Logger } from '../sync/github-client.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { Clock } from '../sync/pace-writes.js';
import type { SyncRun } from './run-repository-sync.js';
import type { SyncLedger, SyncLedgerEntry } from './sync-ledger.js';

/**
 * Runs one repository's sync (`run`) and records it in the ledger for the recovery sweep: the
 * clock time it started (changes made during it are seen by the next sweep), when it ended, how
 * it ended, and whether it wrote. Not recorded: dry runs, and runs whose events did not touch the
 * plan (`not-wanted`: nothing was reconciled). `wrote` is read from the report (actions that took
 * effect, a dashboard created or updated); onboarding counts as a write. A run that synced but
 * left changes undone (an action failed or was skipped because of one: a rate limit reached, a
 * refused write) is recorded as `failed`, so the next recovery sweep queues it again even when
 * no event comes. A failed record is logged, never thrown: the sync is done.
 */
export async function recordSyncRun(params: {
  ledger: SyncLedger;
  clock: Clock;
  repo: { repoId: number; installationId: number; fullName: string };
  dryRun: boolean;
  log: Logger;
  run: () => Promise<SyncRun>;
}): Promise<SyncRun> {
  const startedAt = params.clock.now();
  const result = await params.run();
  if (params.dryRun || result.outcome === 'not-wanted') return result;
  try {
    await params.ledger.record({
      ...params.repo,
      startedAt,
      finishedAt: params.clock.now(),
      outcome: ledgerOutcome(result),
      wrote: wroteAnything(result),
    });
  } catch (error) {
    params.log.warn(
      `${params.repo.fullName}: could not record the sync for the recovery sweep: ${(error as Error).message}`,
    );
  }
  return result;
}

function ledgerOutcome(run: SyncRun): SyncLedgerEntry['outcome'] {
  if (run.outcome === 'not-wanted') throw new Error('a run that was not wanted is not recorded');
  if (
    run.outcome === 'synced' &&
    run.report &&
    summarizeSyncReport(run.report).conclusion === 'failed'
  )
    return 'failed';
  return run.outcome;
}

function wroteAnything(run: SyncRun): boolean {
  if (run.outcome === 'onboarding') return true;
  if (!run.report) return false;
  const { counts } = summarizeSyncReport(run.report);
  const dashboard = run.report.dashboard?.status;
  return counts.ok + counts.deferred > 0 || dashboard === 'created' || dashboard === 'updated';
}
