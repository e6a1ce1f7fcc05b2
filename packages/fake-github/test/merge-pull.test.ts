import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../src/index.js';
import { createFakeGitHub } from '../src/index.js';
import { NAME, OWNER, PLAN, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

/** A branch off main with the plan edited, and a pull request from it into main. */
async function openPull(
  fake: FakeGitHub,
  params: { branch: string; content?: string },
): Promise<number> {
  const octokit = fake.octokit();
  const main = fake.repo(REPO).branches.get('main')?.headSha ?? '';
  await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${params.branch}`, sha: main });
  fake.human.editFile({
    repo: REPO,
    path: 'MILESTONES.md',
    content: params.content ?? `${PLAN}- [ ] Lexer\n`,
    branch: params.branch,
  });
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    title: 'Add the lexer',
    head: params.branch,
    base: 'main',
  });
  return data.number;
}

function fileOnMain(fake: FakeGitHub, path: string): string | undefined {
  const state = fake.repo(REPO);
  return state.commits
    .get(state.branches.get('main')?.headSha ?? '')
    ?.files.get(path)
    ?.bytes.toString();
}

describe('merging pull requests', () => {
  it('merge: a two-parent commit on main with both sides, the pull closed and merged, push then pull_request.closed', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const number = await openPull(fake, { branch: 'lexer' });
    const headSha = fake.repo(REPO).branches.get('lexer')?.headSha ?? '';
    fake.human.editFile({ repo: REPO, path: 'README.md', content: 'moved on\n' });
    const mainBefore = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await fake.webhooks.idle();
    fake.webhooks.deliveries.length = 0;

    const { data, status } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: number,
      sha: headSha,
    });
    expect(status).toBe(200);
    expect(data).toEqual({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const state = fake.repo(REPO);
    expect(state.branches.get('main')?.headSha).toBe(data.sha);
    expect(state.commits.get(data.sha)?.parents).toEqual([mainBefore, headSha]);
    expect(fileOnMain(fake, 'MILESTONES.md')).toBe(`${PLAN}- [ ] Lexer\n`);
    expect(fileOnMain(fake, 'README.md')).toBe('moved on\n');

    const pull = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    expect(pull.data).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: data.sha,
      merged_by: { login: 'milestone-sync[bot]' },
    });
    expect(pull.data.merged_at).not.toBeNull();
    expect(pull.data.closed_at).not.toBeNull();

    await fake.webhooks.idle();
    expect(
      fake.webhooks.deliveries.map((d) => (d.action ? `${d.event}.${d.action}` : d.event)),
    ).toEqual(['push', 'pull_request.closed']);
    const push = fake.webhooks.of('push')[0]?.payload as {
      ref: string;
      before: string;
      after: string;
      commits: { id: string; modified: string[] }[];
    };
    expect(push).toMatchObject({ ref: 'refs/heads/main', before: mainBefore, after: data.sha });
    expect(push.commits.map((c) => [c.id, c.modified])).toEqual([
      [headSha, ['MILESTONES.md']],
      [data.sha, ['MILESTONES.md']],
    ]);
    expect(fake.webhooks.of('pull_request', 'closed')[0]?.payload).toMatchObject({
      number,
      pull_request: { merged: true, merge_commit_sha: data.sha, state: 'closed' },
    });
    fake.assertNoViolations();
  });

  it('squash: one commit with one parent; rebase: the head commits replayed onto main', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const squashed = await openPull(fake, { branch: 'squash-me' });
    const mainBefore = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    const squash = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: squashed,
      merge_method: 'squash',
    });
    const commit = fake.repo(REPO).commits.get(squash.data.sha);
    expect(commit?.parents).toEqual([mainBefore]);
    expect(commit?.message).toBe(`Add the lexer (#${squashed})\n\n* Update MILESTONES.md`);
    expect(commit?.modified).toEqual(['MILESTONES.md']);

    const rebased = await openPull(fake, {
      branch: 'rebase-me',
      content: `${PLAN}- [ ] Lexer\n- [ ] Parser 2\n`,
    });
    fake.human.editFile({ repo: REPO, path: 'notes.md', content: 'second\n', branch: 'rebase-me' });
    const head = fake.repo(REPO).branches.get('rebase-me')?.headSha ?? '';
    fake.human.editFile({ repo: REPO, path: 'README.md', content: 'main moved on\n' });
    const mainMid = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await fake.webhooks.idle();
    fake.webhooks.deliveries.length = 0;
    const rebase = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: rebased,
      merge_method: 'rebase',
    });
    const tip = fake.repo(REPO).commits.get(rebase.data.sha);
    expect(rebase.data.sha).not.toBe(head);
    expect(tip?.message).toBe('Update notes.md');
    const first = fake.repo(REPO).commits.get(tip?.parents[0] ?? '');
    expect(first?.parents).toEqual([mainMid]);
    expect(fileOnMain(fake, 'notes.md')).toBe('second\n');
    expect(fileOnMain(fake, 'MILESTONES.md')).toBe(`${PLAN}- [ ] Lexer\n- [ ] Parser 2\n`);
    await fake.webhooks.idle();
    const push = fake.webhooks.of('push')[0]?.payload as { after: string; commits: unknown[] };
    expect(push.after).toBe(rebase.data.sha);
    expect(push.commits).toHaveLength(2);
    const pull = await octokit.rest.pulls.get({ ...repo, pull_number: rebased });
    expect(pull.data.merge_commit_sha).toBe(rebase.data.sha);
    fake.assertNoViolations();
  });

  it('refuses a conflict, a moved head, a closed pull and missing required checks (405/409)', async () => {
    const fake = createFakeGitHub();
    fake.createRepo({
      fullName: REPO,
      files: { 'MILESTONES.md': PLAN },
      requiredStatusChecks: { main: ['ci'] },
    });
    fake.install({ account: OWNER, repos: [REPO], id: 77 });
    const octokit = fake.octokit();
    const number = await openPull(fake, { branch: 'checks' });
    await expect(octokit.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Required status check "ci" is expected.' } },
    });
    const head = fake.repo(REPO).branches.get('checks')?.headSha ?? '';
    await octokit.rest.checks.create({
      ...repo,
      name: 'ci',
      head_sha: head,
      conclusion: 'success',
    });
    await expect(
      octokit.rest.pulls.merge({ ...repo, pull_number: number, sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    await octokit.rest.pulls.merge({ ...repo, pull_number: number });
    await expect(octokit.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
    });

    // Both sides change the plan differently: a conflict. A person (admin) still cannot merge it.
    const conflicting = await openPull(fake, { branch: 'conflict', content: 'theirs\n' });
    fake.human.editFile({ repo: REPO, path: 'MILESTONES.md', content: 'ours\n' });
    const conflictHead = fake.repo(REPO).branches.get('conflict')?.headSha ?? '';
    await octokit.rest.checks.create({
      ...repo,
      name: 'ci',
      head_sha: conflictHead,
      conclusion: 'success',
    });
    await expect(
      octokit.rest.pulls.merge({ ...repo, pull_number: conflicting }),
    ).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
    expect(() => fake.human.mergePull({ repo: REPO, number: conflicting })).toThrow(
      /not mergeable/,
    );
    fake.assertNoViolations();
  });

  it('a person merges: sender is the person; required checks are bypassed', async () => {
    const fake = createFakeGitHub();
    fake.createRepo({
      fullName: REPO,
      files: { 'MILESTONES.md': PLAN },
      requiredStatusChecks: { main: ['ci'] },
    });
    fake.install({ account: OWNER, repos: [REPO], id: 77 });
    const number = await openPull(fake, { branch: 'admin' });
    await fake.webhooks.idle();
    fake.webhooks.deliveries.length = 0;
    const sha = fake.human.as('alice').mergePull({ repo: REPO, number, method: 'squash' }).sha;
    await fake.webhooks.idle();
    expect(fake.webhooks.of('push')[0]?.payload).toMatchObject({
      after: sha,
      sender: { login: 'alice' },
    });
    expect(fake.webhooks.of('pull_request', 'closed')[0]?.payload).toMatchObject({
      pull_request: { merged: true, merge_commit_sha: sha, merged_by: { login: 'alice' } },
    });
    fake.assertNoViolations();
  });
});

