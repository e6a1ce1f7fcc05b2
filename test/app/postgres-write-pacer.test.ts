import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createPostgresWritePacers,
  WRITE_PACING_LOCK_CLASS,
  WritePacingUnavailable,
} from '../../src/app/postgres-write-pacer.js';
import { advisoryObjectId } from '../../src/app/postgres-repo-lock.js';
import type { PaceLimits, WritePacer } from '../../src/sync/pace-writes.js';
import { createWritePacer } from '../../src/sync/pace-writes.js';
import { SyncStop, withRetry } from '../../src/sync/request-with-retry.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { createFakeGitHub, createVirtualClock } from '@milestone-sync/fake-github';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { driveHeldClock } from '../helpers/drive-held-clock.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { busiest, describeWritePacerContract, HOUR, MINUTE } from '../sync/write-pacer-contract.js';

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

describe.skipIf(!reachable)('createPostgresWritePacers', () => {
  let contractPool: pg.Pool | undefined;
  describeWritePacerContract('createPostgresWritePacers', {
    create: async ({ clock, limits, installationId }) => {
      contractPool ??= database.pool(2);
      const pacers = createPostgresWritePacers({ pool: contractPool, limits });
      await pacers.ready;
      return pacers.createPacer({ installationId, clock });
    },
    numRuns: 15,
  });

  /** Installation ids of their own for each test below (the contract counts up from 1). */
  let nextInstallation = 9_000_000_000;

  /**
   * Writers that write at once, `count` writes each, through their pacers (several writers may
   * share one, as a replica's syncs of one installation do), on one held clock (time moves only
   * while every writer sleeps); the times their writes went, all together.
   */
  async function writeConcurrently(params: {
    clock: HeldClock;
    writers: WritePacer[];
    count: number;
  }): Promise<number[]> {
    const { clock, writers, count } = params;
    let busy = writers.length;
    const sent: number[] = [];
    const writer = async (pacer: WritePacer) => {
      try {
        for (let i = 0; i < count; i++) {
          await pacer.beforeWrite();
          sent.push(clock.now());
        }
      } finally {
        busy--;
      }
    };
    await driveHeldClock({ clock, busy: () => busy, until: Promise.all(writers.map(writer)) });
    return sent;
  }

  const LIMITS: PaceLimits = { perMinute: 4, perHour: 10 };

  /** One replica's pacer of `installationId`: its own pool, as another process has. */
  async function replicaPacer(params: {
    clock: HeldClock;
    installationId: number;
  }): Promise<WritePacer> {
    const pacers = createPostgresWritePacers({ pool: database.pool(4), limits: LIMITS });
    await pacers.ready;
    return pacers.createPacer({ installationId: params.installationId, clock: params.clock });
  }

  it('two replicas, one installation, three syncs writing at once in each: together they stay under both ceilings', async () => {
    const clock = createHeldClock();
    const installationId = nextInstallation++;
    const a = await replicaPacer({ clock, installationId });
    const b = await replicaPacer({ clock, installationId });
    const sent = await writeConcurrently({ clock, writers: [a, a, a, b, b, b], count: 4 });
    expect(sent).toHaveLength(24);
    expect(busiest(sent, MINUTE)).toBeLessThanOrEqual(LIMITS.perMinute);
    expect(busiest(sent, HOUR)).toBeLessThanOrEqual(LIMITS.perHour);
    // Paced at the ceiling, not slower: the hour's 10 went in the first three minutes, the 11th
    // an hour after the first, and the 24th in the third hour.
    expect(busiest(sent, 3 * MINUTE)).toBe(LIMITS.perHour);
    expect(Math.max(...sent)).toBeGreaterThanOrEqual(2 * HOUR);
    expect(Math.max(...sent)).toBeLessThan(3 * HOUR);
    // The table holds the installation's sends of the last hour, no more.
    const rows = await observer.query<{ count: string }>(
      'select count(*) from milestone_sync.writes where installation_id = $1',
      [installationId],
    );
    expect(Number(rows.rows[0]?.count)).toBeLessThanOrEqual(LIMITS.perHour);
  });

  it('the same writers with an in-memory pacer per replica go over the ceiling (the check can fail)', async () => {
    const clock = createHeldClock();
    const a = createWritePacer({ clock, limits: LIMITS });
    const b = createWritePacer({ clock, limits: LIMITS });
    const sent = await writeConcurrently({ clock, writers: [a, a, a, b, b, b], count: 4 });
    expect(busiest(sent, MINUTE)).toBe(2 * LIMITS.perMinute);
  });

  it('two replicas, two installations: neither slows the other', async () => {
    const clock = createHeldClock();
    const a = await replicaPacer({ clock, installationId: nextInstallation++ });
    const b = await replicaPacer({ clock, installationId: nextInstallation++ });
    const sent = await writeConcurrently({ clock, writers: [a, a, b, b], count: 2 });
    expect(sent).toEqual(new Array(2 * LIMITS.perMinute).fill(0));
    expect([a.waitedMs(), b.waitedMs()]).toEqual([0, 0]);
  });

  it('a write waits while another session holds the installation’s pacing lock', async () => {
    const installationId = nextInstallation++;
    const pacers = createPostgresWritePacers({ pool: database.pool(2), limits: LIMITS });
    await pacers.ready;
    const pacer = pacers.createPacer({ installationId, clock: createVirtualClock() });
    const holder = await observer.connect();
    const key = [WRITE_PACING_LOCK_CLASS, advisoryObjectId(installationId)];
    try {
      await holder.query('select pg_advisory_lock($1, $2)', key);
      let went = false;
      const write = pacer.beforeWrite().then(() => {
        went = true;
      });
      const waiting = async () => {
        const found = await observer.query(
          `select 1 from pg_locks where locktype = 'advisory' and not granted
              and classid = $1 and objid = $2 and objsubid = 2`,
          [WRITE_PACING_LOCK_CLASS, advisoryObjectId(installationId) >>> 0],
        );
        return found.rowCount === 1;
      };
      let seen = false;
      for (let poll = 0; poll < 200 && !seen && !went; poll++) {
        seen = await waiting();
        if (!seen) await delay(10);
      }
      expect(seen).toBe(true);
      expect(went).toBe(false);
      await holder.query('select pg_advisory_unlock($1, $2)', key);
      await write;
      expect(went).toBe(true);
    } finally {
      await holder.query('select pg_advisory_unlock_all()');
      holder.release();
    }
  });

  it('installation ids beyond 2^32 that share an advisory key still pace apart', async () => {
    const clock = createVirtualClock();
    const pacers = createPostgresWritePacers({ pool: database.pool(2), limits: LIMITS });
    const installationId = nextInstallation++;
    const low = pacers.createPacer({ installationId, clock });
    const high = pacers.createPacer({ installationId: installationId + 2 ** 32, clock });
    for (let i = 0; i < LIMITS.perMinute; i++) await low.beforeWrite();
    for (let i = 0; i < LIMITS.perMinute; i++) await high.beforeWrite();
    expect([low.waitedMs(), high.waitedMs()]).toEqual([0, 0]);
  });

  it('prune deletes the sends older than an hour, of every installation', async () => {
    const clock = createVirtualClock({ start: 10 * HOUR });
    const pacers = createPostgresWritePacers({ pool: database.pool(2), limits: LIMITS });
    const installationId = nextInstallation++;
    const pacer = pacers.createPacer({ installationId, clock });
    await pacer.beforeWrite();
    clock.advance(2 * MINUTE);
    await pacer.beforeWrite();
    const count = async () =>
      Number(
        (
          await observer.query<{ count: string }>(
            'select count(*) from milestone_sync.writes where installation_id = $1',
            [installationId],
          )
        ).rows[0]?.count,
      );
    expect(await count()).toBe(2);
    await pacers.prune(clock.now() + HOUR - MINUTE);
    expect(await count()).toBe(1);
  });
});

