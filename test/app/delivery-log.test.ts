import { afterEach, describe, expect, it } from 'vitest';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness, LogLine } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const [OWNER, REPO] = FULL_NAME.split('/') as [string, string];
const harnesses: AppHarness[] = [];

afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED }, ...params });
  harnesses.push(h);
  return h;
}

/** The app's lines (Probot's own request log binds `name: 'octokit'`) from `from` on. */
function appLines(h: AppHarness, from: number): LogLine[] {
  return h.lines.slice(from).filter((l) => l.fields?.name === 'probot');
}

/** `issues.closed` of each delivery id emitted from `from` on. */
function eventsById(h: AppHarness, from: number): Map<string, string> {
  return new Map(
    h.fake.webhooks.deliveries
      .slice(from)
      .map((d) => [d.id, d.action ? `${d.event}.${d.action}` : d.event]),
  );
}

describe('structured logs: the deliveries behind every line', () => {
  it('a delivery’s sync: every line carries its deliveryId, event, repo and installationId, the retry warning and the summary included', async () => {
    const h = await start();
    const fromLine = h.lines.length;
    const fromDelivery = h.fake.webhooks.deliveries.length;
    // One 5xx on a read: the engine warns and retries.
    h.fake.faults.next({ route: 'GET /repos/{owner}/{repo}/issues', status: 502 });
    const issue = h.issueByTitle('Performance optimization');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();

    const closed = h.fake.webhooks.deliveries[fromDelivery];
    expect(closed?.event).toBe('issues');
    const lines = appLines(h, fromLine);
    const ofClosed = lines.filter((l) => l.fields?.deliveryId === closed?.id);
    expect(ofClosed.map((l) => [l.level, l.msg])).toEqual([
      [
        'warn',
        expect.stringMatching(/^GET \/repos\/\{owner\}\/\{repo\}\/issues: HTTP 502: .*retrying/),
      ],
      ['info', 'Synced MILESTONES.md with acme/plan: 1 updated, 1 file edit (issues.closed)'],
    ]);
    // Every line the app logged names a delivery of this test, with its event, the repository
    // and the installation; none repeats Probot's own `id` binding.
    const events = eventsById(h, fromDelivery);
    expect(lines.length).toBeGreaterThan(ofClosed.length); // the handlers' lines of its own events
    for (const line of lines) {
      const deliveryId = String(line.fields?.deliveryId);
      expect(line.fields, line.msg).toMatchObject({
        deliveryId: expect.any(String),
        event: events.get(deliveryId),
        repo: FULL_NAME,
        installationId: 77,
      });
      expect(line.fields).not.toHaveProperty('id');
      expect(line.fields).not.toHaveProperty('deliveryIds');
    }
  });

  it('deliveries coalesced into one sync: its lines carry every delivery id, in arrival order', async () => {
    let clock!: HeldClock;
    const h = await start({
      appOptions: (fake) => {
        clock = createHeldClock(fake.clock);
        return { clock, batchWindowMs: 2000 };
      },
    });
    const fromDelivery = h.fake.webhooks.deliveries.length;
    const fromLine = h.lines.length;
    for (const title of [
      'Performance optimization',
      'Compliance features',
      'Audit logging system',
    ]) {
      h.fake.human.closeIssue({ repo: FULL_NAME, number: h.issueByTitle(title).number });
    }
    await h.fake.webhooks.idle();
    const ids = h.fake.webhooks.deliveries.slice(fromDelivery).map((d) => d.id);
    expect(ids).toHaveLength(3);
    expect(clock.releaseNext()).toBe(true); // the batching window ends
    await h.settle();

    const summary = appLines(h, fromLine).find((l) => l.msg.startsWith('Synced'));
    expect(summary?.msg).toBe(
      'Synced MILESTONES.md with acme/plan: 3 updated, 1 file edit (issues.closed + 2 more)',
    );
    expect(summary?.fields).toMatchObject({
      deliveryId: ids[0],
      event: 'issues.closed',
      deliveryIds: ids,
      events: ['issues.closed', 'issues.closed', 'issues.closed'],
      repo: FULL_NAME,
      installationId: 77,
    });
  });

  it('a pull request’s preview: its line carries the pull_request delivery', async () => {
    const h = await start();
    const octokit = h.fake.octokit();
    const repo = h.fake.repo(FULL_NAME);
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      owner: OWNER,
      repo: REPO,
      ref: 'refs/heads/plan',
      sha: repo.branches.get('main')?.headSha ?? '',
    });
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: SEED.replace('- [ ] Compliance features\n', ''),
      branch: 'plan',
    });
    const fromLine = h.lines.length;
    await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner: OWNER,
      repo: REPO,
      title: 'Plan',
      head: 'plan',
      base: 'main',
    });
    await h.settle();
    const opened = h.fake.webhooks.of('pull_request', 'opened').at(-1);
    const preview = appLines(h, fromLine).find((l) => l.msg.includes(': preview '));
    expect(preview?.msg).toMatch(/^acme\/plan#\d+: preview preview, comment created/);
    expect(preview?.fields).toMatchObject({
      deliveryId: opened?.id,
      event: 'pull_request.opened',
      repo: FULL_NAME,
      installationId: 77,
    });
  });
});
