import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncCommand } from '../../src/cli/sync-command.js';
import type { FakeGitHub, FakeServer } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { SyncReport } from '../../src/sync/sync-repo.js';

const PLAN = [
  '# Plan',
  '',
  '## Milestone 1 — Parser',
  '',
  '- [ ] Tokenizer',
  '- [x] Grammar',
  '',
  '## Milestone 2 — Sync',
  '',
  '- [ ] Push issues',
  '',
].join('\n');

let fake: FakeGitHub;
let server: FakeServer;

beforeEach(async () => {
  fake = createFakeGitHub();
  server = await fake.listen();
});

afterEach(async () => {
  await server.close();
  fake.assertNoViolations();
});

/** Runs the command as the CLI would, against the fake served over HTTP. */
async function run(params: {
  args?: Partial<Parameters<typeof syncCommand>[0]>;
  env?: Record<string, string | undefined>;
}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await syncCommand({
    repo: 'acme/plan',
    dryRun: false,
    json: false,
    env: { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: server.url, ...params.env },
    write: (text) => (out += text),
    writeError: (text) => (err += text),
    clock: fake.clock,
    ...params.args,
  });
  return { code, out, err };
}

function readPlan(path = 'MILESTONES.md'): string {
  const repo = fake.repo('acme/plan');
  const head = repo.commits.get(repo.branches.get('main')?.headSha ?? '');
  return head?.files.get(path)?.bytes.toString('utf8') ?? '';
}

