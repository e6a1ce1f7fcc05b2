import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import type { FaultApp } from '../fault-harness.js';
import {
  check,
  installNow,
  invariantChecks,
  messagesSince,
  retryLines,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';
import { shortRetry } from './secondary-rate-limit.js';

const MINUTE = 60_000;
/** Requests left in the hour when the first sync starts: it needs about 45. */
const REMAINING = 25;

/** Answers refused because the primary limit was spent (403, `x-ratelimit-remaining: 0`). */
function refusals(h: FaultApp): number {
  return h.fake.calls.all().filter((c) => c.status === 403 && !c.faulted).length;
}

/**
 * The primary rate limit runs out mid-sync and resets in 4 minutes: the app reads
 * `x-ratelimit-reset`, waits until then (request-with-retry.ts; waits up to 15 minutes are
 * taken in the run), and completes the same run.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
 */
export const primaryLimitWait: FaultCase = {
  id: 'primary-limit-wait',
  title: 'primary rate limit spent, reset in 4 minutes',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      // The fake's hour window opened when it was created: 56 minutes on, it resets in 4.
      h.fake.clock.advance(56 * MINUTE);
      h.fake.rateLimit.set({ remaining: REMAINING });
      const started = h.fake.clock.now();
      await installNow(h);
      const retries = retryLines({ h, from: 0 });
      const synced = syncedLines({ h, from: 0 });
      const refused = refusals(h);
      const elapsed = h.fake.clock.now() - started;
      const checks = [
        check({
          kind: 'outcome',
          name: 'the app waited for the reset and completed the same run',
          ok:
            refused === 1 &&
            retries.length === 1 &&
            synced.length === 1 &&
            (synced[0] ?? '').includes('24 issues created') &&
            elapsed >= 4 * MINUTE - 1000,
          detail: `${refused} refused request(s); ${retries.map(shortRetry).join(', ')}; ${Math.round(elapsed / 1000)} s of virtual time; ${synced.join(' | ')}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `\`x-ratelimit-remaining\` ${REMAINING} when the first sync starts, reset 4 min away`,
        did: `was refused once (403, remaining 0), ${retries.map(shortRetry).join(', ')} (until \`x-ratelimit-reset\`), then completed: “${synced[0] ?? 'no sync line'}”`,
        checks,
        calls: h.fake.calls.all().length,
        waitedMs: elapsed,
        facts: { refused, retries: retries.length, elapsed },
      };
    } finally {
      await h.stop();
    }
  },
};

/**
 * The primary rate limit runs out mid-sync and resets in an hour, longer than a sync blocks
 * (15 minutes): the app stops sending, reports the rest as skipped (RateLimitStop), and the
 * next sync after the reset (a person closing an issue) creates what is missing, once, and
 * ticks the closed issue's line.
 */
export const primaryLimitDefer: FaultCase = {
  id: 'primary-limit-defer',
  title: 'primary rate limit spent, reset in an hour',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      h.fake.rateLimit.set({ remaining: REMAINING });
      await installNow(h);
      const first = syncedLines({ h, from: 0 });
      const stops = messagesSince({ h, from: 0, level: 'warn' }).filter((m) =>
        m.includes('rate limit); stopping here'),
      );
      const refusedFirst = refusals(h);
      const issuesAfterFirst = [...h.fake.repo(FULL_NAME).issues.values()].length;
      const sleptFirst = h.sleeps.filter((ms) => ms >= MINUTE).length;

      // An hour later the window has reset; a person closes one of the issues created so far.
      h.fake.clock.advance(61 * MINUTE);
      const from = h.lines.length;
      const closed = [...h.fake.repo(FULL_NAME).issues.values()][0];
      if (!closed) throw new Error('the first sync created no issue');
      h.fake.human.as('carol').closeIssue({ repo: FULL_NAME, number: closed.number });
      await h.settle();
      const second = syncedLines({ h, from });
      const text = h.fileText();
      const ticked = text.includes(`- [x] ${closed.title}`);
      const checks = [
        check({
          kind: 'outcome',
          name: 'the first run stopped at the limit instead of blocking for an hour',
          ok:
            refusedFirst >= 1 &&
            stops.length >= 1 &&
            sleptFirst === 0 &&
            /skipped/.test(first[0] ?? ''),
          detail: `${refusedFirst} refused request(s), no wait of a minute or more; “${first[0] ?? 'no sync line'}”`,
        }),
        check({
          kind: 'outcome',
          name: 'the next sync after the reset completed the rest',
          ok: second.length === 1 && !/skipped|failed/.test(second[0] ?? ''),
          detail: second.join(' | '),
        }),
        check({
          kind: 'lost',
          name: 'the close made after the reset is ticked in the file',
          ok: ticked && h.fake.repo(FULL_NAME).issues.get(closed.number)?.state === 'closed',
          detail: `#${closed.number} “${closed.title}” ${ticked ? 'ticked' : 'NOT ticked'}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `\`x-ratelimit-remaining\` ${REMAINING} when the first sync starts, reset 60 min away`,
        did: `stopped at the first 403 with remaining 0 (“${shortStop(stops[0] ?? '')}”) having created ${issuesAfterFirst} issue(s): “${first[0] ?? ''}”; after the reset a person's close started the next sync: “${second[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length,
        facts: { refusedFirst, stops: stops.length, issuesAfterFirst },
      };
    } finally {
      await h.stop();
    }
  },
};

function shortStop(line: string): string {
  return line
    .replace(/^milestone-sync: [a-z-]+ failed: /, '')
    .replace('/repos/{owner}/{repo}', '…');
}
