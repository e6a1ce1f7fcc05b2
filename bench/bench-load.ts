import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import type { BenchContext, BenchSection } from './section-types.js';
import { generatePlan } from './generate-plan.js';
import type { Histogram } from './load-stats.js';
import { combineHistograms, histogramOf, parseExposition, sumOf } from './load-stats.js';
import { mapConcurrently, postSignedDelivery } from './post-signed-delivery.js';
import type { PostDeliveriesJob, PostDeliveriesResult } from './post-deliveries-worker.js';
import { startTsWorker } from './start-ts-worker.js';
import type { LoadResult, ProcessMemory } from './render-load-report.js';
import { renderLoadReport } from './render-load-report.js';
import type { ServeProcess } from './start-serve-process.js';
import { startServeProcess } from './start-serve-process.js';

const SECRET = 'bench-load-secret';
const WEBHOOKS = '/api/github/webhooks';
const PLAN = 'MILESTONES.md';
const IN_FLIGHT = 32;
/** Where fresh databases are made (and dropped) for the PostgreSQL setups. */
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

interface Setup {
  label: string;
  replicas: 1 | 2;
  database: boolean;
}

const SETUPS: Setup[] = [
  { label: 'in memory, 1 replica', replicas: 1, database: false },
  { label: 'in memory, 2 replicas (a queue each)', replicas: 2, database: false },
  { label: 'PostgreSQL, 1 replica', replicas: 1, database: true },
  { label: 'PostgreSQL, 2 replicas (one database)', replicas: 2, database: true },
];

interface BenchRepo {
  fullName: string;
  owner: string;
  id: number;
  nodeId: string;
  installationId: number;
}

/**
 * `npm run bench -- --only load`: real `milestone-sync serve` processes (dist/cli/main.js, built
 * first if stale) against the fake GitHub served over HTTP by this process. 100 repositories,
 * each its own installation with a small generated plan and a config file (opted in), are
 * synced once by a warm-up process; then, for each setup, one issue per repository is closed
 * (no webhook) and a burst of 1,000 signed `issues.closed` deliveries (10 per repository) is
 * POSTed, 32 in flight, round-robin over the replicas. Measured: answer times, the queue wait
 * and run time of each sync (`milestone_sync_job_wait_seconds`, `_sync_duration_seconds` from
 * `GET /metrics`), the time until every queue is empty (`GET /health`), and each process's RSS
 * (/proc, sampled every 100 ms) and heap (`/metrics`).
 */
async function runLoadBench(context: BenchContext): Promise<string> {
  const repoCount = context.quick ? 10 : 100;
  const deliveries = context.quick ? 100 : 1000;
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'tools/build-if-stale.ts'], {
    cwd: context.root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building dist/ failed');

  const fake = createFakeGitHub({
    webhookSecret: SECRET,
    rateLimit: 1_000_000_000,
    // The fake answers every sync of every replica in this one process: checking each request
    // and response against the OpenAPI description (what the tests do) would make it the
    // bottleneck of the runs measured here.
    validateRequests: false,
    validateResponses: 'off',
  });
  fake.webhooks.enabled = false;
  const repos = createRepos({ fake, count: repoCount });
  const api = await fake.listen();
  const env = {
    APP_ID: '4242',
    PRIVATE_KEY: generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey,
    WEBHOOK_SECRET: SECRET,
    GITHUB_API_URL: `${api.url}/api/v3`,
    APP_SLUG: 'milestone-sync',
    // Syncs start at once: the wait measured is the queue's, not the (5 s) batching window.
    BATCH_WINDOW_MS: '0',
    REDELIVER_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
  };
  const results: LoadResult[] = [];
  const notes: string[] = [];
  try {
    context.log(`load: warm-up, first sync of ${repoCount} repositories`);
    await warmUp({ context, env, fake, repos });
    const databaseUp = await reachable(ADMIN_URL);
    if (!databaseUp)
      notes.push(`PostgreSQL at ${ADMIN_URL} did not answer: its setups were skipped.`);
    for (const setup of SETUPS) {
      if (setup.database && !databaseUp) continue;
      if (context.quick && setup.replicas === 2 && !setup.database) continue;
      context.log(`load: ${setup.label}`);
      results.push(await runSetup({ context, env, fake, repos, setup, deliveries }));
    }
  } finally {
    await api.close();
  }
  const violations = fake.violations.length;
  return [
    `${repoCount} repositories, each its own installation (the app paces writes per installation)`,
    'with a generated plan of 16 deliverables, opted in, synced once before. For each setup: fresh',
    '`milestone-sync serve` processes (`node dist/cli/main.js serve`, `LOG_LEVEL=info`,',
    '`BATCH_WINDOW_MS=0` so a sync waits for the queue only; with PostgreSQL a fresh database), one',
    `issue closed per repository, then ${deliveries} signed \`issues.closed\` deliveries`,
    `(${deliveries / repoCount} per repository, interleaved) POSTed over HTTP from a worker thread,`,
    `${IN_FLIGHT} in flight, round-robin over the replicas. The fake GitHub (\`packages/fake-github\`,`,
    'OpenAPI checks off here) answers over HTTP from the bench’s main thread, on the same machine as',
    'the replicas and PostgreSQL: every number includes that shared CPU.',
    '',
    renderLoadReport({ results }),
    'Job latency reads `milestone_sync_job_wait_seconds` (from the first delivery merged into a sync',
    'to its run starting) and `milestone_sync_sync_duration_seconds` from `GET /metrics` of every',
    'replica: percentiles are interpolated in the histogram buckets as Prometheus does, the maximum',
    'is the bound of the highest non-empty bucket. “All acked” and “queue drained” count from the',
    'first POST; drained is when `GET /health` of every replica shows nothing running or waiting',
    '(with PostgreSQL, read from the database). “Plan files edited”: repositories whose plan got a',
    'commit, i.e. the closed issue was ticked. In memory with two replicas each process has its own',
    'queue and delivery dedupe (what `serve` without `DATABASE_URL` is; not a supported replica',
    'setup). RSS from /proc sampled every 100 ms; heap is `milestone_sync_nodejs_heap_size_used_bytes`.',
    ...(violations > 0 ? ['', `The fake recorded ${violations} schema violation(s).`] : []),
    ...notes.map((note) => `\n${note}`),
    '',
  ].join('\n');
}

