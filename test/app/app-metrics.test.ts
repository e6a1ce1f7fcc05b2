import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRequest } from '../../src/app/app.js';
import { createAppMetrics } from '../../src/app/app-metrics.js';
import type { PostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import { createPostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const reachable = await databaseReachable();
let database: TestDatabase | undefined;

beforeAll(async () => {
  if (reachable) database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (version 0.0.4). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('milestoneSyncApp: Prometheus metrics', () => {
  it('counts deliveries by outcome, sync runs, GitHub calls and writes, and the rate limit left', async () => {
    const metrics = createAppMetrics();
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: { metrics },
    });
    const afterInstall = parseExposition(await metrics.registry.metrics());
    expect(
      valueOf(afterInstall, 'milestone_sync_deliveries_total', {
        event: 'installation.created',
        outcome: 'queued',
      }),
    ).toBe(1);
    expect(
      valueOf(afterInstall, 'milestone_sync_sync_runs_total', { outcome: 'synced' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(afterInstall, 'milestone_sync_github_writes_total', { method: 'POST' })).toBe(
      h.fake.calls.all().filter((c) => c.method === 'POST').length,
    );
    expect(valueOf(afterInstall, 'milestone_sync_github_writes_total')).toBeGreaterThan(0);
    expect(valueOf(afterInstall, 'milestone_sync_github_requests_total')).toBeGreaterThan(
      valueOf(afterInstall, 'milestone_sync_github_writes_total'),
    );

    const issue = h.issueByTitle('Single standardized configuration format');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();
    // The same delivery again (a redelivery): answered, not handled.
    const [closed] = h.fake.webhooks.of('issues', 'closed');
    if (!closed) throw new Error('no issues.closed delivery');
    await h.probot.webhooks.receive({
      id: closed.id,
      name: 'issues',
      payload: closed.payload as never,
    });
    await h.settle();

    const text = await metrics.registry.metrics();
    const samples = parseExposition(text);
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', {
        event: 'issues.closed',
        outcome: 'queued',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', {
        event: 'issues.closed',
        outcome: 'duplicate',
      }),
    ).toBe(1);
    // The tick commit's own push is let go.
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', { event: 'push', outcome: 'ignored' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'milestone_sync_sync_runs_total', { outcome: 'synced' })).toBe(
      h.app.stats().runs,
    );
    expect(valueOf(samples, 'milestone_sync_sync_duration_seconds_count')).toBe(h.app.stats().runs);
    expect(valueOf(samples, 'milestone_sync_github_writes_total', { method: 'PUT' })).toBe(
      h.fake.calls.all().filter((c) => c.method === 'PUT').length,
    );
    const remaining = samples.filter(
      (s) => s.name === 'milestone_sync_github_rate_limit_remaining',
    );
    expect(remaining.map((s) => s.labels)).toEqual([{ installation: '77' }]);
    expect(remaining[0]?.value).toBeGreaterThan(0);
    expect(valueOf(samples, 'milestone_sync_queue_running')).toBe(0);
    expect(valueOf(samples, 'milestone_sync_queue_waiting')).toBe(0);
    expect(valueOf(samples, 'milestone_sync_errors_total')).toBe(0);
    // Default process metrics on the same registry.
    expect(text).toContain('milestone_sync_process_cpu_user_seconds_total');
  });

  it('two apps in one process keep separate registries', async () => {
    const first = createAppMetrics({ defaultMetrics: false });
    const second = createAppMetrics({ defaultMetrics: false });
    await startApp({ appOptions: { metrics: first } });
    const a = parseExposition(await first.registry.metrics());
    const b = parseExposition(await second.registry.metrics());
    expect(valueOf(a, 'milestone_sync_deliveries_total')).toBeGreaterThan(0);
    expect(valueOf(b, 'milestone_sync_deliveries_total')).toBe(0);
  });
});

