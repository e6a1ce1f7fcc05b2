import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { renderSyncReport } from '../src/report/render-sync-report.js';
import type { SyncConclusion } from '../src/report/summarize-sync-report.js';
import { summarizeSyncReport } from '../src/report/summarize-sync-report.js';
import { silentLogger } from '../src/sync/github-client.js';
import type { SyncReport } from '../src/sync/sync-repo.js';
import type { RepoRef } from '../src/sync/sync-types.js';
import { createOctokit } from '../src/cli/create-octokit.js';
import { readTextFile } from '../src/cli/read-text-file.js';
import { syncRepository } from '../src/sync/sync-repository.js';
import { decodeDashboardMarker } from '../src/sync/dashboard-marker.js';
import { runAsScript } from './run-as-script.js';

export const DEFAULT_DEMO_SEED = 'feature-flags-MILESTONES.md';

const REPO: RepoRef = { owner: 'acme', repo: 'plan' };
const FULL_NAME = `${REPO.owner}/${REPO.repo}`;
const PLAN_PATH = 'MILESTONES.md';

/** `test/fixtures/seeds/` of the source checkout, next to tools/. */
export const SEEDS_DIR = fileURLToPath(new URL('../test/fixtures/seeds/', import.meta.url));

const USAGE = `Usage: npm run demo [-- --seed NAME]

Round trip against a local fake GitHub (no network, no token): first sync of a seed plan into an
empty acme/plan, a person closes and renames issues, the next syncs follow.

Options:
  --seed NAME   The seed plan from test/fixtures/seeds/ (default ${DEFAULT_DEMO_SEED})
  -h, --help    Show this help

Exit codes: 0 every step behaved as expected; 1 otherwise; 2 usage error or unknown seed.
`;

/**
 * `npm run demo [-- --seed <name>]` (this file, run by tsx from a source checkout: the fake GitHub
 * and the seeds are not in the published package): a full round trip against the fake GitHub served over HTTP
 * on 127.0.0.1 (so the real Octokit HTTP path runs): (a) first sync of a seed plan into an empty
 * `acme/plan`, (b) a person closes an issue, (c) sync ticks its line in the file, (d) a person
 * renames an issue and the sync renames its line, (e) a last sync does nothing. Prints each
 * report and the API calls per route. Write pacing and retry back-off run on the fake's virtual
 * clock, so nothing really sleeps. Exit code 0 when every step behaved as expected, 1 otherwise
 * (a smoke test), 2 for an unknown seed.
 */
