import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import type { GithubClient } from '../../src/sync/github-client.js';
import {
  RequestTimeoutError,
  describeHttpFailure,
  silentLogger,
} from '../../src/sync/github-client.js';
import type { RetryPolicy } from '../../src/sync/request-with-retry.js';
import {
  DEFAULT_RETRY_POLICY,
  DeadlineStop,
  retryDelay,
  withRetry,
} from '../../src/sync/request-with-retry.js';
import type { WritePacer } from '../../src/sync/pace-writes.js';

const NOW = Date.parse('2026-01-15T17:00:00Z');
const fakesToCheck: FakeGitHub[] = [];
afterEach(() => {
  for (const fake of fakesToCheck.splice(0)) fake.assertNoViolations();
});
const SECONDARY =
  'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.';

/** The shape of an octokit RequestError. */
function httpError(
  status: number,
  headers: Record<string, string> = {},
  message = `HTTP ${status}`,
): Error & { status: number; response: { headers: Record<string, string> } } {
  return Object.assign(new Error(message), { status, response: { headers } });
}

describe('retryDelay', () => {
  it.each([
    ['403 with retry-after', httpError(403, { 'retry-after': '60' }), 0, 60_000],
    ['429 with retry-after', httpError(429, { 'retry-after': '5' }), 3, 5_000],
    ['403 with retry-after 0', httpError(403, { 'retry-after': '0' }), 0, 0],
    [
      '403 primary limit: until x-ratelimit-reset, plus a second',
      httpError(403, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(NOW / 1000 + 30),
      }),
      0,
      31_000,
    ],
    [
      '429 primary limit whose reset has passed: a second',
      httpError(429, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(NOW / 1000 - 30),
      }),
      0,
      1_000,
    ],
    ['secondary limit without retry-after: a minute', httpError(403, {}, SECONDARY), 0, 60_000],
    ['secondary limit, third retry: doubled twice', httpError(403, {}, SECONDARY), 2, 240_000],
    ['429 without headers', httpError(429), 1, 120_000],
    ['500, first retry', httpError(500), 0, 1_000],
    ['502, second retry', httpError(502), 1, 2_000],
    ['503, fourth retry', httpError(503), 3, 8_000],
    ['504', httpError(504), 0, 1_000],
  ])('%s → %d ms', (_name, error, attempt, expected) => {
    expect(retryDelay({ error, attempt, policy: DEFAULT_RETRY_POLICY, now: NOW })).toBe(expected);
  });

  it.each([
    ['400', httpError(400)],
    ['401', httpError(401)],
    ['403 forbidden (not a rate limit)', httpError(403, { 'x-ratelimit-remaining': '4999' })],
    ['404', httpError(404)],
    ['409 (stale sha: re-plan, never retry)', httpError(409)],
    ['410', httpError(410)],
    ['422', httpError(422)],
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['null', null],
  ])('%s is terminal', (_name, error) => {
    expect(retryDelay({ error, attempt: 0, policy: DEFAULT_RETRY_POLICY, now: NOW })).toBeNull();
  });

  it('reads the errors octokit throws for the fake’s faults the same way', async () => {
    const fake = createFakeGitHub();
    fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
    const octokit = fake.octokit();
    const caught = async (): Promise<unknown> =>
      octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'plan' }).then(
        () => null,
        (error: unknown) => error,
      );
    const delays: (number | null)[] = [];
    for (const fault of [
      () => fake.faults.next({ status: 502 }),
      () => fake.faults.secondaryRateLimit({ retryAfter: 60 }),
      () => fake.faults.secondaryRateLimit({ retryAfter: 7, status: 429 }),
      () => fake.faults.next({ status: 404 }),
      () => fake.faults.next({ status: 409 }),
    ]) {
      fault();
      const error = await caught();
      delays.push(retryDelay({ error, attempt: 0, policy: DEFAULT_RETRY_POLICY, now: NOW }));
    }
    expect(delays).toEqual([1_000, 60_000, 7_000, null, null]);
  });
});

