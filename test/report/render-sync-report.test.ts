import { describe, expect, it } from 'vitest';
import { renderSyncReport } from '../../src/report/render-sync-report.js';
import type { SyncReport, SyncRun } from '../../src/sync/sync-repo.js';
import type {
  Action,
  ActionOutcome,
  ActionResult,
  IssueFields,
  MilestoneFields,
} from '../../src/sync/sync-types.js';

const ok: ActionOutcome = { status: 'ok' };

function milestone(key: string, title: string): Action {
  const after: MilestoneFields = { title, description: '', due: null, state: 'open' };
  return { kind: 'create-milestone', key, after, reason: `new milestone “${title}”` };
}

function issue(params: { key: string; title: string; milestone: string | number | null }): Action {
  const ref = params.milestone;
  const after: IssueFields = {
    title: params.title,
    body: '',
    labels: [],
    assignees: [],
    milestone: ref === null ? null : typeof ref === 'string' ? { key: ref } : { number: ref },
    state: 'open',
    stateReason: null,
  };
  return {
    kind: 'create-issue',
    key: params.key,
    after,
    reason: `new deliverable “${params.title}”`,
  };
}

function updateIssue(params: {
  number: number;
  before: Partial<IssueFields>;
  after: Partial<IssueFields>;
  reason: string;
}): Action {
  return { kind: 'update-issue', key: `k${params.number}`, ...params };
}

function editFile(): Action {
  return {
    kind: 'edit-file',
    path: 'MILESTONES.md',
    sha: 'abc',
    branch: 'main',
    changes: [
      { kind: 'set-item-status', key: 'm1/tokenizer', status: 'done' },
      { kind: 'rename-item', key: 'm1/grammar', title: 'Grammar v2' },
    ],
    message: 'milestone-sync: update 1 state, 1 title from GitHub',
    reason: 'GitHub changed 1 state, 1 title',
  };
}

function run(results: ActionResult[], extra: Partial<SyncRun['planned']> = {}): SyncRun {
  return {
    planned: {
      actions: results.map((r) => r.action),
      refusal: null,
      notes: [],
      ...extra,
    },
    results,
  };
}

function report(runs: SyncRun[], extra: Partial<SyncReport> = {}): SyncReport {
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: false,
    diagnostics: [],
    runs,
    ...extra,
  };
}