describe('createPostgresWritePacers without its database', () => {
  it('a refused connection: the write is not sent, the sync stops (WritePacingUnavailable)', async () => {
    // A port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const pool = new pg.Pool({ connectionString: `postgres://root@127.0.0.1:${port}/none` });
    pool.on('error', () => undefined);
    try {
      const pacers = createPostgresWritePacers({ pool, timeoutMs: 2_000 });
      await expect(pacers.ready).rejects.toThrow();
      const pacer = pacers.createPacer({ installationId: 1, clock: createVirtualClock() });
      const failure = await pacer.beforeWrite().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WritePacingUnavailable);
      expect(failure).toBeInstanceOf(SyncStop);
      expect((failure as Error).message).toMatch(/write pacing: the database did not answer/);
      // Through the retrying client: the write is not sent.
      const fake = createFakeGitHub();
      fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
      const client = withRetry({
        client: fake.octokit(),
        clock: fake.clock,
        pacer,
        log: silentLogger,
      });
      await expect(
        client.request('POST /repos/{owner}/{repo}/labels', {
          owner: 'acme',
          repo: 'plan',
          name: 'x',
          color: 'ffffff',
        }),
      ).rejects.toBeInstanceOf(WritePacingUnavailable);
      expect(fake.calls.writes()).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('a database that accepts the connection and never answers: the write fails after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const pool = new pg.Pool({ connectionString: `postgres://root@127.0.0.1:${port}/none` });
    pool.on('error', () => undefined);
    try {
      const pacers = createPostgresWritePacers({ pool, timeoutMs: 300 });
      await expect(pacers.ready).rejects.toThrow(/no answer within 300 ms/);
      const pacer = pacers.createPacer({ installationId: 1, clock: createVirtualClock() });
      const failure = await pacer.beforeWrite().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WritePacingUnavailable);
      expect((failure as Error).message).toMatch(/no answer within 300 ms/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await pool.end();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
