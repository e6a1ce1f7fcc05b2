import type pg from 'pg';
import type { Clock, PaceLimits, WritePacer } from '../sync/pace-writes.js';
import { computeWriteWait, GITHUB_WRITE_LIMITS, PACE_HORIZON_MS } from '../sync/pace-writes.js';
import { SyncStop } from '../sync/request-with-retry.js';
import { createTablesInTransaction, quoteSchema } from './set-up-tables.js';
import { advisoryObjectId } from './postgres-repo-lock.js';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';

/**
 * The advisory-lock class (two-key form) of write pacing: one key per installation, distinct
 * from the repository locks (REPO_LOCK_CLASS), the schema setup (+1) and worker liveness (+2).
 */
export const WRITE_PACING_LOCK_CLASS = ADVISORY_LOCK_CLASSES.writePacing;

/** How long one pacing transaction may take (connect, lock, read, insert) by default. */
export const DEFAULT_PACING_TIMEOUT_MS = 5_000;

/**
 * The pacing database did not answer in time (or refused): the write is not sent. A `SyncStop`:
 * the executor reports the rest of the sync's actions as skipped, and the next sync resumes
 * (reconcile is level-triggered), as after a rate-limit stop.
 */
export class WritePacingUnavailable extends SyncStop {
  constructor(cause: unknown) {
    super(
      `write pacing: the database did not answer (${(cause as Error)?.message ?? String(cause)}); stopping here, the next sync resumes`,
      { cause },
    );
  }
}

/** Write pacing shared by every process on one database; see `createPostgresWritePacers`. */
export interface PostgresWritePacers {
  /** Settled once the table exists; rejects when the database cannot be reached (retried on use). */
  ready: Promise<void>;
  /** The pacer of one installation, timed by `clock` (the app's). */
  createPacer: (params: { installationId: number; clock: Clock }) => WritePacer;
  /** Deletes the sends of every installation older than an hour before `now` (ms); how many. */
  prune: (now: number) => Promise<number>;
}

/**
 * GitHub's write ceilings (pace-writes.ts: 80 content-creating requests a minute, 500 an hour)
 * count an installation's writes wherever they come from, so replicas pace them together: every
 * send is a row of `<schema>.writes (installation_id, sent_at_ms)`, created on start under the
 * schema lock. `beforeWrite` runs one transaction: `pg_advisory_xact_lock` on the installation
 * (so two replicas never both take the last free slot), delete the installation's sends older
 * than an hour, read the rest, `computeWriteWait` (the rule the in-memory pacer uses); 0 → insert
 * this send and commit, else commit, sleep that long on the clock, and try again.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 * https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 *
 * Times are the app clock's `now()` (ms), not the database's `now()`, so a virtual clock paces
 * in tests exactly as real time does in production. Replicas therefore compare their own clocks:
 * they are assumed NTP-synced (a skew of s ms shifts a window by at most s ms).
 *
 * Every transaction is bounded by `timeoutMs`, on the client (a hung connection is destroyed, not
 * returned to the pool) and on the server (`statement_timeout`). When the database fails or does
 * not answer, `beforeWrite` throws `WritePacingUnavailable` and the write is not sent. Chosen
 * over falling back to an in-memory pacer: that would let each replica send a full minute's
 * quota, and GitHub may ban an integration that keeps hitting its secondary limits; and with the
 * database down the durable queue cannot take or finish jobs either, so syncing on without it
 * gains little. The sync stops, the next one resumes.
 */