/** Settles the harness while releasing every held sleep one at a time, as time would pass. */
async function settleReleasing(h: AppHarness, clock: HeldClock): Promise<void> {
  let settled = false;
  const settling = h.settle().then(() => {
    settled = true;
  });
  while (!settled) {
    clock.releaseNext();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await settling;
}

const WAIT = 'milestone_sync_job_wait_seconds';

describe('milestoneSyncApp: job wait (milestone_sync_job_wait_seconds)', () => {
  it('in process: a merged job waited from its first request, through the sliding window', async () => {
    const metrics = createAppMetrics({ defaultMetrics: false });
    let clock!: HeldClock;
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: (fake) => {
        clock = createHeldClock(fake.clock);
        return { clock, batchWindowMs: 2000, metrics };
      },
    });
    // The installation's sync started at once (no window) on a clock that did not move.
    const installed = parseExposition(await metrics.registry.metrics());
    expect(valueOf(installed, `${WAIT}_count`)).toBe(1);
    expect(valueOf(installed, `${WAIT}_sum`)).toBe(0);

    const [first, second] = [
      'Performance optimization',
      'Single standardized configuration format',
    ];
    h.fake.human.closeIssue({ repo: FULL_NAME, number: h.issueByTitle(first as string).number });
    await h.fake.webhooks.idle();
    h.fake.clock.advance(700);
    h.fake.human.closeIssue({ repo: FULL_NAME, number: h.issueByTitle(second as string).number });
    await h.fake.webhooks.idle();
    expect(h.app.stats()).toMatchObject({ running: 0, waiting: 1 });
    await settleReleasing(h, clock);

    // One run for both closes; it started 2 s after the second (the window slid), 2.7 s after
    // the first: the wait counts from the earliest request merged in.
    const samples = parseExposition(await metrics.registry.metrics());
    expect(valueOf(samples, `${WAIT}_count`)).toBe(2);
    expect(valueOf(samples, `${WAIT}_sum`)).toBeCloseTo(2.7, 9);
    expect(valueOf(samples, `${WAIT}_bucket`, { le: '2.5' })).toBe(1);
    expect(valueOf(samples, `${WAIT}_bucket`, { le: '5' })).toBe(2);
    expect(valueOf(samples, 'milestone_sync_sync_duration_seconds_count')).toBe(2);
    h.fake.assertNoViolations();
  });

  it('a sync the recovery sweep queued is counted too', async () => {
    const metrics = createAppMetrics({ defaultMetrics: false });
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: { metrics },
    });
    const count = async () =>
      valueOf(parseExposition(await metrics.registry.metrics()), `${WAIT}_count`);
    const before = await count();
    h.fake.clock.advance(60_000);
    h.fake.webhooks.enabled = false;
    h.fake.human.closeIssue({
      repo: FULL_NAME,
      number: h.issueByTitle('Performance optimization').number,
    });
    h.fake.webhooks.enabled = true;
    h.fake.clock.advance(60_000);
    expect((await h.app.sweep())?.[0]).toMatchObject({ queued: 1 });
    await h.settle();
    expect(await count()).toBe(before + 1);
    h.fake.assertNoViolations();
  });

  it.skipIf(!reachable)(
    'on PostgreSQL: the enqueue time is stored with the request and the earliest one is kept',
    async () => {
      const metrics = createAppMetrics({ defaultMetrics: false });
      const pool = (database as TestDatabase).pool(5, 'job-wait');
      let queue: PostgresSyncQueue<SyncRequest> | undefined;
      const h = await startApp({
        files: { [PATH]: readSeed('elemta-MILESTONES.md') },
        appOptions: (fake) => ({
          // The fake's virtual clock: it moves only when the test moves it.
          clock: fake.clock,
          // Long enough (database time) that both closes wait in one job.
          batchWindowMs: 1500,
          metrics,
          createQueue: (handlers) => {
            queue = createPostgresSyncQueue({
              ...handlers,
              pool,
              pollIntervalMs: 50,
              idlePollMs: 20,
            });
            return queue;
          },
        }),
      });
      try {
        const installed = parseExposition(await metrics.registry.metrics());
        expect(valueOf(installed, `${WAIT}_count`)).toBe(1);
        expect(valueOf(installed, `${WAIT}_sum`)).toBe(0);

        const first = h.issueByTitle('Performance optimization');
        const second = h.issueByTitle('Single standardized configuration format');
        h.fake.human.closeIssue({ repo: FULL_NAME, number: first.number });
        await h.fake.webhooks.idle();
        h.fake.clock.advance(1000);
        h.fake.human.closeIssue({ repo: FULL_NAME, number: second.number });
        await h.settle();

        const samples = parseExposition(await metrics.registry.metrics());
        expect(valueOf(samples, `${WAIT}_count`)).toBe(2);
        // Stored, folded oldest first, and measured on the app's clock: 1 s after the first.
        expect(valueOf(samples, `${WAIT}_sum`)).toBeCloseTo(1, 9);
        expect(h.fileText()).toContain(`- [x] ${first.title}`);
        expect(h.fileText()).toContain(`- [x] ${second.title}`);
        h.fake.assertNoViolations();
      } finally {
        await h.app.close();
        await pool.end();
      }
    },
  );
});
