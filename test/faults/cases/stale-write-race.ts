import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import {
  check,
  deliverableIssues,
  invariantChecks,
  messagesSince,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';

const PUT = 'PUT /repos/{owner}/{repo}/contents/{path}';
const CLOSED = 'Single standardized configuration format';
const ANCHOR = '- [ ] Basic SMTP functionality working end-to-end';
const ADDED = '- [ ] Rate limiting per sender';

/**
 * A 409 race: a person closes an issue, the app reads the plan to tick its line, and before its
 * contents PUT lands another person commits to the plan (a new deliverable). GitHub answers the
 * PUT 409 (stale blob sha). The app must re-read and re-plan (sync-repo.ts), never overwrite:
 * both the tick and the person's line end up in the file, and the new line gets its issue.
 */
export const staleWriteRace: FaultCase = {
  id: 'stale-write-race',
  title: '409: a person commits between the read and the write',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({ files: { [PATH]: readSeed('elemta-MILESTONES.md') } });
    try {
      const raced = h.fake.faults.next({
        route: PUT,
        before: () => {
          h.fake.human.as('erin').editFile({
            repo: FULL_NAME,
            path: PATH,
            content: h.fileText().replace(ANCHOR, `${ANCHOR}\n${ADDED}`),
            message: 'Add a deliverable',
          });
        },
      });
      const from = h.lines.length;
      const callsFrom = h.fake.calls.all().length;
      const target = h.issueByTitle(CLOSED);
      h.fake.human.as('carol').closeIssue({ repo: FULL_NAME, number: target.number });
      await h.settle();
      const puts = h.fake.calls
        .all()
        .slice(callsFrom)
        .filter((c) => c.route === PUT);
      const conflicts = puts.filter((c) => c.status === 409);
      const replans = messagesSince({ h, from }).filter((m) => m.includes('(409); re-reading'));
      const synced = syncedLines({ h, from });
      const text = h.fileText();
      const ticked = text.includes(`- [x] ${CLOSED}`);
      const kept = text.includes(ADDED.slice(6));
      const newIssue = deliverableIssues(h.fake).filter((i) => i.title === ADDED.slice(6));
      const checks = [
        check({
          kind: 'outcome',
          name: 'the stale PUT got a real 409 and the app re-read and re-planned',
          ok: raced.fired === 1 && conflicts.length === 1 && replans.length === 1,
          detail: `${puts.length} contents PUTs (${puts.map((c) => c.status).join(', ')}); ${replans.length} re-plan line(s)`,
        }),
        check({
          kind: 'lost',
          name: 'the tick and the concurrent edit are both in the file',
          ok: ticked && kept,
          detail: `tick of “${CLOSED}” ${ticked ? 'in' : 'NOT in'} the file; “${ADDED.slice(6)}” ${kept ? 'kept' : 'LOST'}`,
        }),
        check({
          kind: 'lost',
          name: 'the closed issue stays closed; the added line has one issue',
          ok: h.issueByTitle(CLOSED).state === 'closed' && newIssue.length === 1,
          detail: `#${target.number} ${h.issueByTitle(CLOSED).state}; ${newIssue.length} issue(s) for the added line`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a person's commit to ${PATH} just before the app's \`${PUT}\` (the app's blob sha goes stale)`,
        did: `got ${conflicts.length}× 409 on the contents PUT, logged “${replans[0] ?? 'no re-plan line'}”, re-planned on the new text and committed again: ${synced.map((s) => `“${s}”`).join(', then ')}`,
        checks,
        calls: h.fake.calls.all().length - callsFrom,
        facts: { conflicts: conflicts.length, puts: puts.length, replans: replans.length },
      };
    } finally {
      await h.stop();
    }
  },
};
