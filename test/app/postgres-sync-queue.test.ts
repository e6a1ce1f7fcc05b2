import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import { unlockDeadWorkers } from '../../src/app/postgres-worker-liveness.js';
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

/** A small deterministic generator (mulberry32), so the interleavings differ but replay. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(!reachable)('createPostgresSyncQueue: durability and replicas', () => {
  it('enqueue resolves once the job is committed: another connection sees it at once', async () => {
    const queue = createPostgresSyncQueue<string[]>({
      pool,
      name: 'durable-enqueue',
      run: () => Promise.resolve(),
      merge: ({ waiting, next }) => [...waiting, ...next],
      onError: () => undefined,
    });
    try {
      expect(await queue.enqueue({ key: '42', input: ['e1'], delayMs: 60_000 })).toBe(true);
      expect(await queue.enqueue({ key: '42', input: ['e2'], delayMs: 60_000 })).toBe(true);
      const other = database.pool(1);
      // graphile-worker's jobs view has no payload: read its table (a test may).
      const stored = await other.query<{ key: string; payload: unknown }>(
        `select key, payload from graphile_worker._private_jobs where key like 'durable-enqueue/%'`,
      );
      expect(stored.rows).toEqual([{ key: 'durable-enqueue/42', payload: [['e1'], ['e2']] }]);
      expect(queue.size().running).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('the batching window slides with each request, up to maxDelayMs after the first; no window starts it', async () => {
    let ran: string[] = [];
    const queue = createPostgresSyncQueue<string[]>({
      pool,
      name: 'sliding',
      pollIntervalMs: 50,
      run: ({ input }) => {
        ran = input;
        return Promise.resolve();
      },
      merge: ({ waiting, next }) => [...waiting, ...next],
      onError: () => undefined,
    });
    /** The waiting job's start and creation, relative to now, in seconds (whole). */
    const stored = async () => {
      const found = await pool.query<{ start: number; created: number }>(
        `select round(extract(epoch from run_at - now()))::int as start,
                round(extract(epoch from created_at - now()))::int as created
           from graphile_worker.jobs where key = 'sliding/1'`,
      );
      return found.rows;
    };
    try {
      await queue.enqueue({ key: '1', input: ['e1'], delayMs: 60_000, maxDelayMs: 300_000 });
      expect(await stored()).toEqual([{ start: 60, created: 0 }]);
      // A later request with a longer window pushes the start to its own end…
      await queue.enqueue({ key: '1', input: ['e2'], delayMs: 120_000, maxDelayMs: 300_000 });
      expect(await stored()).toEqual([{ start: 120, created: 0 }]);
      // …a shorter one does not pull it back…
      await queue.enqueue({ key: '1', input: ['e3'], delayMs: 30_000, maxDelayMs: 300_000 });
      expect(await stored()).toEqual([{ start: 120, created: 0 }]);
      // …and no request pushes it past the cap, 300 s after the first.
      await queue.enqueue({ key: '1', input: ['e4'], delayMs: 900_000, maxDelayMs: 300_000 });
      expect(await stored()).toEqual([{ start: 300, created: 0 }]);
      // A request without a window starts it now, with all four.
      await queue.enqueue({ key: '1', input: ['push'] });
      await queue.idle();
      expect(ran).toEqual(['e1', 'e2', 'e3', 'e4', 'push']);
    } finally {
      await queue.close();
    }
  });

  it('refuses an input that JSON would change (the in-process queue carries objects; this one stores)', async () => {
    const queue = createPostgresSyncQueue<unknown>({
      pool,
      name: 'not-json',
      run: () => Promise.resolve(),
      merge: ({ next }) => next,
      onError: () => undefined,
    });
    try {
      await expect(queue.enqueue({ key: '1', input: { at: new Date(0) } })).rejects.toThrow(
        TypeError,
      );
      await expect(queue.enqueue({ key: '1', input: { log: () => undefined } })).rejects.toThrow(
        'not plain JSON',
      );
    } finally {
      await queue.close();
    }
  });

  it('without a database: ready and enqueue reject (a delivery is not acknowledged), close resolves', async () => {
    const nowhere = new pg.Pool({ connectionString: 'postgres://root@127.0.0.1:1/none', max: 1 });
    nowhere.on('error', () => undefined);
    const queue = createPostgresSyncQueue<string[]>({
      pool: nowhere,
      run: () => Promise.resolve(),
      merge: ({ next }) => next,
      onError: () => undefined,
    });
    await expect(queue.ready).rejects.toThrow();
    await expect(queue.enqueue({ key: '1', input: ['e'] })).rejects.toThrow();
    await queue.close();
    await nowhere.end();
  });

  it('two replicas on one database: runs of a key never overlap, nothing is lost or run twice', async () => {
    // Both start together on a schema neither has migrated: they set it up once between them.
    const schema = 'replicas_worker';
    const next = random(20260115);
    const activeByKey = new Map<string, number>();
    const overlaps: string[] = [];
    const ranBy: Record<string, number> = { A: 0, B: 0 };
    const seen: string[] = [];
    const make = (replica: 'A' | 'B') =>
      createPostgresSyncQueue<string[]>({
        pool: database.pool(8),
        schema,
        name: 'replicas',
        maxRunning: 4,
        pollIntervalMs: 50,
        idlePollMs: 20,
        run: async ({ key, input }) => {
          const active = (activeByKey.get(key) ?? 0) + 1;
          activeByKey.set(key, active);
          if (active > 1) overlaps.push(key);
          ranBy[replica] = (ranBy[replica] ?? 0) + 1;
          // Long enough for a wrongly started second run of the key to overlap this one.
          await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(next() * 30)));
          seen.push(...input.map((event) => `${key}:${event}`));
          activeByKey.set(key, (activeByKey.get(key) ?? 0) - 1);
        },
        merge: ({ waiting, next: more }) => [...waiting, ...more],
        onError: ({ error }) => {
          throw error;
        },
      });
    const replicas = [make('A'), make('B')];
    try {
      await Promise.all(replicas.map((replica) => replica.ready));
      const sent: string[] = [];
      // 240 requests over 6 repositories, in bursts of 12 sent at once through both replicas;
      // one in four waits a short batching window.
      for (let burst = 0; burst < 20; burst++) {
        await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const key = String(1 + Math.floor(next() * 6));
            const event = `e${burst * 12 + i}`;
            sent.push(`${key}:${event}`);
            const replica = replicas[i % 2] as (typeof replicas)[number];
            const queued = await replica.enqueue({
              key,
              input: [event],
              delayMs: next() < 0.25 ? 30 : 0,
            });
            expect(queued).toBe(true);
          }),
        );
      }
      await Promise.all(replicas.map((replica) => replica.idle()));
      expect(overlaps).toEqual([]);
      // Each request ran exactly once: nothing lost, nothing twice.
      expect(seen.slice().sort()).toEqual(sent.slice().sort());
      const runs = (ranBy.A ?? 0) + (ranBy.B ?? 0);
      expect(runs).toBeLessThanOrEqual(sent.length);
      console.info(
        `two replicas: ${sent.length} requests → ${runs} runs (A ${ranBy.A}, B ${ranBy.B})`,
      );
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});