// GitHub's anti-abuse limit on creating content: a 422 whose error says "was submitted too
// quickly". Nothing was created; GitHub asks to retry after a delay of minutes.
// https://github.com/cli/cli/issues/4801#issuecomment-1029207971
const TOO_QUICKLY = {
  message: 'Validation Failed',
  errors: [
    { resource: 'Issue', code: 'custom', field: 'title', message: 'was submitted too quickly' },
  ],
  documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
};

describe('retryDelay: “was submitted too quickly”', () => {
  it.each([
    ['in the message (as octokit formats it)', 0, 60_000],
    ['in the message, second retry', 1, 120_000],
  ])('is a secondary limit when %s', (_name, attempt, expected) => {
    const error = httpError(422, {}, `Validation Failed: ${JSON.stringify(TOO_QUICKLY.errors[0])}`);
    expect(retryDelay({ error, attempt, policy: DEFAULT_RETRY_POLICY, now: NOW })).toBe(expected);
  });

  it('is a secondary limit when only the response’s errors say so', () => {
    const error = Object.assign(httpError(422, {}, 'Validation Failed'), {
      response: { headers: {}, data: TOO_QUICKLY },
    });
    expect(retryDelay({ error, attempt: 0, policy: DEFAULT_RETRY_POLICY, now: NOW })).toBe(60_000);
  });

  it('is waited out on the fake, then the issue is created once', async () => {
    const fake = createFakeGitHub();
    fakesToCheck.push(fake);
    fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
    fake.faults.next({
      route: 'POST /repos/{owner}/{repo}/issues',
      status: 422,
      body: TOO_QUICKLY,
    });
    const client = withRetry({ client: fake.octokit(), clock: fake.clock, log: silentLogger });
    const start = fake.clock.now();
    const response = await client.request('POST /repos/{owner}/{repo}/issues', {
      owner: 'acme',
      repo: 'plan',
      title: 'One',
    });
    expect(response.status).toBe(201);
    expect(fake.clock.now() - start).toBe(60_000);
    expect([...fake.repo('acme/plan').issues.values()].map((i) => i.title)).toEqual(['One']);
  });
});

