import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { FakeGitHub, FakeIssue, WebhookDelivery } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';
import { REPO_LOCK_CLASS } from '../../src/app/postgres-repo-lock.js';
import { MERGE_SUMMARY_MARKER } from '../../src/report/render-merge-summary.js';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import { privateKey } from '../app/app-helpers.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { ServeProcess } from '../helpers/start-serve-process.js';
import { startServeProcess, stopAllServeProcesses } from '../helpers/start-serve-process.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';

/**
 * Two real `milestone-sync serve` processes on one PostgreSQL database, driven over HTTP by the
 * fake GitHub listening in this process (docs/decisions/0004-durable-queue.md, issue #9):
 * - the same deliveries (one delivery id) posted to both at once, and different deliveries for the
 *   same repositories interleaved between them while their syncs run (people closing issues,
 *   pushing deliverables, merging a pull request, pushing to an open one): every repository ends
 *   with one issue per deliverable, no milestone twice, one dashboard, no comment twice (one merge
 *   summary, one preview, of the current head), and every issue a person closed ticked;
 * - a replica killed with SIGKILL in the middle of a sync (the file committed, 3 of 23 issues
 *   created, the 4th request landing after its death): the other runs the job once its sweep
 *   finds the dead replica, without a duplicate issue or a second commit.
 */

const SECRET = 'replicas-secret';
const KEY = privateKey();
const reachable = await databaseReachable();
const JOBS = 'graphile_worker.jobs';

let database: TestDatabase | undefined;
let pool: pg.Pool;
const allReplicas: ServeProcess[] = [];

afterEach(async () => {
  // Debugging: REPLICA_LOGS=/tmp/replica keeps each replica's output in /tmp/replica-<i>.log
  // (REPLICA_LOG_LEVEL=debug for more).
  if (process.env.REPLICA_LOGS) {
    const { writeFileSync } = await import('node:fs');
    allReplicas.forEach((replica, i) =>
      writeFileSync(`${process.env.REPLICA_LOGS}-${i}.log`, replica.logs()),
    );
  }
  allReplicas.length = 0;
  await stopAllServeProcesses();
  await database?.drop();
  database = undefined;
});

async function startReplicas(params: { apiUrl: string; names: string[] }) {
  const db = await createTestDatabase();
  database = db;
  pool = db.pool(4);
  const replicas = await Promise.all(
    params.names.map((name) =>
      startServeProcess({
        env: {
          APP_ID: '4242',
          PRIVATE_KEY: KEY,
          WEBHOOK_SECRET: SECRET,
          APP_SLUG: 'milestone-sync',
          GITHUB_API_URL: `${params.apiUrl}/api/v3`,
          DATABASE_URL: db.url,
          // Names the replica's database sessions (node-postgres reads it): who holds a lock.
          PGAPPNAME: name,
          LOG_LEVEL: process.env.REPLICA_LOG_LEVEL ?? 'info',
          LOG_FORMAT: 'json',
          BATCH_WINDOW_MS: '100',
          QUEUE_SWEEP_INTERVAL_MS: '200',
          QUEUE_SWEEP_GRACE_MS: '1000',
        },
      }),
    ),
  );
  allReplicas.push(...replicas);
  return replicas;
}

/**
 * POSTs a delivery as GitHub does (same id, headers and signed body) on a connection of its own
 * (a reused keep-alive connection may be closed by the server just as it is reused), and checks
 * the answer.
 */
async function post(delivery: WebhookDelivery, replica: ServeProcess): Promise<void> {
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      `${replica.url}/api/github/webhooks`,
      { method: 'POST', headers: delivery.headers, agent: false, timeout: 10_000 },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    request.once('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.once('error', reject);
    request.end(delivery.body);
  });
  if (status < 200 || status >= 300) {
    throw new Error(`delivery ${delivery.id} (${delivery.event}) answered ${status}`);
  }
}

/**
 * Posts every delivery of `fake` to the replicas `route` picks, without waiting for the answers
 * (GitHub sends deliveries concurrently); `idle()` waits for those posted so far and throws the
 * first failure (a delivery not answered 2xx).
 */
