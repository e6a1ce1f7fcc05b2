import type { GithubClient, HttpErrorLike, Logger, ResponseOf } from './github-client.js';
import {
  RequestTimeoutError,
  asHttpError,
  describeHttpFailure,
  isRequestTimeout,
  requestHost,
} from './github-client.js';
import type { Clock, WritePacer } from './pace-writes.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff for 5xx; doubles each time. */
  baseDelayMs: number;
  /** Longest single wait we accept (a later run resumes instead). */
  maxWaitMs: number;
  /**
   * How long one attempt may wait for GitHub's answer (headers and body) before it is abandoned
   * as timed out. Real time, whatever the clock: it bounds a connection that hangs.
   */
  requestTimeoutMs: number;
}

/** Per-request timeout when none is configured: GitHub answers in well under a second. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxWaitMs: 15 * 60_000,
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
};

/**
 * The executor must stop sending: the rest of the actions are reported as skipped, and since
 * reconcile is level-triggered the next sync resumes where this one stopped.
 */
export class SyncStop extends Error {}

/**
 * GitHub asked us to wait longer than a sync should block. The executor stops sending and reports
 * the rest as skipped; since reconcile is level-triggered, the next sync resumes where this one
 * stopped (created issues carry their marker, so nothing is created twice).
 */
export class RateLimitStop extends SyncStop {
  readonly waitMs: number;
  constructor(params: { route: string; waitMs: number; cause: unknown }) {
    super(
      `${params.route}: GitHub asks to wait ${Math.ceil(params.waitMs / 1000)} s (rate limit); stopping here, the next sync resumes`,
      { cause: params.cause },
    );
    this.waitMs = params.waitMs;
  }
}

/** The run went past its time bound (`deadline`); nothing more is sent. */
export class DeadlineStop extends SyncStop {
  constructor(params: { route: string }) {
    super(
      `${params.route}: the sync ran past its time limit; stopping here, the next sync resumes`,
    );
  }
}

const WRITE_METHODS = /^(POST|PATCH|PUT|DELETE) /;

/**
 * A request option (`request: { landed }`) for a write that must not happen twice: after a 5xx
 * answer, before the write is sent again, `landed()` looks for its effect (e.g. the issue with
 * this marker) and returns it as the write's response, or null when it did not land.
 */
export interface LandedCheck {
  landed: () => Promise<{ data: unknown } | null>;
}

/** The request options without `request.landed` (octokit never sees it), and that check. */
function takeLandedCheck(options: Record<string, unknown> | undefined): {
  options: Record<string, unknown> | undefined;
  landed: LandedCheck['landed'] | undefined;
} {
  const request = options?.request as Partial<LandedCheck> | undefined;
  if (!request?.landed) return { options, landed: undefined };
  const { landed, ...rest } = request;
  return { options: { ...options, request: rest }, landed };
}

/**
 * Wraps a client: writes wait for the pacer; 5xx, 429 and rate-limit 403s are retried with
 * backoff, honouring `retry-after` and `x-ratelimit-reset`; everything else (404, 409, 422, …) is
 * terminal and rethrown at once. A 409 is never retried here: a stale write must be re-planned.
 * Every attempt is abandoned after `policy.requestTimeoutMs` (through octokit's per-request
 * `request.signal`) and throws `RequestTimeoutError`; a timed-out read is retried once, a timed-out
 * write never (it may have landed). With a `deadline` (clock time), no request starts and no
 * backoff ends after it: `DeadlineStop` is thrown instead.
 * A write that creates something (an issue) may have landed although GitHub answered 5xx: the
 * caller passes `request: { landed }` (LandedCheck), and before such a write is sent again
 * `landed()` looks for its effect; what it finds is returned instead of creating a second one.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
export function withRetry(params: {
  client: GithubClient;
  clock: Clock;
  pacer?: WritePacer;
  policy?: Partial<RetryPolicy>;
  /** Clock time (ms) after which nothing more is sent. */
  deadline?: number;
  log: Logger;
}): GithubClient {
  const { client, clock, pacer, log, deadline } = params;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...params.policy };
  const pastDeadline = (extraMs = 0) => deadline !== undefined && clock.now() + extraMs > deadline;
  return {
    request: async (route, given) => {
      const isWrite = WRITE_METHODS.test(route);
      const { options, landed } = takeLandedCheck(given);
      for (let attempt = 0; ; attempt++) {
        if (isWrite && pacer) await pacer.beforeWrite();
        if (pastDeadline()) throw new DeadlineStop({ route });
        let error: unknown;
        try {
          return await requestWithTimeout({
            client,
            route,
            options,
            timeoutMs: policy.requestTimeoutMs,
          });
        } catch (caught) {
          error = caught;
        }
        const callerSignal = (options?.request as { signal?: AbortSignal } | undefined)?.signal;
        if (callerSignal?.aborted) throw error;
        const wait = isRequestTimeout(error)
          ? !isWrite && attempt === 0
            ? policy.baseDelayMs
            : null
          : retryDelay({ error, attempt, policy, now: clock.now() });
        if (wait === null || attempt >= policy.maxRetries) throw error;
        if (wait > policy.maxWaitMs) throw new RateLimitStop({ route, waitMs: wait, cause: error });
        if (pastDeadline(wait)) throw new DeadlineStop({ route });
        log.warn(
          `${route}: ${describeHttpFailure(error)}; retrying in ${Math.ceil(wait / 1000)} s`,
        );
        await clock.sleep(wait);
        const status = asHttpError(error)?.status ?? 0;
        if (isWrite && landed && status >= 500) {
          const found = await landed();
          if (found) {
            log.warn(`${route}: it had landed despite the ${status}; not sending it again`);
            return found as ResponseOf<typeof route>;
          }
        }
      }
    },
  };
}

