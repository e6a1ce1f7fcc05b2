import { describe, expect, it } from 'vitest';
import { RequestError } from '@octokit/request-error';
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

describe('issues', () => {
  it('gives issues ids and node_ids distinct from their numbers', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const a = await octokit.rest.issues.create({ ...repo, title: 'First' });
    const b = await octokit.rest.issues.create({ ...repo, title: 'Second' });
    expect([a.data.number, b.data.number]).toEqual([1, 2]);
    expect(a.data.id).toBeGreaterThan(1_000_000);
    expect(b.data.id).not.toBe(a.data.id);
    expect(a.data.node_id).toMatch(/^I_/);
    expect(a.data.user?.login).toBe('milestone-sync[bot]');
    fake.assertNoViolations();
  });

  it('shares numbers with pull requests and lists PRs among issues with a pull_request key', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    await octokit.rest.issues.create({ ...repo, title: 'Issue one' });
    fake.human.editFile({ repo: REPO, path: 'x.md', content: 'x' });
    const main = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/milestone-sync/a', sha: main });
    fake.human.editFile({ repo: REPO, path: 'x.md', content: 'y', branch: 'milestone-sync/a' });
    const pr = await octokit.rest.pulls.create({
      ...repo,
      title: 'A PR',
      head: 'milestone-sync/a',
      base: 'main',
    });
    const issue = await octokit.rest.issues.create({ ...repo, title: 'Issue three' });
    expect(pr.data.number).toBe(2);
    expect(issue.data.number).toBe(3);
    const list = await octokit.rest.issues.listForRepo({ ...repo, direction: 'asc' });
    expect(list.data.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(list.data[1]?.pull_request?.url).toBe(`${fake.urls.api}/repos/acme/plan/pulls/2`);
    // the PR's issue id is not the PR id
    expect(list.data[1]?.id).not.toBe(pr.data.id);
    fake.assertNoViolations();
  });

  it('filters by state, labels (all of), milestone, creator and since; sorts and directs', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    await octokit.rest.issues.create({
      ...repo,
      title: 'a',
      labels: ['plan', 'p1'],
      milestone: m.data.number,
    });
    fake.clock.advance(60_000);
    await octokit.rest.issues.create({ ...repo, title: 'b', labels: ['plan'] });
    fake.clock.advance(60_000);
    const humanIssue = fake.human.createIssue({ repo: REPO, title: 'c' });
    fake.clock.advance(60_000);
    fake.human.closeIssue({ repo: REPO, number: 1 });

    const titles = async (params: Record<string, string | number>) =>
      (await octokit.rest.issues.listForRepo({ ...repo, ...params })).data.map((i) => i.title);

    expect(await titles({})).toEqual(['c', 'b']); // open, newest first
    expect(await titles({ state: 'all', direction: 'asc' })).toEqual(['a', 'b', 'c']);
    expect(await titles({ state: 'closed' })).toEqual(['a']);
    expect(await titles({ state: 'all', labels: 'plan,p1' })).toEqual(['a']);
    expect(await titles({ state: 'all', labels: 'PLAN', direction: 'asc' })).toEqual(['a', 'b']);
    expect(await titles({ state: 'all', milestone: m.data.number })).toEqual(['a']);
    expect(await titles({ state: 'all', milestone: 'none', direction: 'asc' })).toEqual(['b', 'c']);
    expect(await titles({ state: 'all', milestone: '*' })).toEqual(['a']);
    expect(await titles({ state: 'all', creator: 'octocat' })).toEqual([humanIssue.title]);
    expect(await titles({ state: 'all', sort: 'updated' })).toEqual(['a', 'c', 'b']);
    expect(await titles({ state: 'all', since: '2026-01-15T17:03:00Z' })).toEqual(['a']);
    fake.assertNoViolations();
  });

  it('PATCHes title/state/state_reason/labels/milestone and keeps milestone counts right', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    const i = await octokit.rest.issues.create({ ...repo, title: 'x', milestone: m.data.number });
    await octokit.rest.issues.create({ ...repo, title: 'y', milestone: m.data.number });
    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: i.data.number,
      state: 'closed',
      state_reason: 'not_planned',
      title: 'x2',
      labels: ['done'],
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.state_reason).toBe('not_planned');
    expect(closed.data.title).toBe('x2');
    expect(closed.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['done']);
    expect(closed.data.closed_at).toBe('2026-01-15T17:00:00Z');
    const milestone = await octokit.rest.issues.getMilestone({
      ...repo,
      milestone_number: m.data.number,
    });
    expect([milestone.data.open_issues, milestone.data.closed_issues]).toEqual([1, 1]);
    const reopened = await octokit.rest.issues.update({
      ...repo,
      issue_number: i.data.number,
      state: 'open',
    });
    expect(reopened.data.state_reason).toBe('reopened');
    const unset = await octokit.rest.issues.update({
      ...repo,
      issue_number: i.data.number,
      milestone: null,
    });
    expect(unset.data.milestone).toBeNull();
    expect(
      await status(
        octokit.rest.issues.update({ ...repo, issue_number: i.data.number, milestone: 99 }),
      ),
    ).toBe(422);
    expect(await status(octokit.rest.issues.get({ ...repo, issue_number: 999 }))).toBe(404);
    fake.assertNoViolations();
  });

  it('adds sub-issues by issue id (not number), lists them, and reports the parent', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const parent = await octokit.rest.issues.create({ ...repo, title: 'Epic' });
    const child = await octokit.rest.issues.create({ ...repo, title: 'Task' });
    // Passing the number is a mistake GitHub rejects: no issue has id 2.
    expect(
      await status(
        octokit.rest.issues.addSubIssue({
          ...repo,
          issue_number: parent.data.number,
          sub_issue_id: child.data.number,
        }),
      ),
    ).toBe(422);
    const added = await octokit.rest.issues.addSubIssue({
      ...repo,
      issue_number: parent.data.number,
      sub_issue_id: child.data.id,
    });
    expect(added.status).toBe(201);
    expect(added.data.number).toBe(parent.data.number);
    expect(added.data.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    const subs = await octokit.rest.issues.listSubIssues({
      ...repo,
      issue_number: parent.data.number,
    });
    expect(subs.data.map((s) => s.id)).toEqual([child.data.id]);
    const parentOf = await octokit.request(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/parent',
      { ...repo, issue_number: child.data.number },
    );
    expect((parentOf.data as { number: number }).number).toBe(parent.data.number);
    // A second parent needs replace_parent.
    const other = await octokit.rest.issues.create({ ...repo, title: 'Other epic' });
    expect(
      await status(
        octokit.rest.issues.addSubIssue({
          ...repo,
          issue_number: other.data.number,
          sub_issue_id: child.data.id,
        }),
      ),
    ).toBe(422);
    await octokit.rest.issues.removeSubIssue({
      ...repo,
      issue_number: parent.data.number,
      sub_issue_id: child.data.id,
    });
    expect(
      (await octokit.rest.issues.listSubIssues({ ...repo, issue_number: parent.data.number })).data,
    ).toEqual([]);
    fake.assertNoViolations();
  });

  it('caps sub-issues at 100 per parent', async () => {
    const fake = setupFake();
    const parent = fake.human.createIssue({ repo: REPO, title: 'Epic' });
    for (let n = 0; n < 100; n += 1) {
      const child = fake.human.createIssue({ repo: REPO, title: `t${n}` });
      fake.human.addSubIssue({ repo: REPO, parent: parent.number, child: child.number });
    }
    const extra = fake.human.createIssue({ repo: REPO, title: 'one too many' });
    const error = await fake
      .octokit()
      .rest.issues.addSubIssue({ ...repo, issue_number: parent.number, sub_issue_id: extra.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(422);
    expect(JSON.stringify((error as RequestError).response?.data)).toContain(
      'more than 100 sub-issues',
    );
  });

  it('creates, lists and updates issue comments', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const issue = await octokit.rest.issues.create({ ...repo, title: 'x' });
    const c = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.data.number,
      body: 'first',
    });
    await octokit.rest.issues.updateComment({ ...repo, comment_id: c.data.id, body: 'edited' });
    const list = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: issue.data.number,
    });
    expect(list.data.map((x) => x.body)).toEqual(['edited']);
    expect(
      (await octokit.rest.issues.get({ ...repo, issue_number: issue.data.number })).data.comments,
    ).toBe(1);
    fake.assertNoViolations();
  });

  it('creates and completes check runs', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const sha = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    const run = await octokit.rest.checks.create({
      ...repo,
      name: 'milestone-sync',
      head_sha: sha,
      status: 'in_progress',
    });
    expect(run.data.status).toBe('in_progress');
    const done = await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: 'success',
      output: { title: 'Plan in sync', summary: '3 milestones' },
    });
    expect([done.data.status, done.data.conclusion, done.data.output.title]).toEqual([
      'completed',
      'success',
      'Plan in sync',
    ]);
    fake.assertNoViolations();
  });
});
