import { describe, expect, it } from 'vitest';
import { generatePlan } from '../../bench/generate-plan.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Diagnostic } from '../../src/plan/plan-types.js';
import { compareMilestoneProgress } from '../../src/report/compare-milestone-progress.js';
import { renderPrCheckRun } from '../../src/report/render-pr-check-run.js';
import type { PrPreview } from '../../src/report/render-pr-preview.js';
import {
  GITHUB_COMMENT_LIMIT,
  PR_PREVIEW_MARKER,
  PREVIEW_BUDGET,
  renderPrPreview,
} from '../../src/report/render-pr-preview.js';
import { planActions } from '../../src/sync/plan-actions.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action, IssueFields } from '../../src/sync/sync-types.js';
import { DEFAULT_SYNC_CONFIG } from '../../src/sync/sync-types.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function issueUpdate(params: {
  number: number;
  before: Partial<IssueFields>;
  after: Partial<IssueFields>;
}): Action {
  return { kind: 'update-issue', key: `k${params.number}`, reason: 'r', ...params };
}

function report(params: {
  actions?: Action[];
  diagnostics?: Diagnostic[];
  refusal?: string;
}): SyncReport {
  const actions = params.actions ?? [];
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: true,
    diagnostics: params.diagnostics ?? [],
    runs: [
      {
        planned: {
          actions,
          refusal: params.refusal ? { rule: 'mass-close', message: params.refusal } : null,
          notes: [],
        },
        results: actions.map((action) => ({ action, outcome: { status: 'dry-run' as const } })),
      },
    ],
  };
}

function preview(r: SyncReport, extra: Partial<Extract<PrPreview, { kind: 'preview' }>> = {}) {
  return {
    kind: 'preview',
    headSha: SHA,
    report: r,
    progress: [],
    milestoneTitles: { 1: 'M1 — Start', 2: 'M2 — Next' },
    notes: [],
    ...extra,
  } satisfies PrPreview;
}

const create: Action[] = [
  {
    kind: 'create-milestone',
    key: 'm3',
    reason: 'r',
    after: { title: 'M3 — Later', description: '', due: null, state: 'open' },
  },
  {
    kind: 'create-issue',
    key: 'm3/a',
    reason: 'r',
    after: {
      title: 'New thing',
      body: '',
      labels: [],
      assignees: [],
      milestone: { key: 'm3' },
      state: 'open',
      stateReason: null,
    },
  },
];