export const benchSection: BenchSection = {
  id: 'load',
  title: 'Load: `serve` processes under a burst of webhooks',
  run: runLoadBench,
};

function createRepos(params: { fake: FakeGitHub; count: number }): BenchRepo[] {
  const repos: BenchRepo[] = [];
  for (let i = 1; i <= params.count; i++) {
    const owner = `org-${String(i).padStart(3, '0')}`;
    const fullName = `${owner}/plan`;
    const repo = params.fake.createRepo({
      fullName,
      files: {
        [PLAN]: generatePlan({ deliverables: 16, seed: i }),
        '.github/milestone-sync.yml': '# opted in (bench)\n',
      },
    });
    const installation = params.fake.install({ account: owner, repos: [fullName], id: 1000 + i });
    repos.push({
      fullName,
      owner,
      id: repo.id,
      nodeId: repo.nodeId,
      installationId: installation.id,
    });
  }
  return repos;
}

/** One in-memory process receives every installation and runs each first sync. */
async function warmUp(params: {
  context: BenchContext;
  env: Record<string, string>;
  fake: FakeGitHub;
  repos: BenchRepo[];
}): Promise<void> {
  const serve = await startServeProcess({ root: params.context.root, env: params.env });
  try {
    await mapConcurrently({
      items: params.repos,
      limit: 8,
      run: async (repo) => {
        const { status } = await postSignedDelivery({
          url: `${serve.url}${WEBHOOKS}`,
          secret: SECRET,
          event: 'installation',
          body: JSON.stringify({
            action: 'created',
            installation: {
              id: repo.installationId,
              app_slug: 'milestone-sync',
              account: { login: repo.owner },
            },
            repositories: [
              { id: repo.id, node_id: repo.nodeId, name: 'plan', full_name: repo.fullName },
            ],
            sender: { login: repo.owner, type: 'User' },
          }),
        });
        if (status >= 300) throw new Error(`installation delivery answered ${status}`);
      },
    });
    await waitForDrain([serve]);
  } finally {
    await serve.stop();
  }
  const unsynced = params.repos.filter((r) => params.fake.repo(r.fullName).issues.size === 0);
  if (unsynced.length > 0) {
    throw new Error(
      `warm-up left ${unsynced.length} repositories unsynced, e.g. ${unsynced[0]?.fullName}`,
    );
  }
}