describe('withRetry', () => {
  function setup(policy?: RetryPolicy) {
    const fake = createFakeGitHub();
    fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
    const writes: number[] = [];
    const pacer: WritePacer = {
      beforeWrite: async () => {
        writes.push(fake.clock.now());
      },
      waitedMs: () => 0,
    };
    const client: GithubClient = withRetry({
      client: fake.octokit(),
      clock: fake.clock,
      pacer,
      policy,
      log: silentLogger,
    });
    const start = fake.clock.now();
    return { fake, client, writes, elapsed: () => fake.clock.now() - start };
  }
  const createLabel = (client: GithubClient) =>
    client.request('POST /repos/{owner}/{repo}/labels', {
      owner: 'acme',
      repo: 'plan',
      name: 'x',
      color: 'ffffff',
    });

  it('retries a 5xx after the backoff and returns the success', async () => {
    const { fake, client, writes, elapsed } = setup();
    fake.faults.next({ route: 'POST /repos/{owner}/{repo}/labels', status: 503, times: 2 });
    const response = await createLabel(client);
    expect(response.status).toBe(201);
    expect(fake.calls.count('POST /repos/{owner}/{repo}/labels')).toBe(3);
    expect(elapsed()).toBe(3_000);
    // Every attempt of a write goes through the pacer: GitHub counts retries too.
    expect(writes).toHaveLength(3);
  });

  it('before resending a write answered 5xx, asks landed(): what it finds is the answer', async () => {
    const { fake, client } = setup();
    const ISSUES = 'POST /repos/{owner}/{repo}/issues';
    // GitHub created the issue but answered 502 (the fault's `before` creates it).
    fake.faults.next({
      route: ISSUES,
      status: 502,
      before: async () => {
        await fake.octokit().request(ISSUES, { owner: 'acme', repo: 'plan', title: 'Parser' });
      },
    });
    const looked: number[] = [];
    const response = await client.request(ISSUES, {
      owner: 'acme',
      repo: 'plan',
      title: 'Parser',
      request: {
        landed: async () => {
          looked.push(fake.clock.now());
          const found = [...fake.repo('acme/plan').issues.values()].find(
            (issue) => issue.title === 'Parser',
          );
          return found ? { data: { number: found.number } } : null;
        },
      },
    });
    expect(response.data).toEqual({ number: 1 });
    expect(looked).toHaveLength(1);
    expect(fake.calls.count(ISSUES)).toBe(2); // the faulted one and the fault's own
    expect(fake.repo('acme/plan').issues.size).toBe(1);
  });

  it('a write that did not land (landed() finds nothing) is sent again', async () => {
    const { fake, client } = setup();
    const ISSUES = 'POST /repos/{owner}/{repo}/issues';
    fake.faults.next({ route: ISSUES, status: 503, times: 2 });
    let looked = 0;
    const response = await client.request(ISSUES, {
      owner: 'acme',
      repo: 'plan',
      title: 'Parser',
      request: { landed: async () => (looked++, null) },
    });
    expect(response.status).toBe(201);
    expect(looked).toBe(2);
    expect(fake.calls.count(ISSUES)).toBe(3);
    expect(fake.repo('acme/plan').issues.size).toBe(1);
  });

  it('waits retry-after on a secondary rate limit, then succeeds', async () => {
    const { fake, client, elapsed } = setup();
    fake.faults.secondaryRateLimit({ route: 'POST /repos/{owner}/{repo}/labels', retryAfter: 60 });
    await createLabel(client);
    expect(elapsed()).toBe(60_000);
    expect(fake.calls.count('POST /repos/{owner}/{repo}/labels')).toBe(2);
  });

  it.each([404, 409, 422])('does not retry a %d', async (status) => {
    const { fake, client, elapsed } = setup();
    fake.faults.next({ route: 'POST /repos/{owner}/{repo}/labels', status });
    await expect(createLabel(client)).rejects.toMatchObject({ status });
    expect(fake.calls.count('POST /repos/{owner}/{repo}/labels')).toBe(1);
    expect(elapsed()).toBe(0);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    const { fake, client, elapsed } = setup();
    fake.faults.always({ route: 'GET /repos/{owner}/{repo}', status: 500 });
    await expect(
      client.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'plan' }),
    ).rejects.toMatchObject({ status: 500 });
    expect(fake.calls.count('GET /repos/{owner}/{repo}')).toBe(1 + DEFAULT_RETRY_POLICY.maxRetries);
    expect(elapsed()).toBe(1_000 + 2_000 + 4_000 + 8_000);
  });

  it('reads do not go through the write pacer', async () => {
    const { client, writes } = setup();
    await client.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'plan' });
    expect(writes).toEqual([]);
  });

  it('stops instead of waiting longer than maxWaitMs', async () => {
    const { fake, client, elapsed } = setup({ ...DEFAULT_RETRY_POLICY, maxWaitMs: 30_000 });
    fake.faults.secondaryRateLimit({ route: 'POST /repos/{owner}/{repo}/labels', retryAfter: 60 });
    await expect(createLabel(client)).rejects.toThrow(
      'POST /repos/{owner}/{repo}/labels: GitHub asks to wait 60 s (rate limit); stopping here, the next sync resumes',
    );
    expect(elapsed()).toBe(0);
    expect(fake.calls.count('POST /repos/{owner}/{repo}/labels')).toBe(1);
  });
});