describe('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', () => {
  it('the merged pull request for its merge commit and its head commits; open ones for a commit off main; none for a direct push', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const merged = await openPull(fake, { branch: 'lexer' });
    const branchCommit = fake.repo(REPO).branches.get('lexer')?.headSha ?? '';
    const mergeSha = fake.human.mergePull({ repo: REPO, number: merged }).sha;
    const open = await openPull(fake, { branch: 'next', content: `${PLAN}- [ ] Next\n` });
    const openHead = fake.repo(REPO).branches.get('next')?.headSha ?? '';
    const direct = fake.human.editFile({ repo: REPO, path: 'README.md', content: 'direct\n' }).sha;

    const numbers = async (sha: string) =>
      (
        await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha })
      ).data.map((p) => [p.number, p.merge_commit_sha]);
    expect(await numbers(mergeSha)).toEqual([[merged, mergeSha]]);
    expect(await numbers(branchCommit)).toEqual([[merged, mergeSha]]);
    expect(await numbers(openHead)).toEqual([[open, null]]);
    expect(await numbers('next')).toEqual([[open, null]]);
    expect(await numbers(direct)).toEqual([]);
    await expect(
      octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...repo,
        commit_sha: 'a'.repeat(40),
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(fake.calls.count('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls')).toBe(6);
    fake.assertNoViolations();
  });
});
