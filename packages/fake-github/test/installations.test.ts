import { describe, expect, it } from 'vitest';
import { OWNER, REPO, setupFake } from './fake-helpers.js';

/** An installation access token, as Probot gets one (`POST …/access_tokens`). */
async function tokenFor(params: { fake: ReturnType<typeof setupFake>; id: number }) {
  const { data } = await params.fake
    .octokit({ auth: 'app-jwt' })
    .request('POST /app/installations/{installation_id}/access_tokens', {
      installation_id: params.id,
    });
  return data.token;
}

describe('installations', () => {
  it('lists the app’s installations (as the app)', async () => {
    const fake = setupFake();
    fake.createRepo({ fullName: 'beta/one', files: { 'README.md': 'x\n' } });
    fake.install({ account: 'beta', repos: ['beta/one'], id: 91 });
    const { data } = await fake.octokit({ auth: 'app-jwt' }).request('GET /app/installations');
    expect(
      data.map((i) => [i.id, i.account && 'login' in i.account ? i.account.login : null]),
    ).toEqual([
      [77, OWNER],
      [91, 'beta'],
    ]);
    fake.assertNoViolations();
  });

  it('lists the repositories of the token’s installation with pushed_at, paginated', async () => {
    const fake = setupFake();
    const names = ['acme/a', 'acme/b', 'acme/c'];
    for (const name of names) fake.createRepo({ fullName: name, files: { 'README.md': 'x\n' } });
    fake.createRepo({ fullName: 'beta/other', files: { 'README.md': 'x\n' } });
    fake.install({ account: OWNER, repos: names, id: 78 });
    fake.install({ account: 'beta', repos: ['beta/other'], id: 79 });
    const octokit = fake.octokit({ auth: await tokenFor({ fake, id: 78 }) });
    const first = await octokit.request('GET /installation/repositories', { per_page: 2 });
    expect(first.data.total_count).toBe(3);
    expect(first.data.repositories.map((r) => r.full_name)).toEqual(['acme/a', 'acme/b']);
    expect(first.headers.link).toMatch(/rel="next"/);
    const second = await octokit.request('GET /installation/repositories', {
      per_page: 2,
      page: 2,
    });
    expect(second.data.repositories.map((r) => r.full_name)).toEqual(['acme/c']);

    const before = Date.parse(second.data.repositories[0]?.pushed_at ?? '');
    fake.clock.advance(60_000);
    fake.human.editFile({ repo: 'acme/c', path: 'README.md', content: 'y\n' });
    const again = await octokit.request('GET /installation/repositories', { per_page: 100 });
    const pushed = Date.parse(again.data.repositories[2]?.pushed_at ?? '');
    expect(pushed - before).toBe(60_000);
    fake.assertNoViolations();
  });

  it('answers 401 to a token that belongs to no installation', async () => {
    const fake = setupFake();
    await expect(
      fake.octokit({ auth: 'ghs_unknown' }).request('GET /installation/repositories'),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('filters issues by `since` (updated at or after) and a disabled emitter loses the delivery', async () => {
    const fake = setupFake();
    fake.human.createIssue({ repo: REPO, title: 'old' });
    fake.clock.advance(10_000);
    const since = new Date(fake.clock.now()).toISOString();
    fake.webhooks.enabled = false;
    const changed = fake.human.createIssue({ repo: REPO, title: 'new' });
    fake.webhooks.enabled = true;
    expect(fake.webhooks.of('issues', 'opened').map((d) => d.payload.issue)).toHaveLength(1);
    const { data } = await fake.octokit().request('GET /repos/{owner}/{repo}/issues', {
      owner: OWNER,
      repo: 'plan',
      since,
      state: 'all',
    });
    expect(data.map((issue) => issue.number)).toEqual([changed.number]);
  });
});
