import { generatePlan } from '../../../bench/generate-plan.js';
import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import {
  check,
  deliverableIssues,
  invariantChecks,
  messagesSince,
  repoWritesSince,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';

const MB = 1024 * 1024;
const BLOB = 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}';
const PUT = 'PUT /repos/{owner}/{repo}/contents/{path}';

/**
 * A plan of about 2 MB: the contents API answers it without content (over 1 MB), the app reads
 * the blob instead (read-github.ts), creates every issue, and when a person closes one it ticks
 * exactly that line in a contents PUT of the whole 2 MB file.
 * https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
export const largePlan: FaultCase = {
  id: 'plan-over-1mb',
  title: 'a plan over 1 MB (contents API without content)',
  run: async (): Promise<FaultResult> => {
    const text = generatePlan({ bytes: 2 * MB, deliverables: 30, seed: 7 });
    const h = await startFaultApp({ files: { [PATH]: text } });
    try {
      const first = syncedLines({ h, from: 0 });
      const blobReads = h.fake.calls.count(BLOB);
      const from = h.lines.length;
      const open = deliverableIssues(h.fake).find(
        (issue) => issue.state === 'open' && issue.subIssueIds.length === 0,
      );
      if (!open) throw new Error('the generated plan has no open leaf deliverable');
      h.fake.human.as('carol').closeIssue({ repo: FULL_NAME, number: open.number });
      await h.settle();
      const second = syncedLines({ h, from });
      const after = h.fileText();
      const before = text.split('\n');
      const changed = after.split('\n').filter((line, i) => line !== before[i]);
      const puts = h.fake.calls.all().filter((c) => c.route === PUT);
      const checks = [
        check({
          kind: 'outcome',
          name: 'the plan was read through the blob API and synced',
          ok:
            blobReads >= 1 &&
            first.length === 1 &&
            !/failed|skipped/.test(first[0] ?? '') &&
            /issues created/.test(first[0] ?? ''),
          detail: `${Math.round(Buffer.byteLength(text) / 1024)} KiB plan; ${blobReads} blob read(s); “${first[0] ?? 'no sync line'}”`,
        }),
        check({
          kind: 'lost',
          name: 'the close is ticked: one line changed, nothing else',
          ok:
            changed.length === 1 &&
            (changed[0] ?? '').includes('[x]') &&
            after.split('\n').length === before.length &&
            puts.length === 1 &&
            puts[0]?.status === 200,
          detail: `${changed.length} line(s) changed (“${(changed[0] ?? '').slice(0, 70)}”), ${puts.length} contents PUT(s) (${puts.map((c) => c.status).join(', ')})`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a ${(Buffer.byteLength(text) / MB).toFixed(1)} MB plan with 30 deliverables (the contents API returns no content over 1 MB)`,
        did: `read the plan through the blob API (${blobReads}×): “${first[0] ?? ''}”; ticked the closed issue's line in a ${(Buffer.byteLength(after) / MB).toFixed(1)} MB contents PUT: “${second[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length,
        facts: { blobReads, changed: changed.length },
      };
    } finally {
      await h.stop();
    }
  },
};

/**
 * A person pushes a plan over 100 MB, past what GitHub's REST API serves (the contents API
 * answers 403 `too_large`, and the blob API serves up to 100 MB too): the app must say which
 * file and why, write nothing, and leave the issues as they were.
 * https://docs.github.com/en/rest/git/blobs#get-a-blob
 */
export const tooLargePlan: FaultCase = {
  id: 'plan-over-100mb',
  title: 'a plan over 100 MB (past the API limits)',
  run: async (): Promise<FaultResult> => {
    const seed = readSeed('elemta-MILESTONES.md');
    const h = await startFaultApp({ files: { [PATH]: seed } });
    try {
      const issuesBefore = JSON.stringify(deliverableIssues(h.fake));
      const from = h.lines.length;
      const callsFrom = h.fake.calls.all().length;
      const huge = `${seed}\n## Appendix\n\n${'Notes. '.repeat(Math.ceil((101 * MB) / 7))}\n`;
      h.fake.human.as('erin').editFile({ repo: FULL_NAME, path: PATH, content: huge });
      await h.settle();
      const messages = messagesSince({ h, from });
      const problem = messages.find((m) => m.includes(PATH) && /100 MB|too large/i.test(m));
      const writes = repoWritesSince({ fake: h.fake, from: callsFrom });
      const issuesAfter = JSON.stringify(deliverableIssues(h.fake));
      const checks = [
        check({
          kind: 'outcome',
          name: 'a message names the file and says it is too large',
          ok: problem !== undefined,
          detail: problem ?? `no such message among: ${messages.join(' | ')}`,
        }),
        check({
          kind: 'outcome',
          name: 'nothing written, issues unchanged',
          ok: writes.length === 0 && issuesAfter === issuesBefore,
          detail: `${writes.length} write(s); issues ${issuesAfter === issuesBefore ? 'unchanged' : 'CHANGED'}`,
        }),
        ...invariantChecks({ h, planPresent: false }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a person pushes a ${(Buffer.byteLength(huge) / MB).toFixed(0)} MB ${PATH} (GitHub's contents and blob APIs serve up to 100 MB)`,
        did: `wrote nothing and logged “${problem ?? messages.at(-1) ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length - callsFrom,
        facts: { writes: writes.length, problem },
      };
    } finally {
      await h.stop();
    }
  },
};
