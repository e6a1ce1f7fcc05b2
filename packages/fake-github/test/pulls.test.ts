import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../src/index.js';
import { NAME, OWNER, PLAN, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

/** A branch `topic` from main with `files` committed on it, and a pull request into main. */
async function openPull(
  fake: FakeGitHub,
  files: Record<string, string> = { 'notes.md': 'notes\n' },
): Promise<number> {
  const octokit = fake.octokit();
  const sha = fake.repo(REPO).branches.get('main')?.headSha ?? '';
  await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/topic', sha });
  for (const [path, content] of Object.entries(files)) {
    fake.human.editFile({ repo: REPO, path, content, branch: 'topic' });
  }
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    title: 'Topic',
    head: 'topic',
    base: 'main',
  });
  await fake.webhooks.idle();
  return data.number;
}

const events = (fake: FakeGitHub, from: number) =>
  fake.webhooks.deliveries.slice(from).map((d) => (d.action ? `${d.event}.${d.action}` : d.event));

describe('pull requests: update, list by head, merge', () => {
  it('PATCH edits the body (pull_request.edited with changes) and closes without merging', async () => {
    const fake = setupFake();
    const number = await openPull(fake);
    const octokit = fake.octokit();
    const seen = fake.webhooks.deliveries.length;
    const edited = await octokit.rest.pulls.update({ ...repo, pull_number: number, body: 'New' });
    expect(edited.data.body).toBe('New');
    const closed = await octokit.rest.pulls.update({
      ...repo,
      pull_number: number,
      state: 'closed',
    });
    expect(closed.data).toMatchObject({ state: 'closed', merged: false, merged_at: null });
    await fake.webhooks.idle();
    expect(events(fake, seen)).toEqual(['pull_request.edited', 'pull_request.closed']);
    expect(fake.webhooks.deliveries[seen]?.payload).toMatchObject({
      changes: { body: { from: '' } },
    });
    fake.assertNoViolations();
  });

  it('lists pull requests by head (owner:branch) in any state', async () => {
    const fake = setupFake();
    const number = await openPull(fake);
    fake.human.closePull({ repo: REPO, number });
    const octokit = fake.octokit();
    const list = (state: 'open' | 'all', head: string) =>
      octokit.rest.pulls
        .list({ ...repo, state, head })
        .then(({ data }) => data.map((p) => [p.number, p.state]));
    expect(await list('all', `${OWNER}:topic`)).toEqual([[number, 'closed']]);
    expect(await list('open', `${OWNER}:topic`)).toEqual([]);
    expect(await list('all', `${OWNER}:other`)).toEqual([]);
    fake.assertNoViolations();
  });

  it('merges: a merge commit on the base with both parents, push and pull_request.closed merged', async () => {
    const fake = setupFake();
    const number = await openPull(fake, { '.github/config.yml': 'a: 1\n' });
    // main moves on meanwhile, in another file: no conflict.
    fake.human.editFile({ repo: REPO, path: 'README.md', content: 'changed\n' });
    await fake.webhooks.idle();
    const seen = fake.webhooks.deliveries.length;
    const state = fake.repo(REPO);
    const baseBefore = state.branches.get('main')?.headSha ?? '';
    const headSha = state.branches.get('topic')?.headSha ?? '';
    const { data } = await fake.octokit().rest.pulls.merge({
      ...repo,
      pull_number: number,
      sha: headSha,
    });
    expect(data).toMatchObject({ merged: true });
    const merged = state.commits.get(data.sha);
    expect(merged?.parents).toEqual([baseBefore, headSha]);
    expect(state.branches.get('main')?.headSha).toBe(data.sha);
    expect(merged?.files.get('.github/config.yml')?.bytes.toString()).toBe('a: 1\n');
    expect(merged?.files.get('README.md')?.bytes.toString()).toBe('changed\n');
    expect(merged?.files.get('MILESTONES.md')?.bytes.toString()).toBe(PLAN);
    await fake.webhooks.idle();
    expect(events(fake, seen)).toEqual(['push', 'pull_request.closed']);
    const push = fake.webhooks.deliveries[seen]?.payload as {
      ref: string;
      commits: { id: string; added: string[] }[];
    };
    expect(push.ref).toBe('refs/heads/main');
    expect(push.commits.map((c) => c.id)).toEqual([headSha, data.sha]);
    expect(push.commits.at(-1)?.added).toEqual(['.github/config.yml']);
    expect(fake.webhooks.deliveries[seen + 1]?.payload).toMatchObject({
      action: 'closed',
      pull_request: { merged: true, merge_commit_sha: data.sha, state: 'closed' },
    });
    const got = await fake.octokit().rest.pulls.get({ ...repo, pull_number: number });
    expect(got.data).toMatchObject({ merged: true, merged_by: { login: 'milestone-sync[bot]' } });
    fake.assertNoViolations();
  });

  it('refuses a stale head sha (409), a conflict and a closed pull request (405)', async () => {
    const fake = setupFake();
    const number = await openPull(fake, { 'README.md': 'topic\n' });
    fake.human.editFile({ repo: REPO, path: 'README.md', content: 'main\n' });
    const octokit = fake.octokit();
    await expect(
      octokit.rest.pulls.merge({ ...repo, pull_number: number, sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(octokit.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
    });
    fake.human.closePull({ repo: REPO, number });
    await expect(octokit.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
    });
    fake.assertNoViolations();
  });

  it('a person merges with squash: one commit with one parent', async () => {
    const fake = setupFake();
    const number = await openPull(fake);
    const before = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    const commit = fake.human.mergePull({ repo: REPO, number, method: 'squash' });
    expect(commit.parents).toEqual([before]);
    expect(commit.message).toBe(`Topic (#${number})`);
    await fake.webhooks.idle();
    const closed = fake.webhooks.of('pull_request', 'closed').at(-1);
    expect(closed?.payload).toMatchObject({ pull_request: { merged: true } });
    expect((closed?.payload.sender as { login: string }).login).toBe('octocat');
    fake.assertNoViolations();
  });
});
