import { FAULT_CASES } from '../test/faults/all-cases.js';
import type { FaultRow } from '../test/faults/render-fault-table.js';
import { renderFaultTable } from '../test/faults/render-fault-table.js';
import type { BenchSection } from './section-types.js';

/**
 * The fault suite (test/faults/cases, also run by test/faults/fault-suite.test.ts): each fault
 * injected into the fake GitHub while the real Probot app handles signed deliveries, with what
 * the app did and the invariants checked afterwards. Virtual time: waits cost no real time.
 */
export const benchSection: BenchSection = {
  id: 'faults',
  title: 'Fault suite',
  run: async (context) => {
    const rows: FaultRow[] = [];
    for (const faultCase of FAULT_CASES) {
      context.log(`faults: ${faultCase.id}`);
      rows.push({ faultCase, result: await faultCase.run() });
    }
    const failed = rows.filter((row) => row.result.checks.some((c) => !c.ok));
    const checks = rows.reduce((n, row) => n + row.result.checks.length, 0);
    return [
      'Each case starts the real Probot app (src/app/app.ts) on a fake GitHub that signs and sends',
      'its deliveries, injects one fault, and then checks: no duplicate issues, milestones,',
      'dashboards or bot comments (counted by marker and title); nothing lost (every deliverable of',
      'the plan has its issue, every milestone its milestone); a second sync (the installation',
      'delivery sent again under a new id) writes nothing; no request, answer or webhook off',
      "GitHub's OpenAPI description. Waits run on the fake's virtual clock. Cases:",
      '`test/faults/cases/`; the same cases run in `test/faults/fault-suite.test.ts`.',
      '',
      renderFaultTable(rows),
      '',
      `${rows.length} cases, ${checks} checks, ${failed.length === 0 ? 'all passed' : `${failed.length} case(s) failed: ${failed.map((r) => r.faultCase.id).join(', ')}`}.`,
    ].join('\n');
  },
};
