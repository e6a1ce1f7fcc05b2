import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import type {
  Job,
  JobHelpers,
  LogFunctionFactory,
  Runner,
  Task,
  WorkerEvents,
} from 'graphile-worker';
import { Logger as WorkerLogger, run as runWorker } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from '../sync/github-client.js';
import type { SyncQueue, SyncQueueHandlers } from './sync-queue.js';
import { isTerminalJobError } from './terminal-job-error.js';
import { holdLiveness, unlockDeadWorkers } from './postgres-worker-liveness.js';

/** Options of the PostgreSQL queue; see `createPostgresSyncQueue`. */
export interface PostgresSyncQueueOptions {
  /**
   * The database. The queue borrows connections for a few ms (and holds one to LISTEN for new
   * jobs); the caller owns and ends it, and gives it 'error' listeners on the pool and on each
   * connection ('connect'), as graphile-worker asks, so a dropped connection is not a crash.
   */
  pool: pg.Pool;
  /** graphile-worker's schema (created and migrated on start). Default 'graphile_worker'. */
  schema?: string;
  /**
   * The task identifier, and the prefix of each key's named queue and job key. Queues with the
   * same name on one database share their jobs (replicas). Default 'milestone-sync'.
   */
  name?: string;
  /** Jobs run at once by this process (graphile-worker's `concurrency`). Default 4. */
  maxRunning?: number;
  /** Attempts per job, the first included; retries wait exp(attempt) s. Default 8 (~ 30 min). */
  maxAttempts?: number;
  /** How often a process looks for jobs whose time came (batching windows, retries). Default 1000. */
  pollIntervalMs?: number;
  /** How often `idle()` asks the database whether anything is left. Default 100. */
  idlePollMs?: number;
  /**
   * How often this process looks for jobs locked by processes that died, to run them
   * (postgres-worker-liveness.ts). Default 30,000 ms.
   */
  sweepIntervalMs?: number;
  /** Jobs locked for less than this are not looked at by the sweep. Default 10,000 ms. */
  deadWorkerGraceMs?: number;
  /** Where graphile-worker's own messages go (debug and info at debug level). */
  log?: Logger;
}

/** The PostgreSQL queue: a `SyncQueue`, plus `ready`, settled once the schema is set up. */
export interface PostgresSyncQueue<I> extends SyncQueue<I> {
  /** Resolves once the schema is migrated and this process takes jobs; rejects if it cannot. */
  ready: Promise<void>;
  /**
   * Read now from the database, across every process on it: keys with a job running, and keys
   * with one that will run (not permanently failed). Also refreshes `size().waiting`. Rejects
   * when the database does not answer.
   */
  counts(): Promise<{ running: number; waiting: number }>;
}

/**
 * A durable `SyncQueue` on PostgreSQL, shared by every process that opens it on the same database
 * and `name`, built on graphile-worker (docs/decisions/0004-durable-queue.md):
 * - each key is a named queue (`<name>/<key>`): graphile-worker runs one job of a named queue at a
 *   time, across all processes, so runs of a key never overlap anywhere;
 * - each key is also a job key with an array payload: `add_job` on a waiting job appends the new
 *   request to its payload (graphile-worker concatenates array payloads), on a running job it
 *   makes one new job, so what waits for a key is always exactly one job; the run folds the
 *   array with `merge`, oldest first;
 * - a batching window is the job's `run_at`, moved by each request as the contract's sliding
 *   window says (capped at `maxDelayMs` after the job's first request, from its `created_at`);
 * - a failed job is retried by graphile-worker with exp(attempt) s of backoff up to `maxAttempts`,
 *   then kept as permanently failed; a `TerminalJobError` completes the job after `onError`, so it
 *   is never retried. A running job that a new request superseded (graphile-worker stops retrying
 *   it then) puts its input into the follow-up job when it fails, so nothing it carried is lost;
 * - a process that dies mid-run (SIGKILL) leaves its jobs locked, which graphile-worker frees only
 *   after 4 hours: each process holds a liveness lock and sweeps for the jobs of dead ones
 *   (postgres-worker-liveness.ts), so another process runs them within `sweepIntervalMs`.
 * `enqueue` resolves once the request is committed (the delivery may be acknowledged then) and
 * rejects when the database cannot take it. Inputs are stored as JSON: an input that JSON would
 * change (a class instance, a function, a Date, a property set to undefined) is refused with a
 * TypeError. `size()` counts the runs going in this process and the keys waiting in the database
 * as last read (after each enqueue, run and `idle()` poll). Time is the database's (`now()`), not
 * a `Clock`.
 */
