import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const PLAN = '# Plan\n\n## M1 — Foundations\n\n- [ ] Parser\n- [ ] Lexer\n';
const QUIET = 'acme/quiet';
const INSTALLATION = 77;

const harnesses: AppHarness[] = [];

async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const harness = await startApp({
    files: { [PATH]: PLAN },
    otherRepos: { [QUIET]: { [PATH]: PLAN } },
    ...params,
  });
  harnesses.push(harness);
  return harness;
}

afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

/** Changes a person makes while GitHub's deliveries to the app are lost. */
function lost(h: AppHarness, change: () => void): void {
  h.fake.webhooks.enabled = false;
  try {
    change();
  } finally {
    h.fake.webhooks.enabled = true;
  }
}

/** The API calls made since `reset`, by route, of one repository (or none: `null`). */
function callsOf(h: AppHarness, repo: string | null): string[] {
  return h.fake.calls
    .all()
    .filter((call) =>
      repo === null ? !call.path.startsWith('/repos/') : call.path.startsWith(`/repos/${repo}/`),
    )
    .map((call) => call.route);
}

function issueOf(h: AppHarness, repo: string, title: string) {
  const found = [...h.fake.repo(repo).issues.values()].find((issue) => issue.title === title);
  if (!found) throw new Error(`no issue ${title} in ${repo}`);
  return found;
}

function fileOf(h: AppHarness, repo: string): string {
  const state = h.fake.repo(repo);
  const head = state.branches.get(state.defaultBranch)?.headSha ?? '';
  return state.commits.get(head)?.files.get(PATH)?.bytes.toString('utf8') ?? '';
}

