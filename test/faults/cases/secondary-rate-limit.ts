import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import { SECONDARY_LIMIT_MESSAGE } from '@milestone-sync/fake-github';
import type { FaultCase, FaultResult } from '../fault-case.js';
import {
  check,
  installNow,
  invariantChecks,
  retryLines,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';

const LIMITS = [
  { route: 'POST /repos/{owner}/{repo}/milestones', status: 403, retryAfter: 90 },
  { route: 'POST /repos/{owner}/{repo}/issues', status: 429, retryAfter: 45 },
] as const;

/**
 * GitHub's secondary rate limit mid-sync: a milestone creation answered 403 and an issue creation
 * answered 429, each with `retry-after` and GitHub's documented message. The app must wait at
 * least that long (measured on the fake's clock, between the refused request and its retry) and
 * then complete the sync in the same run.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
export const secondaryRateLimit: FaultCase = {
  id: 'secondary-rate-limit',
  title: 'secondary rate limit with retry-after (403 and 429)',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      const repo = () => h.fake.repo(FULL_NAME);
      const armed = LIMITS.map((limit, i) =>
        h.fake.faults.next({
          route: limit.route,
          when: () => (i === 0 ? repo().milestones.size >= 2 : repo().issues.size >= 10),
          status: limit.status,
          headers: { 'retry-after': String(limit.retryAfter) },
          body: {
            message: SECONDARY_LIMIT_MESSAGE,
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
        }),
      );
      await installNow(h);
      const calls = h.fake.calls.all();
      const gaps = LIMITS.map((limit) => {
        const refused = calls.findIndex((c) => c.route === limit.route && c.faulted);
        const retry = calls.slice(refused + 1).find((c) => c.route === limit.route);
        const refusedAt = calls[refused]?.at ?? 0;
        return {
          ...limit,
          waitedMs: retry ? retry.at - refusedAt : -1,
          retryStatus: retry?.status ?? 0,
        };
      });
      const retries = retryLines({ h, from: 0 });
      const synced = syncedLines({ h, from: 0 });
      const checks = [
        check({
          kind: 'outcome',
          name: 'each refused request was retried no sooner than retry-after',
          ok:
            armed.every((a) => a.fired === 1) &&
            gaps.every((g) => g.waitedMs >= g.retryAfter * 1000 && g.retryStatus < 300),
          detail: gaps
            .map(
              (g) =>
                `${g.status} retry-after ${g.retryAfter} s on ${g.route}: retried after ${g.waitedMs / 1000} s (${g.retryStatus})`,
            )
            .join('; '),
        }),
        check({
          kind: 'outcome',
          name: 'the sync completed in the same run',
          ok:
            synced.length === 1 &&
            (synced[0] ?? '').includes('24 issues created') &&
            (synced[0] ?? '').includes('6 milestones created'),
          detail: synced.join(' | '),
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: LIMITS.map(
          (l) => `${l.status} + \`retry-after: ${l.retryAfter}\` on a \`${l.route}\``,
        ).join('; '),
        did: `logged ${retries.length} waits (${retries.map(shortRetry).join('; ')}), retried ${gaps.map((g) => `after ${g.waitedMs / 1000} s`).join(' and ')}, and completed the run: “${synced[0] ?? 'no sync line'}”`,
        checks,
        calls: calls.length,
        waitedMs: gaps.reduce((n, g) => n + g.waitedMs, 0),
        facts: { gaps: gaps.map((g) => g.waitedMs), retries: retries.length },
      };
    } finally {
      await h.stop();
    }
  },
};

/** `POST /repos/{owner}/{repo}/issues: HTTP 429: … retrying in 45 s` → `HTTP 429 on POST …/issues, retrying in 45 s`. */
export function shortRetry(line: string): string {
  const route = line.slice(0, line.indexOf(': ')).replace('/repos/{owner}/{repo}', '…');
  const status = /HTTP (\d+)/.exec(line)?.[1] ?? '?';
  const wait = /retrying in (\d+ s)$/.exec(line)?.[1] ?? '?';
  return `HTTP ${status} on ${route}, retrying in ${wait}`;
}
