import pg from 'pg';
import type { MilestoneSyncOptions, SyncRequest } from '../app/app.js';
import type { Logger } from '../sync/github-client.js';
import type { PostgresSyncQueue } from '../app/postgres-sync-queue.js';
import { createPostgresSyncQueue } from '../app/postgres-sync-queue.js';
import { createPostgresRepoLock, PREVIEW_LOCK_CLASS } from '../app/postgres-repo-lock.js';
import { createPostgresDeliveryDedupe } from '../app/postgres-delivery-dedupe.js';
import { createPostgresWritePacers } from '../app/postgres-write-pacer.js';
import { createPostgresSyncLedger } from '../app/postgres-sync-ledger.js';
import { createPostgresSweepLock } from '../app/postgres-sweep-lock.js';

/** Delivery ids are remembered this long (GitHub redelivers deliveries of the past 3 days). */
const KEEP_DELIVERIES_DAYS = 7;
const PRUNE_EVERY_MS = 60 * 60_000;

/** What `serve` runs on PostgreSQL (DATABASE_URL); see `openDatabaseBacking`. */
export interface DatabaseBacking {
  /**
   * The app's options: the durable queue, the repository locks of syncs and of previews, the
   * delivery dedupe, the shared write pacing, the sync ledger and the sweep lock.
   */
  options: Required<
    Pick<
      MilestoneSyncOptions,
      'createQueue' | 'lock' | 'previewLock' | 'deliveries' | 'createPacer' | 'ledger' | 'sweepLock'
    >
  >;
  /**
   * Resolves once the schemas are set up and the queue takes jobs (call after the app is built,
   * i.e. after `options.createQueue` ran); rejects when the database cannot be reached.
   */
  ready: () => Promise<void>;
  /**
   * 'ok' when the database answers within 2 s, with the queue's counts read from it (every
   * replica's jobs: keys running, keys waiting); 'unreachable' otherwise.
   */
  check: () => Promise<
    { database: 'ok'; queue: { running: number; waiting: number } } | { database: 'unreachable' }
  >;
  /**
   * Stops pruning and ends the pool (after the app's `close()`, which stops the queue). Waits at
   * most 2 s: a connection still used by a run going on is ended when that run ends.
   */
  close: () => Promise<void>;
}

/**
 * The PostgreSQL side of `serve` for several replicas on one database
 * (docs/decisions/0004-durable-queue.md): one `pg` pool, the graphile-worker queue
 * (postgres-sync-queue.ts; it holds its liveness lock and sweeps for the jobs of dead processes
 * itself), the advisory repository locks of syncs and of previews (postgres-repo-lock.ts) and
 * the delivery dedupe (postgres-delivery-dedupe.ts), whose ids older than 7 days are pruned
 * hourly, the write pacing shared by the replicas (postgres-write-pacer.ts), whose sends older
 * than an hour are pruned hourly too, the sync ledger (postgres-sync-ledger.ts) and the recovery
 * sweep's lock (postgres-sweep-lock.ts).
 */
export function openDatabaseBacking(params: {
  url: string;
  log: Logger;
  /** The queue's sweep for the jobs of dead processes (postgres-sync-queue.ts); its defaults. */
  sweepIntervalMs?: number;
  deadWorkerGraceMs?: number;
}): DatabaseBacking {
  const { log } = params;
  const pool = new pg.Pool({ connectionString: params.url, max: 20 });
  // graphile-worker asks for these: a dropped connection is logged, not a crash.
  pool.on('error', (error) => log.warn(`database connection error: ${error.message}`));
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn(`database connection error: ${error.message}`));
  });
  const deliveries = createPostgresDeliveryDedupe({ pool });
  const pacers = createPostgresWritePacers({ pool });
  const ledger = createPostgresSyncLedger({ pool });
  let queue: PostgresSyncQueue<SyncRequest> | undefined;
  const prune = setInterval(() => {
    deliveries.prune({ olderThanDays: KEEP_DELIVERIES_DAYS }).catch((error: unknown) => {
      log.warn(`pruning delivery ids failed: ${(error as Error).message}`);
    });
    pacers.prune(Date.now()).catch((error: unknown) => {
      log.warn(`pruning paced writes failed: ${(error as Error).message}`);
    });
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    options: {
      createQueue: (handlers) => {
        queue = createPostgresSyncQueue({
          ...handlers,
          pool,
          maxAttempts: 8,
          log,
          sweepIntervalMs: params.sweepIntervalMs,
          deadWorkerGraceMs: params.deadWorkerGraceMs,
        });
        return queue;
      },
      lock: createPostgresRepoLock({ pool }),
      previewLock: createPostgresRepoLock({ pool, classId: PREVIEW_LOCK_CLASS }),
      deliveries,
      createPacer: pacers.createPacer,
      ledger,
      sweepLock: createPostgresSweepLock({ pool }),
    },
    ready: async () => {
      if (!queue) throw new Error('the app did not create its queue');
      await Promise.all([queue.ready, deliveries.ready, pacers.ready, ledger.ready]);
    },
    check: async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        if (!queue) throw new Error('the app did not create its queue');
        const counted = await Promise.race([
          queue.counts(),
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), 2000);
          }),
        ]);
        return counted ? { database: 'ok', queue: counted } : { database: 'unreachable' };
      } catch {
        return { database: 'unreachable' };
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      clearInterval(prune);
      await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
  };
}
