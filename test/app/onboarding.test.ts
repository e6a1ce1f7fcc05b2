import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRepoSettings } from '../../src/app/repo-settings.js';
import { ONBOARDING_MARKER, ONBOARDING_TITLE } from '../../src/report/render-onboarding-pr.js';
import { ONBOARDING_BRANCH } from '../../src/sync/onboard-repository.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { CONFIG_FILE, FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const ONBOARDING_WRITES = [
  'POST /repos/{owner}/{repo}/git/refs',
  'PUT /repos/{owner}/{repo}/contents/{path}',
  'POST /repos/{owner}/{repo}/pulls',
];

const harnesses: AppHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

/** acme/plan with the seed plan and no config file of its own: it has not opted in. */
async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const h = await startApp({
    files: { [PATH]: SEED, 'README.md': 'hi\n' },
    config: null,
    ...params,
  });
  harnesses.push(h);
  return h;
}

/** Writes to repositories, in order (the installation token request is a POST too). */
function repoWrites(h: AppHarness): string[] {
  return h.fake.calls
    .writes()
    .map((c) => c.route)
    .filter((route) => route.includes(' /repos/'));
}

function pulls(h: AppHarness, fullName = FULL_NAME) {
  const repo = h.fake.repo(fullName);
  return [...repo.pulls.values()].map((pull) => {
    const issue = repo.issues.get(pull.number);
    return {
      number: pull.number,
      head: pull.headRef,
      base: pull.baseRef,
      title: issue?.title,
      body: issue?.body ?? '',
      state: issue?.state,
      author: issue?.authorLogin,
      merged: pull.merged,
    };
  });
}

/** The config file as committed on the onboarding branch. */
function onboardingFile(h: AppHarness, fullName = FULL_NAME): string {
  const repo = h.fake.repo(fullName);
  const head = repo.branches.get(ONBOARDING_BRANCH)?.headSha ?? '';
  const blob = repo.commits.get(head)?.files.get(CONFIG_FILE);
  if (!blob) throw new Error(`${CONFIG_FILE} missing on ${ONBOARDING_BRANCH}`);
  return blob.bytes.toString('utf8');
}

/** Whether the priority labels use the owner's prefix (`prio/`) or the default (`priority: `). */
function priorityLabels(h: AppHarness): { owner: boolean; default: boolean } {
  const names = h.fake.repo(FULL_NAME).labels.map((l) => l.name);
  return {
    owner: names.some((name) => name.startsWith('prio/')),
    default: names.some((name) => name.startsWith('priority: ')),
  };
}

/** installation_repositories.added for acme/plan (the fake does not emit it). */
async function addRepository(h: AppHarness, id: string): Promise<void> {
  const repo = h.fake.repo(FULL_NAME);
  await h.probot.receive({
    id,
    name: 'installation_repositories',
    payload: {
      action: 'added',
      installation: { id: 77 },
      repositories_added: [
        { id: repo.id, node_id: repo.nodeId, name: 'plan', full_name: FULL_NAME, private: false },
      ],
      sender: { login: 'acme', type: 'User' },
    },
  } as never);
  await h.settle();
}

