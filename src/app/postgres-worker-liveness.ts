import type pg from 'pg';
import type { Logger } from '../sync/github-client.js';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';

/** The advisory-lock class (two-key form) of the queue processes' liveness locks. */
export const LIVENESS_LOCK_CLASS = ADVISORY_LOCK_CLASSES.liveness;

/**
 * Shows that a graphile-worker pool is alive: a session advisory lock on `hashtext(poolId)`,
 * held on a connection of its own until `release()`. PostgreSQL drops the lock with the session,
 * so a process that dies (SIGKILL included) or loses its connection stops holding it; then
 * `unlockDeadWorkers` may hand its jobs to others. When the connection fails while the pool lives,
 * the lock is taken again on a new one (meanwhile the repository lock is the fence).
 */
export async function holdLiveness(params: {
  pool: pg.Pool;
  poolId: string;
  log?: Logger;
}): Promise<{ release: () => Promise<void> }> {
  const { pool, poolId, log } = params;
  let client: pg.PoolClient | null = null;
  let released = false;
  const take = async () => {
    const taken = await pool.connect();
    taken.on('error', (error: Error) => {
      if (released || client !== taken) return;
      client = null;
      taken.release(error);
      log?.warn(`queue liveness connection lost (${error.message}); taking it again`);
      void retake();
    });
    await taken.query('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, poolId]);
    client = taken;
  };
  const retake = async () => {
    while (!released && client === null) {
      try {
        await take();
      } catch (error) {
        log?.warn(`queue liveness: ${(error as Error).message}; trying again in 1 s`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  await take();
  return {
    release: async () => {
      released = true;
      const held = client;
      client = null;
      if (!held) return;
      try {
        await held.query('select pg_advisory_unlock($1, hashtext($2))', [
          LIVENESS_LOCK_CLASS,
          poolId,
        ]);
        held.release();
      } catch (error) {
        held.release(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/**
 * Hands back the jobs of `taskIdentifier` locked by pools that are not alive: for every pool
 * holding a job locked longer than `graceMs` (a new pool takes its liveness lock within
 * milliseconds of starting), tries its liveness lock; when that succeeds nobody holds it, so the
 * pool is gone and graphile-worker's `force_unlock_workers` releases its jobs and named queues
 * (otherwise graphile-worker waits 4 hours). Resolves with the pools found dead.
 */
export async function unlockDeadWorkers(params: {
  pool: pg.Pool;
  schema: string;
  taskIdentifier: string;
  graceMs: number;
}): Promise<string[]> {
  const schema = `"${params.schema.replaceAll('"', '""')}"`;
  const client = await params.pool.connect();
  let broken: Error | undefined;
  try {
    const locked = await client.query<{ locked_by: string }>(
      `select distinct locked_by from ${schema}.jobs
        where task_identifier = $1 and locked_by is not null
          and locked_at < now() - $2::float8 * interval '1 millisecond'`,
      [params.taskIdentifier, params.graceMs],
    );
    const dead: string[] = [];
    for (const { locked_by: poolId } of locked.rows) {
      const tried = await client.query<{ free: boolean }>(
        'select pg_try_advisory_lock($1, hashtext($2)) as free',
        [LIVENESS_LOCK_CLASS, poolId],
      );
      if (!tried.rows[0]?.free) continue;
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [
        LIVENESS_LOCK_CLASS,
        poolId,
      ]);
      dead.push(poolId);
    }
    if (dead.length > 0) {
      await client.query(`select ${schema}.force_unlock_workers($1::text[])`, [dead]);
    }
    return dead;
  } catch (error) {
    // The connection may hold a liveness lock it tried: it must not go back to the pool.
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}
