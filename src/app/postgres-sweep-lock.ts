import type pg from 'pg';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';
import type { SweepLock } from './sweep-lock.js';

/** The advisory-lock class (two-key form) of the recovery sweep. */
export const SWEEP_LOCK_CLASS = ADVISORY_LOCK_CLASSES.sweep;

/**
 * A `SweepLock` across processes: `pg_try_advisory_lock(SWEEP_LOCK_CLASS, 0)` on one connection
 * of `pool`, held for the whole of `run` and released in `finally`; when another session holds it
 * the sweep is skipped at once (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
 * A process that dies frees it with its session. A connection whose unlock failed is destroyed,
 * not returned to the pool (as postgres-repo-lock.ts).
 */
export function createPostgresSweepLock(params: { pool: pg.Pool }): SweepLock {
  const { pool } = params;
  return async (run) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    let locked = false;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, 0) as locked',
        [SWEEP_LOCK_CLASS],
      );
      locked = rows[0]?.locked === true;
      if (!locked) return { ran: false };
      return { ran: true, value: await run() };
    } catch (error) {
      if (!locked) broken ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      if (locked) {
        await client
          .query('select pg_advisory_unlock($1, 0)', [SWEEP_LOCK_CLASS])
          .catch((error: unknown) => {
            broken ??= error instanceof Error ? error : new Error(String(error));
          });
      }
      client.off('error', onError);
      client.release(broken);
    }
  };
}