describe('onboarding: installation on a repository without a config file of its own', () => {
  it('opens exactly one pull request adding the config, with the first sync’s preview; nothing else is written', async () => {
    const h = await start();
    expect(repoWrites(h)).toEqual(ONBOARDING_WRITES);
    const [pull, ...others] = pulls(h);
    expect(others).toEqual([]);
    expect(pull).toMatchObject({
      head: ONBOARDING_BRANCH,
      base: 'main',
      title: ONBOARDING_TITLE,
      state: 'open',
      author: 'milestone-sync[bot]',
    });
    // The file validates with the app's own parser and names the plan that was found.
    const text = onboardingFile(h);
    const { settings, problems } = parseRepoSettings(parse(text));
    expect(problems).toEqual([]);
    expect(settings.path).toBe(PATH);
    expect(text).toContain('\n# dryRun: false\n');
    // The description is the dry run of the first sync: its counts, then the details folded.
    const body = pull?.body ?? '';
    expect(body.startsWith(`${ONBOARDING_MARKER}\n`)).toBe(true);
    expect(body).toContain('**Merging would: 30 create**');
    expect(body).toContain('<details><summary>The first sync in detail</summary>');
    expect(body).toContain('#### Create (30)');
    expect(body).toContain('- milestone “');
    // No milestone, issue (other than the pull request), label, comment or check run.
    const repo = h.fake.repo(FULL_NAME);
    expect(repo.milestones.size).toBe(0);
    expect(repo.labels).toEqual([]);
    expect(h.issues()).toEqual([]);
    expect(repo.comments.size).toBe(0);
    expect(repo.checkRuns.size).toBe(0);
    // The main branch is untouched until the merge.
    expect(() => h.fileText(CONFIG_FILE)).toThrow();
    expect(h.messages()).toEqual([
      `acme/plan: opened onboarding pull request #${pull?.number} for MILESTONES.md; nothing syncs until it is merged (installation.created)`,
    ]);
  });

  it('a redelivered installation, also twice at once, leaves the one pull request as it is', async () => {
    const h = await start({ concurrent: true });
    const delivery = h.fake.webhooks.of('installation', 'created')[0];
    if (!delivery) throw new Error('no installation delivery');
    h.fake.calls.reset();
    await Promise.all(
      ['again-1', 'again-2'].map((id) =>
        h.probot.receive({ id, name: 'installation', payload: delivery.payload } as never),
      ),
    );
    await h.settle();
    await addRepository(h, 'added-1');
    expect(pulls(h)).toHaveLength(1);
    expect(repoWrites(h)).toEqual([]);
    // Every later run (one at a time per repository) found the pull request as it should be.
    const [opened, ...later] = h.messages();
    expect(opened).toMatch(/^acme\/plan: opened onboarding pull request #1 /);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(new Set(later.map((m) => m.replace(/ \(installation.*\)$/, '')))).toEqual(
      new Set(['acme/plan: onboarding pull request #1 is open and current']),
    );
  });

  it('the plan changed before a later installation event: the description is updated, once', async () => {
    const h = await start();
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: SEED.replace(
        '- [ ] Performance optimization\n',
        '- [ ] Performance optimization\n- [ ] Onboarding extra\n',
      ),
    });
    await h.settle();
    h.fake.calls.reset();
    await addRepository(h, 'added-1');
    await addRepository(h, 'added-2');
    expect(repoWrites(h)).toEqual(['PATCH /repos/{owner}/{repo}/pulls/{pull_number}']);
    expect(pulls(h)[0]?.body).toContain('**Merging would: 31 create**');
    expect(h.messages().slice(-2)).toEqual([
      'acme/plan: updated the preview in onboarding pull request #1 (installation_repositories.added)',
      'acme/plan: onboarding pull request #1 is open and current (installation_repositories.added)',
    ]);
  });

  it('a repository without a plan file gets nothing: no branch, no pull request, no write', async () => {
    const h = await start({ files: { 'README.md': 'no plan\n' } });
    expect(repoWrites(h)).toEqual([]);
    expect(h.fake.repo(FULL_NAME).branches.has(ONBOARDING_BRANCH)).toBe(false);
    expect(h.messages()).toEqual([
      'acme/plan: no MILESTONES.md, ROADMAP.md, PLAN.md on the default branch; no onboarding (installation.created)',
    ]);
  });

  it('a plan under another name (PHASES.md, docs/roadmap.md) is found: the pull request names it', async () => {
    const h = await start({
      files: {
        'README.md': 'hi\n',
        'PHASES.md': readSeed('eutlas-PHASES.md'),
        'docs/guide.md': '# Guide\n\n- [ ] not a plan by its name\n',
      },
    });
    expect(pulls(h)).toHaveLength(1);
    expect(parse(onboardingFile(h))).toMatchObject({ path: 'PHASES.md' });
    expect(pulls(h)[0]?.body).toContain('`PHASES.md` (found on the default branch)');
    expect(h.fake.repo(FULL_NAME).milestones.size).toBe(0);
  });

  it('a file named like a plan that holds no deliverable is not taken for one', async () => {
    const h = await start({
      files: { 'README.md': 'hi\n', 'docs/roadmap.md': '# Roadmap\n\nSome day.\n' },
    });
    expect(repoWrites(h)).toEqual([]);
    expect(h.messages()).toEqual([
      'acme/plan: no MILESTONES.md, ROADMAP.md, PLAN.md, docs/roadmap.md on the default branch; no onboarding (installation.created)',
    ]);
  });

  it('an archived repository gets nothing', async () => {
    const h = await start({ install: false });
    h.fake.createRepo({ fullName: 'acme/old', files: { [PATH]: SEED }, archived: true });
    h.fake.install({ account: 'acme', repos: ['acme/old'], id: 77 });
    await h.settle();
    expect(repoWrites(h)).toEqual([]);
    expect(h.messages()).toEqual(['acme/old: archived; no onboarding (installation.created)']);
  });

  it('a branch left without a pull request (an earlier attempt) is reused: one pull request', async () => {
    const h = await start({ install: false });
    const repo = h.fake.repo(FULL_NAME);
    const head = repo.branches.get('main')?.headSha ?? '';
    repo.branches.set(ONBOARDING_BRANCH, {
      name: ONBOARDING_BRANCH,
      headSha: head,
      protected: false,
    });
    h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    await h.settle();
    expect(repoWrites(h)).toEqual(ONBOARDING_WRITES);
    expect(h.fake.calls.all().find((c) => c.route === ONBOARDING_WRITES[0])?.status).toBe(422);
    expect(pulls(h)).toHaveLength(1);
    expect(parseRepoSettings(parse(onboardingFile(h))).settings.path).toBe(PATH);
  });
});

