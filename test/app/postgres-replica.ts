import type pg from 'pg';
import { Probot } from 'probot';
import type { MilestoneSyncApp, MilestoneSyncOptions, SyncRequest } from '../../src/app/app.js';
import { milestoneSyncApp } from '../../src/app/app.js';
import { createPostgresDeliveryDedupe } from '../../src/app/postgres-delivery-dedupe.js';
import { createPostgresRepoLock } from '../../src/app/postgres-repo-lock.js';
import type { PostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import { createPostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import { SyncOctokit } from '../../src/app/sync-octokit.js';
import type { Clock } from '../../src/sync/pace-writes.js';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import type { LogLine } from './app-helpers.js';
import { createRecordingLog, privateKey, SECRET } from './app-helpers.js';

/** One app process of a replica test: its Probot, the app, and what it logged. */
export interface PostgresReplica {
  probot: Probot;
  app: MilestoneSyncApp;
  lines: LogLine[];
}

/**
 * One app process on PostgreSQL, as `serve` builds it with DATABASE_URL: its own Probot and
 * `pool`, the database's queue (`queueName`: a queue of its own, so it runs only the syncs it
 * queued; default the shared one), repository lock and delivery dedupe, plus `appOptions` (a
 * preview lock, shared write pacing). Resolves once the queue, the dedupe and `ready` are set up.
 */
export async function startPostgresReplica(params: {
  fake: FakeGitHub;
  pool: pg.Pool;
  clock?: Clock;
  queueName?: string;
  appOptions?: MilestoneSyncOptions;
  ready?: Promise<unknown>[];
}): Promise<PostgresReplica> {
  const { fake, pool } = params;
  const { log, lines } = createRecordingLog();
  const probot = new Probot({
    appId: 4242,
    privateKey: privateKey(),
    secret: SECRET,
    baseUrl: fake.urls.api,
    request: { fetch: fake.fetch },
    log,
    Octokit: SyncOctokit,
  });
  let app: MilestoneSyncApp | undefined;
  let queue: PostgresSyncQueue<SyncRequest> | undefined;
  const deliveries = createPostgresDeliveryDedupe({ pool });
  await probot.load((probotApp, options) => {
    app = milestoneSyncApp(probotApp, {
      ...options,
      appSlug: 'milestone-sync',
      clock: params.clock ?? fake.clock,
      batchWindowMs: 0,
      lock: createPostgresRepoLock({ pool }),
      deliveries,
      ...params.appOptions,
      createQueue: (handlers) => {
        queue = createPostgresSyncQueue({
          ...handlers,
          pool,
          ...(params.queueName !== undefined ? { name: params.queueName } : {}),
          pollIntervalMs: 50,
          idlePollMs: 20,
        });
        return queue;
      },
    });
  });
  await Promise.all([queue?.ready, deliveries.ready, ...(params.ready ?? [])]);
  return { probot, app: app as MilestoneSyncApp, lines };
}
