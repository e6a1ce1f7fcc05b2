import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
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

const ROUTE = 'POST /repos/{owner}/{repo}/issues';
const FAKE_REPO = { owner: 'acme', repo: 'plan' };
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

/**
 * A 502 on an issue creation that GitHub carried out anyway (a gateway timeout after the write
 * landed): resending it blindly would open the issue twice. The app must look for the issue by
 * its marker before sending again, adopt it, and finish the run with every issue created once.
 */
export const serverErrorAfterWrite: FaultCase = {
  id: 'server-error-landed',
  title: '502 on an issue creation that landed anyway',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      const created = () => h.fake.repo(FULL_NAME).issues.size;
      const landed = h.fake.faults.next({
        route: ROUTE,
        when: () => created() === 4,
        status: 502,
        // GitHub carries the write out, then the gateway answers 502.
        before: async (request) => {
          await h.fake
            .octokit()
            .request(ROUTE, { ...FAKE_REPO, ...(request.body as { title: string }) });
        },
      });
      await installNow(h);
      const synced = syncedLines({ h, from: 0 });
      const adopted = messagesSince({ h, from: 0, level: 'warn' }).filter((m) =>
        m.includes('it had landed despite the 502'),
      );
      const posts = h.fake.calls.all().filter((c) => c.route === ROUTE).length;
      const checks = [
        check({
          kind: 'outcome',
          name: 'the landed issue was found and adopted, not created again',
          ok:
            landed.fired === 1 &&
            adopted.length === 1 &&
            synced.length === 1 &&
            !/failed|skipped/.test(synced[0] ?? ''),
          detail: `${adopted.length} adoption line(s); ${posts} issue POSTs for 24 deliverables and the dashboard (one answered 502 after landing); “${synced[0] ?? 'no sync line'}”`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a 502 on the 5th \`${ROUTE}\` after GitHub created the issue`,
        did: `logged “${adopted[0] ?? 'no adoption line'}” after looking for the issue by its marker, kept it, and completed the run: “${synced[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length,
        facts: { adopted: adopted.length, posts },
      };
    } finally {
      await h.stop();
    }
  },
};