describe('sync command', () => {
  it('first sync creates milestones and issues over HTTP, then has nothing to do', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const first = await run({});
    expect(first.code).toBe(0);
    expect(first.err).toBe('');
    expect(first.out.split('\n').slice(0, 3)).toEqual([
      'Plan file: MILESTONES.md',
      '',
      '## Synced MILESTONES.md with acme/plan: 2 milestones created, 3 issues created',
    ]);
    expect(first.out).toContain('- ✅ new deliverable “Grammar” (line 6), already done → #2');
    const issues = [...fake.repo('acme/plan').issues.values()].map((i) => [
      i.number,
      i.title,
      i.state,
      i.milestoneNumber,
    ]);
    expect(issues).toEqual([
      [1, 'Tokenizer', 'open', 1],
      [2, 'Grammar', 'closed', 1],
      [3, 'Push issues', 'open', 2],
      [4, 'Plan dashboard: MILESTONES.md', 'open', null],
    ]);
    // Three deliverables and the dashboard.
    expect(fake.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(4);
    expect(first.out).toContain('📊 Dashboard: created #4.');

    fake.calls.reset();
    const second = await run({});
    expect(second.code).toBe(0);
    expect(second.out).toBe(
      'Plan file: MILESTONES.md\n\n## Nothing to do: GitHub and MILESTONES.md agree\n\n📊 Dashboard: #4 unchanged.\n',
    );
    expect(fake.calls.writes()).toEqual([]);
  });

  it('--dry-run reads but writes nothing and says so', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const { code, out } = await run({ args: { dryRun: true } });
    expect(code).toBe(0);
    expect(out.split('\n').slice(2, 5)).toEqual([
      '## Dry run of MILESTONES.md with acme/plan: 2 milestones to create, 3 issues to create',
      '',
      '🧪 Dry run: nothing was written.',
    ]);
    expect(fake.calls.writes()).toEqual([]);
    // The config (the repository's, then the owner's .github), the plan, milestones, issues.
    expect(fake.calls.reads().length).toBe(5);
    expect(fake.repo('acme/plan').issues.size).toBe(0);
  });

  it('a person closes an issue: the next sync ticks the line and commits it', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    await run({});
    fake.human.closeIssue({ repo: 'acme/plan', number: 1 });
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out).toContain(
      '## Synced MILESTONES.md with acme/plan: 1 updated, 1 closed, 1 file edit',
    );
    expect(out).toContain('- ✅ GitHub changed 1 state — committed to main');
    expect(readPlan().split('\n')[4]).toBe('- [x] Tokenizer');
  });

  it('a concurrent edit of the file (409) is re-read and re-planned, never resent', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    await run({});
    fake.human.closeIssue({ repo: 'acme/plan', number: 3 });
    fake.faults.next({
      route: 'PUT /repos/{owner}/{repo}/contents/{path}',
      before: () => {
        fake.human.editFile({
          repo: 'acme/plan',
          path: 'MILESTONES.md',
          content: `${PLAN}\nNotes.\n`,
        });
      },
    });
    fake.calls.reset();
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out).toContain('🔁 MILESTONES.md changed while syncing: re-read and re-planned 1 time.');
    expect(
      fake.calls
        .all()
        .filter((c) => c.route === 'PUT /repos/{owner}/{repo}/contents/{path}')
        .map((c) => c.status),
    ).toEqual([409, 200]);
    expect(readPlan().split('\n').slice(9)).toEqual(['- [x] Push issues', '', 'Notes.', '']);
  });

  it('a 409 that is not a stale sha (push protection) is reported once, not re-planned', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    await run({});
    fake.human.closeIssue({ repo: 'acme/plan', number: 1 });
    fake.faults.next({
      route: 'PUT /repos/{owner}/{repo}/contents/{path}',
      status: 409,
      body: { message: 'Repository rule violations found\n\nSecret detected in content' },
    });
    fake.calls.reset();
    const { code, out } = await run({});
    expect(code).toBe(1);
    expect(out).toMatch(/failed: HTTP 409: Repository rule violations found/);
    expect(fake.calls.count('PUT /repos/{owner}/{repo}/contents/{path}')).toBe(1);
    expect(readPlan().split('\n')[4]).toBe('- [ ] Tokenizer');
  });

  it('--json prints the SyncReport', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const { code, out, err } = await run({ args: { json: true } });
    expect(code).toBe(0);
    expect(err).toBe('milestone-sync: Plan file: MILESTONES.md\n');
    const report = JSON.parse(out) as SyncReport;
    expect(report.repo).toEqual({ owner: 'acme', repo: 'plan' });
    expect(report.path).toBe('MILESTONES.md');
    expect(report.dryRun).toBe(false);
    expect(report.runs).toHaveLength(1);
    // The round's after-state (snapshot and file text, for the dashboard) is not printed.
    expect(Object.keys(report.runs[0] ?? {})).toEqual(['planned', 'results']);
    expect(report.dashboard).toEqual({ status: 'created', number: 4 });
    expect(report.runs[0]?.results.map((r) => `${r.action.kind}:${r.outcome.status}`)).toEqual([
      'create-milestone:ok',
      'create-milestone:ok',
      'create-issue:ok',
      'create-issue:ok',
      'create-issue:ok',
    ]);
  });

  it('without --file uses the first of MILESTONES.md, ROADMAP.md, PLAN.md that exists', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'PLAN.md': PLAN } });
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Plan file: PLAN.md (no MILESTONES.md or ROADMAP.md)');
    expect(
      fake.calls
        .all()
        .filter((c) => c.route === 'GET /repos/{owner}/{repo}/contents/{path}')
        .map((c) => `${c.params.repo}:${c.params.path} ${c.status}`),
    ).toEqual([
      'plan:.github/milestone-sync.yml 404',
      '.github:.github/milestone-sync.yml 404',
      'plan:MILESTONES.md 404',
      'plan:ROADMAP.md 404',
      'plan:PLAN.md 200',
    ]);
  });

  it('--file and --ref pick the plan and branch', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'docs/roadmap.md': PLAN } });
    const { code, out } = await run({ args: { file: 'docs/roadmap.md', ref: 'main' } });
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(
      '## Synced docs/roadmap.md with acme/plan: 2 milestones created, 3 issues created',
    );
  });

  it.each([
    {
      name: 'no plan file at all',
      files: { 'README.md': '# Hi\n' },
      args: {},
      err: 'milestone-sync: no MILESTONES.md, ROADMAP.md, PLAN.md on the default branch of acme/plan; name the plan with --file or path in .github/milestone-sync.yml\n',
    },
    {
      name: 'a missing --file',
      files: { 'README.md': '# Hi\n' },
      args: { file: 'PLANS.md' },
      err: 'milestone-sync: PLANS.md not found on the default branch of acme/plan\n',
    },
    {
      name: 'a missing repository',
      files: null,
      args: { repo: 'acme/nope' },
      err: 'milestone-sync: repository acme/nope not found, or GITHUB_TOKEN cannot read it\n',
    },
  ])('exits 1 with one line for $name', async ({ files, args, err }) => {
    if (files) fake.createRepo({ fullName: 'acme/plan', files });
    const result = await run({ args });
    expect(result).toEqual({ code: 1, out: '', err });
  });

  it('exits 1 and shows the error when an action fails', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    fake.faults.next({ route: 'POST /repos/{owner}/{repo}/issues', status: 403 });
    const { code, out, err } = await run({});
    expect(code).toBe(1);
    expect(out).toContain(
      '## Synced MILESTONES.md with acme/plan: 2 milestones created, 2 issues created; 1 failed',
    );
    expect(out).toMatch(/^- ❌ new deliverable “Tokenizer” \(line 5\) — failed: HTTP 403: /m);
    expect(err).toMatch(/^milestone-sync: create-issue failed: HTTP 403/);
  });

  it.each([
    {
      name: 'GITHUB_TOKEN is missing',
      env: { GITHUB_TOKEN: undefined },
      args: {},
      err: 'milestone-sync: GITHUB_TOKEN is not set: export a token that can read and write issues and contents of the repository\n',
    },
    {
      name: 'GITHUB_TOKEN is blank',
      env: { GITHUB_TOKEN: '  ' },
      args: {},
      err: 'milestone-sync: GITHUB_TOKEN is not set: export a token that can read and write issues and contents of the repository\n',
    },
    {
      name: '--repo is missing',
      env: {},
      args: { repo: undefined },
      err: "milestone-sync: sync needs --repo owner/name\nRun 'milestone-sync sync --help' for usage.\n",
    },
    {
      name: '--repo is not owner/name',
      env: {},
      args: { repo: 'https://github.com/acme/plan' },
      err: 'milestone-sync: --repo must be owner/name, got "https://github.com/acme/plan"\nRun \'milestone-sync sync --help\' for usage.\n',
    },
    {
      name: '--timeout is not a number',
      env: {},
      args: { timeout: '30s' },
      err: 'milestone-sync: --timeout must be a number of seconds, got "30s"\nRun \'milestone-sync sync --help\' for usage.\n',
    },
    {
      name: 'MILESTONE_SYNC_MAX_TIME is not positive',
      env: { MILESTONE_SYNC_MAX_TIME: '0' },
      args: {},
      err: 'milestone-sync: MILESTONE_SYNC_MAX_TIME must be a number of seconds, got "0"\n',
    },
    {
      name: 'GITHUB_API_URL is not a URL',
      env: { GITHUB_API_URL: 'api.github.com' },
      args: {},
      err: 'milestone-sync: GITHUB_API_URL is not a URL: "api.github.com"\n',
    },
  ])('exits 2 before any request when $name', async ({ env, args, err }) => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const result = await run({ env, args });
    expect(result).toEqual({ code: 2, out: '', err });
    expect(fake.calls.all()).toEqual([]);
  });

  it('exits 1 with one line when GitHub cannot be reached', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const url = server.url;
    await server.close();
    server = await fake.listen(); // afterEach closes this one
    let err = '';
    const code = await syncCommand({
      repo: 'acme/plan',
      dryRun: false,
      json: false,
      env: { GITHUB_TOKEN: 't', GITHUB_API_URL: url },
      write: () => undefined,
      writeError: (text) => (err += text),
      clock: fake.clock, // the engine's back-off on 5xx runs on virtual time
    });
    expect(code).toBe(1);
    expect(err.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^milestone-sync: cannot reach ${new URL(url).host.replace(/\./g, '\\.')}: .*ECONNREFUSED`,
      ),
    );
  });
});

describe('sync command: .github/milestone-sync.yml', () => {
  it('path in the config picks the plan file when --file is not given', async () => {
    fake.createRepo({
      fullName: 'acme/plan',
      files: {
        '.github/milestone-sync.yml': 'path: docs/roadmap.md\n',
        'docs/roadmap.md': PLAN,
        'MILESTONES.md': '# Not this one\n\n## Other\n\n- [ ] Nope\n',
      },
    });
    const { code, out, err } = await run({});
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.split('\n').slice(0, 3)).toEqual([
      'Plan file: docs/roadmap.md (path in .github/milestone-sync.yml)',
      '',
      '## Synced docs/roadmap.md with acme/plan: 2 milestones created, 3 issues created',
    ]);
    expect([...fake.repo('acme/plan').issues.values()].map((i) => i.title)).toEqual([
      'Tokenizer',
      'Grammar',
      'Push issues',
      'Plan dashboard: docs/roadmap.md',
    ]);
  });

  it('dryRun: true in the config makes a dry run, and says why', async () => {
    fake.createRepo({
      fullName: 'acme/plan',
      files: { '.github/milestone-sync.yml': 'dryRun: true\n', 'MILESTONES.md': PLAN },
    });
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out.split('\n').slice(0, 4)).toEqual([
      'Plan file: MILESTONES.md',
      'Dry run: .github/milestone-sync.yml says dryRun: true',
      '',
      '## Dry run of MILESTONES.md with acme/plan: 2 milestones to create, 3 issues to create',
    ]);
    expect(fake.calls.writes()).toEqual([]);
  });

  it('maxCloseShare in the config is the one the mass-close refusal talks about', async () => {
    const many = ['# Plan', '', '## M', '', ...Array.from({ length: 10 }, (_, i) => `- [ ] D${i}`)];
    fake.createRepo({
      fullName: 'acme/plan',
      files: { 'MILESTONES.md': `${many.join('\n')}\n` },
    });
    expect((await run({})).code).toBe(0);
    // Nine of ten lines vanish: refused by default (more than half) ...
    fake.human.editFile({
      repo: 'acme/plan',
      path: 'MILESTONES.md',
      content: `${many.slice(0, 5).join('\n')}\n`,
    });
    const refused = await run({});
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('raise maxCloseShare in .github/milestone-sync.yml');
    // ... and allowed once the config raises maxCloseShare.
    fake.human.editFile({
      repo: 'acme/plan',
      path: '.github/milestone-sync.yml',
      content: 'maxCloseShare: 1\n',
    });
    const allowed = await run({});
    expect(allowed.code).toBe(0);
    expect(
      [...fake.repo('acme/plan').issues.values()]
        .filter((i) => i.state === 'open')
        .map((i) => i.title),
    ).toEqual(['D0', 'Plan dashboard: MILESTONES.md']);
  });

  it('an invalid config stops the sync with the validator’s message (exit 1)', async () => {
    fake.createRepo({
      fullName: 'acme/plan',
      files: { '.github/milestone-sync.yml': 'dryrun: true\n', 'MILESTONES.md': PLAN },
    });
    const { code, out, err } = await run({});
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toMatch(
      /^milestone-sync: Invalid acme\/plan:\.github\/milestone-sync\.yml: Unexpected config key "dryrun"/,
    );
    expect(fake.calls.writes()).toEqual([]);
  });
});

describe('sync command: progress', () => {
  it('reports each action as it is applied, ending at done = total', async () => {
    fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': PLAN } });
    const seen: string[] = [];
    const { code } = await run({
      args: { onProgress: (p) => seen.push(`${p.action.kind} ${p.done}/${p.total}`) },
    });
    expect(code).toBe(0);
    expect(seen.at(-1)).toMatch(/ (\d+)\/\1$/);
    expect(seen.filter((s) => s.startsWith('create-issue'))).toHaveLength(3);
    expect(seen.map((s) => Number(/ (\d+)\//.exec(s)?.[1]))).toEqual(seen.map((_s, i) => i + 1));
  });
});
