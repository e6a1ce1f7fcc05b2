import type pg from 'pg';
import type { RepoLock } from './repo-lock.js';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';

/** The advisory-lock class of the repository locks (all classes: advisory-lock-classes.ts). */
export const REPO_LOCK_CLASS = ADVISORY_LOCK_CLASSES.repo;

/** The class of the pull-request preview locks (per repository, apart from the syncs'). */
export const PREVIEW_LOCK_CLASS = ADVISORY_LOCK_CLASSES.preview;

/**
 * A `RepoLock` across processes: a PostgreSQL session advisory lock on the repository id, taken
 * on one connection of `pool` held for the whole of `run` and released in `finally`
 * (`pg_advisory_lock` waits while another session holds it;
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS and
 * https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
 *
 * PostgreSQL releases a session lock when its session ends: a process that dies, or whose
 * connection drops, frees the repository for the others (and its own `run`, if still going, runs
 * without the fence from then on: the queue's one-job-per-repository is the first fence). When
 * the unlock fails the connection is destroyed rather than returned to the pool, so no pooled
 * session keeps a lock. The key is the repository id modulo 2^32 (GitHub ids are 64-bit; two
 * repositories that share a key only wait for each other, never run together wrongly).
 */
export function createPostgresRepoLock(params: { pool: pg.Pool; classId?: number }): RepoLock {
  const { pool } = params;
  const classId = params.classId ?? REPO_LOCK_CLASS;
  return async ({ repoId, run }) => {
    const objectId = advisoryObjectId(repoId);
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
    let locked = false;
    try {
      try {
        await client.query('select pg_advisory_lock($1, $2)', [classId, objectId]);
        locked = true;
      } catch (error) {
        broken ??= asError(error);
        throw error;
      }
      return await run();
    } finally {
      if (locked) {
        await client
          .query('select pg_advisory_unlock($1, $2)', [classId, objectId])
          .catch((error: unknown) => {
            broken ??= asError(error);
          });
      }
      client.off('error', onError);
      // A connection that failed may still hold the lock: destroy it (its session ends with it).
      client.release(broken);
    }
  };
}

/** The repository id as a signed 32-bit advisory-lock key (the id modulo 2^32). */
export function advisoryObjectId(repoId: number): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(repoId))));
}
