import { describe, expect, it } from 'vitest';
import { summarizeSyncReport, syncExitCode } from '../../src/report/summarize-sync-report.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action, ActionOutcome, ActionResult } from '../../src/sync/sync-types.js';

const label: Action = {
  kind: 'create-label',
  after: { name: 'plan: goals', color: '63ac00', description: '' },
  reason: 'the plan uses label “plan: goals”',
};
const fileEdit: Action = {
  kind: 'edit-file',
  path: 'MILESTONES.md',
  sha: 'abc',
  branch: 'main',
  changes: [{ kind: 'set-item-status', key: 'a', status: 'done' }],
  message: 'm',
  reason: 'GitHub changed 1 state',
};
const dependent: Action = {
  kind: 'comment-issue',
  issue: { number: 1 },
  body: 'x',
  reason: 'explain',
  dependsOn: [0],
};

function report(params: {
  runs: ActionResult[][];
  dryRun?: boolean;
  refused?: boolean;
}): SyncReport {
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: params.dryRun ?? false,
    diagnostics: [],
    runs: params.runs.map((results) => ({
      planned: {
        actions: results.map((r) => r.action),
        refusal: params.refused ? { rule: 'mass-close', message: 'no' } : null,
        notes: [],
      },
      results,
    })),
  };
}

const r = (action: Action, outcome: ActionOutcome): ActionResult => ({ action, outcome });

describe('summarizeSyncReport', () => {
  it.each([
    { name: 'no actions', runs: [[]], conclusion: 'nothing-to-do', exit: 0 },
    { name: 'all ok', runs: [[r(label, { status: 'ok' })]], conclusion: 'applied', exit: 0 },
    {
      name: 'a failure',
      runs: [[r(label, { status: 'ok' }), r(fileEdit, { status: 'failed', error: 'HTTP 500' })]],
      conclusion: 'failed',
      exit: 1,
    },
    {
      name: 'a skip after a failure',
      runs: [
        [
          r(fileEdit, { status: 'failed', error: 'HTTP 500' }),
          r(dependent, { status: 'skipped', error: 'needs action 1' }),
        ],
      ],
      conclusion: 'failed',
      exit: 1,
    },
    {
      name: 'a skip that waits for a pull request',
      runs: [
        [
          r(fileEdit, { status: 'deferred', detail: 'proposed in pull request #3' }),
          r(dependent, { status: 'skipped', error: 'waits for action 1' }),
        ],
      ],
      conclusion: 'applied',
      exit: 0,
    },
    {
      name: 'a 409 in round 1 fixed in round 2',
      runs: [
        [
          r(label, { status: 'ok' }),
          r(fileEdit, { status: 'failed', error: 'HTTP 409', httpStatus: 409 }),
        ],
        [r(fileEdit, { status: 'ok' })],
      ],
      conclusion: 'applied',
      exit: 0,
    },
    { name: 'refused', runs: [[]], refused: true, conclusion: 'refused', exit: 1 },
    {
      name: 'dry run',
      runs: [[r(label, { status: 'dry-run' })]],
      dryRun: true,
      conclusion: 'dry-run',
      exit: 0,
    },
  ])('$name → $conclusion, exit $exit', ({ runs, dryRun, refused, conclusion, exit }) => {
    const summary = summarizeSyncReport(report({ runs, dryRun, refused }));
    expect(summary.conclusion).toBe(conclusion);
    expect(syncExitCode(summary)).toBe(exit);
  });

  it('keeps what landed in earlier rounds and everything of the last round', () => {
    const summary = summarizeSyncReport(
      report({
        runs: [
          [
            r(label, { status: 'ok' }),
            r(dependent, { status: 'failed', error: 'HTTP 500' }),
            r(fileEdit, { status: 'failed', error: 'HTTP 409', httpStatus: 409 }),
          ],
          [r(dependent, { status: 'ok', number: 1 }), r(fileEdit, { status: 'ok' })],
        ],
      }),
    );
    expect(summary.results.map((x) => `${x.action.kind}:${x.outcome.status}`)).toEqual([
      'create-label:ok',
      'comment-issue:ok',
      'edit-file:ok',
    ]);
    expect(summary.rounds).toBe(2);
    expect(summary.counts).toEqual({ ok: 3, 'dry-run': 0, deferred: 0, failed: 0, skipped: 0 });
  });
});
