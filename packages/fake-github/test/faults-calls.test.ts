import { describe, expect, it } from 'vitest';
import { RequestError } from '@octokit/request-error';
import { SECONDARY_LIMIT_MESSAGE } from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };
const PATCH_ISSUE = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

async function caught(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RequestError))
    throw new Error(`expected RequestError, got ${String(error)}`);
  return error;
}

describe('fault injection', () => {
  it('answers the next matching request with an injected 502, then behaves normally', async () => {
    const fake = setupFake();
    const issue = fake.human.createIssue({ repo: REPO, title: 'x' });
    const fault = fake.faults.next({ route: PATCH_ISSUE, status: 502 });
    const octokit = fake.octokit();
    await octokit.rest.issues.get({ ...repo, issue_number: issue.number }); // other routes unaffected
    const error = await caught(
      octokit.rest.issues.update({ ...repo, issue_number: issue.number, title: 'y' }),
    );
    expect(error.status).toBe(502);
    expect(issue.title).toBe('x'); // the faulted request did not reach the state
    expect(fault.fired).toBe(1);
    const ok = await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      title: 'y',
    });
    expect(ok.data.title).toBe('y');
    expect(fake.faults.pending()).toBe(0);
    expect(
      fake.calls
        .all()
        .filter((c) => c.faulted)
        .map((c) => [c.route, c.status]),
    ).toEqual([[PATCH_ISSUE, 502]]);
  });

  it('repeats a fault N times and filters with a predicate', async () => {
    const fake = setupFake();
    fake.human.createIssue({ repo: REPO, title: 'a' });
    fake.human.createIssue({ repo: REPO, title: 'b' });
    fake.faults.next({
      route: PATCH_ISSUE,
      status: 500,
      times: 2,
      when: (r) => r.params.issue_number === '2',
    });
    const octokit = fake.octokit();
    expect(
      (await octokit.rest.issues.update({ ...repo, issue_number: 1, body: 'ok' })).status,
    ).toBe(200);
    expect(
      (await caught(octokit.rest.issues.update({ ...repo, issue_number: 2, body: 'no' }))).status,
    ).toBe(500);
    expect(
      (await caught(octokit.rest.issues.update({ ...repo, issue_number: 2, body: 'no' }))).status,
    ).toBe(500);
    expect(
      (await octokit.rest.issues.update({ ...repo, issue_number: 2, body: 'yes' })).status,
    ).toBe(200);
  });

  it('injects a secondary rate limit with retry-after, which a client can honour', async () => {
    const fake = setupFake();
    fake.faults.secondaryRateLimit({
      route: 'POST /repos/{owner}/{repo}/issues',
      retryAfter: 30,
      status: 429,
      times: 2,
    });
    const octokit = fake.octokit();
    let waited = 0;
    const createWithRetry = async (): Promise<number> => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return (await octokit.rest.issues.create({ ...repo, title: 'paced' })).data.number;
        } catch (error) {
          if (
            !(error instanceof RequestError) ||
            attempt > 3 ||
            !/secondary rate/.test(error.message)
          )
            throw error;
          const seconds = Number(error.response?.headers['retry-after'] ?? 60);
          waited += seconds;
          await fake.clock.sleep(seconds * 1000);
        }
      }
    };
    expect(await createWithRetry()).toBe(1);
    expect(waited).toBe(60);
    const attempts = fake.calls
      .all()
      .filter((c) => c.route === 'POST /repos/{owner}/{repo}/issues');
    expect(attempts.map((c) => c.status)).toEqual([429, 429, 201]);
    expect(SECONDARY_LIMIT_MESSAGE).toMatch(/secondary rate limit/);
  });

  it('provokes a real 409 race: a human commits to the file just before the next contents PUT', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: 'MILESTONES.md' });
    const sha = Array.isArray(data) ? '' : data.sha;
    fake.faults.next({
      route: 'PUT /repos/{owner}/{repo}/contents/{path}',
      before: () => {
        fake.human.editFile({
          repo: REPO,
          path: 'MILESTONES.md',
          content: '# Plan (edited by a human)\n',
        });
      },
    });
    const error = await caught(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'MILESTONES.md',
        message: 'sync',
        content: Buffer.from('# Plan (from the app)\n').toString('base64'),
        sha,
      }),
    );
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/MILESTONES\.md does not match/);
    const latest = await octokit.rest.repos.getContent({ ...repo, path: 'MILESTONES.md' });
    expect(
      Array.isArray(latest.data) || latest.data.type !== 'file'
        ? ''
        : Buffer.from(latest.data.content, 'base64').toString(),
    ).toBe('# Plan (edited by a human)\n');
  });

  it('can make fetch itself fail (network error)', async () => {
    const fake = setupFake();
    fake.faults.next({ route: 'GET /repos/{owner}/{repo}', networkError: true });
    const error = await caught(fake.octokit().rest.repos.get(repo));
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/injected network error/);
  });
});

describe('call counting', () => {
  it('counts calls by route template and splits reads from writes', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    await octokit.rest.issues.listMilestones(repo);
    await octokit.rest.issues.listMilestones({ ...repo, state: 'all' });
    await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    await octokit.rest.issues.create({ ...repo, title: 'a' });
    await octokit.rest.issues.update({ ...repo, issue_number: 1, title: 'b' });
    fake.human.closeIssue({ repo: REPO, number: 1 }); // humans are not API calls
    expect(fake.calls.byRoute()).toEqual({
      'GET /repos/{owner}/{repo}/milestones': 2,
      'POST /repos/{owner}/{repo}/milestones': 1,
      'POST /repos/{owner}/{repo}/issues': 1,
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 1,
    });
    expect(fake.calls.reads()).toHaveLength(2);
    expect(fake.calls.writes().map((c) => c.route)).toEqual([
      'POST /repos/{owner}/{repo}/milestones',
      'POST /repos/{owner}/{repo}/issues',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(fake.calls.writes()[2]?.body).toEqual({ title: 'b' });
    expect(fake.calls.writes()[2]?.params).toEqual({
      owner: 'acme',
      repo: 'plan',
      issue_number: '1',
    });
    fake.calls.reset();
    expect(fake.calls.all()).toEqual([]);
    expect(fake.repo(REPO).issues.size).toBe(1); // reset clears the log, not the state
  });
});
