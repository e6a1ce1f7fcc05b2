import { readSeed } from '../../helpers/read-fixture.js';
import { CONFIG_FILE, FULL_NAME, OPTED_IN_CONFIG, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import {
  check,
  invariantChecks,
  messagesSince,
  repoWritesSince,
  secondSyncCheck,
  startFaultApp,
  syncedLines,
} from '../fault-harness.js';

/** Line 3 holds a mapping inside a value (`path: MILESTONES.md: main`): not YAML. */
const MALFORMED = `${OPTED_IN_CONFIG}dryRun: false\npath: MILESTONES.md: main\n`;
const CLOSED = 'Single standardized configuration format';

/**
 * A person commits a `.github/milestone-sync.yml` that is not valid YAML, then closes an issue.
 * The app must not guess: it names the file and the line of the YAML error and writes nothing.
 * Once the file is fixed, the next sync ticks the line of the issue closed meanwhile: the close
 * is not lost.
 */
export const malformedConfig: FaultCase = {
  id: 'malformed-config',
  title: 'malformed YAML in .github/milestone-sync.yml',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({ files: { [PATH]: readSeed('elemta-MILESTONES.md') } });
    try {
      const from = h.lines.length;
      const callsFrom = h.fake.calls.all().length;
      h.fake.human.as('erin').editFile({ repo: FULL_NAME, path: CONFIG_FILE, content: MALFORMED });
      await h.settle();
      const closed = h.issueByTitle(CLOSED);
      h.fake.human.as('carol').closeIssue({ repo: FULL_NAME, number: closed.number });
      await h.settle();
      const errors = messagesSince({ h, from, level: 'error' });
      const named = errors.filter(
        (m) => m.includes(CONFIG_FILE) && /at line 3, column \d+/.test(m),
      );
      const writes = repoWritesSince({ fake: h.fake, from: callsFrom });
      const tickedWhileBroken = h.fileText().includes(`- [x] ${CLOSED}`);

      const fixFrom = h.lines.length;
      h.fake.human
        .as('erin')
        .editFile({ repo: FULL_NAME, path: CONFIG_FILE, content: OPTED_IN_CONFIG });
      await h.settle();
      const fixed = syncedLines({ h, from: fixFrom });
      const ticked = h.fileText().includes(`- [x] ${CLOSED}`);
      const checks = [
        check({
          kind: 'outcome',
          name: 'each sync is refused with the file and the line of the YAML error',
          ok: errors.length >= 1 && named.length === errors.length,
          detail: `${errors.length} error line(s); first: “${(errors[0] ?? '').split('\n')[0]}”`,
        }),
        check({
          kind: 'outcome',
          name: 'nothing written while the config is broken',
          ok: writes.length === 0 && !tickedWhileBroken,
          detail: `${writes.length} write(s)`,
        }),
        check({
          kind: 'lost',
          name: 'the close made meanwhile is ticked once the config is fixed',
          ok: ticked && fixed.length === 1,
          detail: `“${CLOSED}” ${ticked ? 'ticked' : 'NOT ticked'}; ${fixed.join(' | ')}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `a person commits ${CONFIG_FILE} with a YAML error on line 3, then closes an issue; later fixes the file`,
        did: `refused ${errors.length} sync(s) with “${(errors[0] ?? '').split('\n')[0]}” and wrote nothing; after the fix: “${fixed[0] ?? ''}”`,
        checks,
        calls: h.fake.calls.all().length - callsFrom,
        facts: { refused: errors.length, writes: writes.length, firstError: errors[0] },
      };
    } finally {
      await h.stop();
    }
  },
};