describe('renderPrPreview', () => {
  const cases: { name: string; preview: PrPreview; contains: string[]; absent?: string[] }[] = [
    {
      name: 'creates: milestone and issue in it, by title',
      preview: preview(report({ actions: create })),
      contains: [
        '**Merging would: 2 create**',
        '#### Create (2)',
        '- milestone “M3 — Later”',
        '- issue “New thing” in “M3 — Later”',
      ],
      absent: ['#### Rename', '<details>'],
    },
    {
      name: 'rename, move, close as not planned, reopen',
      preview: preview(
        report({
          actions: [
            issueUpdate({ number: 4, before: { title: 'Old' }, after: { title: 'New' } }),
            issueUpdate({
              number: 5,
              before: { title: 'Moved', milestone: { number: 1 } },
              after: { milestone: { number: 2 } },
            }),
            issueUpdate({
              number: 6,
              before: { title: 'Gone', state: 'open' },
              after: { state: 'closed', stateReason: 'not_planned' },
            }),
            issueUpdate({
              number: 7,
              before: { title: 'Back', state: 'closed' },
              after: { state: 'open', stateReason: null },
            }),
          ],
        }),
      ),
      contains: [
        '#### Rename (1)\n\n- #4 “Old” → “New”',
        '#### Move to another milestone (1)\n\n- #5 “Moved”: “M1 — Start” → “M2 — Next”',
        '#### Close as not planned (1)\n\n- #6 “Gone”',
        '#### Reopen (1)\n\n- #7 “Back”',
      ],
      absent: ['#### Other updates', '#### Close as completed'],
    },
    {
      name: 'nothing to do',
      preview: preview(report({})),
      contains: ['**Merging changes no milestone or issue.**'],
      absent: ['####'],
    },
    {
      name: 'refusal',
      preview: preview(report({ refusal: 'would close 9 of 10 open issues' })),
      contains: ['⛔ **Merging would be refused (mass-close)**: would close 9 of 10 open issues'],
      absent: ['Merging changes no milestone'],
    },
    {
      name: 'diagnostics with line numbers, errors first',
      preview: preview(
        report({
          diagnostics: [
            { line: 9, severity: 'warning', message: 'Unexpected a, expected b', rule: 'w-rule' },
            { line: 30, severity: 'error', message: 'Unexpected c, expected d', rule: 'e-rule' },
          ],
        }),
      ),
      contains: [
        '#### Plan diagnostics (2)\n\n- ❌ line 30: Unexpected c, expected d (`e-rule`)\n- ⚠️ line 9: Unexpected a, expected b (`w-rule`)',
      ],
    },
    {
      name: 'milestone progress before → after, new and removed milestones',
      preview: preview(report({}), {
        progress: [
          {
            title: 'M1 | core',
            before: { done: 1, inProgress: 0, total: 4 },
            after: { done: 3, inProgress: 0, total: 4 },
          },
          { title: 'M3', before: null, after: { done: 0, inProgress: 0, total: 2 } },
          { title: 'M0', before: { done: 2, inProgress: 0, total: 2 }, after: null },
        ],
      }),
      contains: [
        '| M1 \\| core | 1/4 (25%) | 3/4 (75%) |',
        '| M3 | — | 0/2 (0%) |',
        '| M0 | 2/2 (100%) | — |',
      ],
    },
    {
      name: 'user text cannot open HTML, close the marker or mention anyone',
      preview: preview(
        report({
          actions: [
            issueUpdate({
              number: 4,
              before: { title: 'a' },
              after: { title: '--> <details> @team' },
            }),
          ],
        }),
      ),
      contains: ['→ “--&gt; &lt;details&gt; @\u200bteam”'],
      absent: ['<details>', '@team'],
    },
    {
      name: 'no plan changes',
      preview: { kind: 'no-plan-changes', headSha: SHA },
      contains: ['As of `0123456` this pull request no longer changes the plan'],
      absent: ['####'],
    },
    {
      name: 'unavailable says why',
      preview: { kind: 'unavailable', headSha: SHA, reason: 'fork <x> cannot be read' },
      contains: ['Nothing to preview at `0123456`: fork &lt;x&gt; cannot be read'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const body = renderPrPreview({ preview: c.preview });
      expect(body.startsWith(`${PR_PREVIEW_MARKER}\n`)).toBe(true);
      for (const text of c.contains) expect(body).toContain(text);
      for (const text of c.absent ?? []) expect(body).not.toContain(text);
    });
  }

  it('folds long lists into <details> and counts what is left out', () => {
    const actions = Array.from({ length: 150 }, (_, i) =>
      issueUpdate({ number: i + 1, before: { title: `T${i}` }, after: { title: `U${i}` } }),
    );
    const body = renderPrPreview({ preview: preview(report({ actions })) });
    expect(body).toContain('#### Rename (150)');
    expect(body).toContain('<details><summary>100 more</summary>');
    expect(body).toContain('… and 40 more not shown.');
    expect(body.match(/^- #\d+ /gm)).toHaveLength(110);
  });

  it('a generated 10,000-deliverable plan against an empty repository stays far under the limit', () => {
    const text = generatePlan({ deliverables: 10_000, seed: 7 });
    const { plan } = parsePlan({ text });
    const planned = planActions({
      plan,
      github: {
        repo: { owner: 'acme', repo: 'plan' },
        defaultBranch: 'main',
        file: { path: 'MILESTONES.md', sha: 'abc', text, ref: 'main' },
        milestones: [],
        issues: [],
        labels: [],
      },
      config: { ...DEFAULT_SYNC_CONFIG, today: '2026-01-01' },
    });
    const creates = planned.actions.filter((a) => a.kind === 'create-issue').length;
    expect(creates).toBeGreaterThanOrEqual(10_000);
    const diagnostics: Diagnostic[] = Array.from({ length: 3000 }, (_, i) => ({
      line: i + 1,
      severity: 'warning',
      message: `Unexpected ${'x'.repeat(300)}, expected y`,
      rule: 'r',
    }));
    const progress = compareMilestoneProgress({ before: null, after: plan });
    const body = renderPrPreview({
      preview: preview(report({ actions: planned.actions, diagnostics }), { progress }),
    });
    expect(body.length).toBeLessThanOrEqual(PREVIEW_BUDGET);
    expect(PREVIEW_BUDGET).toBeLessThan(GITHUB_COMMENT_LIMIT * 0.65);
    expect(body).toContain(`#### Create (${creates + plan.milestones.length})`);
    expect(body).toContain('#### Plan diagnostics (3000)');
  });
});

describe('compareMilestoneProgress', () => {
  it('lists changed, new and removed milestones by key; unchanged ones are left out', () => {
    const before = parsePlan({
      text: '## M1\n\n- [ ] a\n- [ ] b\n\n## M2\n\n- [x] c\n\n## M0\n\n- [ ] z\n',
    }).plan;
    const after = parsePlan({
      text: '## M1\n\n- [x] a\n- [ ] b\n\n## M2\n\n- [x] c\n\n## M3\n\n- [ ] d\n',
    }).plan;
    expect(
      compareMilestoneProgress({ before, after }).map((p) => [
        p.title,
        p.before && `${p.before.done}/${p.before.total}`,
        p.after && `${p.after.done}/${p.after.total}`,
      ]),
    ).toEqual([
      ['M1', '0/2', '1/2'],
      ['M3', null, '0/1'],
      ['M0', '0/1', null],
    ]);
  });
});

describe('renderPrCheckRun', () => {
  const d = (line: number, severity: Diagnostic['severity']): Diagnostic => ({
    line,
    severity,
    message: `Unexpected ${line}, expected more`,
    rule: 'rule',
  });
  const cases: { name: string; preview: PrPreview; conclusion: string }[] = [
    { name: 'clean plan', preview: preview(report({ actions: create })), conclusion: 'success' },
    {
      name: 'warnings',
      preview: preview(report({ diagnostics: [d(3, 'warning')] })),
      conclusion: 'neutral',
    },
    {
      name: 'infos only',
      preview: preview(report({ diagnostics: [d(3, 'info')] })),
      conclusion: 'success',
    },
    {
      name: 'an error',
      preview: preview(report({ diagnostics: [d(3, 'warning'), d(4, 'error')] })),
      conclusion: 'failure',
    },
    {
      name: 'mass-close refusal',
      preview: preview(report({ refusal: 'too many' })),
      conclusion: 'failure',
    },
    {
      name: 'no plan changes',
      preview: { kind: 'no-plan-changes', headSha: SHA },
      conclusion: 'success',
    },
    {
      name: 'unavailable',
      preview: { kind: 'unavailable', headSha: SHA, reason: 'x' },
      conclusion: 'neutral',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.conclusion}`, () => {
      expect(renderPrCheckRun({ preview: c.preview, summary: 's' }).conclusion).toBe(c.conclusion);
    });
  }

  it('diagnostics become annotations on the plan file at their lines, 50 per batch', () => {
    const diagnostics = Array.from({ length: 120 }, (_, i) =>
      d(i + 1, i === 7 ? 'error' : 'warning'),
    );
    const out = renderPrCheckRun({ preview: preview(report({ diagnostics })), summary: 's' });
    expect(out.annotationBatches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(out.annotationBatches[0]?.[7]).toEqual({
      path: 'MILESTONES.md',
      start_line: 8,
      end_line: 8,
      annotation_level: 'failure',
      message: 'Unexpected 8, expected more',
      title: 'rule',
    });
    expect(out.annotationBatches.flat().map((a) => a.start_line)).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
  });
});
