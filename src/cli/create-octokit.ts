import { Octokit } from '@octokit/rest';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/**
 * An `@octokit/rest` Octokit for the command line: token auth and a base URL (GitHub Enterprise
 * Server's `https://HOST/api/v3`, or the fake GitHub). Deliberately without the retry and
 * throttling plugins: the sync engine retries 5xx/429/rate-limit 403s and paces writes itself
 * (src/sync/request-with-retry.ts, pace-writes.ts), and a 409 must reach it at once so a stale
 * file write is re-planned, never resent. `@octokit/rest` adds request logging; its lines (every
 * 304 and probe 404 would be logged as an error) are dropped, deprecation warnings go to `warn`.
 */
export function createOctokit(params: {
  token: string;
  baseUrl?: string;
  warn?: (message: string) => void;
}): Octokit {
  const warn = params.warn ?? (() => undefined);
  return new Octokit({
    auth: params.token,
    baseUrl: (params.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'milestone-sync-cli',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warn(String(message)),
      error: () => undefined,
    },
  });
}
