import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/sync/request-with-retry.js';

describe('retryDelay for a request that never got an answer', () => {
  // What octokit throws when fetch itself fails (connection refused, DNS): status 500, no response.
  const networkError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
    status: 500,
  });

  it.each([
    [0, DEFAULT_RETRY_POLICY.baseDelayMs],
    [1, null],
    [2, null],
  ])('attempt %i → %s', (attempt, expected) => {
    expect(retryDelay({ error: networkError, attempt, policy: DEFAULT_RETRY_POLICY, now: 0 })).toBe(
      expected,
    );
  });

  it('still backs off exponentially for a 502 GitHub answered', () => {
    const answered = Object.assign(new Error('Server Error'), {
      status: 502,
      response: { headers: {} },
    });
    expect(retryDelay({ error: answered, attempt: 2, policy: DEFAULT_RETRY_POLICY, now: 0 })).toBe(
      DEFAULT_RETRY_POLICY.baseDelayMs * 4,
    );
  });
});