/**
 * One attempt with a timeout, passed to octokit as `request.signal` (combined with a signal the
 * caller gave). An answer whose body was still arriving when the timeout fired is a timeout too:
 * octokit then returns an empty body rather than failing.
 * https://github.com/octokit/request.js#request
 */
async function requestWithTimeout<R extends string>(params: {
  client: GithubClient;
  route: R;
  options: Record<string, unknown> | undefined;
  timeoutMs: number;
}): Promise<ResponseOf<R>> {
  const { client, route, options, timeoutMs } = params;
  const timeout = AbortSignal.timeout(timeoutMs);
  const request = (options?.request ?? {}) as { signal?: AbortSignal };
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await client.request(route, {
      ...options,
      request: { ...request, signal },
    });
    if (timeout.aborted) {
      throw new RequestTimeoutError({ route, timeoutMs, host: null, cause: timeout.reason });
    }
    return response;
  } catch (error) {
    if (!timeout.aborted || error instanceof RequestTimeoutError) throw error;
    throw new RequestTimeoutError({ route, timeoutMs, host: requestHost(error), cause: error });
  }
}

/** How long to wait before retrying, or null when the error is terminal. */
export function retryDelay(params: {
  error: unknown;
  attempt: number;
  policy: RetryPolicy;
  now: number;
}): number | null {
  const http = asHttpError(params.error);
  if (!http) return null;
  const headers = http.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (
    (http.status === 403 || http.status === 429) &&
    Number.isFinite(retryAfter) &&
    retryAfter >= 0
  ) {
    return retryAfter * 1000;
  }
  if (
    (http.status === 403 || http.status === 429) &&
    String(headers['x-ratelimit-remaining']) === '0'
  ) {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - params.now) + 1_000;
  }
  if (
    http.status === 429 ||
    (http.status === 403 && /secondary rate limit|abuse/i.test(http.message))
  ) {
    // No retry-after: GitHub asks to wait at least a minute, then back off exponentially.
    return 60_000 * 2 ** params.attempt;
  }
  if (http.status === 422 && submittedTooQuickly(http)) {
    // GitHub's anti-abuse limit on creating content: nothing was created, and GitHub asks to
    // retry after some minutes. https://github.com/cli/cli/issues/4801#issuecomment-1029207971
    return 60_000 * 2 ** params.attempt;
  }
  // Octokit reports a connection that never got an answer (refused, DNS) as a 500 without a
  // response: worth one quick retry, not a long backoff.
  if (http.status >= 500 && !http.response)
    return params.attempt === 0 ? params.policy.baseDelayMs : null;
  if (http.status >= 500) return params.policy.baseDelayMs * 2 ** params.attempt;
  return null;
}

/** A 422 "Validation Failed" whose error says "was submitted too quickly". */
function submittedTooQuickly(http: HttpErrorLike): boolean {
  const errors = (http.response?.data as { errors?: unknown } | undefined)?.errors;
  const text = `${http.message} ${Array.isArray(errors) ? JSON.stringify(errors) : ''}`;
  return /submitted too quickly/i.test(text);
}
