import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Logger as PinoLogger } from 'probot';
import { Probot, createNodeMiddleware } from 'probot';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { MilestoneSyncApp } from '../src/app/app.js';
import { milestoneSyncApp } from '../src/app/app.js';
import { SyncOctokit } from '../src/app/sync-octokit.js';
import type { Clock } from '../src/sync/pace-writes.js';
import { runAsScript } from './run-as-script.js';
import { percentile } from '../bench/load-stats.js';
import { postSignedDelivery } from '../bench/post-signed-delivery.js';

const SECRET = 'measure-secret';
const SEED = fileURLToPath(
  new URL('../test/fixtures/seeds/feature-flags-MILESTONES.md', import.meta.url),
);

/**
 * `tsx tools/measure-webhook-ack.ts [deliveries]` (not a test: it reports times, tests never
 * assert them): how long the webhook endpoint takes to answer while a paced first sync of the
 * largest seed (264 writes, 80 a minute) runs. The fake GitHub's clock is virtual; a pacing wait
 * of N ms costs at most 100 ms of real time, so the sync keeps working (and the event loop busy)
 * for about 20 s while signed `issues.closed` deliveries are POSTed one after another over HTTP.
 * Prints the median, p99 and max answer times of those answered while the sync was running.
 * Real `serve` processes under a burst (one and two replicas, PostgreSQL): bench/bench-load.ts.
 */
async function main(params: {
  argv: string[];
  write: (text: string) => void;
  writeError: (text: string) => void;
}): Promise<number> {
  const count = Number(params.argv[0] ?? '50');
  const fake = createFakeGitHub({ webhookSecret: SECRET });
  fake.createRepo({
    fullName: 'acme/plan',
    // Its own config file opts the repository in: installing syncs it at once.
    files: {
      'MILESTONES.md': readFileSync(SEED, 'utf8'),
      '.github/milestone-sync.yml': 'dashboard: true\n',
    },
  });
  const clock: Clock = {
    now: () => fake.clock.now(),
    sleep: async (ms) => {
      await delay(Math.min(ms, 100));
      fake.clock.advance(ms);
    },
  };
  const probot = new Probot({
    appId: 4242,
    privateKey: generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey,
    secret: SECRET,
    baseUrl: fake.urls.api,
    request: { fetch: fake.fetch },
    log: silentPino(),
    Octokit: SyncOctokit,
  });
  let app!: MilestoneSyncApp;
  const middleware = await createNodeMiddleware(
    (probotApp, options) => {
      app = milestoneSyncApp(probotApp, { ...options, appSlug: 'milestone-sync', clock });
    },
    { probot },
  );
  const server = createServer((request, response) => {
    void middleware(request, response, () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/github/webhooks`;

  const post = async (params: { event: string; body: string }): Promise<number> => {
    const { ms, status } = await postSignedDelivery({ url, secret: SECRET, ...params });
    if (status >= 300) throw new Error(`answered ${status}`);
    return ms;
  };

  // The installation, as GitHub would deliver it, starts the first sync.
  fake.webhooks.enabled = false;
  fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
  const repo = fake.repo('acme/plan');
  const installMs = await post({
    event: 'installation',
    body: JSON.stringify({
      action: 'created',
      installation: { id: 77, app_slug: 'milestone-sync', account: { login: 'acme' } },
      repositories: [{ id: repo.id, node_id: repo.nodeId, name: 'plan', full_name: 'acme/plan' }],
      sender: { login: 'acme', type: 'User' },
    }),
  });
  // Let it get into its paced part (after the first 80 writes).
  while (fake.calls.writes().filter((c) => c.route.includes(' /repos/')).length < 90) {
    await delay(5);
  }
  const issue = [...repo.issues.values()][0];
  const closed = JSON.stringify({
    action: 'closed',
    issue: { number: issue?.number ?? 1 },
    repository: { id: repo.id, name: 'plan', full_name: 'acme/plan', owner: { login: 'acme' } },
    installation: { id: 77 },
    sender: { login: 'octocat', type: 'User' },
  });
  const times: number[] = [];
  let after = 0;
  for (let i = 0; i < count; i++) {
    const ms = await post({ event: 'issues', body: closed });
    // Only answers given while the first sync was still running count.
    if (app.stats().runs === 1 && app.stats().running > 0) times.push(ms);
    else after++;
  }
  const writesWhenDone = fake.calls.writes().length;
  await app.close();
  server.close();
  const at = (q: number) => percentile({ values: times, q });
  params.write(
    [
      `installation delivery answered in ${installMs.toFixed(1)} ms (its sync then ran on)`,
      `${times.length} issues.closed deliveries answered while the first sync was running (${writesWhenDone} writes sent by the end; ${after} answered after it, not counted):`,
      `  median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
      '',
    ].join('\n'),
  );
  return 0;
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
