import { describe, expect, it } from 'vitest';
import { RequestError } from '@octokit/request-error';
import { NAME, OWNER, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

describe('check runs', () => {
  it('lists the latest run of each name on a ref, newest first; `all` lists every one', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const { data: branch } = await octokit.rest.repos.getBranch({ ...repo, branch: 'main' });
    const sha = branch.commit.sha;
    const create = (name: string, title: string) =>
      octokit.rest.checks.create({
        ...repo,
        name,
        head_sha: sha,
        status: 'completed',
        conclusion: 'success',
        output: { title, summary: 's' },
      });
    await create('milestone-sync', 'first');
    const second = await create('milestone-sync', 'second');
    await create('other', 'x');

    const latest = await octokit.rest.checks.listForRef({
      ...repo,
      ref: sha,
      check_name: 'milestone-sync',
    });
    expect(latest.data.total_count).toBe(1);
    expect(latest.data.check_runs[0]?.id).toBe(second.data.id);
    expect(latest.data.check_runs[0]?.output.title).toBe('second');

    const byBranch = await octokit.rest.checks.listForRef({ ...repo, ref: 'main', filter: 'all' });
    expect(byBranch.data.check_runs.map((run) => run.output.title)).toEqual([
      'x',
      'second',
      'first',
    ]);
    fake.assertNoViolations();
  });

  it('answers 404 for a ref that names no commit', async () => {
    const fake = setupFake();
    const error = await fake
      .octokit()
      .rest.checks.listForRef({ ...repo, ref: 'no-such-branch' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(404);
  });
});
