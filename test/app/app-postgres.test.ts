import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresRepoLock, PREVIEW_LOCK_CLASS } from '../../src/app/postgres-repo-lock.js';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import type { PostgresReplica } from './postgres-replica.js';
import { startPostgresReplica } from './postgres-replica.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { readSeed } from '../helpers/read-fixture.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { CONFIG_FILE, FULL_NAME, OPTED_IN_CONFIG, PATH, SECRET } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const reachable = await databaseReachable();
let database: TestDatabase;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/** One app process: its own Probot and pool, the shared database and fake. */
async function startReplica(params: { fake: FakeGitHub; name: string }): Promise<PostgresReplica> {
  const pool: pg.Pool = database.pool(10, params.name);
  return startPostgresReplica({
    fake: params.fake,
    pool,
    appOptions: { previewLock: createPostgresRepoLock({ pool, classId: PREVIEW_LOCK_CLASS }) },
  });
}

describe.skipIf(!reachable)('milestoneSyncApp on PostgreSQL: two replicas, one database', () => {
  it('the same and interleaved deliveries at both: one set of issues and milestones, one dashboard, every close ticked, each delivery handled once', async () => {
    const fake = createFakeGitHub({ webhookSecret: SECRET });
    fake.createRepo({
      fullName: FULL_NAME,
      files: { [CONFIG_FILE]: OPTED_IN_CONFIG, [PATH]: SEED },
    });
    const replicas = [
      await startReplica({ fake, name: 'replica-a' }),
      await startReplica({ fake, name: 'replica-b' }),
    ];
    // Every delivery goes to both replicas at once, with its one id (as when a load balancer
    // retries, or GitHub redelivers to another replica), without waiting for earlier ones.
    const inflight: Promise<unknown>[] = [];
    const receive = (
      replica: PostgresReplica,
      delivery: { id: string; event: string; body: string; headers: Record<string, string> },
    ) =>
      replica.probot.webhooks.verifyAndReceive({
        id: delivery.id,
        name: delivery.event as never,
        payload: delivery.body,
        signature: delivery.headers['x-hub-signature-256'] ?? '',
      });
    fake.webhooks.subscribe((delivery) => {
      for (const replica of replicas) inflight.push(receive(replica, delivery));
    });
    const settle = async () => {
      for (;;) {
        const emitted = fake.webhooks.deliveries.length;
        await fake.webhooks.idle();
        const pending = inflight.splice(0);
        await Promise.all(pending);
        await Promise.all(replicas.map((r) => r.app.idle()));
        if (pending.length === 0 && fake.webhooks.deliveries.length === emitted) break;
      }
    };
    const issues = () =>
      [...fake.repo(FULL_NAME).issues.values()].filter((issue) => !issue.isPullRequest);
    const fileText = () => {
      const repo = fake.repo(FULL_NAME);
      const head = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
      return repo.commits.get(head)?.files.get(PATH)?.bytes.toString('utf8') ?? '';
    };
    const seenBefore = (id: string) =>
      replicas.flatMap((r) => r.lines).filter((l) => l.msg.includes(`delivery ${id} seen before`))
        .length;

    try {
      fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
      await settle();
      const created = issues().length;
      expect(created).toBeGreaterThan(10);

      // People close issues one after another; each delivery reaches both replicas.
      const closing = issues()
        .filter((issue) => decodeDashboardMarker(issue.body) === null)
        .slice(0, 6);
      for (const issue of closing) {
        fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
      }
      await settle();

      // Exactly one set: no title twice, one dashboard, the seed's milestones once each.
      const titles = issues().map((issue) => issue.title);
      expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([]);
      expect(issues()).toHaveLength(created);
      expect(issues().filter((issue) => decodeDashboardMarker(issue.body) !== null)).toHaveLength(
        1,
      );
      const milestones = [...fake.repo(FULL_NAME).milestones.values()].map((m) => m.title);
      expect(milestones.length).toBeGreaterThan(0);
      expect(milestones.filter((title, i) => milestones.indexOf(title) !== i)).toEqual([]);
      // Every close ticked in the file.
      const text = fileText();
      for (const issue of closing) expect(text).toContain(`- [x] ${issue.title}`);

      // Each delivery the app handles was taken by one replica and refused by the other.
      const handled = [
        ...fake.webhooks.of('installation', 'created'),
        ...fake.webhooks.of('issues', 'closed'),
      ];
      expect(handled).toHaveLength(1 + closing.length);
      for (const delivery of handled) expect(seenBefore(delivery.id)).toBe(1);
      // Both replicas ran syncs between them, and nothing waits.
      expect(replicas.map((r) => r.app.stats().runs).reduce((a, b) => a + b)).toBeGreaterThan(0);

      // A third copy of a close, later: nothing is read or written.
      fake.calls.reset();
      const again = handled.at(-1) as (typeof handled)[number];
      await receive(replicas[0] as PostgresReplica, again);
      await settle();
      expect(fake.calls.all()).toEqual([]);
      expect(seenBefore(again.id)).toBe(2);
      fake.assertNoViolations();
    } finally {
      await Promise.all(replicas.map((r) => r.app.close()));
    }
  });

  it('the opened and synchronize deliveries of one pull request at two replicas at once: one preview comment', async () => {
    const fake = createFakeGitHub({ webhookSecret: SECRET });
    fake.createRepo({
      fullName: FULL_NAME,
      files: { [CONFIG_FILE]: OPTED_IN_CONFIG, [PATH]: SEED },
    });
    fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
    const replicas = [
      await startReplica({ fake, name: 'preview-a' }),
      await startReplica({ fake, name: 'preview-b' }),
    ];
    try {
      const repo = fake.repo(FULL_NAME);
      repo.branches.set('draft', {
        name: 'draft',
        headSha: repo.branches.get(repo.defaultBranch)?.headSha ?? '',
        protected: false,
      });
      const edit = (text: string) =>
        fake.human.editFile({ repo: FULL_NAME, path: PATH, branch: 'draft', content: text });
      edit(SEED.replace('- [ ] ', '- [ ] Drafted deliverable\n- [ ] '));
      const pull = fake.human.openPullRequest({ repo: FULL_NAME, head: 'draft' });
      edit(SEED.replace('- [ ] ', '- [ ] Drafted deliverable, revised\n- [ ] '));
      await fake.webhooks.idle();
      const opened = fake.webhooks.of('pull_request', 'opened').at(-1);
      const pushed = fake.webhooks.of('pull_request', 'synchronize').at(-1);
      if (!opened || !pushed) throw new Error('no pull_request deliveries');
      // Each preview lists the pull request's comments before posting one: those lists wait
      // for each other (1 s at most), so two previews running at once both find none.
      let listing = 0;
      let bothListing!: () => void;
      const together = new Promise<void>((resolve) => {
        bothListing = resolve;
      });
      fake.faults.always({
        route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        before: async () => {
          if (++listing === 2) bothListing();
          await Promise.race([together, new Promise((resolve) => setTimeout(resolve, 1000))]);
        },
      });
      // `opened` to one replica, `synchronize` to the other, at the same time.
      await Promise.all(
        [opened, pushed].map((delivery, i) =>
          (replicas[i] as PostgresReplica).probot.webhooks.verifyAndReceive({
            id: delivery.id,
            name: delivery.event as never,
            payload: delivery.body,
            signature: delivery.headers['x-hub-signature-256'] ?? '',
          }),
        ),
      );
      await Promise.all(replicas.map((r) => r.app.idle()));
      const previews = [...repo.comments.values()].filter(
        (c) => c.issueNumber === pull.number && c.body.startsWith(PR_PREVIEW_MARKER),
      );
      expect(previews).toHaveLength(1);
      const head = repo.branches.get('draft')?.headSha ?? '';
      expect(previews[0]?.body).toContain(head.slice(0, 7));
      fake.assertNoViolations();
    } finally {
      await Promise.all(replicas.map((r) => r.app.close()));
    }
  });
});
