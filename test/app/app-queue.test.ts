import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const CONTENTS_WRITE = 'PUT /repos/{owner}/{repo}/contents/{path}';
const harnesses: AppHarness[] = [];

afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

/**
 * Settles the harness while releasing every sleep (write pacing, the batching window) one at a
 * time, as time would pass.
 */
async function settleReleasing(h: AppHarness, clock: HeldClock): Promise<void> {
  let settled = false;
  const settling = h.settle().then(() => {
    settled = true;
  });
  while (!settled) {
    clock.releaseNext();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await settling;
}

describe('milestoneSyncApp: deliveries are answered at once', () => {
  it('while a paced first sync of a big plan runs, deliveries are answered; what they asked for follows', async () => {
    // Every sleep is held until the test releases it: the first sync stops at its 81st write
    // (80 a minute), as long as the test wants, instead of for minutes of real time.
    let clock!: HeldClock;
    const h = await startApp({
      files: { [PATH]: readSeed('feature-flags-MILESTONES.md') },
      install: false,
      appOptions: (fake) => {
        clock = createHeldClock(fake.clock);
        return { clock };
      },
    });
    harnesses.push(h);
    const install = h.fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    const installDelivery = h.fake.webhooks.of('installation', 'created')[0];
    expect(install.id).toBe(77);

    await vi.waitFor(() => expect(clock.held()).toBe(1));
    // The sync is paced (blocked) and the installation delivery was answered all the same.
    await vi.waitFor(() => expect(h.answered()).toContain(installDelivery?.id));
    expect(clock.held()).toBe(1);
    expect(h.app.stats()).toMatchObject({ runs: 1, running: 1, waiting: 0 });
    const writesSoFar = h.fake.calls.writes().filter((c) => c.route.includes(' /repos/')).length;
    expect(writesSoFar).toBe(80);

    // A person closes one of the issues created so far; that delivery is answered too, and its
    // sync waits behind the running one.
    const leaf = h.issues().find((issue) => issue.title === 'Add unit test for health endpoint');
    if (!leaf) throw new Error('the issue is not among the first 80 writes');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: leaf.number });
    const closed = h.fake.webhooks.of('issues', 'closed').at(-1);
    await vi.waitFor(() => expect(h.answered()).toContain(closed?.id));
    expect(clock.held()).toBe(1);
    expect(h.app.stats()).toMatchObject({ runs: 1, running: 1, waiting: 1 });
    expect(h.fileText()).toContain('- [ ] Add unit test for health endpoint');

    await settleReleasing(h, clock);
    // Nothing lost: the first sync finished, and the follow-up ticked the issue closed meanwhile.
    expect(h.issues()).toHaveLength(168); // 167 deliverables and the dashboard
    expect(h.fileText()).toContain('- [x] Add unit test for health endpoint');
    expect(h.app.stats()).toMatchObject({ runs: 2, running: 0, waiting: 0 });
    expect(h.messages().filter((m) => m.startsWith('Synced'))).toEqual([
      expect.stringMatching(/^Synced MILESTONES\.md with acme\/plan: .*\(installation\.created\)$/),
      'Synced MILESTONES.md with acme/plan: 1 updated, 1 file edit (issues.closed)',
    ]);
  });
});

describe('milestoneSyncApp: the batching window', () => {
  const CLOSING = [
    'Single standardized configuration format',
    'Production-ready authentication system (no mocks)',
    'Basic SMTP functionality working end-to-end',
    'Build system completely aligned with documentation',
    'Performance optimization',
  ];

  it('five issues closed within the window: one sync, one commit ticking all five lines', async () => {
    let clock!: HeldClock;
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: (fake) => {
        clock = createHeldClock(fake.clock);
        return { clock, batchWindowMs: 2000 };
      },
    });
    harnesses.push(h);
    const before = h.fileText();
    const { runs, requested } = h.app.stats();
    const commits = h.fake.calls.count(CONTENTS_WRITE);

    for (const title of CLOSING) {
      h.fake.human.closeIssue({ repo: FULL_NAME, number: h.issueByTitle(title).number });
    }
    await h.fake.webhooks.idle();
    // All five answered and queued; nothing runs before the window ends.
    expect(h.app.stats()).toMatchObject({ requested: requested + 5, runs, running: 0, waiting: 1 });
    expect(clock.held()).toBe(1);

    await settleReleasing(h, clock);
    expect(h.app.stats().runs).toBe(runs + 1);
    expect(h.fake.calls.count(CONTENTS_WRITE)).toBe(commits + 1);
    const after = h.fileText();
    expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i])).toEqual(
      CLOSING.map((title) => `- [x] ${title}`),
    );
    expect(h.messages().at(-1)).toBe(
      'Synced MILESTONES.md with acme/plan: 5 updated, 1 file edit (issues.closed + 4 more)',
    );
  });

  it('a push during the window starts the sync at once, with the events that waited', async () => {
    let clock!: HeldClock;
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: (fake) => {
        clock = createHeldClock(fake.clock);
        return { clock, batchWindowMs: 2000 };
      },
    });
    harnesses.push(h);
    const { runs } = h.app.stats();
    const issue = h.issueByTitle('Performance optimization');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.fake.webhooks.idle();
    expect(h.app.stats()).toMatchObject({ runs, waiting: 1 });
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: h
        .fileText()
        .replace(
          '- [ ] CI/CD pipeline setup\n',
          '- [ ] CI/CD pipeline setup\n- [ ] Release notes\n',
        ),
    });
    // Settled without releasing the window's sleep: the push did not wait for it.
    await h.settle();
    expect(h.app.stats().runs).toBe(runs + 1);
    expect(h.fileText()).toContain('- [x] Performance optimization');
    expect(h.issueByTitle('Release notes').state).toBe('open');
    expect(h.messages().at(-1)).toMatch(/\(issues\.closed \+ 1 more\)$/);
  });
});
