import { describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { NAME, OWNER, setupFake } from './fake-helpers.js';

describe('serving over HTTP', () => {
  it('serves the REST API on 127.0.0.1 for a real Octokit, including a GHES-style /api/v3 base', async () => {
    const fake = setupFake();
    const server = await fake.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const octokit = new Octokit({ auth: 'x', baseUrl: server.url });
      const { data } = await octokit.rest.repos.get({ owner: OWNER, repo: NAME });
      expect(data.full_name).toBe('acme/plan');
      const ghes = new Octokit({ auth: 'x', baseUrl: `${server.url}/api/v3` });
      await ghes.rest.issues.create({ owner: OWNER, repo: NAME, title: 'over http' });
      for (let n = 0; n < 4; n += 1)
        await ghes.rest.issues.create({ owner: OWNER, repo: NAME, title: `n${n}` });
      const all = await ghes.paginate(ghes.rest.issues.listForRepo, {
        owner: OWNER,
        repo: NAME,
        per_page: 2,
      });
      expect(all).toHaveLength(5);
      expect(fake.calls.count('GET /repos/{owner}/{repo}/issues')).toBe(3);

      const raw = await fetch(`${server.url}/repos/acme/plan/milestones`);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(raw.headers.get('x-ratelimit-limit')).toBe('5000');
      const missing = await fetch(`${server.url}/repos/acme/plan/unknown-thing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ message: 'Not Found' });
    } finally {
      await server.close();
    }
  });
});
