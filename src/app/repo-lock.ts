/**
 * Holds one repository's sync exclusive beyond this process. Within a process the app already
 * runs one sync per repository at a time (the SyncQueue of sync-queue.ts, with coalescing); the
 * lock is called around every sync run, inside that queue.
 *
 * The seam for running several app processes behind one webhook URL: pass a lock that also holds
 * across processes, e.g. a PostgreSQL session advisory lock on the repository id
 * (`SELECT pg_advisory_lock($1)` … `pg_advisory_unlock($1)` on one pooled `pg` connection,
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS): built in
 * postgres-repo-lock.ts, which `serve` passes when DATABASE_URL is set. The default only runs
 * `run`.
 */
export type RepoLock = <T>(params: {
  /** GitHub's repository id: stable across renames and transfers, fits an advisory lock key. */
  repoId: number;
  fullName: string;
  run: () => Promise<T>;
}) => Promise<T>;

/** One process: the in-process queue is all the exclusion needed. */
export const inProcessLock: RepoLock = ({ run }) => run();