describe.skipIf(!reachable)('createPostgresSyncQueue: a process that dies mid-run', () => {
  it('killed with SIGKILL while running a job: another process runs that job', async () => {
    const name = 'crash';
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../helpers/postgres-queue-process.ts', import.meta.url)),
        database.url,
        name,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await vi.waitFor(() => expect(output).toContain('started e1'), {
        timeout: 30_000,
        interval: 20,
      });
      child.kill('SIGKILL');
      await exited;
      // Its job is still locked by it; the survivor finds its worker gone and runs the job.
      const ran: string[][] = [];
      const survivor = createPostgresSyncQueue<string[]>({
        pool,
        name,
        pollIntervalMs: 50,
        idlePollMs: 20,
        sweepIntervalMs: 50,
        deadWorkerGraceMs: 0,
        run: ({ input }) => {
          ran.push(input);
          return Promise.resolve();
        },
        merge: ({ waiting, next }) => [...waiting, ...next],
        onError: () => undefined,
      });
      try {
        await survivor.ready;
        await vi.waitFor(() => expect(ran).toEqual([['e1']]), { timeout: 20_000, interval: 20 });
        await survivor.idle();
        expect(ran).toEqual([['e1']]);
      } finally {
        await survivor.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('the sweep leaves the jobs of a live process alone, however long they run', async () => {
    const name = 'alive';
    const held: (() => void)[] = [];
    const live = createPostgresSyncQueue<string[]>({
      pool,
      name,
      pollIntervalMs: 50,
      run: () =>
        new Promise<void>((resolve) => {
          held.push(resolve);
        }),
      merge: ({ waiting, next }) => [...waiting, ...next],
      onError: () => undefined,
    });
    try {
      await live.enqueue({ key: 'k', input: ['e1'] });
      await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 20_000, interval: 10 });
      expect(
        await unlockDeadWorkers({
          pool,
          schema: 'graphile_worker',
          taskIdentifier: name,
          graceMs: 0,
        }),
      ).toEqual([]);
      const locked = await pool.query(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = $1 and locked_at is not null`,
        [name],
      );
      expect(locked.rows[0]).toEqual({ n: 1 });
    } finally {
      for (const resolve of held) resolve();
      await live.close();
    }
  });
});
