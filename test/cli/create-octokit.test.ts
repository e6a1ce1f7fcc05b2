import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOctokit } from '../../src/cli/create-octokit.js';
import type { FakeGitHub, FakeServer } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';

let fake: FakeGitHub;
let server: FakeServer;

beforeEach(async () => {
  fake = createFakeGitHub();
  fake.createRepo({ fullName: 'acme/plan', files: { 'MILESTONES.md': '# Plan\n' } });
  server = await fake.listen();
});

afterEach(async () => {
  await server.close();
});

it.each([409, 500, 502, 429])(
  'sends a request once and surfaces a %i as is (retries belong to the engine)',
  async (status) => {
    const route = 'PUT /repos/{owner}/{repo}/contents/{path}';
    fake.faults.next({ route, status });
    const octokit = createOctokit({ token: 't', baseUrl: `${server.url}/` });
    const error = await octokit
      .request(route, {
        owner: 'acme',
        repo: 'plan',
        path: 'MILESTONES.md',
        message: 'm',
        content: Buffer.from('# Plan 2\n').toString('base64'),
        sha: 'stale',
      })
      .then(
        () => null,
        (e: unknown) => e as { status: number },
      );
    expect(error?.status).toBe(status);
    expect(fake.calls.count(route)).toBe(1);
  },
);

it('works with a GitHub Enterprise style base URL (…/api/v3)', async () => {
  const octokit = createOctokit({ token: 'ghp_abc', baseUrl: `${server.url}/api/v3` });
  const { data } = await octokit.request('GET /repos/{owner}/{repo}', {
    owner: 'acme',
    repo: 'plan',
  });
  expect((data as { full_name: string }).full_name).toBe('acme/plan');
  expect(fake.calls.all().map((c) => c.route)).toEqual(['GET /repos/{owner}/{repo}']);
});
