import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger as PinoLogger } from 'probot';
import { Probot } from 'probot';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { MilestoneSyncApp } from '../src/app/app.js';
import { milestoneSyncApp } from '../src/app/app.js';
import { SyncOctokit } from '../src/app/sync-octokit.js';
import type { Clock } from '../src/sync/pace-writes.js';
import { runAsScript } from './run-as-script.js';

const SECRET = 'measure-secret';
const SEED = fileURLToPath(new URL('../test/fixtures/seeds/elemta-MILESTONES.md', import.meta.url));
const CONTENTS_WRITE = 'PUT /repos/{owner}/{repo}/contents/{path}';
const PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/**
 * `tsx tools/measure-batching.ts [closes]` (a measurement, not a test): how many commits a person
 * closing issues one after another costs, for several gaps between the closes and batching
 * windows. Everything runs on a virtual clock (the fake's): the app's sleeps (batching window,
 * write pacing) are released in time order and the closes happen at their virtual times, so the
 * numbers are exact and repeatable. Each scenario: the elemta seed, installed and synced, then
 * `closes` of its open issues closed on GitHub `gap` seconds apart; counts the syncs the app ran
 * and the commits it made for them.
 */
async function main(params: {
  argv: string[];
  write: (text: string) => void;
  writeError: (text: string) => void;
}): Promise<number> {
  const closes = Number(params.argv[0] ?? '10');
  const rows: string[] = [
    '| gap between closes | window | closes | syncs | commits | closes per commit |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const windowMs of [0, 2_000, 3_000, 5_000]) {
    for (const gapMs of [250, 1_000, 2_500, 4_000]) {
      const result = await measure({ closes, gapMs, windowMs });
      rows.push(
        `| ${gapMs / 1000} s | ${windowMs / 1000} s | ${closes} | ${result.syncs} | ${result.commits} | ${(closes / result.commits).toFixed(1)} |`,
      );
    }
  }
  params.write(`${rows.join('\n')}\n`);
  return 0;
}

async function measure(params: {
  closes: number;
  gapMs: number;
  windowMs: number;
}): Promise<{ syncs: number; commits: number }> {
  const fake = createFakeGitHub({ webhookSecret: SECRET });
  fake.createRepo({
    fullName: 'acme/plan',
    files: {
      'MILESTONES.md': readFileSync(SEED, 'utf8'),
      '.github/milestone-sync.yml': 'path: MILESTONES.md\n',
    },
  });
  const driver = createVirtualTime(fake);
  const app = await startApp({ fake, clock: driver.clock, windowMs: params.windowMs });
  driver.watch(app);
  fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
  await driver.runUntil(Number.POSITIVE_INFINITY);

  const repo = fake.repo('acme/plan');
  const open = [...repo.issues.values()].filter((i) => !i.isPullRequest && i.state === 'open');
  if (open.length < params.closes) throw new Error(`only ${open.length} open issues`);
  const runs = app.stats().runs;
  const commits = fake.calls.count(CONTENTS_WRITE);
  const start = fake.clock.now();
  for (let i = 0; i < params.closes; i++) {
    await driver.runUntil(start + i * params.gapMs);
    fake.human.closeIssue({ repo: 'acme/plan', number: (open[i] as { number: number }).number });
  }
  await driver.runUntil(Number.POSITIVE_INFINITY);
  await app.close();
  return { syncs: app.stats().runs - runs, commits: fake.calls.count(CONTENTS_WRITE) - commits };
}

async function startApp(params: {
  fake: FakeGitHub;
  clock: Clock;
  windowMs: number;
}): Promise<MilestoneSyncApp> {
  const { fake } = params;
  const probot = new Probot({
    appId: 4242,
    privateKey: PRIVATE_KEY,
    secret: SECRET,
    baseUrl: fake.urls.api,
    request: { fetch: fake.fetch },
    log: silentPino(),
    Octokit: SyncOctokit,
  });
  let app!: MilestoneSyncApp;
  await probot.load((probotApp, options) => {
    app = milestoneSyncApp(probotApp, {
      ...options,
      appSlug: 'milestone-sync',
      clock: params.clock,
      batchWindowMs: params.windowMs,
    });
  });
  fake.webhooks.subscribe((delivery) =>
    probot.webhooks.verifyAndReceive({
      id: delivery.id,
      name: delivery.event as never,
      payload: delivery.body,
      signature: delivery.headers['x-hub-signature-256'] ?? '',
    }),
  );
  return app;
}

/**
 * Virtual time for the app: its sleeps wait until `runUntil` releases them in time order. Between
 * releases the app is let run until it is quiet (no new request and no new sleep for a few turns
 * of the event loop: the fake answers in-process).
 */
function createVirtualTime(fake: FakeGitHub) {
  const sleeps: { until: number; wake: () => void }[] = [];
  let app: MilestoneSyncApp | undefined;
  const clock: Clock = {
    now: () => fake.clock.now(),
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleeps.push({ until: fake.clock.now() + ms, wake });
      }),
  };
  // Quiet: nothing changed for a few turns, and the app is idle or waits on one of our sleeps
  // (signing the app's JWT runs on libuv's pool, so a turn is a short real timer, not a tick).
  const quiet = async () => {
    let last = '';
    let stable = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await fake.webhooks.idle();
      const stats = app?.stats() ?? { running: 0, waiting: 0 };
      const now = `${sleeps.length}/${fake.calls.all().length}/${stats.running}/${stats.waiting}`;
      stable = now === last ? stable + 1 : 0;
      last = now;
      const blocked = sleeps.length > 0 || (stats.running === 0 && stats.waiting === 0);
      if (blocked && stable >= 5) return;
    }
  };
  const runUntil = async (time: number) => {
    for (;;) {
      await quiet();
      sleeps.sort((a, b) => a.until - b.until);
      const next = sleeps[0];
      if (!next || next.until > time) break;
      sleeps.shift();
      if (next.until > fake.clock.now()) fake.clock.advance(next.until - fake.clock.now());
      next.wake();
    }
    if (Number.isFinite(time) && time > fake.clock.now())
      fake.clock.advance(time - fake.clock.now());
  };
  return { clock, runUntil, watch: (watched: MilestoneSyncApp) => (app = watched) };
}

function silentPino(): PinoLogger {
  const noop = () => undefined;
  const log = {
    level: 'silent',
    child: () => log,
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
  };
  return log as unknown as PinoLogger;
}

await runAsScript({ url: import.meta.url, main });
