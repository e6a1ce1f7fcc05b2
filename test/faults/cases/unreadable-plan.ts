import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult, KindedCheck } from '../fault-case.js';
import type { FaultApp } from '../fault-harness.js';
import {
  check,
  deliverableIssues,
  invariantChecks,
  messagesSince,
  repoWritesSince,
  secondSyncCheck,
  startFaultApp,
} from '../fault-harness.js';

const SEED = readSeed('elemta-MILESTONES.md');

/** What a person's push did to the plan, and what the app did about it. */
interface Aftermath {
  messages: string[];
  writes: string[];
  unchanged: boolean;
  openBefore: number;
  openAfter: number;
}

/** Runs `push` (a person's commit) on a synced repository and records what followed. */
async function afterPush(h: FaultApp, push: () => void): Promise<Aftermath> {
  const before = JSON.stringify(deliverableIssues(h.fake));
  const openBefore = deliverableIssues(h.fake).filter((i) => i.state === 'open').length;
  const from = h.lines.length;
  const callsFrom = h.fake.calls.all().length;
  push();
  await h.settle();
  return {
    messages: messagesSince({ h, from }),
    writes: repoWritesSince({ fake: h.fake, from: callsFrom }),
    unchanged: JSON.stringify(deliverableIssues(h.fake)) === before,
    openAfter: deliverableIssues(h.fake).filter((i) => i.state === 'open').length,
    openBefore,
  };
}

function nothingTouched(a: Aftermath): KindedCheck {
  return check({
    kind: 'lost',
    name: 'nothing written, no issue closed or changed',
    ok: a.writes.length === 0 && a.unchanged && a.openAfter === a.openBefore,
    detail: `${a.writes.length} write(s); ${a.openAfter}/${a.openBefore} issues still open; issues ${a.unchanged ? 'unchanged' : 'CHANGED'}`,
  });
}

/**
 * A person deletes the plan file: the app must not read that as "every deliverable removed" and
 * close the issues en masse; it says there is no plan and writes nothing. When the file comes
 * back, the issues are found again by their markers: nothing is created twice.
 */
export const deletedPlan: FaultCase = {
  id: 'plan-deleted',
  title: 'the plan file deleted, then restored',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({ files: { [PATH]: SEED } });
    try {
      const deleted = await afterPush(h, () =>
        h.fake.human.as('erin').deleteFile({ repo: FULL_NAME, path: PATH }),
      );
      const why = deleted.messages.find((m) => m.includes(`no ${PATH}`));
      const from = h.lines.length;
      const restored = await afterPush(h, () =>
        h.fake.human.as('erin').editFile({ repo: FULL_NAME, path: PATH, content: SEED }),
      );
      const back = messagesSince({ h, from }).filter(
        (m) => m.startsWith('Synced ') || m.startsWith('Nothing to do'),
      );
      const checks = [
        check({
          kind: 'outcome',
          name: 'the app says why it does nothing',
          ok: why !== undefined,
          detail: why ?? `no such line among: ${deleted.messages.join(' | ')}`,
        }),
        nothingTouched(deleted),
        check({
          kind: 'outcome',
          name: 'the restored plan syncs without creating anything again',
          ok: restored.writes.every((w) => !w.startsWith('POST')) && back.length === 1,
          detail: `${restored.writes.length} write(s) after the restore${back[0] ? `: “${back[0]}”` : ''}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a person deletes ${PATH} (push), later commits it again`,
        did: `closed nothing and logged “${why ?? ''}”; after the restore, ${restored.writes.length} write(s): “${back[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length,
        facts: { writesAfterDelete: deleted.writes.length, why },
      };
    } finally {
      await h.stop();
    }
  },
};

/** The first bytes of a PNG image (signature and IHDR chunk). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The plan with one line saved in Latin-1 (an editor's other encoding): 0xDC is not UTF-8. */
const LATIN1 = Buffer.concat([
  Buffer.from(SEED, 'utf8'),
  Buffer.from('- [ ] \xdcbersetzung der Dokumentation\n', 'latin1'),
]);
const LATIN1_LINE = SEED.split('\n').length;

function unreadable(params: {
  id: string;
  title: string;
  what: string;
  bytes: Buffer;
  expected: RegExp;
}): FaultCase {
  return {
    id: params.id,
    title: params.title,
    run: async (): Promise<FaultResult> => {
      const h = await startFaultApp({ files: { [PATH]: SEED } });
      try {
        const pushed = await afterPush(h, () =>
          h.fake.human.as('erin').editFile({ repo: FULL_NAME, path: PATH, content: params.bytes }),
        );
        const diagnostic = pushed.messages.find((m) => params.expected.test(m));
        const checks = [
          check({
            kind: 'outcome',
            name: 'a diagnostic names the file, the line and the byte',
            ok: diagnostic !== undefined,
            detail: diagnostic ?? `no such line among: ${pushed.messages.join(' | ')}`,
          }),
          nothingTouched(pushed),
          ...invariantChecks({ h, planPresent: false }),
          await secondSyncCheck(h),
        ];
        return {
          injected: `a person pushes ${params.what} as ${PATH}`,
          did: `wrote nothing and logged “${diagnostic ?? pushed.messages.at(-1) ?? ''}”`,
          checks,
          calls: h.fake.calls.all().length,
          facts: { writes: pushed.writes.length, diagnostic },
        };
      } finally {
        await h.stop();
      }
    },
  };
}

export const binaryPlan = unreadable({
  id: 'plan-binary',
  title: 'a binary file as the plan',
  what: 'a PNG image',
  bytes: PNG,
  expected:
    /MILESTONES\.md on the default branch is not UTF-8 text \(byte 0x89 at offset 0, line 1\)/,
});

export const latin1Plan = unreadable({
  id: 'plan-not-utf8',
  title: 'a plan with a line in Latin-1',
  what: `the plan with line ${LATIN1_LINE} saved in Latin-1 (“Übersetzung”, 0xDC)`,
  bytes: LATIN1,
  expected: new RegExp(
    `MILESTONES\\.md on the default branch is not UTF-8 text \\(byte 0xdc at offset \\d+, line ${LATIN1_LINE}\\)`,
  ),
});