describe('recovery sweep', () => {
  it('after lost deliveries (a plan push, an issue closed) queues exactly that repository, and its sync catches up', async () => {
    const h = await start();
    expect(issueOf(h, FULL_NAME, 'Parser').state).toBe('open');
    h.fake.clock.advance(60_000);
    h.fake.calls.reset();
    lost(h, () => {
      h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${PLAN}- [ ] Printer\n` });
      h.fake.human.closeIssue({ repo: FULL_NAME, number: issueOf(h, FULL_NAME, 'Parser').number });
    });
    await h.settle();
    expect(h.fake.calls.writes().filter((c) => c.path.startsWith('/repos/'))).toEqual([]);
    h.fake.clock.advance(60_000);
    h.fake.calls.reset();

    const swept = await h.app.sweep();
    expect(swept).toEqual([
      expect.objectContaining({
        installationId: INSTALLATION,
        listed: 2,
        changed: 1,
        queued: 1,
        skipped: 0,
      }),
    ]);
    // The unchanged repository cost its two reads (issues since, milestones) and no sync.
    expect(callsOf(h, QUIET)).toEqual([
      'GET /repos/{owner}/{repo}/issues',
      'GET /repos/{owner}/{repo}/milestones',
    ]);
    // The sweep's own requests: installations (as the app), the rate limit (free), the listing
    // (Probot reuses the installation's token).
    expect(callsOf(h, null)).toEqual([
      'GET /app/installations',
      'GET /rate_limit',
      'GET /installation/repositories',
    ]);
    expect(callsOf(h, FULL_NAME)).toEqual([]); // pushed since: queued without a read
    expect(h.lines.find((l) => l.msg.startsWith('recovery sweep: installation 77'))?.msg).toMatch(
      /listed 2, changed 1, queued 1, skipped for budget 0/,
    );

    h.fake.calls.reset();
    await h.settle();
    expect(issueOf(h, FULL_NAME, 'Printer').state).toBe('open');
    expect(fileOf(h, FULL_NAME)).toContain('- [x] Parser');
    expect(callsOf(h, QUIET)).toEqual([]);
    const syncCalls = h.fake.calls.all().filter((c) => c.status !== 304).length;
    console.info(`recovery sweep: the queued sync made ${syncCalls} counted requests`);
    expect(h.messages().at(-1)).toMatch(
      /^Synced MILESTONES.md with acme\/plan: .*\(recovery-sweep\.pushed\)$/,
    );

    // Caught up: the next sweep queues nothing.
    h.fake.clock.advance(60_000);
    const again = await h.app.sweep();
    expect(again?.[0]).toMatchObject({ changed: 0, queued: 0 });
  });

  it('an issue or a milestone changed with its delivery lost is found by the reads', async () => {
    const h = await start();
    h.fake.clock.advance(60_000);
    lost(h, () => {
      h.fake.human.closeIssue({ repo: QUIET, number: issueOf(h, QUIET, 'Lexer').number });
      h.fake.human.closeMilestone({ repo: FULL_NAME, number: 1 });
    });
    h.fake.clock.advance(60_000);
    const swept = await h.app.sweep();
    expect(swept?.[0]).toMatchObject({ listed: 2, changed: 2, queued: 2 });
    await h.settle();
    expect(fileOf(h, QUIET)).toContain('- [x] Lexer');
    expect(h.messages().filter((m) => m.includes('(recovery-sweep.changed)'))).toHaveLength(2);
  });

  it('repositories unchanged since their last sync cost the listing and the reads, and queue nothing', async () => {
    const h = await start();
    h.fake.clock.advance(60_000);
    h.fake.calls.reset();
    const runs = h.app.stats().runs;
    const swept = await h.app.sweep();
    expect(swept?.[0]).toMatchObject({ listed: 2, changed: 0, queued: 0, skipped: 0 });
    await h.settle();
    expect(h.app.stats().runs).toBe(runs);
    expect(h.fake.calls.all().filter((c) => c.path.startsWith('/repos/'))).toHaveLength(4);
  });

  it('a repository the app never saw (installed while it was down) is queued like an installation', async () => {
    const h = await start({ install: false, config: null });
    lost(h, () => {
      h.fake.install({ account: 'acme', repos: [FULL_NAME, QUIET], id: INSTALLATION });
    });
    const swept = await h.app.sweep();
    expect(swept?.[0]).toMatchObject({ listed: 2, changed: 2, queued: 2 });
    await h.settle();
    // Not opted in: each is offered the onboarding pull request an installation event would give.
    expect(h.messages().filter((m) => m.includes('opened onboarding pull request'))).toHaveLength(
      2,
    );
    h.fake.clock.advance(60_000);
    expect((await h.app.sweep())?.[0]).toMatchObject({ changed: 0, queued: 0 });
  });

  it('stops queuing when the budget is spent; the rest waits for the next sweep', async () => {
    const h = await start();
    h.fake.clock.advance(60_000);
    lost(h, () => {
      for (const repo of [FULL_NAME, QUIET]) {
        h.fake.human.editFile({ repo, path: PATH, content: `${PLAN}- [ ] Printer\n` });
      }
    });
    h.fake.clock.advance(60_000);
    // 10% of the 399 left after listing installations: 39 requests; the listing costs 1, a sync 30.
    h.fake.rateLimit.set({ remaining: 400 });
    const swept = await h.app.sweep();
    expect(swept?.[0]).toMatchObject({ changed: 2, queued: 1, skipped: 1, budget: 39, spent: 31 });
    expect(h.lines.find((l) => l.msg.includes('skipped for budget 1'))?.level).toBe('warn');
    await h.settle();
    h.fake.rateLimit.set({ remaining: 5000 });
    h.fake.clock.advance(60_000);
    expect((await h.app.sweep())?.[0]).toMatchObject({ changed: 1, queued: 1, skipped: 0 });
    await h.settle();
    for (const repo of [FULL_NAME, QUIET]) expect(issueOf(h, repo, 'Printer').state).toBe('open');
  });

  it('one sweep at a time: a second one while the first runs is skipped', async () => {
    const h = await start();
    const [first, second] = await Promise.all([h.app.sweep(), h.app.sweep()]);
    expect(first).not.toBeNull();
    expect(second).toBeNull();
  });
});
