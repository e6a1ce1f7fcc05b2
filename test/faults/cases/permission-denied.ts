import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import {
  check,
  installNow,
  invariantChecks,
  messagesSince,
  redeliver,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';

/** Issue writes: creating one, updating one. */
const ISSUE_WRITES = /^(POST|PATCH) \/repos\/\{owner\}\/\{repo\}\/issues(\/\{issue_number\})?$/;
const FORBIDDEN = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
  status: '403',
};

/**
 * The installation loses `issues: write` mid-sync (an owner edits the app's permissions): every
 * issue write is answered 403 "Resource not accessible by integration". The app must say which
 * request was refused and why, not retry it as a rate limit, and once the permission is back the
 * next sync must create what is missing without duplicating what the first run created.
 */
export const permissionDenied: FaultCase = {
  id: 'permission-denied',
  title: '403: issues write forbidden mid-sync, then restored',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      install: false,
    });
    try {
      const created = () => h.fake.repo(FULL_NAME).issues.size;
      const denied = h.fake.faults.always({
        route: ISSUE_WRITES,
        when: () => created() >= 5,
        status: 403,
        body: FORBIDDEN,
      });
      await installNow(h);
      const first = syncedLines({ h, from: 0 });
      const errors = messagesSince({ h, from: 0 }).filter((m) => m.includes('403'));
      const refused = h.fake.calls.all().filter((c) => c.faulted);
      const issuesAfterFirst = created();
      const retried = messagesSince({ h, from: 0, level: 'warn' }).filter((m) =>
        m.includes('retrying in'),
      );

      // The owner grants the permission again; the next delivery syncs.
      h.fake.faults.clear();
      const from = h.lines.length;
      await redeliver({ h, event: 'installation', id: 'after-permission-restored' });
      const second = syncedLines({ h, from });
      const namesRequest = errors.some((m) => /POST \/repos\/acme\/plan\/issues/.test(m));
      const checks = [
        check({
          kind: 'outcome',
          name: 'the refusal is reported naming the request, and not retried',
          ok:
            denied.fired >= 1 &&
            namesRequest &&
            errors.some((m) => m.includes('Resource not accessible by integration')) &&
            retried.length === 0 &&
            /failed/.test(first[0] ?? ''),
          detail: `${refused.length} refused request(s), ${retried.length} retries; first error: “${errors[0] ?? 'none'}”; “${first[0] ?? 'no sync line'}”`,
        }),
        check({
          kind: 'outcome',
          name: 'after the permission is restored the next sync completes',
          ok: second.length === 1 && !/failed|skipped/.test(second[0] ?? ''),
          detail: second.join(' | '),
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected:
          '403 “Resource not accessible by integration” on every issue create/update after the 5th issue, until restored',
        did: `created ${issuesAfterFirst} issue(s), then reported ${refused.length} refused write(s) (“${errors[0] ?? ''}”) without retrying: “${first[0] ?? ''}”; once restored, the next delivery: “${second[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length,
        facts: { refused: refused.length, issuesAfterFirst, errors },
      };
    } finally {
      await h.stop();
    }
  },
};
