import { ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RepoLock } from '../../src/app/repo-lock.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const CONFIG = '.github/milestone-sync.yml';

const harnesses: AppHarness[] = [];

async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const harness = await startApp({ files: { [PATH]: SEED, 'README.md': 'hello\n' }, ...params });
  harnesses.push(harness);
  return harness;
}

/** Writes to repositories (the installation token request is a POST too). */
function repoWrites(h: AppHarness): string[] {
  return h.fake.calls
    .writes()
    .map((c) => c.route)
    .filter((route) => route.includes(' /repos/'));
}

/** A payload the fake cannot emit, for `probot.receive` (no signature to check there). */
function eventPayload(
  h: AppHarness,
  params: { action: string; sender: { login: string; type: string } },
): Record<string, unknown> {
  const delivery = h.fake.webhooks.of('issues')[0] ?? h.fake.webhooks.of('push')[0];
  return {
    action: params.action,
    repository: delivery?.payload.repository,
    installation: { id: 77 },
    sender: params.sender,
  };
}

afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

describe('milestoneSyncApp: installation', () => {
  it('syncs every repository of a new installation that has a plan, and only those', async () => {
    const h = await start({
      otherRepos: {
        'acme/empty': { 'README.md': 'no plan here\n' },
        'acme/roadmap': { 'ROADMAP.md': '# Roadmap\n\n## M1 — Start\n\n- [ ] First thing\n' },
      },
    });
    expect(h.fake.repo(FULL_NAME).milestones.size).toBe(6);
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    expect(h.issues().every((issue) => issue.authorLogin === 'milestone-sync[bot]')).toBe(true);
    expect(h.fake.repo('acme/roadmap').issues.size).toBe(2); // its deliverable and its dashboard
    expect(h.fake.repo('acme/empty').issues.size).toBe(0);
    // The repositories sync side by side (the queue runs a few at once), so in any order.
    expect(h.messages().sort()).toEqual([
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (installation.created)',
      'Synced ROADMAP.md with acme/roadmap: 1 milestone created, 1 issue created (installation.created)',
      'acme/empty: no MILESTONES.md, ROADMAP.md, PLAN.md on the default branch; nothing to sync (installation.created)',
    ]);
    // The log line carries the report's summary as fields too.
    expect(h.lines.find((l) => l.msg.startsWith('Synced MILESTONES.md'))?.fields).toMatchObject({
      repo: FULL_NAME,
      path: PATH,
      event: 'installation.created',
      conclusion: 'applied',
    });
    // Every webhook the app's own writes caused was let go without a sync.
    expect(h.app.stats()).toMatchObject({ requested: 3, runs: 3, running: 0, waiting: 0 });
  });

  it('installation_repositories.added syncs the added repositories (the fake does not emit it)', async () => {
    const h = await start({ install: false });
    h.fake.webhooks.enabled = false;
    h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    h.fake.webhooks.enabled = true;
    const repo = h.fake.repo(FULL_NAME);
    await h.probot.receive({
      id: 'added-1',
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
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    expect(h.messages()).toEqual([
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (installation_repositories.added)',
    ]);
  });
});

describe('milestoneSyncApp: events', () => {
  it('a person closes an issue: the webhook arrives and the app ticks its box in the file', async () => {
    const h = await start();
    const before = h.fileText();
    expect(before).toContain('- [ ] Single standardized configuration format');
    const runs = h.app.stats().runs;
    const pushes = h.fake.webhooks.of('push').length;

    const issue = h.issueByTitle('Single standardized configuration format');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();

    const after = h.fileText();
    expect(after).toContain('- [x] Single standardized configuration format');
    // One line changed, nothing else.
    expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i])).toEqual([
      '- [x] Single standardized configuration format',
    ]);
    expect(h.messages().at(-1)).toBe(
      'Synced MILESTONES.md with acme/plan: 1 updated, 1 file edit (issues.closed)',
    );
    // The tick commit's own push arrived and started no sync.
    const ownPush = h.fake.webhooks.of('push').slice(pushes);
    expect(ownPush.map((d) => (d.payload.sender as { login: string }).login)).toEqual([
      'milestone-sync[bot]',
    ]);
    expect(h.app.stats().runs).toBe(runs + 1);
    expect(h.lines.map((l) => l.msg)).toContain(
      "acme/plan: push ignored: the app's own commit (milestone-sync[bot])",
    );
  });

  it('a push that touches only README.md costs no API call', async () => {
    const h = await start();
    const ignored = h.app.stats().ignored;
    h.fake.calls.reset();
    h.fake.human.editFile({ repo: FULL_NAME, path: 'README.md', content: 'changed\n' });
    await h.settle();
    expect(h.fake.webhooks.of('push')).toHaveLength(1);
    expect(h.fake.calls.all()).toEqual([]);
    expect(h.app.stats().ignored).toBe(ignored + 1);
  });

  it('a push to another branch costs no API call, even when it edits the plan', async () => {
    const h = await start();
    const repo = h.fake.repo(FULL_NAME);
    const head = repo.branches.get('main')?.headSha ?? '';
    repo.branches.set('draft', { name: 'draft', headSha: head, protected: false });
    h.fake.calls.reset();
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${SEED}\n`, branch: 'draft' });
    await h.settle();
    expect(h.fake.calls.all()).toEqual([]);
  });

  it('a person adds a deliverable to the plan: the push creates its issue', async () => {
    const h = await start();
    const text = h
      .fileText()
      .replace(
        '- [ ] Basic SMTP functionality working end-to-end\n',
        '- [ ] Basic SMTP functionality working end-to-end\n- [ ] Rate limiting per sender\n',
      );
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: text });
    await h.settle();
    expect(h.issueByTitle('Rate limiting per sender').state).toBe('open');
    expect(h.messages().at(-1)).toBe('Synced MILESTONES.md with acme/plan: 1 issue created (push)');
  });

  it('a person links a sub-issue (sub_issues, which the fake does not emit): a sync; the app’s own: none', async () => {
    const h = await start();
    const payload = (sender: { login: string; type: string }) =>
      eventPayload(h, { action: 'sub_issue_added', sender });
    const runs = h.app.stats().runs;
    await h.probot.receive({
      id: 's1',
      name: 'sub_issues',
      payload: payload({ login: 'milestone-sync[bot]', type: 'Bot' }),
    } as never);
    expect(h.app.stats().runs).toBe(runs);
    await h.probot.receive({
      id: 's2',
      name: 'sub_issues',
      payload: payload({ login: 'octocat', type: 'User' }),
    } as never);
    await h.settle();
    expect(h.app.stats().runs).toBe(runs + 1);
    expect(h.messages().at(-1)).toBe(
      'Nothing to do: GitHub and MILESTONES.md agree (sub_issues.sub_issue_added)',
    );
  });

  it('reads are cached between syncs: an unchanged file and unchanged lists are answered 304', async () => {
    const h = await start();
    const noOpSync = async (id: string) => {
      h.fake.calls.reset();
      await h.probot.receive({
        id,
        name: 'sub_issues',
        payload: eventPayload(h, {
          action: 'sub_issue_removed',
          sender: { login: 'octocat', type: 'User' },
        }),
      } as never);
      await h.settle();
      expect(h.messages().at(-1)).toBe(
        'Nothing to do: GitHub and MILESTONES.md agree (sub_issues.sub_issue_removed)',
      );
      return h.fake.calls
        .all()
        .filter((c) => c.method === 'GET' && !c.path.endsWith('milestone-sync.yml'))
        .map((c) => `${c.route} ${c.status}`);
    };
    // The lists cached by the first sync predate its own creations: read again once…
    expect(await noOpSync('r1')).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path} 304',
      'GET /repos/{owner}/{repo}/milestones 200',
      'GET /repos/{owner}/{repo}/issues 200',
    ]);
    // …then nothing changed, and nothing costs rate limit.
    expect(await noOpSync('r2')).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path} 304',
      'GET /repos/{owner}/{repo}/milestones 304',
      'GET /repos/{owner}/{repo}/issues 304',
    ]);
  });
});

describe('milestoneSyncApp: coordination', () => {
  it('a burst of five webhooks for one repository: syncs never overlap, and at most two run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    let active = 0;
    let maxActive = 0;
    let locked = 0;
    const lock: RepoLock = async ({ run }) => {
      locked++;
      // Hold the first sync of the burst until every webhook has asked for one.
      if (holding && locked === 1) await gate;
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        return await run();
      } finally {
        active--;
      }
    };
    const h = await start({ appOptions: { lock }, concurrent: true });
    const runs = h.app.stats().runs;
    const requested = h.app.stats().requested;
    locked = 0;
    maxActive = 0;
    holding = true;

    const issue = (title: string) => h.issueByTitle(title).number;
    const closing = [
      'Main server binary builds successfully (`cmd/elemta/main.go`)',
      'Single standardized configuration format',
      'Performance optimization',
    ];
    for (const title of closing) h.fake.human.closeIssue({ repo: FULL_NAME, number: issue(title) });
    h.fake.human.editIssue({
      repo: FULL_NAME,
      number: issue('Security review and TLS hardening'),
      title: 'Security review, TLS hardening and cipher suites',
    });
    h.fake.human.addLabel({
      repo: FULL_NAME,
      number: issue('Queue system optimization and consolidation'),
      label: 'needs-review',
    });
    await vi.waitFor(() => expect(h.app.stats().requested).toBe(requested + 5));
    expect(h.app.stats()).toMatchObject({ runs: runs + 1, running: 1, waiting: 1 });
    release();
    await h.settle();

    expect(maxActive).toBe(1);
    expect(locked).toBe(2);
    expect(h.app.stats().runs).toBe(runs + 2);
    // The first sync saw the whole burst; the follow-up had nothing left to do.
    const text = h.fileText();
    for (const title of closing) expect(text).toContain(`- [x] ${title}`);
    expect(text).toContain('- [ ] Security review, TLS hardening and cipher suites');
    expect(h.messages().slice(-2)).toEqual([
      'Synced MILESTONES.md with acme/plan: 4 updated, 1 file edit (issues.closed)',
      'Nothing to do: GitHub and MILESTONES.md agree (issues.closed + 3 more)',
    ]);
  });

  it('without knowing its own slug, the app’s own events start syncs, and those write nothing', async () => {
    // Installed while no webhook was delivered, so the slug is learnt from no installation event,
    // and the fake has no GET /app: every event of the app's own looks like a person's.
    const h = await start({ install: false, appOptions: { appSlug: undefined } });
    h.fake.webhooks.enabled = false;
    h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    h.fake.webhooks.enabled = true;
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${SEED}\n` });
    await h.settle();
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    const writesOfFirstSync = repoWrites(h).length;
    const issue = h.issueByTitle('Performance optimization');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();
    expect(h.fileText()).toContain('- [x] Performance optimization');

    // First sync (34 creations and the dashboard), then the tick: one file write, one issue update
    // and one dashboard edit. Every other sync, started by the app's own events, wrote nothing.
    expect(repoWrites(h)).toHaveLength(writesOfFirstSync + 3);
    // More syncs than the person's two events: the app's own events started some (coalesced, as
    // they arrive while a sync runs).
    expect(h.app.stats().runs).toBeGreaterThan(2);
    expect(h.messages('warn')).toEqual([
      expect.stringContaining("Could not look up the app's slug"),
    ]);
    expect(h.fake.calls.count('GET /app')).toBe(1);
    expect(h.messages('info').filter((m) => !m.startsWith('Nothing to do'))).toEqual([
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (push)',
      'Synced MILESTONES.md with acme/plan: 1 updated, 1 file edit (issues.closed)',
    ]);
  });
});

