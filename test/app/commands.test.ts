import { afterEach, describe, expect, it } from 'vitest';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import type { FakeIssue } from '@milestone-sync/fake-github';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const [OWNER, REPO] = FULL_NAME.split('/') as [string, string];
const REPLY_MARKER = '<!-- milestone-sync:command-reply ';
const PERMISSION = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';

const harnesses: AppHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED }, ...params });
  harnesses.push(h);
  const repo = h.fake.repo(FULL_NAME);
  repo.collaborators.set('alice', 'write');
  repo.collaborators.set('mona', 'maintain');
  repo.collaborators.set('tess', 'triage');
  return h;
}

function dashboard(h: AppHarness): FakeIssue {
  const found = h.issues().filter((issue) => issue.title === `Plan dashboard: ${PATH}`);
  expect(found).toHaveLength(1);
  return found[0] as FakeIssue;
}

/** A person's comment, and everything it caused. */
async function comment(
  h: AppHarness,
  params: { login: string; number: number; body: string },
): Promise<number> {
  const { id } = h.fake.human
    .as(params.login)
    .comment({ repo: FULL_NAME, number: params.number, body: params.body });
  await h.settle();
  return id;
}

/** A change on GitHub the app hears nothing of (webhooks off), so only a command syncs it. */
function closeQuietly(h: AppHarness, title: string): void {
  h.fake.webhooks.enabled = false;
  h.fake.human.closeIssue({ repo: FULL_NAME, number: h.issueByTitle(title).number });
  h.fake.webhooks.enabled = true;
}

function replies(h: AppHarness, commentId?: number) {
  const marker = commentId === undefined ? REPLY_MARKER : `${REPLY_MARKER}${commentId} -->`;
  return [...h.fake.repo(FULL_NAME).comments.values()].filter((c) => c.body.startsWith(marker));
}

function reactions(h: AppHarness, commentId: number): string[] {
  return [...h.fake.repo(FULL_NAME).reactions.values()]
    .filter((r) => r.commentId === commentId)
    .map((r) => `${r.content} by ${r.userLogin}`);
}

/** Writes to issues, milestones, labels or files: everything but comments and reactions. */
function planWrites(h: AppHarness): string[] {
  return h.fake.calls
    .writes()
    .map((c) => c.route)
    .filter((r) => r.includes(' /repos/'))
    .filter((r) => !r.includes('/comments') && !r.includes('/check-runs'))
    .filter((r) => !r.includes('/git/refs') && !r.includes('/pulls'));
}

const BOT = 'milestone-sync[bot]';