describe('renderSyncReport', () => {
  it('renders a first sync with issues grouped per milestone and capped', () => {
    const results: ActionResult[] = [
      { action: milestone('m1', 'Parser'), outcome: { status: 'ok', number: 1 } },
      { action: milestone('m2', 'Sync'), outcome: { status: 'ok', number: 2 } },
      ...['A', 'B', 'C', 'D'].map((t, i) => ({
        action: issue({ key: `m1/${t}`, title: t, milestone: 'm1' }),
        outcome: { status: 'ok', number: 3 + i, id: 100 + i } as ActionOutcome,
      })),
      {
        action: issue({ key: 'm2/E', title: 'E', milestone: 'm2' }),
        outcome: { status: 'ok', number: 7 },
      },
    ];
    expect(renderSyncReport({ report: report([run(results)]), maxPerGroup: 2 })).toBe(
      [
        '## Synced MILESTONES.md with acme/plan: 2 milestones created, 5 issues created',
        '',
        '### Create (7)',
        '',
        '**Milestones** (2)',
        '- ✅ new milestone “Parser” → milestone 1',
        '- ✅ new milestone “Sync” → milestone 2',
        '',
        '**Issues in “Parser”** (4)',
        '- ✅ new deliverable “A” → #3',
        '- ✅ new deliverable “B” → #4',
        '- … and 2 more (2 ✅)',
        '',
        '**Issues in “Sync”** (1)',
        '- ✅ new deliverable “E” → #7',
        '',
      ].join('\n'),
    );
  });

  it('says there is nothing to do when no action was planned', () => {
    expect(renderSyncReport({ report: report([run([])]) })).toBe(
      '## Nothing to do: GitHub and MILESTONES.md agree\n',
    );
  });

  it('says what happened to the dashboard issue, under the headline', () => {
    const cases = [
      [{ status: 'created', number: 9 }, '📊 Dashboard: created #9.'],
      [{ status: 'updated', number: 9 }, '📊 Dashboard: #9 updated.'],
      [{ status: 'unchanged', number: 9 }, '📊 Dashboard: #9 unchanged.'],
      [{ status: 'failed', number: 9, error: 'HTTP 500' }, '📊 Dashboard #9: ❌ HTTP 500'],
    ] as const;
    for (const [dashboard, line] of cases) {
      expect(renderSyncReport({ report: report([run([])], { dashboard }) })).toBe(
        `## Nothing to do: GitHub and MILESTONES.md agree\n\n${line}\n`,
      );
    }
  });

  it('renders a dry run with “to do” counts and the nothing-written line', () => {
    const results: ActionResult[] = [
      { action: milestone('m1', 'Parser'), outcome: { status: 'dry-run' } },
      { action: editFile(), outcome: { status: 'dry-run' } },
    ];
    expect(renderSyncReport({ report: report([run(results)], { dryRun: true }) })).toBe(
      [
        '## Dry run of MILESTONES.md with acme/plan: 1 milestone to create, 1 file edit to commit',
        '',
        '🧪 Dry run: nothing was written.',
        '',
        '### Create (1)',
        '',
        '**Milestones** (1)',
        '- 🧪 new milestone “Parser”',
        '',
        '### File edit (1)',
        '',
        '- 🧪 GitHub changed 1 state, 1 title',
        '  - mark `m1/tokenizer` done',
        '  - rename `m1/grammar` to “Grammar v2”',
        '',
      ].join('\n'),
    );
  });

  it('renders a refusal with its message and no sections', () => {
    const refused = run([], {
      refusal: {
        rule: 'mass-close',
        message: 'Refusing to sync: 9 of 10 open deliverable issues (90%) would be closed.',
      },
    });
    expect(renderSyncReport({ report: report([refused]) })).toBe(
      [
        '## Refused to sync MILESTONES.md with acme/plan',
        '',
        '> ⛔ **Refused (mass-close)**: Refusing to sync: 9 of 10 open deliverable issues (90%) would be closed.',
        '',
      ].join('\n'),
    );
  });

  const verbCases: {
    name: string;
    results: ActionResult[];
    headline: string;
    lines: string[];
  }[] = [
    {
      name: 'close, reopen and update are separate verbs',
      results: [
        {
          action: updateIssue({
            number: 4,
            before: { state: 'open' },
            after: { state: 'closed', stateReason: 'not_planned' },
            reason: '“Old” was removed from MILESTONES.md',
          }),
          outcome: { status: 'ok', number: 4 },
        },
        {
          action: updateIssue({
            number: 5,
            before: { state: 'closed' },
            after: { state: 'open' },
            reason: '#5 “Tokenizer”: unticked in the plan',
          }),
          outcome: { status: 'ok', number: 5 },
        },
        {
          action: updateIssue({
            number: 6,
            before: { title: 'Gramar' },
            after: { title: 'Grammar' },
            reason: '#6 “Grammar”: renamed in the plan',
          }),
          outcome: { status: 'ok', number: 6 },
        },
        {
          action: {
            kind: 'update-milestone',
            key: 'm9',
            number: 9,
            before: { state: 'open' },
            after: { state: 'closed' },
            reason: 'milestone “Old” is no longer in MILESTONES.md',
          },
          outcome: { status: 'ok', number: 9 },
        },
      ],
      headline: '## Synced MILESTONES.md with acme/plan: 1 updated, 2 closed, 1 reopened',
      lines: [
        '### Update (1)',
        '**Issues** (1)',
        '- ✅ #6 “Grammar”: renamed in the plan',
        '### Close (2)',
        '**Milestones** (1)',
        '- ✅ milestone “Old” is no longer in MILESTONES.md',
        '- ✅ “Old” was removed from MILESTONES.md',
        '### Reopen (1)',
        '- ✅ #5 “Tokenizer”: unticked in the plan',
      ],
    },
    {
      name: 'failures are listed first with the error; dependents are skipped',
      results: [
        ...['A', 'B', 'C'].map((t, i) => ({
          action: issue({ key: t, title: t, milestone: 3 }),
          outcome: { status: 'ok', number: 10 + i } as ActionOutcome,
        })),
        {
          action: issue({ key: 'D', title: 'D', milestone: 3 }),
          outcome: {
            status: 'failed',
            error: 'HTTP 422: Validation Failed\nmore detail',
            httpStatus: 422,
          },
        },
        {
          action: {
            kind: 'link-sub-issue',
            key: 'D',
            parent: { number: 10 },
            child: { key: 'D' },
            before: null,
            dependsOn: [3],
            reason: '“D” is nested under “A”',
          },
          outcome: { status: 'skipped', error: 'needs action 4, which did not succeed' },
        },
      ],
      headline: '## Synced MILESTONES.md with acme/plan: 3 issues created; 1 failed, 1 skipped',
      lines: [
        '**Issues in milestone 3** (4)',
        '- ❌ new deliverable “D” — failed: HTTP 422: Validation Failed more detail',
        '- ✅ new deliverable “A” → #10',
        '- … and 2 more (2 ✅)',
        '### Sub-issues (1)',
        '- ⏭ “D” is nested under “A” — skipped: needs action 4, which did not succeed',
      ],
    },
    {
      name: 'a protected branch defers the file edit; what waits for it is not a failure',
      results: [
        {
          action: editFile(),
          outcome: {
            status: 'deferred',
            number: 12,
            detail: 'main is protected: proposed in pull request #12',
          },
        },
        {
          action: {
            ...updateIssue({
              number: 7,
              before: { body: 'x' },
              after: { body: 'y' },
              reason: '#7 “A”: record the synced state',
            }),
            dependsOn: [0],
          },
          outcome: {
            status: 'skipped',
            error: 'waits for action 1 (main is protected: proposed in pull request #12)',
          },
        },
      ],
      headline:
        '## Synced MILESTONES.md with acme/plan: 1 proposed in a pull request, 1 waiting for it',
      lines: [
        '### Update (1)',
        '- ⏭ #7 “A”: record the synced state — skipped: waits for action 1 (main is protected: proposed in pull request #12)',
        '### File edit (1)',
        '- ⏸ GitHub changed 1 state, 1 title — deferred: main is protected: proposed in pull request #12',
      ],
    },
    {
      name: 'comments, labels, issues outside milestones and ok details',
      results: [
        {
          action: {
            kind: 'create-label',
            after: { name: 'plan: goals', color: '63ac00', description: '' },
            reason: 'the plan uses label “plan: goals”',
          },
          outcome: { status: 'ok', detail: 'already existed' },
        },
        {
          action: issue({ key: 'loose', title: 'Loose end', milestone: null }),
          outcome: { status: 'ok', number: 20, id: 2000 },
        },
        {
          action: {
            kind: 'comment-issue',
            issue: { number: 4 },
            body: 'closed',
            reason: 'explain why #4 was closed',
          },
          outcome: { status: 'ok', number: 4 },
        },
        { action: editFile(), outcome: { status: 'ok', detail: 'committed to main' } },
      ],
      headline:
        '## Synced MILESTONES.md with acme/plan: 1 issue created, 1 label created, 1 comment posted, 1 file edit',
      lines: [
        '**Labels** (1)',
        '- ✅ the plan uses label “plan: goals” — already existed',
        '**Issues outside any milestone** (1)',
        '- ✅ new deliverable “Loose end” → #20',
        '### Comment (1)',
        '- ✅ explain why #4 was closed',
        '### File edit (1)',
        '- ✅ GitHub changed 1 state, 1 title — committed to main',
      ],
    },
  ];

  it.each(verbCases)('$name', ({ results, headline, lines }) => {
    const text = renderSyncReport({ report: report([run(results)]), maxPerGroup: 2 });
    const rendered = text.split('\n');
    expect(rendered[0]).toBe(headline);
    // Each expected line is there, in this order.
    let at = 0;
    for (const line of lines) {
      const found = rendered.indexOf(line, at);
      expect(found, `missing or out of order: ${line}\n---\n${text}`).toBeGreaterThan(0);
      at = found + 1;
    }
  });

  it('merges rounds after a stale file write: earlier writes that landed stay, the 409 goes', () => {
    const first = run([
      {
        action: issue({ key: 'A', title: 'A', milestone: 1 }),
        outcome: { status: 'ok', number: 5 },
      },
      {
        action: editFile(),
        outcome: { status: 'failed', error: 'HTTP 409: does not match', httpStatus: 409 },
      },
    ]);
    const second = run([
      { action: editFile(), outcome: { status: 'ok', detail: 'committed to main' } },
    ]);
    const text = renderSyncReport({ report: report([first, second]) });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '## Synced MILESTONES.md with acme/plan: 1 issue created, 1 file edit',
      '',
      '🔁 MILESTONES.md changed while syncing: re-read and re-planned 1 time.',
    ]);
    expect(text).not.toContain('409');
  });

  it('lists notes and diagnostics as file:line: message, capped', () => {
    const notes = [
      'line 4 links #99, which does not exist',
      'line 9 links #3, which another line links already',
    ];
    const text = renderSyncReport({
      report: report([run([], { notes })], {
        diagnostics: [
          {
            line: 12,
            severity: 'warning',
            message: 'Unexpected duplicate deliverable “A”',
            rule: 'duplicate-deliverable',
          },
          {
            line: 30,
            severity: 'info',
            message: 'Unexpected heading without deliverables',
            rule: 'milestone-without-deliverables',
          },
          {
            line: 31,
            severity: 'info',
            message: 'Unexpected heading without deliverables',
            rule: 'milestone-without-deliverables',
          },
        ],
      }),
      maxNotes: 2,
    });
    expect(text).toBe(
      [
        '## Nothing to do: GitHub and MILESTONES.md agree',
        '',
        '### Notes (2)',
        '',
        '- line 4 links #99, which does not exist',
        '- line 9 links #3, which another line links already',
        '',
        '### Plan diagnostics (3)',
        '',
        '- MILESTONES.md:12: Unexpected duplicate deliverable “A” [warning duplicate-deliverable]',
        '- MILESTONES.md:30: Unexpected heading without deliverables [info milestone-without-deliverables]',
        '- … and 1 more',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic: the same report renders the same text', () => {
    const r = report([run([{ action: milestone('m1', 'Parser'), outcome: ok }])]);
    expect(renderSyncReport({ report: r })).toBe(renderSyncReport({ report: structuredClone(r) }));
  });
});
