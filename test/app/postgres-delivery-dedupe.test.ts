import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPostgresDeliveryDedupe } from '../../src/app/postgres-delivery-dedupe.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { describeDeliveryDedupeContract } from './delivery-dedupe-contract.js';

const reachable = await databaseReachable();
let database: TestDatabase;
let pool: pg.Pool;
let schemas = 0;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
  pool = database.pool(4);
});

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!reachable)('createPostgresDeliveryDedupe', () => {
  describeDeliveryDedupeContract('PostgreSQL', async () => {
    const schema = `deliveries_${++schemas}`;
    const log = createPostgresDeliveryDedupe({ pool, schema });
    await log.ready;
    return {
      log,
      age: async () => {
        await pool.query(`update ${schema}.deliveries set seen_at = seen_at - interval '10 days'`);
      },
    };
  });

  it('replicas starting together set the table up once; of simultaneous claims of one id, one wins', async () => {
    const schema = 'deliveries_shared';
    const logs = Array.from({ length: 4 }, () =>
      createPostgresDeliveryDedupe({ pool: database.pool(2), schema }),
    );
    await Promise.all(logs.map((log) => log.ready));
    for (const id of ['x-1', 'x-2', 'x-3']) {
      const claims = await Promise.all(logs.map((log) => log.claim(id)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
    const rows = await pool.query(`select delivery_id from ${schema}.deliveries order by 1`);
    expect(rows.rows.map((row: { delivery_id: string }) => row.delivery_id)).toEqual([
      'x-1',
      'x-2',
      'x-3',
    ]);
  });
});
