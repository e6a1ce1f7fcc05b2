import { describe, expect, it } from 'vitest';
import { setupFake, OWNER, NAME } from './fake-helpers.js';

describe('smoke', () => {
  it('walks most endpoints', async () => {
    const fake = setupFake();
    const o = fake.octokit();
    const owner = OWNER;
    const repo = NAME;
    await o.rest.repos.get({ owner, repo });
    const file = await o.rest.repos.getContent({ owner, repo, path: 'MILESTONES.md' });
    const root = await o.rest.repos.getContent({ owner, repo, path: '' });
    expect(Array.isArray(root.data)).toBe(true);
    const sha = (file.data as { sha: string }).sha;
    await o.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'MILESTONES.md',
      message: 'x',
      content: Buffer.from('new').toString('base64'),
      sha,
    });
    const m = await o.rest.issues.createMilestone({
      owner,
      repo,
      title: 'M1',
      due_on: '2026-03-01T00:00:00Z',
    });
    await o.rest.issues.updateMilestone({
      owner,
      repo,
      milestone_number: m.data.number,
      state: 'closed',
    });
    await o.rest.issues.listMilestones({ owner, repo, state: 'all' });
    await o.rest.issues.createLabel({ owner, repo, name: 'plan' });
    await o.rest.issues.listLabelsForRepo({ owner, repo });
    await o.rest.issues.getLabel({ owner, repo, name: 'plan' });
    const i = await o.rest.issues.create({
      owner,
      repo,
      title: 'A',
      labels: ['plan'],
      milestone: m.data.number,
    });
    const j = await o.rest.issues.create({ owner, repo, title: 'B' });
    await o.rest.issues.update({
      owner,
      repo,
      issue_number: i.data.number,
      state: 'closed',
      state_reason: 'not_planned',
      title: 'A2',
    });
    await o.rest.issues.addSubIssue({
      owner,
      repo,
      issue_number: i.data.number,
      sub_issue_id: j.data.id,
    });
    await o.rest.issues.listSubIssues({ owner, repo, issue_number: i.data.number });
    await o.request('GET /repos/{owner}/{repo}/issues/{issue_number}/parent', {
      owner,
      repo,
      issue_number: j.data.number,
    });
    await o.rest.issues.listForRepo({ owner, repo, state: 'all' });
    const c = await o.rest.issues.createComment({
      owner,
      repo,
      issue_number: j.data.number,
      body: 'hi',
    });
    await o.rest.issues.updateComment({ owner, repo, comment_id: c.data.id, body: 'hi2' });
    await o.rest.issues.listComments({ owner, repo, issue_number: j.data.number });
    const main = await o.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    await o.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/milestone-sync/x',
      sha: main.data.object.sha,
    });
    await o.rest.repos.getBranch({ owner, repo, branch: 'main' });
    await o.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'docs/a.md',
      message: 'y',
      content: Buffer.from('a').toString('base64'),
      branch: 'milestone-sync/x',
    });
    const pr = await o.rest.pulls.create({
      owner,
      repo,
      title: 'Sync',
      head: 'milestone-sync/x',
      base: 'main',
    });
    await o.rest.pulls.get({ owner, repo, pull_number: pr.data.number });
    await o.rest.pulls.list({ owner, repo });
    await o.rest.pulls.listFiles({ owner, repo, pull_number: pr.data.number });
    await o.rest.repos.listCommits({ owner, repo });
    await o.rest.repos.getCommit({ owner, repo, ref: 'main' });
    await o.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: 'main...milestone-sync/x',
    });
    const run = await o.rest.checks.create({
      owner,
      repo,
      name: 'sync',
      head_sha: main.data.object.sha,
    });
    await o.rest.checks.update({
      owner,
      repo,
      check_run_id: run.data.id,
      conclusion: 'success',
      output: { title: 't', summary: 's' },
    });
    await o.rest.apps.createInstallationAccessToken({ installation_id: 77 });
    await o.rest.rateLimit.get();
    fake.human.closeIssue({ repo: 'acme/plan', number: j.data.number });
    fake.human.removeLabel({ repo: 'acme/plan', number: i.data.number, label: 'plan' });
    fake.human.editFile({ repo: 'acme/plan', path: 'MILESTONES.md', content: 'human' });
    await fake.webhooks.idle();
    fake.assertNoViolations();
  });
});