function routeDeliveries(params: {
  fake: FakeGitHub;
  route: (index: number) => ServeProcess[];
  /** A failure to post to this replica is expected (it was killed). */
  killed?: (replica: ServeProcess) => boolean;
}): {
  idle: () => Promise<void>;
} {
  const inflight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let index = 0;
  params.fake.webhooks.subscribe((delivery) => {
    const sending = Promise.all(
      params.route(index++).map((replica) =>
        post(delivery, replica).catch((error: unknown) => {
          if (!params.killed?.(replica)) failures.push(error);
        }),
      ),
    ).then(() => undefined);
    inflight.add(sending);
    void sending.finally(() => inflight.delete(sending));
  });
  return {
    idle: async () => {
      while (inflight.size > 0) await Promise.all([...inflight]);
      if (failures.length > 0) throw failures[0];
    },
  };
}

/**
 * Waits (at most `timeoutMs`) until every delivery was posted and no sync job is left in the
 * database, twice in a row (a sync's own writes emit deliveries, which replicas ignore). Fails
 * fast on a job that failed.
 */
async function settle(params: {
  fake: FakeGitHub;
  deliveries: { idle: () => Promise<void> };
  timeoutMs?: number;
}): Promise<void> {
  const { fake, deliveries } = params;
  const timeoutMs = params.timeoutMs ?? 45_000;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) {
      const left = await pool.query(`select * from ${JOBS}`);
      throw new Error(`the replicas did not settle in time: ${JSON.stringify(left.rows)}`);
    }
    await fake.webhooks.idle();
    await deliveries.idle();
    const { rows } = await pool.query<{ jobs: string; failed: string | null }>(
      `select count(*) as jobs, max(last_error) as failed from ${JOBS}`,
    );
    if (rows[0]?.failed) throw new Error(`a sync job failed: ${rows[0].failed}`);
    quiet = Number(rows[0]?.jobs) === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const issuesOf = (fake: FakeGitHub, repo: string) =>
  [...fake.repo(repo).issues.values()].filter((issue) => !issue.isPullRequest);

function fileText(fake: FakeGitHub, params: { name: string; path: string }): string {
  const repo = fake.repo(params.name);
  const head = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
  const blob = repo.commits.get(head)?.files.get(params.path);
  if (!blob) throw new Error(`${params.name}: ${params.path} missing`);
  return blob.bytes.toString('utf8');
}

function leaves(text: string): Item[] {
  const found: Item[] = [];
  const walk = (items: Item[]) => {
    for (const item of items) {
      if (item.children.length > 0) walk(item.children);
      else found.push(item);
    }
  };
  for (const milestone of parsePlan({ text }).plan.milestones) walk(milestone.items);
  return found;
}

/** Values that occur more than once. */
function repeated(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.size === seen.add(value).size))];
}

/** Every repository's issues, milestones, dashboards and comments, each exactly once. */
function expectNothingTwice(fake: FakeGitHub, repos: readonly { name: string }[]): void {
  for (const { name } of repos) {
    const issues = issuesOf(fake, name);
    const keys = issues.flatMap((issue) => {
      const marker = decodeMarker(issue.body);
      return marker ? [`${marker.file}#${marker.key}`] : [];
    });
    expect(repeated(keys), `${name}: issues with the same marker`).toEqual([]);
    const titles = issues.filter((issue) => decodeMarker(issue.body)).map((i) => i.title);
    expect(repeated(titles), `${name}: issues with the same title`).toEqual([]);
    const dashboards = issues.filter((issue) => decodeDashboardMarker(issue.body) !== null);
    expect(dashboards, `${name}: dashboards`).toHaveLength(1);
    const milestones = [...fake.repo(name).milestones.values()].map((m) => m.title);
    expect(repeated(milestones), `${name}: milestones with the same title`).toEqual([]);
    const comments = [...fake.repo(name).comments.values()].map(
      (comment) => `${comment.issueNumber}:${comment.body.split('\n')[0]}`,
    );
    expect(repeated(comments), `${name}: comments`).toEqual([]);
  }
}