export function createPostgresSyncQueue<I>(
  params: SyncQueueHandlers<I> & PostgresSyncQueueOptions,
): PostgresSyncQueue<I> {
  const { pool, run, merge, onError } = params;
  const schema = params.schema ?? 'graphile_worker';
  const name = params.name ?? 'milestone-sync';
  const maxAttempts = Math.max(1, Math.min(params.maxAttempts ?? 8, 32_767));
  const idlePollMs = params.idlePollMs ?? 100;
  const jobs = `${quoteIdentifier(schema)}.jobs`;
  const addJob = `${quoteIdentifier(schema)}.add_job`;
  const queueNameOf = (key: string) => `${name}/${key}`;
  let running = 0;
  let waiting = 0;
  let closed = false;
  let stopping: Promise<void> | undefined;

  /**
   * Adds `inputs` to the key's waiting job (or a new one). With `bringForward`, the job's start
   * follows the contract's sliding window: a request without a window (or a job already due)
   * starts it as early as asked; one with a window pushes it to its own end, but never past
   * `maxDelayMs` (default 10 × delayMs) after the job was created (its first request). Without
   * `bringForward`, a waiting job keeps its start.
   */
  const addRequest = async (
    client: pg.ClientBase,
    request: {
      key: string;
      inputs: I[];
      delayMs: number;
      maxDelayMs?: number;
      bringForward: boolean;
    },
  ) => {
    const queueName = queueNameOf(request.key);
    const delay = Math.max(0, Math.round(request.delayMs));
    // preserve_run_at keeps a waiting job's start (and appends the array payload); a second
    // add_job (replace, with nothing to add) moves the start when the window says so.
    let row:
      | { id: string | null; run_at: Date; created_at: Date; revision: number; now: Date }
      | undefined;
    for (let tries = 0; !row?.id; tries++) {
      // add_job stores nothing (its row is all nulls) when a worker locks the waiting job after
      // add_job cleared the keys of running jobs and before its insert met that job's key;
      // asked again, it sees the job running and adds a new one.
      if (tries === 5) throw new Error(`${name}: could not add a job for ${request.key}`);
      const added = await client.query<{
        id: string | null;
        run_at: Date;
        created_at: Date;
        revision: number;
        now: Date;
      }>(
        `select job.id, job.run_at, job.created_at, job.revision, now() as now
           from ${addJob}($1, $2::json, queue_name => $3, run_at => now() + $5::float8 * interval '1 millisecond',
                          max_attempts => $4, job_key => $3, job_key_mode => 'preserve_run_at') as job`,
        [name, JSON.stringify(request.inputs), queueName, maxAttempts, delay],
      );
      row = added.rows[0];
    }
    // A new job (revision 0) starts at this request's window end already.
    if (!request.bringForward || row.revision === 0) return;
    const now = row.now.getTime();
    const start = row.run_at.getTime();
    const own = now + delay;
    const latest = row.created_at.getTime() + (request.maxDelayMs ?? delay * 10);
    const wanted =
      delay === 0 || start <= now ? Math.min(start, own) : Math.min(latest, Math.max(start, own));
    if (wanted !== start) {
      await client.query(
        `select from ${addJob}($1, '[]'::json, queue_name => $2, run_at => $4::timestamptz,
                               max_attempts => $3, job_key => $2, job_key_mode => 'replace')`,
        [name, queueName, maxAttempts, new Date(wanted)],
      );
    }
  };

  const task: Task = async (payload, helpers) => {
    const { job } = helpers;
    // The job key is the queue name, `<name>/<key>`; set on every job this queue adds.
    const key = (job.key ?? '').slice(name.length + 1);
    const inputs = Array.isArray(payload) ? (payload as I[]) : [];
    const [first, ...rest] = inputs;
    if (first === undefined) return;
    const input = rest.reduce((folded, next) => merge({ waiting: folded, next }), first);
    running++;
    try {
      await run({ key, input });
    } catch (error) {
      const terminal = isTerminalJobError(error);
      const superseded = !terminal && (await isSuperseded(helpers, job));
      const willRetry = !terminal && (superseded || job.attempts < job.max_attempts);
      try {
        onError({ key, input, error, attempt: job.attempts, willRetry });
      } catch {
        // A failing error handler must not stop the queue.
      }
      if (terminal) return;
      if (superseded) {
        await helpers.withPgClient((client) =>
          addRequest(client, { key, inputs: [input], delayMs: 0, bringForward: false }),
        );
        return;
      }
      throw error;
    } finally {
      running--;
      void refreshSize();
    }
  };

  /** graphile-worker clears the key of a running job when a new request for its key arrives. */
  const isSuperseded = async (helpers: JobHelpers, job: Job) => {
    const found = await helpers.withPgClient((client) =>
      client.query<{ key: string | null }>(`select key from ${jobs} where id = $1`, [job.id]),
    );
    return (found.rows[0]?.key ?? null) !== job.key;
  };

  /** Keys with a job running anywhere, and keys with one that will run (not permanently failed). */
  const countKeys = async () => {
    const counted = await pool.query<{ running: string; waiting: string }>(
      `select count(distinct queue_name) filter (where locked_at is not null) as running,
              count(distinct queue_name) filter (where locked_at is null and attempts < max_attempts) as waiting
         from ${jobs} where task_identifier = $1`,
      [name],
    );
    const row = counted.rows[0];
    return { running: Number(row?.running ?? 0), waiting: Number(row?.waiting ?? 0) };
  };

  const refreshSize = async () => {
    try {
      waiting = (await countKeys()).waiting;
    } catch {
      // The count is informative; the next one may succeed.
    }
  };

  const log = params.log;
  const events = new EventEmitter() as WorkerEvents;
  let poolId: string | undefined;
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });
  let liveness: { release: () => Promise<void> } | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = async () => {
    try {
      const dead = await unlockDeadWorkers({
        pool,
        schema,
        taskIdentifier: name,
        graceMs: params.deadWorkerGraceMs ?? 10_000,
      });
      if (dead.length > 0)
        log?.warn(`${name}: jobs of stopped workers released: ${dead.join(', ')}`);
    } catch (error) {
      log?.warn(`${name}: sweep for stopped workers failed: ${(error as Error).message}`);
    }
  };

  const starting: Promise<Runner> = runWorker({
    pgPool: pool,
    schema,
    concurrency: Math.max(1, params.maxRunning ?? 4),
    pollInterval: params.pollIntervalMs ?? 1000,
    noHandleSignals: true,
    logger: new WorkerLogger(logTo(log)),
    events,
    taskList: { [name]: task },
  }).then(async (runner) => {
    try {
      if (poolId === undefined) throw new Error('graphile-worker created no pool');
      liveness = await holdLiveness({ pool, poolId, log });
    } catch (error) {
      await runner.stop().catch(() => undefined);
      throw error;
    }
    if (!closed) {
      void sweep();
      sweeper = setInterval(() => void sweep(), params.sweepIntervalMs ?? 30_000);
      sweeper.unref();
    }
    return runner;
  });
  const ready = starting.then(() => undefined);
  // Whoever uses the queue sees the failure (ready, enqueue, idle); no unhandled rejection here.
  ready.catch(() => undefined);

  return {
    ready,
    counts: async () => {
      const counted = await countKeys();
      waiting = counted.waiting;
      return counted;
    },
    enqueue: async ({ key, input, delayMs = 0, maxDelayMs }) => {
      if (closed) return false;
      const stored: unknown = JSON.parse(JSON.stringify(input) ?? 'null');
      if (!isDeepStrictEqual(stored, input)) {
        throw new TypeError(`${name}: the input for ${key} is not plain JSON`);
      }
      await ready;
      const client = await pool.connect();
      try {
        await client.query('begin');
        await addRequest(client, { key, inputs: [input], delayMs, maxDelayMs, bringForward: true });
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      void refreshSize();
      return true;
    },
    idle: async () => {
      await ready;
      for (;;) {
        const counted = await countKeys();
        waiting = counted.waiting;
        if (counted.running + counted.waiting === 0) return;
        await new Promise((resolve) => setTimeout(resolve, idlePollMs));
      }
    },
    size: () => ({ running, waiting }),
    close: () => {
      closed = true;
      // Waits for the jobs running here; what waits stays in the database.
      clearInterval(sweeper);
      stopping ??= starting.then(
        async (runner) => {
          await runner.stop();
          await liveness?.release();
        },
        () => undefined,
      );
      return stopping;
    },
  };
}

/** A PostgreSQL identifier, quoted. */
function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** graphile-worker's log levels onto the app's logger (its chatter at debug level). */
function logTo(log: Logger | undefined): LogFunctionFactory {
  return () => (level, message) => {
    if (!log) return;
    const text = `graphile-worker: ${message}`;
    if (level === 'error') log.error(text);
    else if (level === 'warning') log.warn(text);
    else log.debug?.(text);
  };
}
