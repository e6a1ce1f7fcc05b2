import { Octokit } from '@octokit/rest';
import { config } from '@probot/octokit-plugin-config';
import { RequestTimeoutError } from '../sync/github-client.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../sync/request-with-retry.js';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** `@octokit/rest` with Probot's config plugin, so the CLI reads `.github/milestone-sync.yml` as the app does. */
const CliOctokit = Octokit.plugin(config);
export type CliOctokit = InstanceType<typeof CliOctokit>;

/**
 * An `@octokit/rest` Octokit for the command line: token auth and a base URL (GitHub Enterprise
 * Server's `https://HOST/api/v3`, or the fake GitHub). Deliberately without the retry and
 * throttling plugins: the sync engine retries 5xx/429/rate-limit 403s and paces writes itself
 * (src/sync/request-with-retry.ts, pace-writes.ts), and a 409 must reach it at once so a stale
 * file write is re-planned, never resent. `@octokit/rest` adds request logging; its lines (every
 * 304 and probe 404 would be logged as an error) are dropped, deprecation warnings go to `warn`.
 *
 * Every request, including those outside the engine (the config file, the repository probe), is
 * abandoned when no answer has arrived after `timeoutMs` (default 30 s): its `fetch` gets an
 * `AbortSignal.timeout`, and octokit reports the `RequestTimeoutError` thrown then as a status 500
 * without response whose `cause` it is (src/sync/github-client.ts `describeHttpFailure`).
 * https://github.com/octokit/request.js#request (`request.fetch`, `request.signal`)
 */
export function createOctokit(params: {
  token: string;
  baseUrl?: string;
  warn?: (message: string) => void;
  timeoutMs?: number;
  /** The underlying fetch; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}): CliOctokit {
  const warn = params.warn ?? (() => undefined);
  return new CliOctokit({
    auth: params.token,
    baseUrl: (params.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'milestone-sync-cli',
    request: {
      fetch: fetchWithTimeout({
        fetch: params.fetch ?? globalThis.fetch,
        timeoutMs: params.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      }),
    },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warn(String(message)),
      error: () => undefined,
    },
  });
}

/** `fetch` that gives up on an answer (its headers) after `timeoutMs`. */
function fetchWithTimeout(params: {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
}): typeof globalThis.fetch {
  const { timeoutMs } = params;
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await params.fetch(input, { ...init, signal });
    } catch (error) {
      if (!timeout.aborted) throw error;
      const url = new URL(input instanceof Request ? input.url : String(input));
      throw new RequestTimeoutError({
        route: `${init?.method ?? 'GET'} ${url.pathname}`,
        timeoutMs,
        host: url.host,
        cause: error,
      });
    }
  };
}