const REPOS = [
  { name: 'acme-a/plan', seed: 'elemta-MILESTONES.md', path: 'MILESTONES.md' },
  { name: 'acme-b/plan', seed: 'axum-cloudflare-MILESTONES.md', path: 'MILESTONES.md' },
  { name: 'acme-c/roadmap', seed: 'elemta-MILESTONES.md', path: 'ROADMAP.md' },
] as const;

describe.skipIf(!reachable)('two serve processes on one database', () => {
  it('the same and interleaved deliveries: nothing duplicated, no tick lost', async () => {
    const fake = createFakeGitHub({ webhookSecret: SECRET });
    for (const repo of REPOS) {
      fake.createRepo({
        fullName: repo.name,
        files: {
          [repo.path]: readSeed(repo.seed),
          '.github/milestone-sync.yml': `path: ${repo.path}\ndashboard: true\n`,
        },
      });
    }
    const api = await fake.listen();
    try {
      const [a, b] = await startReplicas({ apiUrl: api.url, names: ['replica-a', 'replica-b'] });
      if (!a || !b) throw new Error('two replicas');
      // Deliveries in turn: to both at once (one delivery id), to A only, to B only.
      const routes = { both: 0, a: 0, b: 0 };
      const deliveries = routeDeliveries({
        fake,
        route: (index) => {
          const turn = (['both', 'a', 'b'] as const)[index % 3] ?? 'both';
          routes[turn]++;
          return turn === 'both' ? [a, b] : turn === 'a' ? [a] : [b];
        },
      });

      // 1. One installation per repository (write pacing is per installation and process).
      REPOS.forEach((repo, i) => {
        fake.install({ account: repo.name.split('/')[0] ?? '', repos: [repo.name], id: 100 + i });
      });
      await settle({ fake, deliveries });
      expectNothingTwice(fake, REPOS);
      const firstIssues = REPOS.map((repo) => issuesOf(fake, repo.name).length);

      // 2. A burst across the repositories, while syncs run: people close issues and push
      // new deliverables; a pull request adding a deliverable is merged.
      const closed: { repo: string; number: number }[] = [];
      const added: { repo: string; text: string }[] = [];
      for (let round = 0; round < 3; round++) {
        for (const repo of REPOS) {
          const open = issuesOf(fake, repo.name).filter(
            (issue: FakeIssue) => issue.state === 'open' && decodeMarker(issue.body) !== null,
          );
          for (const issue of open.slice(round * 2, round * 2 + 2)) {
            fake.human.as('carol').closeIssue({ repo: repo.name, number: issue.number });
            closed.push({ repo: repo.name, number: issue.number });
          }
          const text = `Replica deliverable ${round + 1}`;
          fake.human.as('bob').editFile({
            repo: repo.name,
            path: repo.path,
            content: withDeliverable({ text: fileText(fake, repo), deliverable: text }),
          });
          added.push({ repo: repo.name, text });
          await new Promise((resolve) => setTimeout(resolve, 40 * round));
        }
      }
      const merged = mergePullAddingDeliverable({ fake, repo: REPOS[0] });
      // A pull request left open, pushed to twice at once: its opened and synchronize
      // deliveries reach different replicas, whose previews run at the same time.
      const previewed = openPullPushedTwice({ fake, repo: REPOS[1] });
      await settle({ fake, deliveries });

      // 3. Nothing twice; every close ticked; every new deliverable has its issue.
      expectNothingTwice(fake, REPOS);
      for (const { repo, number } of closed) {
        const issue = fake.repo(repo).issues.get(number);
        const marker = decodeMarker(issue?.body);
        const item = leaves(fileText(fake, REPOS.find((r) => r.name === repo) ?? REPOS[0])).find(
          (leaf) => leaf.key === marker?.key || leaf.issue === number,
        );
        expect(item?.checked, `${repo}#${number} ticked`).toBe(true);
      }
      for (const { repo, text } of [...added, merged]) {
        const withTitle = issuesOf(fake, repo).filter((issue) => issue.title === text);
        expect(withTitle, `${repo}: ${text}`).toHaveLength(1);
      }
      REPOS.forEach((repo, i) => {
        expect(issuesOf(fake, repo.name).length).toBe(
          (firstIssues[i] ?? 0) + 3 + (i === 0 ? 1 : 0),
        );
      });
      const summaries = [...fake.repo(REPOS[0].name).comments.values()].filter(
        (comment) =>
          comment.issueNumber === merged.pull && comment.body.startsWith(MERGE_SUMMARY_MARKER),
      );
      expect(summaries).toHaveLength(1);
      const previews = [...fake.repo(REPOS[1].name).comments.values()].filter(
        (comment) =>
          comment.issueNumber === previewed && comment.body.startsWith(PR_PREVIEW_MARKER),
      );
      expect(previews).toHaveLength(1);
      // It describes the pull request's head, whichever replica previewed the older one last.
      const head = fake.repo(REPOS[1].name).branches.get('draft')?.headSha ?? '';
      expect(previews[0]?.body).toContain(`\`${head.slice(0, 7)}\``);
      // Both replicas took deliveries of every kind; neither logged an error.
      expect(routes.both).toBeGreaterThan(3);
      expect(routes.a).toBeGreaterThan(3);
      expect(routes.b).toBeGreaterThan(3);
      for (const replica of [a, b]) {
        expect(errorLines(replica.logs()), replica.logs()).toEqual([]);
      }
      fake.assertNoViolations();
    } finally {
      await stopAllServeProcesses();
      await api.close();
    }
  }, 120_000);

  it('a replica killed with SIGKILL mid-sync: the other completes it, nothing twice', async () => {
    const repo = REPOS[0];
    const fake = createFakeGitHub({ webhookSecret: SECRET });
    // The plan links its first deliverable to an issue already closed: the first sync ticks it,
    // so it commits the file (before it creates issues: assemble-actions.ts orders the file edit
    // first), creates the other deliverables' issues, then the dashboard.
    const seed = readSeed(repo.seed);
    const first = leaves(seed)[0];
    if (!first) throw new Error('no deliverable');
    fake.createRepo({
      fullName: repo.name,
      files: {
        [repo.path]: seed.replace(first.text, `${first.text} (#1)`),
        '.github/milestone-sync.yml': `path: ${repo.path}\ndashboard: true\n`,
      },
    });
    const done = fake.human.createIssue({ repo: repo.name, title: first.title });
    fake.human.closeIssue({ repo: repo.name, number: done.number });
    expect(done.number).toBe(1);
    const api = await fake.listen();
    try {
      const names = ['replica-a', 'replica-b'];
      const replicas = await startReplicas({ apiUrl: api.url, names });
      const killed = new Set<ServeProcess>();
      // Every delivery to every replica still running.
      const deliveries = routeDeliveries({
        fake,
        route: () => replicas.filter((replica) => !killed.has(replica)),
        killed: (replica) => killed.has(replica),
      });
      // The 4th issue created is held: its replica is then mid-sync (file committed, 3 of 23
      // issues created, no dashboard yet).
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let posts = 0;
      const held = fake.faults.next({
        route: 'POST /repos/{owner}/{repo}/issues',
        when: () => ++posts === 4,
        before: () => gate,
      });
      const commits = () => fake.calls.count('PUT /repos/{owner}/{repo}/contents/{path}');
      fake.install({ account: 'acme-a', repos: [repo.name], id: 100 });
      await waitFor(() => held.fired === 1, 30_000, 'the 4th issue to be asked for');
      expect(issuesOf(fake, repo.name)).toHaveLength(1 + 3);
      expect(commits()).toBe(1);

      // Who runs it: the replica whose session holds the repository's advisory lock.
      const { rows } = await pool.query<{ application_name: string }>(
        `select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.classid = $1 and l.objid = $2 and l.granted`,
        [REPO_LOCK_CLASS, fake.repo(repo.name).id],
      );
      const holder = names.indexOf(rows[0]?.application_name ?? '');
      expect(holder).toBeGreaterThanOrEqual(0);
      const [victim, survivor] = holder === 0 ? replicas : [...replicas].reverse();
      if (!victim || !survivor) throw new Error('two replicas');
      killed.add(victim);
      await victim.kill('SIGKILL');
      // The request it was waiting on still lands (GitHub may apply a write whose answer is
      // lost): the 4th issue exists, and the survivor must find it rather than make another.
      release();
      await waitFor(() => issuesOf(fake, repo.name).length === 1 + 4, 5_000, 'the held issue');

      await settle({ fake, deliveries });
      // The survivor found the dead replica's job (its liveness lock free) and ran it.
      expect(survivor.logs()).toContain('jobs of stopped workers released');
      expectNothingTwice(fake, [repo]);
      const tracked = issuesOf(fake, repo.name).filter((issue) => decodeMarker(issue.body));
      expect(tracked).toHaveLength(leaves(seed).length);
      expect(tracked.map((issue) => issue.number)).toContain(1);
      // Still the one commit of the file, the linked deliverable ticked.
      expect(commits()).toBe(1);
      const ticked = leaves(fileText(fake, repo)).find((leaf) => leaf.issue === 1);
      expect(ticked?.checked).toBe(true);
      expect(errorLines(survivor.logs()), survivor.logs()).toEqual([]);
      // SIGTERM: the survivor stops cleanly.
      expect(await survivor.stop()).toBe(0);
      fake.assertNoViolations();
    } finally {
      await stopAllServeProcesses();
      await api.close();
    }
  });
});

