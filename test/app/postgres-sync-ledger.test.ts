import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSyncLedger } from '../../src/app/postgres-sync-ledger.js';
import { createPostgresSweepLock } from '../../src/app/postgres-sweep-lock.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { describeSyncLedgerContract } from './sync-ledger-contract.js';

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

describe.skipIf(!reachable)('createPostgresSyncLedger', () => {
  describeSyncLedgerContract('PostgreSQL', async () => {
    const ledger = createPostgresSyncLedger({ pool, schema: `ledger_${++schemas}` });
    await ledger.ready;
    return ledger;
  });

  it('replicas see each other’s records', async () => {
    const schema = 'ledger_shared';
    const [a, b] = [database.pool(2), database.pool(2)].map((p) =>
      createPostgresSyncLedger({ pool: p, schema }),
    );
    await Promise.all([a?.ready, b?.ready]);
    await a?.record({
      repoId: 1,
      installationId: 7,
      fullName: 'acme/a',
      startedAt: 10,
      finishedAt: 20,
      outcome: 'synced',
      wrote: false,
    });
    expect((await b?.list({ installationId: 7 }))?.map((e) => e.fullName)).toEqual(['acme/a']);
  });
});

describe.skipIf(!reachable)('createPostgresSweepLock', () => {
  it('of two sweepers on one database, one sweeps while the other skips; then the lock is free', async () => {
    const first = createPostgresSweepLock({ pool: database.pool(2, 'replica-a') });
    const second = createPostgresSweepLock({ pool: database.pool(2, 'replica-b') });
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const sweeps: string[] = [];
    const a = first(async () => {
      sweeps.push('a');
      entered();
      await holding;
      return 'a done';
    });
    await inside;
    const b = await second(() => {
      sweeps.push('b');
      return Promise.resolve('b done');
    });
    expect(b).toEqual({ ran: false });
    release();
    expect(await a).toEqual({ ran: true, value: 'a done' });
    expect(await second(() => Promise.resolve('b again'))).toEqual({
      ran: true,
      value: 'b again',
    });
    expect(sweeps).toEqual(['a']);
  });

  it('a sweep that throws releases the lock', async () => {
    const lock = createPostgresSweepLock({ pool: database.pool(2) });
    await expect(lock(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock(() => Promise.resolve(1))).toEqual({ ran: true, value: 1 });
  });
});
