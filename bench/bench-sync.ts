import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { parsePlan } from '../src/plan/parse-plan.js';
import type { Item } from '../src/plan/plan-types.js';
import { syncRepo } from '../src/sync/sync-repo.js';
import type { SyncReport } from '../src/sync/sync-repo.js';
import { silentLogger } from '../src/sync/github-client.js';
import { createWritePacer } from '../src/sync/pace-writes.js';

const SEEDS = [
  'enterprise-rust-MILESTONES.md',
  'axum-cloudflare-MILESTONES.md',
  'elemta-MILESTONES.md',
  'eutlas-PHASES.md',
  'feature-flags-MILESTONES.md',
];
const FULL_NAME = 'acme/plan';
const REPO = { owner: 'acme', repo: 'plan' };
const PATH = 'MILESTONES.md';

/** The seeds live in the project's fixtures (never in ../shared). */
function readSeed(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../test/fixtures/seeds/${name}`, import.meta.url)),
    'utf8',
  );
}

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function syncOnce(params: {
  fake: FakeGitHub;
  octokit: ReturnType<FakeGitHub['octokit']>;
}): Promise<SyncReport> {
  return syncRepo({
    octokit: params.octokit,
    repo: REPO,
    path: PATH,
    log: silentLogger,
    clock: params.fake.clock,
  });
}

function routeCounts(fake: FakeGitHub): string {
  return Object.entries(fake.calls.byRoute())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, n]) => `${route.replace('/repos/{owner}/{repo}', '')} ×${n}`)
    .join('<br>');
}

interface SeedRow {
  seed: string;
  milestones: number;
  deliverables: number;
  done: number;
  links: number;
  labels: number;
  writes: number;
  expectedWrites: number;
  reads: number;
  readBound: number;
  firstRoutes: string;
  noopReads: number;
  noopWrites: number;
  closeContentWrites: number;
  closeWrites: number;
}

async function benchSeed(seed: string): Promise<SeedRow> {
  const text = readSeed(seed);
  const { plan } = parsePlan({ text });
  const items = [...plan.milestones.flatMap((m) => flatten(m.items)), ...flatten(plan.items)];
  const fake = createFakeGitHub();
  fake.createRepo({ fullName: FULL_NAME, files: { [PATH]: text } });
  const octokit = fake.octokit();

  const first = await syncOnce({ fake, octokit });
  const actions = first.runs.flatMap((r) => r.planned.actions);
  const labels = actions.filter((a) => a.kind === 'create-label').length;
  const links = actions.filter((a) => a.kind === 'link-sub-issue').length;
  const done = items.filter((i) => i.status === 'done').length;
  const writes = fake.calls.writes().length;
  const reads = fake.calls.reads().length;
  const firstRoutes = routeCounts(fake);

  fake.calls.reset();
  await syncOnce({ fake, octokit });
  const noopReads = fake.calls.reads().length;
  const noopWrites = fake.calls.writes().length;

  const open = [...fake.repo(FULL_NAME).issues.values()].find(
    (i) => i.state === 'open' && !i.isPullRequest,
  );
  let closeContentWrites = 0;
  let closeWrites = 0;
  if (open) {
    fake.human.closeIssue({ repo: FULL_NAME, number: open.number });
    fake.calls.reset();
    await syncOnce({ fake, octokit });
    closeWrites = fake.calls.writes().length;
    closeContentWrites = fake.calls
      .writes()
      .filter((c) => c.route.startsWith('PUT /repos/{owner}/{repo}/contents/')).length;
  }
  return {
    seed,
    milestones: plan.milestones.length,
    deliverables: items.length,
    done,
    links,
    labels,
    writes,
    expectedWrites: plan.milestones.length + items.length + links + labels,
    reads,
    readBound: Math.ceil(items.length / 100) + Math.ceil(plan.milestones.length / 100) + 3,
    firstRoutes,
    noopReads,
    noopWrites,
    closeContentWrites,
    closeWrites,
  };
}

/**
 * First sync of the largest seed against the fake with GitHub's secondary limits emulated (80
 * content-creating requests a minute, 500 an hour) on a virtual clock, paced by the engine.
 * Compares the virtual time taken with the least the 80-a-minute ceiling allows.
 */
async function benchPacing(): Promise<{
  writes: number;
  seconds: number;
  idealSeconds: number;
  refused: number;
}> {
  const text = readSeed('feature-flags-MILESTONES.md');
  const fake = createFakeGitHub({ secondaryLimits: true });
  fake.createRepo({ fullName: FULL_NAME, files: { [PATH]: text } });
  const octokit = fake.octokit();
  const start = fake.clock.now();
  await syncRepo({
    octokit,
    repo: REPO,
    path: PATH,
    log: silentLogger,
    clock: fake.clock,
    pacer: createWritePacer({ clock: fake.clock }),
  });
  const writes = fake.calls.writes().length;
  const seconds = (fake.clock.now() - start) / 1000;
  // A sliding 60 s window lets 80 writes through at once, then 80 more each minute.
  const idealSeconds = Math.floor((writes - 1) / 80) * 60;
  return { writes, seconds, idealSeconds, refused: fake.secondaryLimits.refused };
}

/** The sync section of docs/BENCHMARKS.md, as Markdown. */
export async function benchSync(): Promise<string> {
  const rows: SeedRow[] = [];
  for (const seed of SEEDS) rows.push(await benchSeed(seed));
  const pacing = await benchPacing();
  const lines = [
    '## Sync on the fake GitHub (call counts)',
    '',
    'Each seed is synced into an empty repository on the fake GitHub (`packages/fake-github`, every request and',
    'response checked against GitHub’s OpenAPI description), then synced again with nothing changed, then',
    'once more after a person closes one issue.',
    '',
    '| seed | milestones | deliverables (done) | sub-issue links | labels created | first-sync writes | milestones + deliverables + links + labels | reads (bound) | no-op reads / writes | one close: contents writes / all writes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.seed} | ${r.milestones} | ${r.deliverables} (${r.done}) | ${r.links} | ${r.labels} | ${r.writes} | ${r.expectedWrites}${r.done > 0 ? ` + ${r.done} closes` : ''} | ${r.reads} (≤ ${r.readBound}) | ${r.noopReads} / ${r.noopWrites} | ${r.closeContentWrites} / ${r.closeWrites} |`,
    ),
    '',
    'Writes of a first sync equal milestones + deliverables + sub-issue links + labels created, plus one',
    'close for each deliverable that is already done (GitHub creates issues open; there is no way to',
    'create one closed). One issue closed costs one contents write plus one issue write: the issue body’s',
    'marker records the new synced state (the base of the next three-way merge).',
    '',
    '<details><summary>First-sync calls per route</summary>',
    '',
    '| seed | calls |',
    '| --- | --- |',
    ...rows.map((r) => `| ${r.seed} | ${r.firstRoutes} |`),
    '',
    '</details>',
    '',
    '## Pacing under GitHub’s secondary limits',
    '',
    `First sync of feature-flags (${pacing.writes} writes) with the fake enforcing 80 content-creating`,
    'requests a minute and 500 an hour on a virtual clock; the engine paces itself with a sliding window.',
    '',
    '| writes | virtual time taken | least time the 80/min ceiling allows | ratio | requests refused by the limit |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${pacing.writes} | ${pacing.seconds.toFixed(1)} s | ${pacing.idealSeconds} s | ${pacing.idealSeconds > 0 ? (pacing.seconds / pacing.idealSeconds).toFixed(3) : 'n/a'} | ${pacing.refused} |`,
    '',
  ];
  return lines.join('\n');
}
