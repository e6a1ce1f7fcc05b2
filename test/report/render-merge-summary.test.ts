import { describe, expect, it } from 'vitest';
import { generatePlan } from '../../bench/generate-plan.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Diagnostic } from '../../src/plan/plan-types.js';
import type { MergeSummary } from '../../src/report/render-merge-summary.js';
import {
  MERGE_SUMMARY_BUDGET,
  MERGE_SUMMARY_MARKER,
  renderMergeSummary,
} from '../../src/report/render-merge-summary.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/render-pr-preview.js';
import { planActions } from '../../src/sync/plan-actions.js';
import type { DashboardResult } from '../../src/sync/sync-dashboard.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type {
  Action,
  ActionOutcome,
  GithubIssue,
  IssueFields,
  MilestoneFields,
} from '../../src/sync/sync-types.js';
import { DEFAULT_SYNC_CONFIG } from '../../src/sync/sync-types.js';

const URL = 'https://github.com/acme/plan';

const milestone = (title: string): MilestoneFields => ({
  title,
  description: '',
  due: null,
  state: 'open',
});
const issue = (title: string, extra: Partial<IssueFields> = {}): IssueFields => ({
  title,
  body: '',
  labels: [],
  assignees: [],
  milestone: { key: 'm1' },
  state: 'open',
  stateReason: null,
  ...extra,
});
const createMilestone = (key: string, title: string): Action => ({
  kind: 'create-milestone',
  key,
  reason: `create milestone ${title}`,
  after: milestone(title),
});
const createIssue = (title: string, extra: Partial<IssueFields> = {}): Action => ({
  kind: 'create-issue',
  key: `m1/${title}`,
  reason: `create issue ${title}`,
  after: issue(title, extra),
});
const updateIssue = (
  number: number,
  before: Partial<IssueFields>,
  after: Partial<IssueFields>,
): Action => ({
  kind: 'update-issue',
  key: `k${number}`,
  number,
  reason: `update #${number}`,
  before,
  after,
});

function snapshotIssue(number: number, title: string): GithubIssue {
  return {
    id: 1000 + number,
    number,
    title,
    body: null,
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    milestone: 1,
    parent: null,
    marker: null,
    author: 'milestone-sync[bot]',
  };
}

function report(params: {
  results: { action: Action; outcome: ActionOutcome }[];
  dryRun?: boolean;
  refusal?: string;
  dashboard?: DashboardResult;
  diagnostics?: Diagnostic[];
  issues?: GithubIssue[];
}): SyncReport {
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: params.dryRun ?? false,
    diagnostics: params.diagnostics ?? [],
    runs: [
      {
        planned: {
          actions: params.results.map((r) => r.action),
          refusal: params.refusal ? { rule: 'mass-close', message: params.refusal } : null,
          notes: [],
        },
        results: params.results,
        after: {
          snapshot: {
            repo: { owner: 'acme', repo: 'plan' },
            defaultBranch: 'main',
            file: { path: 'MILESTONES.md', sha: 'abc', text: '', ref: 'main' },
            milestones: [
              {
                number: 1,
                title: 'M1',
                description: null,
                state: 'open',
                dueOn: null,
                marker: null,
              },
              {
                number: 2,
                title: 'M2',
                description: null,
                state: 'open',
                dueOn: null,
                marker: null,
              },
            ],
            issues: params.issues ?? [],
            labels: [],
          },
          text: '',
        },
      },
    ],
    ...(params.dashboard ? { dashboard: params.dashboard } : {}),
  };
}

const ok = (number?: number): ActionOutcome =>
  number === undefined ? { status: 'ok' } : { status: 'ok', number };

function render(r: SyncReport, extra: Partial<MergeSummary> = {}): string {
  return renderMergeSummary({
    summary: { report: r, branch: 'main', repoUrl: URL, alsoMerged: [], ...extra },
  });
}

/** The headline (the line after the marker). */
function headline(body: string): string {
  return body.split('\n')[1] ?? '';
}

