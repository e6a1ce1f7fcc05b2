import { ProbotOctokit } from 'probot';
import type { GithubClient, ResponseOf } from '../sync/github-client.js';

/**
 * Probot's Octokit without its retry and throttling plugins, for `new Probot({ Octokit })`. The
 * sync engine retries 5xx and rate limits and paces writes itself (src/sync/request-with-retry.ts,
 * pace-writes.ts), and must see a 409 at once so a stale file write is re-planned: plugin-retry
 * would resend it three times (409 is not in its `doNotRetry` list), and plugin-throttling would
 * wait out any rate limit however long (Probot's handler always says "retry"), while the engine
 * stops and lets the next sync resume. A function, not an object: Probot sets `throttle` options
 * of its own afterwards, which would replace an object default.
 */
export const SyncOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), enabled: false },
  retry: { enabled: false },
}));

/** The slice of a Probot Octokit the app uses. */
export interface AppOctokit {
  request: (route: string, params?: Record<string, unknown>) => Promise<unknown>;
}

/**
 * The engine's client over a Probot (installation) Octokit. Each request also asks plugin-retry
 * for no retries, so a 409 reaches the engine at once even in a Probot built without
 * `SyncOctokit` (its throttling then still applies: slower, but correct).
 */
export function toGithubClient(octokit: AppOctokit): GithubClient {
  return {
    request: async (route, params = {}) => {
      const request = { ...(params.request as Record<string, unknown> | undefined), retries: 0 };
      return (await octokit.request(route, { ...params, request })) as ResponseOf<typeof route>;
    },
  };
}
