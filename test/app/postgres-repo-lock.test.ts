import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import {
  advisoryObjectId,
  createPostgresRepoLock,
  REPO_LOCK_CLASS,
} from '../../src/app/postgres-repo-lock.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';

describe('advisoryObjectId', () => {
  it.each([
    [1, 1],
    [2_147_483_647, 2_147_483_647],
    [2_147_483_648, -2_147_483_648],
    [4_294_967_295, -1],
    [4_294_967_296 + 5, 5],
  ])('repository id %d → key %d (modulo 2^32, signed)', (repoId, key) => {
    expect(advisoryObjectId(repoId)).toBe(key);
  });
});

const reachable = await databaseReachable();
let database: TestDatabase;
let observer: pg.Pool;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
  observer = database.pool(2);
});

afterAll(async () => {
  await database?.drop();
});

/** Sessions waiting for, and holding, the advisory lock of `repoId` in the lock's class. */
async function lockState(repoId: number): Promise<{ waiting: number; holders: number[] }> {
  const found = await observer.query<{ granted: boolean; pid: number }>(
    `select granted, pid from pg_locks
      where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 2`,
    [REPO_LOCK_CLASS, advisoryObjectId(repoId) >>> 0],
  );
  return {
    waiting: found.rows.filter((row) => !row.granted).length,
    holders: found.rows.filter((row) => row.granted).map((row) => row.pid),
  };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe.skipIf(!reachable)('createPostgresRepoLock', () => {
  it('two processes, one repository: the second waits until the first run ends', async () => {
    const first = createPostgresRepoLock({ pool: database.pool(2) });
    const second = createPostgresRepoLock({ pool: database.pool(2) });
    const order: string[] = [];
    const hold = gate();
    const running = first({
      repoId: 7,
      fullName: 'acme/plan',
      run: async () => {
        order.push('first start');
        await hold.opened;
        order.push('first end');
        return 'first';
      },
    });
    await vi.waitFor(async () => expect((await lockState(7)).holders).toHaveLength(1));
    const waiting = second({
      repoId: 7,
      fullName: 'acme/plan',
      run: () => {
        order.push('second start');
        return Promise.resolve('second');
      },
    });
    // The second session is queued on the lock in PostgreSQL, not running.
    await vi.waitFor(async () => expect((await lockState(7)).waiting).toBe(1));
    expect(order).toEqual(['first start']);
    hold.open();
    expect(await running).toBe('first');
    expect(await waiting).toBe('second');
    expect(order).toEqual(['first start', 'first end', 'second start']);
    expect(await lockState(7)).toEqual({ waiting: 0, holders: [] });
  });

  it('different repositories do not wait for each other', async () => {
    const lock = createPostgresRepoLock({ pool: database.pool(4) });
    const hold = gate();
    const one = lock({ repoId: 1, fullName: 'acme/one', run: () => hold.opened });
    await vi.waitFor(async () => expect((await lockState(1)).holders).toHaveLength(1));
    expect(await lock({ repoId: 2, fullName: 'acme/two', run: () => Promise.resolve(2) })).toBe(2);
    hold.open();
    await one;
  });

  it('a run that throws releases the lock, and the connection goes back to the pool', async () => {
    const pool = database.pool(1);
    const lock = createPostgresRepoLock({ pool });
    await expect(
      lock({ repoId: 9, fullName: 'acme/nine', run: () => Promise.reject(new Error('boom')) }),
    ).rejects.toThrow('boom');
    expect(await lockState(9)).toEqual({ waiting: 0, holders: [] });
    // The pool's one connection is free and holds nothing.
    expect(await lock({ repoId: 9, fullName: 'acme/nine', run: () => Promise.resolve('ok') })).toBe(
      'ok',
    );
    expect(pool.totalCount).toBe(1);
  });

  it('a holder whose connection is lost frees the repository (PostgreSQL ends its session locks)', async () => {
    const firstPool = database.pool(1);
    const first = createPostgresRepoLock({ pool: firstPool });
    const second = createPostgresRepoLock({ pool: database.pool(1) });
    const hold = gate();
    const running = first({ repoId: 11, fullName: 'acme/eleven', run: () => hold.opened });
    await vi.waitFor(async () => expect((await lockState(11)).holders).toHaveLength(1));
    const [holder] = (await lockState(11)).holders;
    let secondRan = false;
    const waiting = second({
      repoId: 11,
      fullName: 'acme/eleven',
      run: () => {
        secondRan = true;
        return Promise.resolve();
      },
    });
    await vi.waitFor(async () => expect((await lockState(11)).waiting).toBe(1));
    // As if the first process died: its server session ends.
    await observer.query('select pg_terminate_backend($1)', [holder]);
    await waiting;
    expect(secondRan).toBe(true);
    // The first run, still going in its process, ends normally; its broken connection is dropped.
    hold.open();
    await running;
    await vi.waitFor(() => expect(firstPool.totalCount).toBe(0));
    expect(await lockState(11)).toEqual({ waiting: 0, holders: [] });
  });
});