describe('milestoneSyncApp: config and failures', () => {
  it('an invalid config: one error naming the file and the key, no sync; fixing it syncs', async () => {
    const h = await start({ files: { [PATH]: SEED, [CONFIG]: 'maxCloseShare: 2\n' } });
    expect(h.messages()).toEqual([
      'acme/plan: Invalid acme/plan:.github/milestone-sync.yml: Unexpected maxCloseShare 2, expected a number from 0 to 1. Not syncing (installation.created).',
    ]);
    expect(repoWrites(h)).toEqual([]);
    expect(h.messages('error')).toHaveLength(1);

    h.fake.human.editFile({ repo: FULL_NAME, path: CONFIG, content: 'maxCloseShare: 0.2\n' });
    await h.settle();
    expect(h.issues()).toHaveLength(25); // 24 deliverables and the dashboard
    expect(h.messages().at(-1)).toBe(
      'Synced MILESTONES.md with acme/plan: 6 milestones created, 24 issues created, 4 labels created (push)',
    );
  });

  it('a config file that is not YAML is reported, not thrown', async () => {
    const h = await start({ files: { [PATH]: SEED, [CONFIG]: 'path: [unclosed\n' } });
    expect(h.messages('error')).toEqual([
      expect.stringMatching(
        /^acme\/plan: \.github\/milestone-sync\.yml of acme\/plan could not be read: Configuration could not be parsed from .* \(invalid YAML\): .+ at line 2, column 1\. Not syncing \(installation\.created\)\.$/,
      ),
    ]);
    expect(repoWrites(h)).toEqual([]);
  });

  it('the config names docs/roadmap.md and asks for a dry run: nothing is written', async () => {
    const h = await start({
      files: {
        'docs/roadmap.md': SEED,
        [CONFIG]: 'path: docs/roadmap.md\ndryRun: true\nsectionLabelPrefix: "area/"\n',
      },
    });
    expect(h.messages()).toEqual([
      'Dry run of docs/roadmap.md with acme/plan: 6 milestones to create, 24 issues to create, 4 labels to create (installation.created)',
    ]);
    expect(repoWrites(h)).toEqual([]);
  });

  it('GitHub failing is logged with the repository and the event; the handler does not throw', async () => {
    const h = await start();
    h.fake.faults.always({ route: 'GET /repos/{owner}/{repo}/issues', status: 500 });
    const issue = h.issueByTitle('Performance optimization');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle(); // would reject if a handler threw
    const failure = h.lines.find((l) => l.level === 'error');
    expect(failure?.msg).toMatch(/^acme\/plan: sync failed \(issues\.closed\): HTTP 500: /);
    expect(failure?.fields).toMatchObject({ repo: FULL_NAME, event: 'issues.closed' });

    // The next event reconciles: the tick the failed sync could not make is made now.
    h.fake.faults.clear();
    h.fake.human.reopenIssue({ repo: FULL_NAME, number: issue.number });
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();
    expect(h.fileText()).toContain('- [x] Performance optimization');
  });

  it('in a Probot whose Octokit retries (Probot’s default), a stale file write still reaches the engine at once', async () => {
    // Probot's own Octokit keeps plugin-retry, which resends a 409 three times; only throttling is
    // off here, so the test does not wait a second per write.
    const RetryingOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object | undefined), enabled: false },
    }));
    const h = await start({ Octokit: RetryingOctokit });
    // A person commits to the plan just before the app's tick lands: the write is refused (409).
    h.fake.faults.next({
      route: 'PUT /repos/{owner}/{repo}/contents/{path}',
      before: () => {
        h.fake.human.editFile({
          repo: FULL_NAME,
          path: PATH,
          content: h.fileText().replace('# Elemta Project Milestones', '# Elemta Milestones'),
        });
      },
    });
    h.fake.calls.reset();
    const issue = h.issueByTitle('Performance optimization');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();
    const puts = h.fake.calls
      .all()
      .filter((c) => c.method === 'PUT')
      .map((c) => c.status);
    // Re-read and re-planned once by the engine; never resent by the plugin.
    expect(puts).toEqual([409, 200]);
    expect(h.fileText()).toContain('# Elemta Milestones');
    expect(h.fileText()).toContain('- [x] Performance optimization');
  });
});