describe('onboarding: what opts a repository in', () => {
  it('its own config file: installation syncs at once, as before', async () => {
    const h = await start({ config: 'dashboard: false\n' });
    expect(pulls(h)).toEqual([]);
    expect(h.issues()).toHaveLength(24);
    expect(h.messages()).toEqual([
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (installation.created)',
    ]);
  });

  it('the owner’s .github config says onboarding: false: installation syncs at once, no pull request', async () => {
    const h = await start({ install: false });
    h.fake.createRepo({
      fullName: 'acme/.github',
      files: { [CONFIG_FILE]: 'onboarding: false\npriorityLabelPrefix: "prio/"\n' },
    });
    h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    await h.settle();
    expect(pulls(h)).toEqual([]);
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    expect(priorityLabels(h)).toEqual({ owner: true, default: false });
  });

  it('the owner’s .github config with onboarding left on: the pull request keeps the owner’s keys (_extends), and merging syncs with them', async () => {
    const h = await start({ install: false });
    h.fake.createRepo({
      fullName: 'acme/.github',
      files: { [CONFIG_FILE]: 'priorityLabelPrefix: "prio/"\n' },
    });
    h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    await h.settle();
    expect(repoWrites(h)).toEqual(ONBOARDING_WRITES);
    const text = onboardingFile(h);
    const parsed = parse(text) as Record<string, unknown>;
    expect(parsed._extends).toBe('.github');
    // Probot's config plugin removes _extends before the app checks the file.
    delete parsed._extends;
    expect(parseRepoSettings(parsed)).toMatchObject({ problems: [], settings: { path: PATH } });
    expect(pulls(h)[0]?.body).toContain('.github repository (`_extends: .github`)');

    h.fake.human.mergePull({ repo: FULL_NAME, number: pulls(h)[0]?.number ?? 0 });
    await h.settle();
    expect(h.issues()).toHaveLength(25);
    expect(priorityLabels(h)).toEqual({ owner: true, default: false });
  });

  it('merging the onboarding pull request (its push of the config to main) syncs', async () => {
    const h = await start();
    const number = pulls(h)[0]?.number ?? 0;
    h.fake.human.mergePull({ repo: FULL_NAME, number });
    await h.settle();
    expect(pulls(h)[0]).toMatchObject({ state: 'closed', merged: true });
    expect(h.fileText(CONFIG_FILE)).toBe(onboardingFile(h));
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    expect(h.messages().at(-1)).toBe(
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (push)',
    );
    // Opted in now: a later installation event syncs (nothing to do) instead of onboarding.
    h.fake.calls.reset();
    await addRepository(h, 'added-after-merge');
    expect(repoWrites(h)).toEqual([]);
    expect(h.messages().at(-1)).toBe(
      'Nothing to do: GitHub and MILESTONES.md agree (installation_repositories.added)',
    );
  });

  it('closed without merging: the owner declined; a later installation event does nothing', async () => {
    const h = await start();
    const number = pulls(h)[0]?.number ?? 0;
    h.fake.human.closePull({ repo: FULL_NAME, number });
    await h.settle();
    h.fake.calls.reset();
    await addRepository(h, 'added-after-close');
    expect(repoWrites(h)).toEqual([]);
    expect(pulls(h)).toMatchObject([{ number, state: 'closed', merged: false }]);
    expect(h.messages().at(-1)).toBe(
      `acme/plan: onboarding pull request #${number} was closed without merging; not syncing, not proposing again (add .github/milestone-sync.yml to sync) (installation_repositories.added)`,
    );
  });
});

describe('onboarding: a repository that has not opted in is not synced', () => {
  it('issue events and plan pushes start no sync; the debug log says why', async () => {
    const h = await start();
    h.fake.calls.reset();
    const issue = h.fake.human.createIssue({ repo: FULL_NAME, title: 'A person’s issue' });
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: SEED.replace('- [ ] Performance optimization', '- [x] Performance optimization'),
    });
    await h.settle();
    expect(repoWrites(h)).toEqual([]);
    expect(h.fake.repo(FULL_NAME).milestones.size).toBe(0);
    // The config is read (the decision needs it), nothing else.
    expect(
      h.fake.calls.all().every((c) => c.method === 'GET' && c.path.endsWith('milestone-sync.yml')),
    ).toBe(true);
    const debug = h.lines.filter((l) => l.level === 'debug').map((l) => l.msg);
    expect(debug).toContain(
      'acme/plan: not opted in (no .github/milestone-sync.yml of its own); not syncing (issues.closed)',
    );
    expect(debug).toContain(
      'acme/plan: not opted in (no .github/milestone-sync.yml of its own); not syncing (push)',
    );
  });

  it('pull requests that change the plan are still previewed (previews never write issues)', async () => {
    const h = await start();
    const octokit = h.fake.octokit();
    const sha = h.fake.repo(FULL_NAME).branches.get('main')?.headSha ?? '';
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      owner: 'acme',
      repo: 'plan',
      ref: 'refs/heads/plan-edit',
      sha,
    });
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: `${SEED}\n`,
      branch: 'plan-edit',
    });
    await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner: 'acme',
      repo: 'plan',
      title: 'Plan edit',
      head: 'plan-edit',
      base: 'main',
    });
    await h.settle();
    const repo = h.fake.repo(FULL_NAME);
    expect([...repo.comments.values()].map((c) => c.issueNumber)).toEqual([2]);
    expect(repo.checkRuns.size).toBe(1);
    expect(repo.milestones.size).toBe(0);
  });
});
