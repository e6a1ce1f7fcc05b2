import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
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

const ROUTE = 'POST /repos/{owner}/{repo}/issues';
const STATUSES = [502, 503, 502] as const;

/**
 * A burst of 5xx in the middle of the first sync: the 5th issue creation is answered 502, 503,
 * 502, then GitHub is healthy again. The app must retry with backoff (request-with-retry.ts) and
 * finish the sync in the same run, with every issue created once.
 */
export const serverErrorBurst: FaultCase = {
  id: 'server-error-burst',
  title: '5xx burst on writes mid-sync',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      const created = () => h.fake.repo(FULL_NAME).issues.size;
      const fired = STATUSES.map((status) =>
        h.fake.faults.next({ route: ROUTE, when: () => created() >= 4, status }),
      );
      await installNow(h);
      const retries = retryLines({ h, from: 0 });
      const synced = syncedLines({ h, from: 0 });
      const faulted = h.fake.calls.all().filter((c) => c.faulted);
      const retryWaits = retries.map((line) => Number(/retrying in (\d+) s$/.exec(line)?.[1]));
      const checks = [
        check({
          kind: 'outcome',
          name: 'the burst was retried and the sync completed in the same run',
          ok:
            fired.every((f) => f.fired === 1) &&
            retries.length === STATUSES.length &&
            synced.length === 1 &&
            (synced[0] ?? '').includes('24 issues created') &&
            !/failed|skipped/.test(synced[0] ?? ''),
          detail: `${faulted.length} faulted answers (${faulted.map((c) => c.status).join(', ')}); ${retries.length} retries; ${synced.join(' | ')}`,
        }),
        check({
          kind: 'outcome',
          name: 'exponential backoff between retries',
          ok: retryWaits.join(',') === '1,2,4',
          detail: `waits ${retryWaits.map((s) => `${s} s`).join(', ')}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `${STATUSES.join(', ')} on the 5th \`${ROUTE}\` and its two retries, then healthy`,
        did: `retried ${ROUTE} ${retries.length}× after ${faulted.map((c) => c.status).join(', ')} (waiting ${retryWaits.map((s) => `${s} s`).join(', ')}), then completed the run: “${synced[0] ?? 'no sync line'}”`,
        checks,
        calls: h.fake.calls.all().length,
        waitedMs: retryWaits.reduce((a, b) => a + b, 0) * 1000,
        facts: { retries: retries.length, faulted: faulted.length },
      };
    } finally {
      await h.stop();
    }
  },
};
