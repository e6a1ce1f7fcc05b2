import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import type pg from 'pg';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { describeSyncQueueContract } from './sync-queue-contract.js';

const reachable = await databaseReachable();
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
  pool = database.pool(20);
});

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!reachable)('createPostgresSyncQueue', () => {
  describeSyncQueueContract('PostgreSQL (graphile-worker)', () => ({
    durable: true,
    create: async (params) => {
      const queue = createPostgresSyncQueue({
        ...params,
        pool,
        pollIntervalMs: 50,
        idlePollMs: 20,
      });
      await queue.ready;
      return { queue, passTime: () => undefined };
    },
  }));
});