describe('commands on the dashboard issue', () => {
  it('a writer’s sync: eyes, one sync, a reply with the headline and report, +1; a redelivery answers nothing', async () => {
    const h = await start();
    closeQuietly(h, 'Performance optimization');
    const runs = h.app.stats().runs;
    h.fake.calls.reset();

    const id = await comment(h, {
      login: 'alice',
      number: dashboard(h).number,
      body: '/milestone-sync sync',
    });

    expect(h.fileText()).toContain('- [x] Performance optimization');
    expect(h.app.stats().runs).toBe(runs + 1);
    expect(h.fake.calls.count(PERMISSION)).toBe(1);
    expect(reactions(h, id)).toEqual([`eyes by ${BOT}`, `+1 by ${BOT}`]);
    const [reply, ...more] = replies(h, id);
    expect(more).toEqual([]);
    expect(reply?.authorLogin).toBe(BOT);
    expect(reply?.issueNumber).toBe(dashboard(h).number);
    expect(reply?.body).toContain(
      '> [`/milestone-sync sync`](https://github.test/acme/plan/issues/',
    );
    expect(reply?.body).toContain(
      '\nSynced MILESTONES.md with acme/plan: 1 updated, 1 file edit.\n',
    );
    expect(reply?.body).toContain('<details><summary>Report</summary>');
    expect(reply?.body).toContain('### File edit (1)');
    expect(reply?.body.length).toBeLessThan(20_000);
    expect(h.messages()).toContain(
      'Synced MILESTONES.md with acme/plan: 1 updated, 1 file edit (issue_comment.created)',
    );

    // GitHub redelivers the same delivery: it is found answered, nothing is done again.
    const delivery = h.fake.webhooks
      .of('issue_comment', 'created')
      .find((d) => (d.payload.comment as { id: number }).id === id);
    h.fake.calls.reset();
    const redeliver = async () => {
      await h.probot.webhooks.verifyAndReceive({
        id: delivery?.id ?? '',
        name: 'issue_comment',
        payload: delivery?.body ?? '',
        signature: delivery?.headers['x-hub-signature-256'] ?? '',
      });
      await h.settle();
    };
    // Its id was seen: not handled at all.
    await redeliver();
    expect(h.fake.calls.all()).toEqual([]);
    // Once the id is forgotten (a restart of the in-process dedupe): found answered.
    await h.deliveries.release(delivery?.id ?? '');
    await redeliver();
    expect(replies(h, id)).toHaveLength(1);
    expect(reactions(h, id)).toHaveLength(2);
    expect(h.fake.calls.writes()).toEqual([]);
    expect(h.fake.calls.all().map((c) => c.route)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });

  it('a reader’s sync: no sync, confused, one short reply saying it needs write access', async () => {
    const h = await start();
    closeQuietly(h, 'Performance optimization');
    const before = h.fileText();
    h.fake.calls.reset();

    const id = await comment(h, {
      login: 'bob',
      number: dashboard(h).number,
      body: '/milestone-sync sync',
    });

    expect(h.fileText()).toBe(before);
    expect(reactions(h, id)).toEqual([`confused by ${BOT}`]);
    expect(replies(h, id).map((c) => c.body.split('\n').slice(3).join('\n'))).toEqual([
      'Commands are obeyed for people with write access to acme/plan; bob has read access.\n',
    ]);
    // The permission, the check for an earlier answer, the answer: nothing read for a sync.
    expect(h.fake.calls.all().map((c) => c.route)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      PERMISSION,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    ]);
  });

  it('obeys admin, maintain and write; not triage or read (several commands waiting together)', async () => {
    const h = await start({ concurrent: true });
    const number = dashboard(h).number;
    const people = { acme: 'admin', mona: 'maintain', alice: 'write', tess: 'triage', bob: 'read' };
    const ids: Record<string, number> = {};
    for (const login of Object.keys(people)) {
      ids[login] = h.fake.human
        .as(login)
        .comment({ repo: FULL_NAME, number, body: '/milestone-sync preview' }).id;
    }
    await h.settle();
    const answers = Object.fromEntries(
      Object.entries(ids).map(([login, id]) => [
        login,
        reactions(h, id).map((r) => r.split(' ')[0]),
      ]),
    );
    expect(answers).toEqual({
      acme: ['eyes', '+1'],
      mona: ['eyes', '+1'],
      alice: ['eyes', '+1'],
      tess: ['confused'],
      bob: ['confused'],
    });
    expect(replies(h)).toHaveLength(5);
    expect(replies(h, ids.tess)[0]?.body).toContain('tess has read access');
  });

  it('preview: a dry run answered with what a sync would do now; nothing written', async () => {
    const h = await start();
    closeQuietly(h, 'Performance optimization');
    const before = h.fileText();
    h.fake.calls.reset();

    const id = await comment(h, {
      login: 'alice',
      number: dashboard(h).number,
      body: '/milestone-sync preview',
    });

    expect(h.fileText()).toBe(before);
    expect(planWrites(h)).toEqual([]);
    expect(reactions(h, id)).toEqual([`eyes by ${BOT}`, `+1 by ${BOT}`]);
    const body = replies(h, id)[0]?.body ?? '';
    expect(body).toContain(
      '\nDry run of MILESTONES.md with acme/plan: 1 to update, 1 file edit to commit. Nothing was written.\n',
    );
    expect(body).toContain('🧪 Dry run: nothing was written.');
    expect(h.fake.calls.writes().map((c) => c.route)).toEqual([
      'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    ]);
  });

  it('an unknown verb: the usage, confused; no permission asked, no sync', async () => {
    const h = await start();
    h.fake.calls.reset();
    const id = await comment(h, {
      login: 'bob',
      number: dashboard(h).number,
      body: '/milestone-sync frobnicate',
    });
    expect(reactions(h, id)).toEqual([`confused by ${BOT}`]);
    const body = replies(h, id)[0]?.body ?? '';
    expect(body).toContain('Unknown command `frobnicate`.');
    expect(body).toContain('- `/milestone-sync sync`: sync the plan and GitHub now.');
    expect(h.fake.calls.count(PERMISSION)).toBe(0);
    expect(planWrites(h)).toEqual([]);
    expect(h.fake.calls.all().filter((c) => c.route.includes('/contents/'))).toEqual([]);
  });

  it('extra words are ignored and the reply says so', async () => {
    const h = await start();
    const id = await comment(h, {
      login: 'alice',
      number: dashboard(h).number,
      body: '/milestone-sync sync @everyone now',
    });
    const body = replies(h, id)[0]?.body ?? '';
    expect(body).toContain('Nothing to do: GitHub and MILESTONES.md agree.');
    // In a code span: GitHub notifies no one.
    expect(body).toContain('Ignored after the command: `@everyone now`.');
  });
});

describe('comments that are not commands to obey', () => {
  it('cost no API call: a command on an ordinary issue, a remark on the dashboard, the app’s own comment', async () => {
    const h = await start();
    const ordinary = h.issueByTitle('Performance optimization').number;
    const ignored = h.app.stats().ignored;
    h.fake.calls.reset();
    await comment(h, { login: 'alice', number: ordinary, body: '/milestone-sync sync' });
    await comment(h, { login: 'alice', number: dashboard(h).number, body: 'Nice progress!' });
    h.fake.human
      .as(BOT)
      .comment({ repo: FULL_NAME, number: dashboard(h).number, body: '/milestone-sync sync' });
    await h.settle();
    expect(h.fake.webhooks.of('issue_comment', 'created').length).toBeGreaterThanOrEqual(3);
    expect(h.fake.calls.all()).toEqual([]);
    expect(h.app.stats().ignored).toBe(ignored + 3);
    expect(replies(h)).toEqual([]);
  });
});

describe('commands on a pull request', () => {
  /** A branch with `text` as the plan, and a pull request from it (previewed once). */
  async function openPullRequest(h: AppHarness, text: string): Promise<number> {
    const octokit = h.fake.octokit();
    const repo = h.fake.repo(FULL_NAME);
    const sha = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      owner: OWNER,
      repo: REPO,
      ref: 'refs/heads/plan',
      sha,
    });
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: text, branch: 'plan' });
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner: OWNER,
      repo: REPO,
      title: 'Plan changes',
      head: 'plan',
      base: 'main',
    });
    await h.settle();
    return data.number;
  }

  it('preview: the preview comment is updated to the head, the reply links it; nothing written to issues or milestones', async () => {
    const h = await start();
    const number = await openPullRequest(h, SEED.replace('- [ ] Compliance features\n', ''));
    // A push the app does not hear of: only the command brings the preview up to date.
    h.fake.webhooks.enabled = false;
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: SEED.replace('- [ ] Compliance features\n', '').replace(
        '- [ ] Audit logging system\n',
        '',
      ),
      branch: 'plan',
    });
    h.fake.webhooks.enabled = true;
    const head = h.fake.repo(FULL_NAME).branches.get('plan')?.headSha ?? '';
    const sticky = () =>
      [...h.fake.repo(FULL_NAME).comments.values()].filter(
        (c) => c.issueNumber === number && c.body.startsWith(PR_PREVIEW_MARKER),
      );
    expect(sticky()[0]?.body).not.toContain(head.slice(0, 7));
    h.fake.calls.reset();

    const id = await comment(h, { login: 'alice', number, body: '/milestone-sync preview' });

    expect(sticky()).toHaveLength(1);
    expect(sticky()[0]?.body).toContain(head.slice(0, 7));
    expect(sticky()[0]?.body).toMatch(/#### Close as not planned \(2\)/);
    expect(planWrites(h)).toEqual([]);
    expect(reactions(h, id)).toEqual([`eyes by ${BOT}`, `+1 by ${BOT}`]);
    const url = `https://github.test/acme/plan/pull/${number}#issuecomment-${sticky()[0]?.id}`;
    expect(replies(h, id)[0]?.body).toContain(
      `Updated [the preview comment](${url}) and the \`milestone-sync\` check run. Nothing was written to issues or milestones.`,
    );
    expect(h.fake.repo(FULL_NAME).checkRuns.size).toBe(2);
  });

  it('preview on a pull request into another branch: no preview, the reply says why', async () => {
    const h = await start();
    const octokit = h.fake.octokit();
    const repo = h.fake.repo(FULL_NAME);
    const sha = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
    for (const branch of ['dev', 'topic']) {
      await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
        owner: OWNER,
        repo: REPO,
        ref: `refs/heads/${branch}`,
        sha,
      });
    }
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${SEED}\n`, branch: 'topic' });
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner: OWNER,
      repo: REPO,
      title: 'Into dev',
      head: 'topic',
      base: 'dev',
    });
    await h.settle();
    h.fake.calls.reset();
    const id = await comment(h, {
      login: 'alice',
      number: data.number,
      body: '/milestone-sync preview',
    });
    expect(replies(h, id)[0]?.body).toContain(
      'This pull request is not into the default branch: merging it syncs nothing, so it has no preview.',
    );
    expect(reactions(h, id)).toEqual([`eyes by ${BOT}`, `+1 by ${BOT}`]);
    expect(h.fake.repo(FULL_NAME).checkRuns.size).toBe(0);
    expect(planWrites(h)).toEqual([]);
  });

  it('sync on a pull request syncs the repository and answers there', async () => {
    const h = await start();
    const number = await openPullRequest(h, `${SEED}\n`);
    closeQuietly(h, 'Performance optimization');
    const id = await comment(h, { login: 'alice', number, body: '/milestone-sync sync' });
    expect(h.fileText()).toContain('- [x] Performance optimization');
    expect(replies(h, id)[0]?.issueNumber).toBe(number);
    expect(replies(h, id)[0]?.body).toContain('Synced MILESTONES.md with acme/plan: 1 updated');
  });
});