describe('withRetry: timeouts and the run deadline', () => {
  /** A virtual clock: sleeping advances it at once. */
  function virtualClock(start = NOW) {
    let now = start;
    return {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
  }
  /** A client whose requests never get an answer; they end only when their signal aborts. */
  function hangingClient() {
    const routes: string[] = [];
    const client: GithubClient = {
      request: (route, options) => {
        routes.push(route);
        const signal = (options?.request as { signal?: AbortSignal } | undefined)?.signal;
        return new Promise((_resolve, reject) => {
          if (signal?.aborted) reject(new Error('sent with an aborted signal'));
          signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('This operation was aborted'), { status: 500 })),
          );
        });
      },
    };
    return { client, routes };
  }

  it('abandons a read with no answer after requestTimeoutMs, retries it once, then says "timed out"', async () => {
    const { client, routes } = hangingClient();
    const wrapped = withRetry({
      client,
      clock: virtualClock(),
      policy: { requestTimeoutMs: 20 },
      log: silentLogger,
    });
    const error = await wrapped.request('GET /repos/{owner}/{repo}').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(describeHttpFailure(error)).toBe(
      'GET /repos/{owner}/{repo} timed out: no answer within 20 ms',
    );
    expect(routes).toHaveLength(2);
  });

  it('never resends a write that timed out (it may have landed)', async () => {
    const { client, routes } = hangingClient();
    const wrapped = withRetry({
      client,
      clock: virtualClock(),
      policy: { requestTimeoutMs: 250 },
      log: silentLogger,
    });
    await expect(wrapped.request('POST /repos/{owner}/{repo}/issues')).rejects.toThrow(
      'POST /repos/{owner}/{repo}/issues timed out: no answer within 250 ms',
    );
    expect(routes).toEqual(['POST /repos/{owner}/{repo}/issues']);
  });

  it('keeps a signal the caller passed: aborting it ends the request too', async () => {
    const { client } = hangingClient();
    const wrapped = withRetry({ client, clock: virtualClock(), log: silentLogger });
    const caller = new AbortController();
    const pending = wrapped.request('GET /x', { request: { signal: caller.signal } });
    caller.abort();
    // Not a timeout, and not retried: the caller's abort is rethrown as it came.
    await expect(pending).rejects.toThrow('This operation was aborted');
  });

  it('sends nothing after the deadline, and does not back off past it', async () => {
    const clock = virtualClock();
    const calls: string[] = [];
    const client: GithubClient = {
      request: async (route) => {
        calls.push(route);
        throw Object.assign(new Error('Server Error'), { status: 502, response: { headers: {} } });
      },
    };
    const wrapped = withRetry({ client, clock, deadline: NOW + 500, log: silentLogger });
    // The first attempt is sent; the 1 s backoff would end past the deadline.
    await expect(wrapped.request('GET /a')).rejects.toBeInstanceOf(DeadlineStop);
    expect(calls).toEqual(['GET /a']);
    await clock.sleep(1_000);
    await expect(wrapped.request('GET /b')).rejects.toThrow(
      'GET /b: the sync ran past its time limit; stopping here, the next sync resumes',
    );
    expect(calls).toEqual(['GET /a']);
  });
});

describe('describeHttpFailure', () => {
  const request = { method: 'GET', url: 'http://127.0.0.1:9/repos/acme/plan', headers: {} };
  it.each([
    [
      'an answer',
      Object.assign(new Error('Not Found'), { status: 404, response: { headers: {} } }),
      'HTTP 404: Not Found',
    ],
    [
      'only the first line of an answer',
      Object.assign(new Error('Validation Failed\nmore'), { status: 422, response: {} }),
      'HTTP 422: Validation Failed',
    ],
    [
      'connection refused (octokit: 500 without a response)',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { status: 500, request }),
      'cannot reach 127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9',
    ],
    [
      'no answer and no request recorded',
      Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { status: 500 }),
      'cannot reach GitHub: getaddrinfo ENOTFOUND nowhere.test',
    ],
    ['a plain error', new Error('boom\nstack'), 'boom'],
  ])('%s', (_name, error, expected) => {
    expect(describeHttpFailure(error)).toBe(expected);
  });
});
