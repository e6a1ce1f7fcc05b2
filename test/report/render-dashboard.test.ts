import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, ItemStatus, Milestone, Plan } from '../../src/plan/plan-types.js';
import {
  GITHUB_BODY_LIMIT,
  escapeInline,
  mermaidText,
  renderDashboard,
} from '../../src/report/render-dashboard.js';
import type { RenderDashboardParams } from '../../src/report/render-dashboard.js';
import type { DashboardMarker } from '../../src/sync/dashboard-marker.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import { toPlainText } from '../../src/plan/plain-text.js';
import { generatePlan } from '../../bench/generate-plan.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';

const MARKER: DashboardMarker = {
  v: 1,
  file: 'MILESTONES.md',
  last: {
    at: '2026-01-10 09:30 UTC',
    headline: 'Synced MILESTONES.md with acme/plan: 3 issues created',
    refusal: null,
    problems: [],
    problemCount: 0,
  },
  recent: [],
};

function render(params: Partial<RenderDashboardParams> & { plan: Plan }): string {
  return renderDashboard({
    path: 'MILESTONES.md',
    after: new Map(),
    today: '2026-02-01',
    diagnostics: { errors: 0, warnings: 0 },
    marker: MARKER,
    ...params,
  });
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The lines of the ```mermaid block, or null when there is none. */
function mermaidBlock(body: string): string[] | null {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(body);
  return match?.[1]?.split('\n') ?? null;
}

/**
 * A small structural check of the Mermaid block: the chart type, then only lines of that chart's
 * grammar (gantt settings and `name :tags, id, date, 0d` milestones; pie slices), names free of
 * the characters Mermaid reads as syntax.
 */
function checkMermaid(lines: string[]): string[] {
  const problems: string[] = [];
  const [head, ...rest] = lines;
  const gantt = head === 'gantt';
  if (!gantt && head !== 'pie title Deliverables by status') problems.push(`head: ${head}`);
  const ganttLine =
    /^ {4}(?:title [^:;#%\n]+|dateFormat YYYY-MM-DD|section [^:;#%\n]+|(?!(?:title|section|dateformat|axisformat|excludes|includes|todaymarker)\b)[^:;#%"\n]+ :(?:(?:done|crit|active), )?milestone, m\d+, \d{4}-\d\d-\d\d, 0d)$/i;
  const pieLine = /^ {4}"[^"]+" : \d+$/;
  for (const line of rest) {
    if (!(gantt ? ganttLine : pieLine).test(line)) problems.push(line);
  }
  return problems;
}

describe('renderDashboard on the seeds', () => {
  it.each(SEED_NAMES)('%s: golden body, valid Mermaid, every milestone listed', async (name) => {
    const { plan } = parsePlan({ text: readSeed(name) });
    const body = render({ plan });
    await expect(body).toMatchFileSnapshot(`__snapshots__/dashboard-${name}`);
    expect(utf8(body)).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const mermaid = mermaidBlock(body);
    expect(mermaid).not.toBeNull();
    expect(checkMermaid(mermaid ?? [])).toEqual([]);
    for (const milestone of plan.milestones) {
      const title = escapeInline(toPlainText(milestone.title)).slice(0, 60);
      expect(body).toContain(title);
    }
    expect(decodeMarker(body)).toBeNull();
    expect(decodeDashboardMarker(body)).toEqual(MARKER);
  });

  it('counts the plan: overall bar and a row per milestone with done/total', () => {
    const { plan } = parsePlan({
      text: '# P\n\n## Alpha\n\n- [x] a\n- [x] b\n- [ ] c\n\n## Beta\n\n- [ ] d\n- [~] e\n',
    });
    const body = render({ plan });
    expect(body).toContain(
      '**Overall: `████░░░░░░ 40%`** — 2 of 5 deliverables done, 1 in progress',
    );
    expect(body).toContain('| Alpha | 2/3 | ███████░░░ 67% | — | 🔄 in progress |');
    expect(body).toContain('| Beta | 0/2 | ░░░░░░░░░░ 0% | — | 🔄 in progress |');
    expect(body).toContain('### 🔄 In progress (1)\n\n- e — Beta');
    expect(mermaidBlock(body)).toEqual([
      'pie title Deliverables by status',
      '    "Done" : 2',
      '    "In progress" : 1',
      '    "To do" : 2',
    ]);
  });

  it('flags an open milestone due before today, not a closed one, in table and gantt', () => {
    const { plan } = parsePlan({
      text: [
        '# P',
        '',
        '## Late: one',
        '',
        '**Target Date**: 2026-01-15',
        '',
        '- [ ] a',
        '',
        '## Done one',
        '',
        '**Target Date**: 2026-01-10',
        '',
        '- [x] b',
        '',
        '## Section later',
        '',
        '**Target Date**: 2026-03-01',
        '',
        '- [ ] c',
        '',
      ].join('\n'),
    });
    const body = render({ plan, today: '2026-02-01' });
    expect(body).toContain('| Late: one | 0/1 | ░░░░░░░░░░ 0% | 2026-01-15 ⚠️ overdue | ⏳ open |');
    expect(body).toContain('| Done one | 1/1 | ██████████ 100% | 2026-01-10 | ✅ closed |');
    expect(body).toContain('⚠️ 1 overdue');
    const mermaid = mermaidBlock(body) ?? [];
    expect(checkMermaid(mermaid)).toEqual([]);
    expect(mermaid.slice(4)).toEqual([
      '    Done one :done, milestone, m1, 2026-01-10, 0d',
      '    Late one :crit, milestone, m2, 2026-01-15, 0d',
      '    Milestone Section later :milestone, m3, 2026-03-01, 0d',
    ]);
  });

  it('uses the after-state and issue numbers; lists recent ones from the marker', () => {
    const { plan } = parsePlan({ text: '# P\n\n## A\n\n- [ ] one\n- [ ] two\n' });
    const [one, two] = plan.milestones[0]?.items ?? [];
    const after = new Map([
      [one?.key ?? '', { status: 'done' as const, issue: 7 }],
      [two?.key ?? '', { status: 'in-progress' as const, issue: 8 }],
    ]);
    const body = render({ plan, after, marker: { ...MARKER, recent: [one?.key ?? ''] } });
    expect(body).toContain('| A | 1/2 |');
    expect(body).toContain('### 🔄 In progress (1)\n\n- #8 two — A');
    expect(body).toContain('### ✅ Recently completed\n\n- #7 one — A');
  });

  it('shows a refusal and problems of the last sync, and the plan’s diagnostics', () => {
    const { plan } = parsePlan({ text: '# P\n\n## A\n\n- [ ] one\n' });
    const body = render({
      plan,
      diagnostics: { errors: 1, warnings: 2 },
      marker: {
        ...MARKER,
        last: {
          at: '2026-01-11 10:00 UTC',
          headline: 'Refused to sync MILESTONES.md with acme/plan',
          refusal: 'Refusing to sync: 5 of 6 … raise maxCloseShare in .github/milestone-sync.yml',
          problems: ['a', 'b'],
          problemCount: 9,
        },
      },
    });
    expect(body).toContain('> ⛔ **Refused**: Refusing to sync: 5 of 6 … raise maxCloseShare');
    expect(body).toContain('❌ 9 actions did not go through:\n- a\n- b\n- … and 7 more');
    expect(body).toContain('has 1 error and 2 warnings');
  });
});

describe('renderDashboard at scale', () => {
  it('a 10,000-deliverable plan fits GitHub’s limit with valid Mermaid and counted lists', () => {
    const { plan } = parsePlan({ text: generatePlan({ deliverables: 10_000 }) });
    const body = render({ plan });
    const size = utf8(body);
    console.log(`dashboard of a 10,000-deliverable plan: ${size} bytes, ${body.length} chars`);
    expect(size).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(checkMermaid(mermaidBlock(body) ?? ['missing'])).toEqual([]);
    expect(body).toContain('of 10000 deliverables done');
    expect(accountedMilestones(body)).toBe(plan.milestones.length);
  });

  it('property: any plan fits the limit and every milestone is listed or counted in “… and N more”', () => {
    fc.assert(
      fc.property(
        arbitraryDashboardPlan,
        fc.integer({ min: 4_000, max: GITHUB_BODY_LIMIT }),
        (plan, limit) => {
          const body = render({ plan, limit: Math.max(limit, 12_000) });
          expect(utf8(body)).toBeLessThanOrEqual(Math.max(limit, 12_000));
          expect(accountedMilestones(body)).toBe(plan.milestones.length);
          expect(decodeMarker(body)).toBeNull();
          expect(decodeDashboardMarker(body)).toEqual(MARKER);
          expect(checkMermaid(mermaidBlock(body) ?? ['pie title Deliverables by status'])).toEqual(
            [],
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('titles are shown as text: no HTML, no mentions, no table breaks', () => {
    expect(escapeInline('a | b <!-- milestone-sync {} --> @me #1')).toBe(
      'a \\| b &lt;\\!\\-\\- milestone-sync {} \\-\\-&gt; \\@me \\#1'.replace(/\\-/g, '-'),
    );
    expect(mermaidText('Phase: 1; #2 %% "x"')).toBe('Phase 1 2 x');
    expect(mermaidText('::')).toBe('Untitled');
  });
});

/** Milestone rows of the table plus the count in its “… and N more milestones” row. */
function accountedMilestones(body: string): number {
  const table = body
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\| (?:Milestone \| Done \||---)/.test(l));
  let rows = 0;
  for (const line of table) {
    const more = /^\| … and (\d+) more milestones?/.exec(line);
    if (more) rows += Number(more[1]);
    else if (!line.startsWith('| _Outside any milestone_')) rows++;
  }
  return rows;
}

const STATUSES: ItemStatus[] = ['todo', 'in-progress', 'done'];

function item(params: { key: string; title: string; status: ItemStatus }): Item {
  return {
    key: params.key,
    title: params.title,
    text: params.title,
    line: 1,
    checked: params.status === 'done',
    status: params.status,
    priority: null,
    labels: [],
    assignees: [],
    issue: null,
    issueRepo: null,
    description: '',
    children: [],
    source: { kind: 'checkbox', mark: { start: 0, end: 0 }, title: { start: 0, end: 0 } },
  };
}

/** Plans built as models: hostile titles, many milestones and deliverables, random due dates. */
const arbitraryDashboardPlan: fc.Arbitrary<Plan> = fc
  .array(
    fc.record({
      title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }),
      due: fc.option(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
      ),
      closed: fc.boolean(),
      items: fc.array(
        fc.record({ title: fc.string({ maxLength: 300 }), status: fc.constantFrom(...STATUSES) }),
        {
          maxLength: 40,
        },
      ),
    }),
    { maxLength: 400 },
  )
  .map((milestones) => ({
    milestones: milestones.map((m, i): Milestone => ({
      key: `m${i}`,
      title: m.title,
      line: i + 1,
      level: 2,
      context: [],
      state: m.closed ? 'closed' : 'open',
      status: null,
      due: m.due ? { text: 'x', date: m.due.toISOString().slice(0, 10), line: 1 } : null,
      priority: null,
      description: '',
      items: m.items.map((it, j) =>
        item({ key: `m${i}/${j}`, title: it.title, status: it.status }),
      ),
    })),
    items: [],
    progress: [],
    format: { bom: false, eol: '\n', doubleEncoded: false, checkedMark: 'x' },
    config: {},
  }));