/** `deliverable` added as an open checkbox after the first checkbox line of the plan. */
function withDeliverable(params: { text: string; deliverable: string }): string {
  const lines = params.text.split('\n');
  const at = lines.findIndex((line) => /^\s*[-*] \[[ xX]\] /.test(line));
  if (at < 0) throw new Error('no checkbox line');
  const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
  lines.splice(at + 1, 0, `${indent}- [ ] ${params.deliverable}`);
  return lines.join('\n');
}

/** A person's pull request adding a deliverable to the plan, merged: a push to main. */
function mergePullAddingDeliverable(params: { fake: FakeGitHub; repo: (typeof REPOS)[number] }): {
  repo: string;
  text: string;
  pull: number;
} {
  const { fake, repo } = params;
  const state = fake.repo(repo.name);
  state.branches.set('add-one', {
    name: 'add-one',
    headSha: state.branches.get(state.defaultBranch)?.headSha ?? '',
    protected: false,
  });
  const text = 'Replica deliverable from a pull request';
  fake.human.as('bob').editFile({
    repo: repo.name,
    path: repo.path,
    branch: 'add-one',
    content: withDeliverable({ text: fileText(fake, repo), deliverable: text }),
  });
  const pull = fake.human.as('bob').openPullRequest({ repo: repo.name, head: 'add-one' });
  fake.human.as('alice').mergePull({ repo: repo.name, number: pull.number });
  return { repo: repo.name, text, pull: pull.number };
}

/** A person's pull request editing the plan, opened then pushed to at once; its number. */
function openPullPushedTwice(params: { fake: FakeGitHub; repo: (typeof REPOS)[number] }): number {
  const { fake, repo } = params;
  const state = fake.repo(repo.name);
  state.branches.set('draft', {
    name: 'draft',
    headSha: state.branches.get(state.defaultBranch)?.headSha ?? '',
    protected: false,
  });
  const base = fileText(fake, repo);
  const edit = (deliverable: string) =>
    fake.human.as('bob').editFile({
      repo: repo.name,
      path: repo.path,
      branch: 'draft',
      content: withDeliverable({ text: base, deliverable }),
    });
  edit('Drafted deliverable');
  const pull = fake.human.as('bob').openPullRequest({ repo: repo.name, head: 'draft' });
  edit('Drafted deliverable, revised');
  return pull.number;
}

/** Log lines at error level or worse (pino JSON: level ≥ 50). */
function errorLines(logs: string): string[] {
  return logs.split('\n').filter((line) => {
    if (!line.startsWith('{')) return line.trim() !== '';
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return true;
    }
  });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