export function createPostgresWritePacers(params: {
  pool: pg.Pool;
  limits?: PaceLimits;
  schema?: string;
  timeoutMs?: number;
}): PostgresWritePacers {
  const { pool } = params;
  const limits = params.limits ?? GITHUB_WRITE_LIMITS;
  const timeoutMs = params.timeoutMs ?? DEFAULT_PACING_TIMEOUT_MS;
  const schema = quoteSchema(params.schema);
  const table = `${schema}.writes`;

  let settingUp: Promise<void> | undefined;
  const ensureTable = () => {
    settingUp ??= boundedTransaction({
      pool,
      timeoutMs,
      run: async (client) => {
        await createTablesInTransaction({
          client,
          schema,
          statements: [
            `create table if not exists ${table} (
             installation_id bigint not null,
             sent_at_ms bigint not null
           )`,
            `create index if not exists writes_installation_sent on ${table} (installation_id, sent_at_ms)`,
          ],
        });
      },
    }).catch((error: unknown) => {
      settingUp = undefined; // asked again on the next write
      throw error;
    });
    return settingUp;
  };
  const ready = ensureTable();
  ready.catch(() => undefined);

  /** One attempt: records a send at `now` and returns 0, or returns how long to wait. */
  const trySend = (p: { installationId: number; now: number }) =>
    boundedTransaction({
      pool,
      timeoutMs,
      run: async (client) => {
        await client.query('select pg_advisory_xact_lock($1, $2)', [
          WRITE_PACING_LOCK_CLASS,
          advisoryObjectId(p.installationId),
        ]);
        const horizon = p.now - PACE_HORIZON_MS;
        // One statement: the delete prunes, the select (which sees the rows as they were before
        // it, and keeps only the last hour's) reads what counts.
        const found = await client.query<{ sent_at_ms: string }>(
          `with pruned as (
             delete from ${table} where installation_id = $1 and sent_at_ms <= $2
           )
           select sent_at_ms from ${table} where installation_id = $1 and sent_at_ms > $2`,
          [p.installationId, horizon],
        );
        const sent = found.rows.map((row) => Number(row.sent_at_ms));
        const wait = computeWriteWait({ sent, now: p.now, limits });
        if (wait > 0) return wait;
        await client.query(`insert into ${table} (installation_id, sent_at_ms) values ($1, $2)`, [
          p.installationId,
          p.now,
        ]);
        return 0;
      },
    });

  return {
    ready,
    createPacer: ({ installationId, clock }) => {
      let waited = 0;
      return {
        beforeWrite: async () => {
          for (;;) {
            let wait: number;
            try {
              await ensureTable();
              wait = await trySend({ installationId, now: clock.now() });
            } catch (error) {
              throw new WritePacingUnavailable(error);
            }
            if (wait <= 0) return;
            waited += wait;
            await clock.sleep(wait);
          }
        },
        waitedMs: () => waited,
      };
    },
    prune: async (now) => {
      await ensureTable();
      const deleted = await boundedTransaction({
        pool,
        timeoutMs,
        run: (client) =>
          client.query(`delete from ${table} where sent_at_ms <= $1`, [now - PACE_HORIZON_MS]),
      });
      return deleted.rowCount ?? 0;
    },
  };
}

/**
 * Runs `run` in a transaction on a connection of `pool`, bounded by `timeoutMs` from asking for
 * the connection to the commit: the server cancels a statement running longer
 * (`statement_timeout`, which bounds a lock wait too), and the caller is answered with an error
 * when the time is up whatever the server does (a connection that hangs is destroyed then).
 */
async function boundedTransaction<T>(params: {
  pool: pg.Pool;
  timeoutMs: number;
  run: (client: pg.PoolClient) => Promise<T>;
}): Promise<T> {
  const { pool, timeoutMs } = params;
  let client: pg.PoolClient | undefined;
  let released = false;
  let timedOut = false;
  const release = (error?: Error) => {
    if (!client || released) return;
    released = true;
    client.release(error);
  };
  const work = (async () => {
    client = await pool.connect();
    if (timedOut) {
      release(new Error('timed out'));
      throw new Error('timed out');
    }
    try {
      await client.query(
        `begin; set local statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`,
      );
      const result = await params.run(client);
      await client.query('commit');
      release();
      return result;
    } catch (error) {
      try {
        await client.query('rollback');
        release();
      } catch (rollbackError) {
        release(rollbackError as Error);
      }
      throw error;
    }
  })();
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      // A connection still busy may be stuck: end it rather than return it to the pool.
      release(new Error('timed out'));
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
