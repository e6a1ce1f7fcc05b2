import type { SyncOutcome } from './run-repository-sync.js';

/** How a repository's last recorded run ended (a run that was not wanted is not recorded). */
export type LedgerOutcome = Exclude<SyncOutcome, 'not-wanted'>;

/**
 * The last run of one repository, as the app recorded it after the run (record-sync-run.ts).
 * Times are the app's clock, ms epoch.
 */
export interface SyncLedgerEntry {
  repoId: number;
  installationId: number;
  fullName: string;
  /** When the run started: a change after it is seen by the next sweep. */
  startedAt: number;
  finishedAt: number;
  outcome: LedgerOutcome;
  /**
   * The run wrote to GitHub (issues, milestones, the file, the dashboard): changes stamped
   * between `startedAt` and `finishedAt` may be its own.
   */
  wrote: boolean;
}

/**
 * Each repository's last sync, for the recovery sweep (plan-recovery-sweep.ts). In memory by
 * default (createInMemorySyncLedger; lost on restart, so the first sweep then treats every
 * repository as never seen); postgres-sync-ledger.ts shares it between replicas.
 */
export interface SyncLedger {
  /** Keeps `entry` as its repository's last run, unless a run that started later is kept. */
  record(entry: SyncLedgerEntry): Promise<void>;
  /** The entries of one installation's repositories. */
  list(params: { installationId: number }): Promise<SyncLedgerEntry[]>;
  /** Forgets repositories (uninstalled). */
  forget(params: { repoIds: readonly number[] }): Promise<void>;
}

export function createInMemorySyncLedger(): SyncLedger {
  const entries = new Map<number, SyncLedgerEntry>();
  return {
    record: (entry) => {
      const kept = entries.get(entry.repoId);
      if (!kept || kept.startedAt <= entry.startedAt) entries.set(entry.repoId, { ...entry });
      return Promise.resolve();
    },
    list: ({ installationId }) =>
      Promise.resolve(
        [...entries.values()]
          .filter((entry) => entry.installationId === installationId)
          .map((entry) => ({ ...entry })),
      ),
    forget: ({ repoIds }) => {
      for (const id of repoIds) entries.delete(id);
      return Promise.resolve();
    },
  };
}