async function runSetup(params: {
  context: BenchContext;
  env: Record<string, string>;
  fake: FakeGitHub;
  repos: BenchRepo[];
  setup: Setup;
  deliveries: number;
}): Promise<LoadResult> {
  const { fake, repos, setup } = params;
  const database = setup.database ? await createDatabase() : undefined;
  const processes: ServeProcess[] = [];
  try {
    // One after another: the first sets up the schemas.
    for (let i = 0; i < setup.replicas; i++) {
      processes.push(
        await startServeProcess({
          root: params.context.root,
          env: { ...params.env, ...(database ? { DATABASE_URL: database.url } : {}) },
        }),
      );
    }
    // A change for every repository to sync: one open issue closed, without a webhook.
    const closed = repos.map((repo) => {
      const issue = [...fake.repo(repo.fullName).issues.values()]
        .filter((i) => i.state === 'open' && !i.isPullRequest)
        .sort((a, b) => a.number - b.number)[0];
      if (!issue) throw new Error(`${repo.fullName} has no open issue left to close`);
      fake.human.closeIssue({ repo: repo.fullName, number: issue.number });
      return { repo, number: issue.number };
    });
    // First the same deliveries as the app's own events: each is claimed (its id stored) and
    // let go without a sync, so their answers time the handling alone.
    const own = await postInWorker({
      secret: SECRET,
      limit: IN_FLIGHT,
      deliveries: burst({
        closed,
        processes,
        count: params.deliveries,
        sender: 'milestone-sync[bot]',
      }),
    });
    await waitForDrain(processes);
    const heads = new Map(repos.map((r) => [r.fullName, headOf(fake, r.fullName)]));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await Promise.all(processes.map((p) => scrape(p)));
    const rssBefore = processes.map((p) => p.rss());
    const rssPeak = [...rssBefore];
    const sampler = setInterval(() => {
      processes.forEach((p, i) => {
        const rss = p.rss();
        if (rss !== undefined) rssPeak[i] = Math.max(rssPeak[i] ?? 0, rss);
      });
    }, 100);

    const started = performance.now();
    const posted = await postInWorker({
      secret: SECRET,
      limit: IN_FLIGHT,
      deliveries: burst({ closed, processes, count: params.deliveries, sender: 'octocat' }),
    });
    await waitForDrain(processes);
    const drained = performance.now();
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await Promise.all(processes.map((p) => scrape(p)));
    const rssAfter = processes.map((p) => p.rss());
    const memory: ProcessMemory[] = processes.map((_, i) => ({
      name: `replica ${i + 1}`,
      rssBefore: rssBefore[i],
      rssPeak: rssPeak[i],
      rssAfter: rssAfter[i],
      heapBefore: before[i]?.heap,
      heapAfter: after[i]?.heap,
    }));
    const delta = (pick: (s: Scrape) => Histogram) =>
      combineHistograms({ plus: after.map(pick), minus: before.map(pick) });
    return {
      label: setup.label,
      deliveries: params.deliveries,
      inFlight: IN_FLIGHT,
      ownAck: {
        ms: own.ms.filter((value) => Number.isFinite(value)),
        failed: own.failed,
        seconds: own.seconds,
      },
      ackMs: posted.ms.filter((value) => Number.isFinite(value)),
      failed: posted.failed,
      ackSeconds: posted.seconds,
      drainSeconds: (drained - started) / 1000,
      wait: delta((s) => s.wait),
      duration: delta((s) => s.duration),
      repos: repos.length,
      edited: repos.filter((r) => headOf(fake, r.fullName) !== heads.get(r.fullName)).length,
      memory,
    };
  } finally {
    for (const p of processes) await p.stop();
    await database?.drop();
  }
}

/** `count` signed `issues.closed` deliveries over the repositories, round-robin over processes. */
function burst(params: {
  closed: { repo: BenchRepo; number: number }[];
  processes: ServeProcess[];
  count: number;
  sender: string;
}): PostDeliveriesJob['deliveries'] {
  return Array.from({ length: params.count }, (_, k) => {
    const { repo, number } = params.closed[k % params.closed.length] as {
      repo: BenchRepo;
      number: number;
    };
    const target = params.processes[k % params.processes.length] as ServeProcess;
    return {
      url: `${target.url}${WEBHOOKS}`,
      event: 'issues',
      body: JSON.stringify({
        action: 'closed',
        issue: { number },
        repository: {
          id: repo.id,
          name: 'plan',
          full_name: repo.fullName,
          html_url: `https://github.test/${repo.fullName}`,
          owner: { login: repo.owner },
          archived: false,
        },
        installation: { id: repo.installationId },
        sender: { login: params.sender, type: params.sender.endsWith('[bot]') ? 'Bot' : 'User' },
      }),
    };
  });
}

/** Posts the deliveries from a worker thread (post-deliveries-worker.ts). */
async function postInWorker(job: PostDeliveriesJob): Promise<PostDeliveriesResult> {
  const worker = startTsWorker({
    script: new URL('./post-deliveries-worker.ts', import.meta.url),
    workerData: job,
  });
  try {
    return await new Promise<PostDeliveriesResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`delivery worker exited (${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}

function headOf(fake: FakeGitHub, fullName: string): string {
  const repo = fake.repo(fullName);
  return repo.branches.get(repo.defaultBranch)?.headSha ?? '';
}

interface Scrape {
  wait: Histogram;
  duration: Histogram;
  heap: number;
}

async function scrape(serve: ServeProcess): Promise<Scrape> {
  const response = await fetch(`${serve.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const samples = parseExposition(await response.text());
  return {
    wait: histogramOf({ samples, name: 'milestone_sync_job_wait_seconds' }),
    duration: histogramOf({ samples, name: 'milestone_sync_sync_duration_seconds' }),
    heap: sumOf({ samples, name: 'milestone_sync_nodejs_heap_size_used_bytes' }),
  };
}

/** Until `GET /health` of every process shows nothing running or waiting (10 minutes at most). */
async function waitForDrain(processes: ServeProcess[]): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const healths = await Promise.all(
      processes.map(async (p) => {
        const response = await fetch(`${p.url}/health`, { signal: AbortSignal.timeout(10_000) });
        return (await response.json()) as { queue: { running: number; waiting: number } };
      }),
    );
    if (healths.every((h) => h.queue.running + h.queue.waiting === 0)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `queues not drained after 10 minutes:\n${processes.map((p) => p.tail()).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database `milestone_sync_bench_<random>` on the server of ADMIN_URL. */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `milestone_sync_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
