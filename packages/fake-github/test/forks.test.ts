import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../src/index.js';
import { NAME, OWNER, PLAN, REPO, setupFake } from './fake-helpers.js';

const FORK = 'contributor/plan';
const repo = { owner: OWNER, repo: NAME };
const CHANGED = `${PLAN}- [ ] From a fork\n`;

/** A fork of acme/plan by `contributor` with one commit on its main, and a pull request from it. */
async function openForkPull(fake: FakeGitHub) {
  const contributor = fake.human.as('contributor');
  contributor.fork({ repo: REPO });
  const commit = contributor.editFile({ repo: FORK, path: 'MILESTONES.md', content: CHANGED });
  const pull = contributor.openPullRequest({ repo: REPO, head: 'contributor:main', title: 'Fork' });
  await fake.webhooks.idle();
  return { pull, commit };
}

describe('forks and pull requests from forks', () => {
  it('a fork is a repository of its owner: fork, parent and source; the parent counts it', async () => {
    const fake = setupFake();
    fake.human.as('contributor').fork({ repo: REPO });
    const octokit = fake.octokit();
    const { data: fork } = await octokit.rest.repos.get({ owner: 'contributor', repo: NAME });
    expect(fork).toMatchObject({
      full_name: FORK,
      fork: true,
      owner: { login: 'contributor' },
      parent: { full_name: REPO, fork: false },
      source: { full_name: REPO },
    });
    const { data: parent } = await octokit.rest.repos.get(repo);
    expect(parent).toMatchObject({ fork: false, forks_count: 1 });
    expect(parent).not.toHaveProperty('parent');
    // It starts at the parent's default branch.
    const readme = await octokit.rest.repos.getContent({
      owner: 'contributor',
      repo: NAME,
      path: 'README.md',
    });
    expect(readme.status).toBe(200);
    fake.assertNoViolations();
  });

  it('a pull request from a fork: head is the fork, its commits read from the base by sha (refs/pull/N/head)', async () => {
    const fake = setupFake();
    const { pull, commit } = await openForkPull(fake);
    const opened = fake.webhooks.of('pull_request', 'opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.payload).toMatchObject({
      repository: { full_name: REPO },
      installation: { id: 77 },
      sender: { login: 'contributor' },
      pull_request: {
        number: pull.number,
        head: {
          label: 'contributor:main',
          ref: 'main',
          sha: commit.sha,
          user: { login: 'contributor' },
          repo: { full_name: FORK, fork: true },
        },
        base: { ref: 'main', repo: { full_name: REPO } },
      },
    });
    const octokit = fake.octokit();
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(data.head).toMatchObject({ sha: commit.sha, repo: { full_name: FORK } });
    const file = await octokit.rest.repos.getContent({
      ...repo,
      path: 'MILESTONES.md',
      ref: commit.sha,
    });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toBe(
      CHANGED,
    );
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['MILESTONES.md', 'modified']]);
    const listed = await octokit.rest.pulls.list({ ...repo, head: 'contributor:main' });
    expect(listed.data.map((p) => p.number)).toEqual([pull.number]);
    expect((await octokit.rest.pulls.list({ ...repo, head: 'acme:main' })).data).toEqual([]);
    // A check run on the fork's head commit is accepted; on a commit the base lacks, 422.
    await octokit.rest.checks.create({ ...repo, name: 'ci', head_sha: commit.sha });
    await expect(
      octokit.rest.checks.create({ ...repo, name: 'ci', head_sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('No commit found') });
    fake.assertNoViolations();
  });

  it('a push to the fork’s branch moves the head and emits pull_request.synchronize on the base', async () => {
    const fake = setupFake();
    const { pull, commit } = await openForkPull(fake);
    const next = fake.human
      .as('contributor')
      .editFile({ repo: FORK, path: 'MILESTONES.md', content: `${CHANGED}- [ ] More\n` });
    // A push to the base's own main is no push to the pull request's head.
    fake.human.editFile({ repo: REPO, path: 'README.md', content: 'changed\n' });
    await fake.webhooks.idle();
    const synchronize = fake.webhooks.of('pull_request', 'synchronize');
    expect(synchronize.map((d) => [d.payload.before, d.payload.after])).toEqual([
      [commit.sha, next.sha],
    ]);
    expect(synchronize[0]?.payload).toMatchObject({
      repository: { full_name: REPO },
      pull_request: { number: pull.number, head: { sha: next.sha } },
    });
    const octokit = fake.octokit();
    const file = await octokit.rest.repos.getContent({
      ...repo,
      path: 'MILESTONES.md',
      ref: next.sha,
    });
    expect(file.status).toBe(200);
    fake.assertNoViolations();
  });

  it('a fork deleted: head.repo is null; GitHub keeps the head commits (pullHeads kept)', async () => {
    const fake = setupFake();
    const { pull, commit } = await openForkPull(fake);
    fake.deleteRepo({ fullName: FORK });
    const octokit = fake.octokit();
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(data.head).toMatchObject({ label: 'contributor:main', sha: commit.sha, repo: null });
    await expect(
      octokit.rest.repos.get({ owner: 'contributor', repo: NAME }),
    ).rejects.toMatchObject({ status: 404 });
    const file = await octokit.rest.repos.getContent({
      ...repo,
      path: 'MILESTONES.md',
      ref: commit.sha,
    });
    expect(file.status).toBe(200);
    // Closing and reopening it: the webhooks carry head.repo null too (and validate).
    fake.human.closePullRequest({ repo: REPO, number: pull.number });
    fake.human.reopenPullRequest({ repo: REPO, number: pull.number });
    await fake.webhooks.idle();
    const events = fake.webhooks.of('pull_request').map((d) => d.action);
    expect(events).toEqual(['opened', 'closed', 'reopened']);
    expect(fake.webhooks.of('pull_request', 'reopened')[0]?.payload).toMatchObject({
      pull_request: { state: 'open', head: { repo: null } },
    });
    fake.assertNoViolations();
  });

  it('a fork deleted with pullHeads dropped: the base no longer serves the head; the files are still listed', async () => {
    const fake = setupFake();
    const { pull, commit } = await openForkPull(fake);
    fake.deleteRepo({ fullName: FORK, pullHeads: 'dropped' });
    const octokit = fake.octokit();
    await expect(
      octokit.rest.repos.getContent({ ...repo, path: 'MILESTONES.md', ref: commit.sha }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining('No commit found') });
    await expect(
      octokit.rest.checks.create({ ...repo, name: 'ci', head_sha: commit.sha }),
    ).rejects.toMatchObject({ status: 422 });
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['MILESTONES.md', 'modified']]);
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(data.head).toMatchObject({ sha: commit.sha, repo: null });
    // The base repository's own history is untouched.
    expect((await octokit.rest.repos.getContent({ ...repo, path: 'MILESTONES.md' })).status).toBe(
      200,
    );
    fake.assertNoViolations();
  });

  it('check_run.rerequested lists the pull requests of the run’s commit, none for a fork (GitHub does not look at forks)', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const main = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/topic', sha: main });
    const topic = fake.human.editFile({
      repo: REPO,
      path: 'MILESTONES.md',
      content: CHANGED,
      branch: 'topic',
    });
    const own = fake.human.openPullRequest({ repo: REPO, head: 'topic' });
    const { pull, commit } = await openForkPull(fake);
    const ownRun = await octokit.rest.checks.create({ ...repo, name: 'ci', head_sha: topic.sha });
    const forkRun = await octokit.rest.checks.create({ ...repo, name: 'ci', head_sha: commit.sha });
    fake.human.rerequestCheckRun({ repo: REPO, checkRunId: ownRun.data.id });
    fake.human.rerequestCheckRun({ repo: REPO, checkRunId: forkRun.data.id });
    await fake.webhooks.idle();
    const [ownEvent, forkEvent] = fake.webhooks.of('check_run', 'rerequested');
    expect(ownEvent?.payload).toMatchObject({
      check_run: {
        id: ownRun.data.id,
        head_sha: topic.sha,
        pull_requests: [{ number: own.number, head: { ref: 'topic', sha: topic.sha } }],
        check_suite: { head_branch: 'topic' },
      },
      repository: { full_name: REPO },
      installation: { id: 77 },
    });
    expect(forkEvent?.payload).toMatchObject({
      check_run: {
        id: forkRun.data.id,
        head_sha: commit.sha,
        pull_requests: [],
        check_suite: { head_branch: null, pull_requests: [] },
      },
    });
    expect(pull.number).not.toBe(own.number);
    fake.assertNoViolations();
  });

  it('a pull request from a fork that does not exist is a 422', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    await expect(
      octokit.rest.pulls.create({ ...repo, title: 'x', head: 'stranger:main', base: 'main' }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