export async function demoCommand(params: {
  seed?: string;
  write: (text: string) => void;
  writeError: (text: string) => void;
}): Promise<number> {
  const { write, writeError } = params;
  const seed = params.seed ?? DEFAULT_DEMO_SEED;
  const seeds = listSeeds();
  if (!seeds.includes(seed)) {
    writeError(
      `demo: unknown seed "${seed}"; available in ${SEEDS_DIR}: ${seeds.join(', ') || '(none)'}\n`,
    );
    return 2;
  }
  const plan = await readTextFile(`${SEEDS_DIR}${seed}`);
  const fake = createFakeGitHub();
  // Nothing subscribes to webhooks in the demo; emitting (and schema-checking) them is wasted work.
  fake.webhooks.enabled = false;
  fake.createRepo({ fullName: FULL_NAME, files: { [PLAN_PATH]: plan } });
  const server = await fake.listen();
  const checks: { ok: boolean; text: string }[] = [];
  const check = (ok: boolean, text: string) => {
    checks.push({ ok, text });
    write(`${ok ? '✓' : '✗'} ${text}\n`);
  };
  try {
    const octokit = createOctokit({ token: 'demo-token', baseUrl: server.url });
    write(
      `Fake GitHub serving ${FULL_NAME} on ${server.url} (virtual clock at ${iso(fake.clock.now())}): ${PLAN_PATH} = test/fixtures/seeds/${seed}\n`,
    );
    const sync = async (title: string): Promise<{ report: SyncReport; writes: number }> => {
      fake.calls.reset();
      const started = fake.clock.now();
      const result = await syncRepository({
        octokit,
        configReader: octokit,
        repo: REPO,
        file: PLAN_PATH,
        clock: fake.clock,
        log: silentLogger,
      });
      if (result.status !== 'synced') throw new Error(`demo: unexpected ${result.status}`);
      const { report } = result;
      write(`\n━━ ${title} ━━\n\n${renderSyncReport({ report, maxPerGroup: 3, maxNotes: 5 })}\n`);
      write(renderCalls({ fake, virtualMs: fake.clock.now() - started }));
      return { report, writes: fake.calls.writes().length };
    };

    // (a) First sync.
    const first = await sync('(a) First sync: the plan becomes milestones and issues');
    const openIssues = ownedIssues(fake).filter((issue) => issue.state === 'open');
    // Leaves: renaming a parent also renames its children's keys, which takes one more sync.
    const leaves = openIssues.filter((issue) => issue.subIssueIds.length === 0);
    check(
      conclusionOf(first.report) === 'applied' && ownedIssues(fake).length > 0,
      `first sync created ${fake.repo(FULL_NAME).milestones.size} milestones and ${ownedIssues(fake).length} issues (${openIssues.length} open)`,
    );
    const [toClose, toRename] = leaves;
    if (!toClose || !toRename) {
      check(
        false,
        'the seed needs at least two open deliverables without sub-items for steps (b)–(d)',
      );
      return 1;
    }

    // (b) A person closes an issue; (c) the sync ticks its line.
    write(
      `\n━━ (b) ${fake.human.login} closes #${toClose.number} “${toClose.title}” on GitHub ━━\n`,
    );
    fake.human.closeIssue({ repo: FULL_NAME, number: toClose.number });
    const beforeTick = readPlan(fake);
    const ticked = await sync('(c) Sync: the tick is written back to the file');
    const tickDiff = diffLines({ before: beforeTick, after: readPlan(fake) });
    write(renderDiff(tickDiff));
    write(renderHeadCommit(fake));
    check(
      conclusionOf(ticked.report) === 'applied' &&
        tickDiff.length === 1 &&
        /\[[xX]\]|✅/.test(tickDiff[0]?.after ?? ''),
      `closing #${toClose.number} ticked exactly one line of ${PLAN_PATH}`,
    );

    // (d) A person renames an issue; the sync renames its line.
    const newTitle = `${toRename.title} (renamed on GitHub)`;
    write(`\n━━ (d) ${fake.human.login} renames #${toRename.number} to “${newTitle}” ━━\n`);
    fake.human.editIssue({ repo: FULL_NAME, number: toRename.number, title: newTitle });
    const beforeRename = readPlan(fake);
    const renamed = await sync('(d) Sync: the line is renamed');
    const renameDiff = diffLines({ before: beforeRename, after: readPlan(fake) });
    write(renderDiff(renameDiff));
    write(renderHeadCommit(fake));
    check(
      conclusionOf(renamed.report) === 'applied' &&
        renameDiff.length === 1 &&
        (renameDiff[0]?.after ?? '').includes(newTitle),
      `renaming #${toRename.number} renamed exactly one line of ${PLAN_PATH}`,
    );

    // (e) Nothing left to do.
    const last = await sync('(e) Sync again: nothing to do');
    check(
      conclusionOf(last.report) === 'nothing-to-do' && last.writes === 0,
      `the last sync planned nothing and sent ${last.writes} writes`,
    );
    const violations = fake.violations.filter((v) => v.kind !== 'webhook');
    check(violations.length === 0, `fake GitHub saw ${violations.length} schema violations`);
  } catch (error) {
    check(false, `the demo stopped: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await server.close();
  }
  const failed = checks.filter((c) => !c.ok).length;
  write(
    failed === 0
      ? `\nRound trip OK (${checks.length} checks).\n`
      : `\nRound trip FAILED: ${failed} of ${checks.length} checks.\n`,
  );
  return failed === 0 ? 0 : 1;
}

export function listSeeds(): string[] {
  try {
    return readdirSync(SEEDS_DIR)
      .filter((name) => name.endsWith('.md') && name !== 'SEEDS.md')
      .sort();
  } catch {
    return [];
  }
}

function conclusionOf(report: SyncReport): SyncConclusion {
  return summarizeSyncReport(report).conclusion;
}

/** Issues the app opened in the demo repository, by number. */
function ownedIssues(fake: FakeGitHub): FakeIssue[] {
  return [...fake.repo(FULL_NAME).issues.values()]
    .filter((issue) => !issue.isPullRequest && issue.authorLogin === fake.apiActorLogin)
    .filter((issue) => decodeDashboardMarker(issue.body) === null)
    .sort((a, b) => a.number - b.number);
}

/** The plan file at the head of the default branch, read from the fake's state (no API call). */
function readPlan(fake: FakeGitHub): string {
  const repo = fake.repo(FULL_NAME);
  const head = repo.commits.get(repo.branches.get(repo.defaultBranch)?.headSha ?? '');
  return head?.files.get(PLAN_PATH)?.bytes.toString('utf8') ?? '';
}

interface LineChange {
  line: number;
  before: string;
  after: string;
}

/** Lines that differ; the engine's edits never add or remove lines, so a positional diff is exact. */
function diffLines(params: { before: string; after: string }): LineChange[] {
  const before = params.before.split('\n');
  const after = params.after.split('\n');
  const changes: LineChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] !== after[i]) {
      changes.push({ line: i + 1, before: before[i] ?? '', after: after[i] ?? '' });
    }
  }
  return changes;
}

function renderDiff(changes: LineChange[]): string {
  if (changes.length === 0) return `${PLAN_PATH}: unchanged\n`;
  return changes
    .map((c) => `${PLAN_PATH}:${c.line}\n  - ${c.before.trim()}\n  + ${c.after.trim()}\n`)
    .join('');
}

function renderHeadCommit(fake: FakeGitHub): string {
  const repo = fake.repo(FULL_NAME);
  const head = repo.commits.get(repo.branches.get(repo.defaultBranch)?.headSha ?? '');
  if (!head) return '';
  const [subject = '', ...body] = head.message.split('\n');
  const details = body.filter((l) => l.trim() !== '').map((l) => `    ${l}\n`);
  return `commit ${head.sha.slice(0, 7)} on ${repo.defaultBranch} by ${head.authorLogin}: ${subject}\n${details.join('')}`;
}

function renderCalls(params: { fake: FakeGitHub; virtualMs: number }): string {
  const counts = Object.entries(params.fake.calls.byRoute()).sort(([a], [b]) => a.localeCompare(b));
  const reads = params.fake.calls.reads().length;
  const writes = params.fake.calls.writes().length;
  const paced =
    params.virtualMs > 0
      ? `; write pacing took ${Math.round(params.virtualMs / 1000)} s of virtual time`
      : '';
  return [
    `API calls: ${reads} reads, ${writes} writes${paced}`,
    ...counts.map(([route, n]) => `  ${String(n).padStart(4)}  ${route}`),
    '',
  ].join('\n');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The command line; returns the exit code and never throws. */
export async function main(params: {
  argv: string[];
  write: (text: string) => void;
  writeError: (text: string) => void;
}): Promise<number> {
  const { write, writeError } = params;
  let seed: string | undefined;
  try {
    const { values } = parseArgs({
      args: params.argv,
      options: { seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      write(USAGE);
      return 0;
    }
    seed = values.seed;
  } catch (error) {
    writeError(`demo: ${(error as Error).message.split('\n')[0]}\n\n${USAGE}`);
    return 2;
  }
  return demoCommand({ seed, write, writeError });
}

await runAsScript({ url: import.meta.url, main });
