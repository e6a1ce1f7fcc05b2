import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresReplica } from './postgres-replica.js';
import { startPostgresReplica } from './postgres-replica.js';
import { createPostgresWritePacers } from '../../src/app/postgres-write-pacer.js';
import type { FakeGitHub, WebhookDelivery } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { readSeed } from '../helpers/read-fixture.js';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { driveHeldClock } from '../helpers/drive-held-clock.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { busiest, HOUR, MINUTE } from '../sync/write-pacer-contract.js';
import { CONFIG_FILE, OPTED_IN_CONFIG, PATH, SECRET } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const REPOS = ['acme/plan-a', 'acme/plan-b'] as const;
/** GitHub's ceiling, lowered so a first sync of the seed takes a few minutes. */
const LIMITS = { perMinute: 10, perHour: 500 };

const reachable = await databaseReachable();
let database: TestDatabase;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/**
 * One app process: its own Probot, pool and queue (a queue name of its own, so it runs only the
 * syncs it queued), the shared database's repository lock, delivery dedupe and write pacing.
 */
async function startReplica(params: {
  fake: FakeGitHub;
  clock: HeldClock;
  name: string;
}): Promise<PostgresReplica> {
  const pool: pg.Pool = database.pool(10, params.name);
  const pacers = createPostgresWritePacers({ pool, limits: LIMITS });
  return startPostgresReplica({
    fake: params.fake,
    pool,
    clock: params.clock,
    queueName: params.name,
    appOptions: { createPacer: pacers.createPacer },
    ready: [pacers.ready],
  });
}

describe.skipIf(!reachable)('milestoneSyncApp on PostgreSQL: write pacing across replicas', () => {
  it('two replicas each syncing one repository of one installation: their writes together stay under the per-minute ceiling, in GitHub’s time', async () => {
    // GitHub refuses what goes over the (lowered) ceiling, as it would.
    const fake = createFakeGitHub({ webhookSecret: SECRET, secondaryLimits: LIMITS });
    // Time moves only while every sync sleeps: GitHub's clock and the app's are one.
    const clock = createHeldClock(fake.clock);
    for (const fullName of REPOS) {
      fake.createRepo({ fullName, files: { [CONFIG_FILE]: OPTED_IN_CONFIG, [PATH]: SEED } });
    }
    fake.webhooks.enabled = false;
    fake.install({ account: 'acme', repos: [...REPOS], id: 77 });
    fake.webhooks.enabled = true;
    const replicas = [
      await startReplica({ fake, clock, name: 'replica-a' }),
      await startReplica({ fake, clock, name: 'replica-b' }),
    ];
    // Each repository's deliveries go to its own replica.
    const inflight: Promise<unknown>[] = [];
    fake.webhooks.subscribe((delivery: WebhookDelivery) => {
      const repository = (delivery.payload.repository as { full_name?: string } | undefined)
        ?.full_name;
      const index = REPOS.findIndex((fullName) => fullName === repository);
      const replica = replicas[index];
      if (!replica) return;
      inflight.push(
        replica.probot.webhooks.verifyAndReceive({
          id: delivery.id,
          name: delivery.event as never,
          payload: delivery.body,
          signature: delivery.headers['x-hub-signature-256'] ?? '',
        }),
      );
    });
    const running = () => replicas.reduce((sum, r) => sum + r.app.stats().running, 0);
    const settle = async () => {
      for (;;) {
        const emitted = fake.webhooks.deliveries.length;
        await fake.webhooks.idle();
        const pending = inflight.splice(0);
        await Promise.all(pending);
        await driveHeldClock({
          clock,
          busy: running,
          until: Promise.all(replicas.map((r) => r.app.idle())),
        });
        if (pending.length === 0 && fake.webhooks.deliveries.length === emitted) break;
      }
    };

    try {
      // A person pushes to each plan: each replica syncs its repository, at the same time.
      const start = fake.clock.now();
      for (const fullName of REPOS) {
        fake.human.editFile({ repo: fullName, path: PATH, content: `${SEED}\n` });
      }
      await settle();

      // Both plans synced: issues created in each repository.
      for (const fullName of REPOS) {
        const issues = [...fake.repo(fullName).issues.values()].filter((i) => !i.isPullRequest);
        expect(issues.length).toBeGreaterThan(LIMITS.perMinute);
      }
      // Each replica synced its own repository.
      for (const [index, replica] of replicas.entries()) {
        expect(replica.app.stats().runs).toBeGreaterThan(0);
        const repos = new Set(
          replica.lines.map((line) => line.fields?.repo).filter((repo) => repo !== undefined),
        );
        expect([...repos]).toEqual([REPOS[index]]);
      }
      // What GitHub counts (content-creating requests, by the time they reached it): more than
      // one minute's worth per repository, yet never more than the ceiling in any minute.
      const writes = fake.calls
        .writes()
        .filter((call) => !(call.template ?? call.path).startsWith('/app/installations/'));
      for (const fullName of REPOS) {
        expect(writes.filter((call) => call.path.includes(`/${fullName}/`)).length).toBeGreaterThan(
          LIMITS.perMinute,
        );
      }
      const times = writes.map((call) => call.at);
      expect(busiest(times, MINUTE)).toBeLessThanOrEqual(LIMITS.perMinute);
      expect(busiest(times, HOUR)).toBeLessThanOrEqual(LIMITS.perHour);
      expect(fake.secondaryLimits.refused).toBe(0);
      // Paced, not stalled: the writes took about as many minutes as the ceiling asks.
      const minutes = Math.ceil(writes.length / LIMITS.perMinute);
      expect(Math.max(...times) - start).toBeLessThan(minutes * MINUTE);
      fake.assertNoViolations();
    } finally {
      await Promise.all(replicas.map((r) => r.app.close()));
    }
  });
});
