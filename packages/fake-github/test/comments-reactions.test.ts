import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof RequestError) return error.status;
    throw error;
  }
}

/** A pull request (its issue number) from a branch with one commit. */
async function openPull(fake: FakeGitHub): Promise<number> {
  const octokit = fake.octokit();
  const sha = fake.repo(REPO).branches.get('main')?.headSha ?? '';
  await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/topic', sha });
  fake.human.editFile({ repo: REPO, path: 'x.md', content: 'x', branch: 'topic' });
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    title: 'PR',
    head: 'topic',
    base: 'main',
  });
  return data.number;
}

describe('issue comments', () => {
  it('emit issue_comment created/edited for people and for the API, on issues and pull requests', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const issue = fake.human.createIssue({ repo: REPO, title: 'An issue' });
    const pull = await openPull(fake);
    fake.webhooks.deliveries.length = 0;

    fake.human.as('alice').comment({ repo: REPO, number: issue.number, body: 'hello' });
    fake.human.as('bob').comment({ repo: REPO, number: pull, body: '/milestone-sync preview' });
    const { data } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'from the app',
    });
    await octokit.rest.issues.updateComment({ ...repo, comment_id: data.id, body: 'edited' });
    // An edit that changes nothing emits nothing.
    await octokit.rest.issues.updateComment({ ...repo, comment_id: data.id, body: 'edited' });
    await fake.webhooks.idle();

    const comments = fake.webhooks.of('issue_comment');
    expect(comments.map((d) => d.action)).toEqual(['created', 'created', 'created', 'edited']);
    expect(comments.map((d) => (d.payload.sender as { login: string }).login)).toEqual([
      'alice',
      'bob',
      'milestone-sync[bot]',
      'milestone-sync[bot]',
    ]);
    expect(comments[0]?.payload).toMatchObject({
      issue: { number: issue.number },
      comment: { body: 'hello', user: { login: 'alice', type: 'User' } },
      installation: { id: 77 },
    });
    expect(comments[0]?.payload.issue).not.toHaveProperty('pull_request');
    expect((comments[1]?.payload.comment as { html_url: string }).html_url).toBe(
      `https://github.test/acme/plan/pull/${pull}#issuecomment-${(comments[1]?.payload.comment as { id: number }).id}`,
    );
    expect(comments[1]?.payload.issue).toMatchObject({
      number: pull,
      pull_request: { url: expect.stringContaining(`/pulls/${pull}`) },
    });
    expect(comments[3]?.payload).toMatchObject({
      changes: { body: { from: 'from the app' } },
      comment: { id: data.id, body: 'edited' },
    });
    fake.assertNoViolations();
  });
});

describe('reactions to issue comments', () => {
  it('creates one reaction of each kind per person (again: 200, the same one), lists and counts them', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const issue = fake.human.createIssue({ repo: REPO, title: 'An issue' });
    const comment = fake.human.comment({ repo: REPO, number: issue.number, body: 'hi' });

    const eyes = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    expect(eyes.status).toBe(201);
    expect(eyes.data).toMatchObject({ content: 'eyes', user: { login: 'milestone-sync[bot]' } });
    const again = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(eyes.data.id);
    await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: '+1',
    });

    const all = await octokit.rest.reactions.listForIssueComment({
      ...repo,
      comment_id: comment.id,
    });
    expect(all.data.map((r) => r.content)).toEqual(['eyes', '+1']);
    const plusOnes = await octokit.rest.reactions.listForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: '+1',
    });
    expect(plusOnes.data.map((r) => r.content)).toEqual(['+1']);
    const { data } = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: issue.number,
    });
    expect(data[0]?.reactions).toMatchObject({ total_count: 2, eyes: 1, '+1': 1, '-1': 0 });
    fake.assertNoViolations();
  });

  it('answers 404 for an unknown comment and 422 for an unknown reaction', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const issue = fake.human.createIssue({ repo: REPO, title: 'An issue' });
    const comment = fake.human.comment({ repo: REPO, number: issue.number, body: 'hi' });
    expect(
      await status(
        octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: 1, content: 'eyes' }),
      ),
    ).toBe(404);
    expect(
      await status(
        octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
          ...repo,
          comment_id: comment.id,
          content: 'thumbsup' as never,
        }),
      ),
    ).toBe(422);
    expect(fake.violations.map((v) => v.kind)).toEqual(['request']);
  });
});

describe('repository permissions of a user', () => {
  const permissionOf = async (fake: FakeGitHub, username: string, name = NAME) => {
    const { data } = await fake.octokit().rest.repos.getCollaboratorPermissionLevel({
      owner: OWNER,
      repo: name,
      username,
    });
    return [data.permission, data.role_name, data.user?.permissions?.push];
  };

  it('owner admin; roles as set (maintain → write, triage → read); others read a public repository', async () => {
    const fake = setupFake();
    const repository = fake.repo(REPO);
    repository.collaborators.set('Maria', 'maintain');
    repository.collaborators.set('walt', 'write');
    repository.collaborators.set('tess', 'triage');
    fake.human.as('stranger').createIssue({ repo: REPO, title: 'Hello' });
    expect(await permissionOf(fake, OWNER)).toEqual(['admin', 'admin', true]);
    expect(await permissionOf(fake, 'maria')).toEqual(['write', 'maintain', true]);
    expect(await permissionOf(fake, 'walt')).toEqual(['write', 'write', true]);
    expect(await permissionOf(fake, 'tess')).toEqual(['read', 'triage', false]);
    expect(await permissionOf(fake, 'stranger')).toEqual(['read', 'read', false]);
    expect(
      await status(
        fake.octokit().rest.repos.getCollaboratorPermissionLevel({
          ...repo,
          username: 'nobody-at-all',
        }),
      ),
    ).toBe(404);
    fake.assertNoViolations();
  });

  it('a person without a role has none on a private repository', async () => {
    const fake = setupFake();
    fake.createRepo({ fullName: `${OWNER}/secret`, private: true });
    fake.human.as('stranger').createIssue({ repo: REPO, title: 'Hello' });
    expect(await permissionOf(fake, 'stranger', 'secret')).toEqual(['none', 'none', false]);
    fake.assertNoViolations();
  });
});
