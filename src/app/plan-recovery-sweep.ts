import type { SyncLedgerEntry } from './sync-ledger.js';

/** One repository as `GET /installation/repositories` lists it (the fields the plan reads). */
export interface ListedRepository {
  id: number;
  fullName: string;
  /** The last push to any branch (ISO 8601), null for an empty repository. */
  pushedAt: string | null;
  archived: boolean;
}

/**
 * Why the sweep queues a repository: never synced (installed while the app was down, or its
 * installation delivery was lost: onboarded like an installation), its last run failed, pushed to
 * since its last run (the plan or the config may have changed), or its issues or milestones
 * changed since its last sync.
 */
export type RecoveryReason = 'never-seen' | 'failed' | 'pushed' | 'changed';

export interface PlannedRecovery {
  repository: ListedRepository;
  reason: RecoveryReason;
}

/** A synced repository whose issues and milestones must be read to decide (since `since`). */
export interface RecoveryCheck {
  repository: ListedRepository;
  /** ms epoch: a change stamped at or after this is not the last run's own. */
  since: number;
}

export interface RecoverySweepPlan {
  /** To queue, in this order. */
  sync: PlannedRecovery[];
  /** To read (pass 1 only: without `checked`). */
  check: RecoveryCheck[];
  /** Left for the next sweep: the budget was spent. */
  skipped: ListedRepository[];
  /** Nothing to do (archived, unchanged, or not synced and not pushed to). */
  unchanged: number;
  /** Requests the plan spends (estimated): syncs at `syncCost`, reads at `checkCost`. */
  spent: number;
}

/** Margin for the app's clock against GitHub's, and GitHub's timestamps cut to the second. */
export const CLOCK_SKEW_MS = 1_000;

/**
 * From when a change is not the recorded run's own: the run's start when it wrote nothing (a
 * change made during it is seen), else its end (its own writes are stamped before it ended, so a
 * change a person made during a run that wrote, whose delivery was also lost, waits for the next
 * change). Cut to the second, with CLOCK_SKEW_MS either side.
 */
export function quietSince(entry: SyncLedgerEntry): number {
  return entry.wrote
    ? entry.finishedAt + CLOCK_SKEW_MS
    : Math.floor(entry.startedAt / 1000) * 1000 - CLOCK_SKEW_MS;
}

/**
 * Pure decision of one installation's recovery sweep, run twice: first without `checked` (which
 * synced repositories to read), then with what the reads found (`checked`: repository id → its
 * issues or milestones changed). The same inputs give the same plan.
 *
 * Per repository (archived ones are left alone, as webhooks of them are):
 * - no ledger entry → sync (`never-seen`);
 * - last run failed → sync (`failed`);
 * - `pushedAt` at or after `quietSince(entry)` → sync (`pushed`);
 * - last run synced → read its issues and milestones (`check`), then sync if they changed
 *   (`changed`);
 * - otherwise (no plan, not opted in, invalid config, onboarding, and not pushed to) → nothing.
 *
 * Budget: `budget` requests, spent in order: failed and pushed repositories (oldest run first),
 * never-seen ones (as listed), then checks (oldest run first), a sync at `syncCost`, a check at
 * `checkCost`. What does not fit is `skipped` and waits for the next sweep. In the second pass the
 * reads are spent already, so a changed repository is queued only if its sync still fits.
 */
export function planRecoverySweep(params: {
  repositories: readonly ListedRepository[];
  entries: readonly SyncLedgerEntry[];
  budget: number;
  syncCost: number;
  checkCost: number;
  checked?: ReadonlyMap<number, boolean>;
}): RecoverySweepPlan {
  const { syncCost, checkCost, checked } = params;
  const byRepo = new Map(params.entries.map((entry) => [entry.repoId, entry]));
  const direct: Array<PlannedRecovery & { at: number }> = [];
  const neverSeen: PlannedRecovery[] = [];
  const toCheck: Array<RecoveryCheck & { at: number }> = [];
  let unchanged = 0;
  for (const repository of params.repositories) {
    if (repository.archived) {
      unchanged++;
      continue;
    }
    const entry = byRepo.get(repository.id);
    if (!entry) {
      neverSeen.push({ repository, reason: 'never-seen' });
      continue;
    }
    const since = quietSince(entry);
    const pushedAt = repository.pushedAt === null ? NaN : Date.parse(repository.pushedAt);
    if (entry.outcome === 'failed')
      direct.push({ repository, reason: 'failed', at: entry.startedAt });
    else if (pushedAt >= since) direct.push({ repository, reason: 'pushed', at: entry.startedAt });
    else if (entry.outcome === 'synced') toCheck.push({ repository, since, at: entry.startedAt });
    else unchanged++;
  }
  const oldestFirst = (a: { at: number; repository: ListedRepository }, b: typeof a) =>
    a.at - b.at || a.repository.id - b.repository.id;
  direct.sort(oldestFirst);
  toCheck.sort(oldestFirst);

  let remaining = Math.max(0, params.budget);
  const plan: RecoverySweepPlan = { sync: [], check: [], skipped: [], unchanged, spent: 0 };
  const spend = (cost: number) => {
    remaining -= cost;
    plan.spent += cost;
  };
  for (const planned of [...direct.map(({ at: _at, ...rest }) => rest), ...neverSeen]) {
    if (remaining >= syncCost) {
      spend(syncCost);
      plan.sync.push(planned);
    } else plan.skipped.push(planned.repository);
  }
  if (checked === undefined) {
    for (const { repository, since } of toCheck) {
      if (remaining >= checkCost) {
        spend(checkCost);
        plan.check.push({ repository, since });
      } else plan.skipped.push(repository);
    }
    return plan;
  }
  // Second pass: the reads were made (within the first pass's budget); syncs come after them.
  const read = toCheck.filter(({ repository }) => checked.has(repository.id));
  for (const _ of read) spend(checkCost);
  for (const { repository } of toCheck) {
    const changed = checked.get(repository.id);
    if (changed === undefined) plan.skipped.push(repository);
    else if (!changed) plan.unchanged++;
    else if (remaining >= syncCost) {
      spend(syncCost);
      plan.sync.push({ repository, reason: 'changed' });
    } else plan.skipped.push(repository);
  }
  return plan;
}