describe('renderMergeSummary', () => {
  const typical = report({
    results: [
      { action: createMilestone('m1', 'M1 — Start'), outcome: ok(3) },
      { action: createMilestone('m2', 'M2 — [Next]'), outcome: ok(4) },
      { action: createIssue('Parser'), outcome: ok(12) },
      { action: createIssue('Lexer', { state: 'closed' }), outcome: ok(13) },
      { action: updateIssue(5, { title: 'Old name' }, { title: 'New name' }), outcome: ok(5) },
      {
        action: updateIssue(6, { state: 'open' }, { state: 'closed', stateReason: 'not_planned' }),
        outcome: ok(6),
      },
      {
        action: updateIssue(7, { state: 'open' }, { state: 'closed', stateReason: 'completed' }),
        outcome: ok(7),
      },
      {
        action: updateIssue(8, { milestone: { number: 1 } }, { milestone: { number: 2 } }),
        outcome: ok(8),
      },
      {
        action: updateIssue(9, { labels: [] }, { labels: ['priority: P1'], body: 'x' }),
        outcome: ok(9),
      },
      {
        action: {
          kind: 'create-label',
          reason: 'label',
          after: { name: 'plan: a', color: 'fff', description: '' },
        },
        outcome: ok(),
      },
      {
        action: {
          kind: 'link-sub-issue',
          key: 'k',
          reason: 'link',
          parent: { number: 12 },
          child: { number: 13 },
          before: null,
        },
        outcome: ok(),
      },
    ],
    issues: [6, 7, 8, 9].map((n) => snapshotIssue(n, `Issue ${n}`)),
    dashboard: { status: 'updated', number: 2 },
  });

  const cases: {
    name: string;
    report: SyncReport;
    extra?: Partial<MergeSummary>;
    headline: string;
    contains: string[];
    excludes?: string[];
  }[] = [
    {
      name: 'what was done, with links to each milestone and issue',
      report: typical,
      headline:
        '### ✅ Merged into `main`: milestone-sync created 2 milestones and 2 issues, renamed 1, moved 1, closed 1 as not planned, closed 1 as completed, updated 1',
      contains: [
        '#### Created milestones (2)\n\n- [“M1 — Start”](https://github.com/acme/plan/milestone/3)\n- [“M2 — \\[Next\\]”](https://github.com/acme/plan/milestone/4)\n',
        '#### Created issues (2)\n\n- [#12](https://github.com/acme/plan/issues/12) “Parser”\n- [#13](https://github.com/acme/plan/issues/13) “Lexer” (closed: done in the plan)\n',
        '#### Renamed (1)\n\n- [#5](https://github.com/acme/plan/issues/5) “Old name” → “New name”\n',
        '#### Moved to another milestone (1)\n\n- [#8](https://github.com/acme/plan/issues/8) “Issue 8”: “M1” → “M2”\n',
        '#### Closed as not planned (gone from the plan) (1)\n\n- [#6](https://github.com/acme/plan/issues/6) “Issue 6”\n',
        '#### Closed as completed (1)\n\n- [#7](https://github.com/acme/plan/issues/7) “Issue 7”\n',
        '- [#9](https://github.com/acme/plan/issues/9) “Issue 9”: labels, description\n',
        'Also: created 1 label, updated 1 sub-issue link.',
        '📊 Dashboard: [#2](https://github.com/acme/plan/issues/2)',
      ],
      excludes: ['Could not be done', 'already in step', '<details>'],
    },
    {
      name: 'nothing to do: already in step (another sync got there first)',
      report: report({ results: [], dashboard: { status: 'unchanged', number: 2 } }),
      headline:
        '### ✅ Merged into `main`: milestone-sync found GitHub already in step with `MILESTONES.md`',
      contains: [
        'Nothing needed changing',
        '📊 Dashboard: [#2](https://github.com/acme/plan/issues/2)',
      ],
    },
    {
      name: 'a refused mass close says why and what to do',
      report: report({
        results: [],
        refusal:
          'Refusing to sync: 9 of 10 open deliverable issues (90%) would be closed because their lines are gone from MILESTONES.md. If the file was truncated or a merge went wrong, restore it.',
      }),
      headline: '### ⛔ Merged into `main`: milestone-sync refused to sync `MILESTONES.md`',
      contains: [
        '> Refusing to sync: 9 of 10 open deliverable issues (90%) would be closed',
        'restore it.',
        'No milestone or issue was changed. The next push that changes `MILESTONES.md` or `.github/milestone-sync.yml` syncs again.',
      ],
      excludes: ['already in step'],
    },
    {
      name: 'failures and skips are listed with GitHub’s answer',
      report: report({
        results: [
          { action: createIssue('Parser'), outcome: ok(12) },
          {
            action: createIssue('Broken'),
            outcome: {
              status: 'failed',
              error: '422 Validation Failed: title is too long',
              httpStatus: 422,
            },
          },
          {
            action: updateIssue(4, { state: 'open' }, { state: 'closed' }),
            outcome: { status: 'skipped', error: 'needs action 2, which did not succeed' },
          },
        ],
      }),
      headline: '### ⚠️ Merged into `main`: milestone-sync created 1 issue; 2 could not be done',
      contains: [
        '#### Could not be done (2)\n\n- ❌ create issue Broken: 422 Validation Failed: title is too long\n- ⏭ update #4: needs action 2, which did not succeed\n',
        'The next sync',
      ],
    },
    {
      name: 'a protected branch: the file edit waits in a pull request',
      report: report({
        results: [
          {
            action: {
              kind: 'edit-file',
              reason: 'tick',
              path: 'MILESTONES.md',
              sha: 'abc',
              branch: 'main',
              changes: [{ kind: 'set-item-status', key: 'a', status: 'done' }],
              message: 'm',
            },
            outcome: {
              status: 'deferred',
              detail: 'main is protected: proposed in pull request #31',
            },
          },
          {
            action: {
              ...updateIssue(4, { title: 'Old' }, { title: 'New' }),
              dependsOn: [0],
            },
            outcome: { status: 'skipped', error: 'waits for action 1' },
          },
        ],
      }),
      headline:
        '### ⚠️ Merged into `main`: milestone-sync changed nothing; 1 waiting for a pull request',
      contains: [
        '⏸ main is protected: proposed in pull request #31',
        '⏸ 1 change waits for that pull request to be merged.',
      ],
      excludes: ['Could not be done'],
    },
    {
      name: 'only bookkeeping: the headline names it',
      report: report({
        results: [
          {
            action: {
              kind: 'edit-file',
              reason: 'tick',
              path: 'MILESTONES.md',
              sha: 'abc',
              branch: 'main',
              changes: [{ kind: 'set-item-status', key: 'a', status: 'done' }],
              message: 'm',
            },
            outcome: { status: 'ok', detail: 'committed to main' },
          },
        ],
      }),
      headline: '### ✅ Merged into `main`: milestone-sync wrote 1 change back to `MILESTONES.md`',
      contains: [],
      excludes: ['Also:'],
    },
    {
      name: 'a dry run says what it would have done, without links to what does not exist',
      report: report({
        dryRun: true,
        results: [
          { action: createIssue('Parser'), outcome: { status: 'dry-run' } },
          {
            action: updateIssue(5, { title: 'Old' }, { title: 'New' }),
            outcome: { status: 'dry-run' },
          },
        ],
      }),
      headline: '### 🧪 Merged into `main`: milestone-sync would have created 1 issue, renamed 1',
      contains: [
        'nothing was written',
        '- new issue “Parser”',
        '- [#5](https://github.com/acme/plan/issues/5) “Old” → “New”',
      ],
    },
    {
      name: 'pull requests merged together name each other',
      report: report({ results: [{ action: createIssue('Parser'), outcome: ok(12) }] }),
      extra: { alsoMerged: [41, 42] },
      headline: '### ✅ Merged into `main`: milestone-sync created 1 issue',
      contains: [
        'ℹ️ The same sync also covered [#41](https://github.com/acme/plan/pull/41), [#42](https://github.com/acme/plan/pull/42), merged at about the same time',
      ],
    },
    {
      name: 'user text cannot open HTML, close the marker or mention anyone',
      report: report({
        results: [{ action: createIssue('<!-- x --> ping @team </details>'), outcome: ok(3) }],
        diagnostics: [{ line: 4, severity: 'warning', message: 'odd @bob <b>', rule: 'r' }],
      }),
      headline: '### ✅ Merged into `main`: milestone-sync created 1 issue',
      contains: [
        '“&lt;!-- x --&gt; ping @\u200bteam &lt;/details&gt;”',
        '#### Plan diagnostics (1)\n\n- ⚠️ line 4: odd @\u200bbob &lt;b&gt;',
      ],
      excludes: ['<!-- x', '@team', '</details>'],
    },
    {
      name: 'a dashboard that failed is said so',
      report: report({
        results: [],
        dashboard: { status: 'failed', error: '403 Resource not accessible', number: 2 },
      }),
      headline:
        '### ✅ Merged into `main`: milestone-sync found GitHub already in step with `MILESTONES.md`',
      contains: ['📊 The dashboard issue could not be updated: 403 Resource not accessible'],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const body = render(c.report, c.extra);
      expect(body.startsWith(`${MERGE_SUMMARY_MARKER}\n`)).toBe(true);
      expect(headline(body)).toBe(c.headline);
      for (const text of c.contains) expect(body).toContain(text);
      for (const text of c.excludes ?? [])
        expect(body.slice(MERGE_SUMMARY_MARKER.length)).not.toContain(text);
      expect(body.split(MERGE_SUMMARY_MARKER)).toHaveLength(2);
    });
  }

  it('folds long lists into <details> and counts what is left out; the headline counts them all', () => {
    const results = Array.from({ length: 150 }, (_, i) => ({
      action: createIssue(`Task ${i}`),
      outcome: ok(i + 1),
    }));
    const body = render(report({ results }));
    expect(headline(body)).toBe('### ✅ Merged into `main`: milestone-sync created 150 issues');
    expect(body).toContain('#### Created issues (150)');
    expect(body).toContain('<details><summary>100 more</summary>');
    expect(body).toContain('… and 40 more not shown.');
    expect(body.match(/^- \[#\d+\]\(/gm)).toHaveLength(110);
  });

  it('a generated 10,000-deliverable plan, every action done and 3,000 failures, stays far under the limit', () => {
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
    const created = planned.actions.filter((a) => a.kind === 'create-issue').length;
    expect(created).toBeGreaterThanOrEqual(10_000);
    const results = planned.actions.map((action, i) => ({ action, outcome: ok(i + 1) }));
    const failures = Array.from({ length: 3000 }, (_, i) => ({
      action: updateIssue(20_000 + i, { title: 'x'.repeat(256) }, { title: 'y'.repeat(256) }),
      outcome: { status: 'failed', error: `502 ${'z'.repeat(500)}` } as ActionOutcome,
    }));
    const diagnostics: Diagnostic[] = Array.from({ length: 3000 }, (_, i) => ({
      line: i + 1,
      severity: 'warning',
      message: `Unexpected ${'x'.repeat(300)}`,
      rule: 'r',
    }));
    const body = render(report({ results: [...results, ...failures], diagnostics }), {
      repoUrl: `https://github.example.com/${'o'.repeat(39)}/${'r'.repeat(100)}`,
      alsoMerged: Array.from({ length: 20 }, (_, i) => i + 1),
    });
    expect(body.length).toBeLessThanOrEqual(MERGE_SUMMARY_BUDGET);
    expect(MERGE_SUMMARY_BUDGET).toBeLessThan(GITHUB_COMMENT_LIMIT * 0.65);
    expect(headline(body)).toContain(
      `created ${plan.milestones.length} milestones and ${created} issues`,
    );
    expect(headline(body)).toContain('3000 could not be done');
    expect(body).toContain(`#### Created issues (${created})`);
    expect(body).toContain('#### Could not be done (3000)');
  });
});
