import { describe, expect, it } from 'vitest';
import type { RequestError } from '@octokit/request-error';
import { SECONDARY_LIMIT_MESSAGE, createVirtualClock } from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

describe('pagination', () => {
  it('serves 250 issues in pages that octokit.paginate follows via link headers', async () => {
    const fake = setupFake();
    fake.webhooks.enabled = false; // seeding only; keeps the test fast
    for (let n = 1; n <= 250; n += 1) fake.human.createIssue({ repo: REPO, title: `issue ${n}` });
    const octokit = fake.octokit();
    fake.calls.reset();
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      per_page: 100,
      direction: 'asc',
    });
    expect(all).toHaveLength(250);
    expect(all[0]?.title).toBe('issue 1');
    expect(all[249]?.title).toBe('issue 250');
    expect(fake.calls.count('GET /repos/{owner}/{repo}/issues')).toBe(3);
    expect(fake.calls.all().map((c) => c.query.page ?? '1')).toEqual(['1', '2', '3']);
  });

  it('writes RFC 5988 next/last/prev/first links and caps per_page at 100', async () => {
    const fake = setupFake();
    fake.webhooks.enabled = false; // seeding only; keeps the test fast
    for (let n = 1; n <= 250; n += 1) fake.human.createIssue({ repo: REPO, title: `issue ${n}` });
    const base = 'https://api.github.test/repos/acme/plan/issues';
    const first = await fake.fetch(`${base}?per_page=100`);
    expect(first.headers.get('link')).toBe(
      `<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=3>; rel="last"`,
    );
    const middle = await fake.fetch(`${base}?per_page=100&page=2&state=open`);
    expect(middle.headers.get('link')).toBe(
      `<${base}?per_page=100&page=1&state=open>; rel="prev", <${base}?per_page=100&page=3&state=open>; rel="next", ` +
        `<${base}?per_page=100&page=3&state=open>; rel="last", <${base}?per_page=100&page=1&state=open>; rel="first"`,
    );
    const capped = await fake.fetch(`${base}?per_page=500`);
    expect(((await capped.json()) as unknown[]).length).toBe(100);
    const defaulted = await fake.fetch(base);
    expect(((await defaulted.json()) as unknown[]).length).toBe(30);
    const single = await fake.fetch('https://api.github.test/repos/acme/plan/milestones');
    expect(single.headers.get('link')).toBeNull();
  });
});

describe('rate limits and conditional requests', () => {
  it('sends x-ratelimit-* headers on every response, counting down', async () => {
    const fake = setupFake();
    const a = await fake.fetch('https://api.github.test/repos/acme/plan');
    const b = await fake.fetch('https://api.github.test/repos/acme/nope');
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(a.headers.get('x-ratelimit-used')).toBe('1');
    expect(a.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(a.headers.get('x-ratelimit-reset'))).toBe(
      Date.parse('2026-01-15T18:00:00Z') / 1000,
    );
    expect(b.status).toBe(404);
    expect(b.headers.get('x-ratelimit-remaining')).toBe('4998');
  });

  it('answers 403 with remaining 0 once the primary limit is exhausted, until the window resets', async () => {
    const fake = setupFake();
    fake.rateLimit.set({ remaining: 1 });
    const octokit = fake.octokit();
    await octokit.rest.repos.get(repo);
    const error = (await octokit.rest.repos.get(repo).catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(403);
    expect(error.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect(error.message).toMatch(/API rate limit exceeded/);
    const status = await octokit.rest.rateLimit.get(); // /rate_limit is not itself limited
    expect(status.data.resources.core.remaining).toBe(0);
    fake.clock.advance(60 * 60 * 1000);
    expect((await octokit.rest.repos.get(repo)).status).toBe(200);
  });

  it('returns an ETag and answers If-None-Match with 304 without spending quota', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const first = await octokit.rest.issues.listMilestones(repo);
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const before = fake.rateLimit.snapshot().used;
    const cached = (await octokit.rest.issues
      .listMilestones({ ...repo, headers: { 'if-none-match': etag } })
      .catch((e: unknown) => e)) as RequestError;
    expect(cached.status).toBe(304);
    expect(fake.rateLimit.snapshot().used).toBe(before);
    await octokit.rest.issues.createMilestone({ ...repo, title: 'changed' });
    const fresh = await octokit.rest.issues.listMilestones({
      ...repo,
      headers: { 'if-none-match': etag },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.data).toHaveLength(1);
  });

  it('emulates the 80-per-minute content-creation limit on a virtual clock, with retry-after', async () => {
    const clock = createVirtualClock();
    const fake = setupFake({ clock, secondaryLimits: true });
    const octokit = fake.octokit();
    for (let n = 0; n < 80; n += 1) {
      await octokit.rest.issues.create({ ...repo, title: `t${n}` });
      clock.advance(100);
    }
    const error = (await octokit.rest.issues
      .create({ ...repo, title: 'too fast' })
      .catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(403);
    expect((error.response?.data as { message: string }).message).toBe(SECONDARY_LIMIT_MESSAGE);
    expect(error.message).toMatch(/secondary rate/); // what @octokit/plugin-throttling matches on
    const retryAfter = Number(error.response?.headers['retry-after']);
    expect(retryAfter).toBe(52); // first request at t=0s, now t=8s: wait until t=60s
    await clock.sleep(retryAfter * 1000);
    expect((await octokit.rest.issues.create({ ...repo, title: 'paced' })).status).toBe(201);
    // reads are never content-creating
    expect((await octokit.rest.issues.listForRepo(repo)).status).toBe(200);
    expect(fake.secondaryLimits.refused).toBe(1);
  });

  it('emulates the 500-per-hour content-creation limit', async () => {
    const clock = createVirtualClock();
    const fake = setupFake({
      clock,
      secondaryLimits: { perMinute: 1000, perHour: 500, status: 429 },
    });
    fake.webhooks.enabled = false;
    const octokit = fake.octokit();
    for (let n = 0; n < 500; n += 1) {
      await octokit.rest.issues.create({ ...repo, title: `t${n}` });
      clock.advance(1000);
    }
    const error = (await octokit.rest.issues
      .create({ ...repo, title: 'x' })
      .catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(429);
    expect(Number(error.response?.headers['retry-after'])).toBe(3600 - 500);
  });
});
