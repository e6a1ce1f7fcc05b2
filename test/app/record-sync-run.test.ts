import { describe, expect, it } from 'vitest';
import { recordSyncRun } from '../../src/app/record-sync-run.js';
import type { SyncRun } from '../../src/app/run-repository-sync.js';
import { createInMemorySyncLedger } from '../../src/app/sync-ledger.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action, ActionOutcome } from '../../src/sync/sync-types.js';

const createIssue = {
  kind: 'create-label',
  after: { name: 'plan: goals', color: '63ac00', description: '' },
  reason: 'the plan uses label “plan: goals”',
} satisfies Action;

function report(outcomes: ActionOutcome[]): SyncReport {
  const results = outcomes.map((outcome) => ({ action: createIssue, outcome }));
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: false,
    diagnostics: [],
    runs: [
      { planned: { actions: results.map((r) => r.action), refusal: null, notes: [] }, results },
    ],
  };
}

async function recorded(run: SyncRun, dryRun = false) {
  const ledger = createInMemorySyncLedger();
  let now = 1_000;
  await recordSyncRun({
    ledger,
    clock: { now: () => (now += 500), sleep: () => Promise.resolve() },
    repo: { repoId: 7, installationId: 3, fullName: 'acme/plan' },
    dryRun,
    log: {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    },
    run: () => Promise.resolve(run),
  });
  return ledger.list({ installationId: 3 });
}

describe('recordSyncRun', () => {
  it.each([
    { name: 'everything applied', outcomes: [{ status: 'ok' }], outcome: 'synced', wrote: true },
    { name: 'nothing to do', outcomes: [], outcome: 'synced', wrote: false },
    {
      name: 'a write failed (rate limit reached, refused write): the next sweep retries it',
      outcomes: [{ status: 'ok' }, { status: 'failed', error: 'HTTP 403' }],
      outcome: 'failed',
      wrote: true,
    },
  ] satisfies { name: string; outcomes: ActionOutcome[]; outcome: string; wrote: boolean }[])(
    '$name → $outcome',
    async ({ outcomes, outcome, wrote }) => {
      const entries = await recorded({ outcome: 'synced', summary: 's', report: report(outcomes) });
      expect(entries).toEqual([
        expect.objectContaining({ repoId: 7, outcome, wrote, startedAt: 1_500, finishedAt: 2_000 }),
      ]);
    },
  );

  it('records other outcomes as they are, and neither dry runs nor runs that were not wanted', async () => {
    expect(await recorded({ outcome: 'no-plan', summary: 's', report: null })).toEqual([
      expect.objectContaining({ outcome: 'no-plan', wrote: false }),
    ]);
    expect(await recorded({ outcome: 'synced', summary: 's', report: report([]) }, true)).toEqual(
      [],
    );
    expect(await recorded({ outcome: 'not-wanted', summary: 's', report: null })).toEqual([]);
  });
});
