import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';

const parse = (text: string) => parsePlan({ text });
const titlesOf = (items: Item[]): unknown[] =>
  items.map((i) => (i.children.length > 0 ? [i.title, titlesOf(i.children)] : i.title));

describe('parsePlan: deliverables', () => {
  it.each([
    ['-', '- [ ] a\n- [x] b\n'],
    ['*', '* [ ] a\n* [x] b\n'],
    ['+', '+ [ ] a\n+ [x] b\n'],
    ['1.', '1. [ ] a\n2. [x] b\n'],
    ['1)', '1) [ ] a\n2) [x] b\n'],
    ['blockquote', '> - [ ] a\n> - [x] b\n'],
    ['CRLF', '- [ ] a\r\n- [x] b\r\n'],
    ['lone CR', '- [ ] a\r- [x] b\r'],
    ['BOM', '\uFEFF- [ ] a\n- [x] b\n'],
  ])('reads checkboxes with %s', (_name, body) => {
    const { plan } = parse(`# M\n\n${body}`.replace('# M\n\n\uFEFF', '\uFEFF# M\n\n'));
    expect(plan.milestones).toHaveLength(1);
    expect(plan.milestones[0]?.items.map((i) => [i.title, i.checked, i.status, i.line])).toEqual([
      ['a', false, 'todo', 3],
      ['b', true, 'done', 4],
    ]);
  });

  it('nests checkboxes as children and plain bullets as the description', () => {
    const { plan } = parse(
      '# M\n- [ ] parent\n  - detail one\n  - [ ] child\n    - [x] grandchild\n  - detail two\n\n  Para.\n- [ ] next\n',
    );
    const [parent, next] = plan.milestones[0]?.items ?? [];
    expect(titlesOf(plan.milestones[0]?.items ?? [])).toEqual([
      ['parent', [['child', ['grandchild']]]],
      'next',
    ]);
    expect(parent?.description).toBe('- detail one\n- detail two\n\nPara.');
    expect(next?.description).toBe('');
  });

  it('ignores checkboxes in code, HTML and front matter, and says so for code and HTML', () => {
    const text = [
      '---',
      'title: x',
      'tags: [ ]',
      '---',
      '# M',
      '```md',
      '- [ ] fenced',
      '```',
      '',
      '    - [ ] indented code',
      '',
      '<!--',
      '- [ ] commented',
      '-->',
      '',
      '- [ ] real',
    ].join('\n');
    const { plan, diagnostics } = parse(text);
    expect(plan.milestones[0]?.items.map((i) => i.title)).toEqual(['real']);
    // One diagnostic per kind (code, HTML), on its first line, listing every line.
    const ignored = diagnostics.filter((d) => d.rule === 'checkbox-in-code');
    expect(ignored.map((d) => d.line)).toEqual([7, 13]);
    expect(ignored[0]?.message).toMatch(
      /^Unexpected 2 checkboxes inside code blocks \(lines 7, 10\)/,
    );
    expect(ignored[1]?.message).toMatch(/^Unexpected checkbox inside HTML/);
  });

  it('reads links, mentions and priority markers and keeps them out of the title', () => {
    const { plan } = parse(
      [
        '# M',
        '- [ ] Fix login #12',
        '- [ ] Ship it (P1) @alice @bob-2',
        '- [ ] [P0] Keep `@types/node` pinned https://github.com/o/r/issues/7',
        '- [ ] Mail me@example.com about it',
        '- [ ] #44',
      ].join('\n'),
    );
    expect(
      plan.milestones[0]?.items.map((i) => ({
        t: i.title,
        issue: i.issue,
        p: i.priority,
        a: i.assignees,
      })),
    ).toEqual([
      { t: 'Fix login', issue: 12, p: null, a: [] },
      { t: 'Ship it', issue: null, p: 'P1', a: ['alice', 'bob-2'] },
      { t: 'Keep `@types/node` pinned', issue: 7, p: 'P0', a: [] },
      { t: 'Mail me@example.com about it', issue: null, p: null, a: [] },
      { t: '#44', issue: 44, p: null, a: [] },
    ]);
  });

  it('reads task tables: Status cells, Priority column, no task column means no deliverables', () => {
    const text = [
      '# M',
      '| Task | Priority | Status |',
      '|------|----------|--------|',
      '| A | P0 | ✅ |',
      '| B | P1 | 🔄 |',
      '| C | P2 | ❌ |',
      '| D | P3 |  |',
      '| E | P3 | Done |',
      '| F | P3 | In progress |',
      '',
      '| Name | Role |',
      '|---|---|',
      '| Ann | Lead |',
    ].join('\n');
    const { plan } = parse(text);
    expect(
      plan.milestones[0]?.items.map((i) => [i.title, i.status, i.priority, i.checked]),
    ).toEqual([
      ['A', 'done', 'P0', true],
      ['B', 'in-progress', 'P1', false],
      ['C', 'todo', 'P2', false],
      ['D', 'todo', 'P3', false],
      ['E', 'done', 'P3', true],
      ['F', 'in-progress', 'P3', false],
    ]);
  });

  it('reports an unknown status cell with its line', () => {
    const { diagnostics } = parse('# M\n| Task | Status |\n|---|---|\n| A | sometime |\n');
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ line: 4, rule: 'unknown-status' }),
    );
  });

  it('reports duplicate deliverables under the same parent, not across parents', () => {
    const { plan, diagnostics } = parse(
      '# M\n- [ ] SDK\n  - [ ] Fetch\n- [ ] Go\n  - [ ] Fetch\n- [ ] Docs\n- [ ] Docs\n',
    );
    const dups = diagnostics.filter((d) => d.rule === 'duplicate-deliverable');
    expect(dups.map((d) => d.line)).toEqual([7]);
    expect(dups[0]?.message).toContain('also on line 6');
    const keys = plan.milestones[0]?.items.map((i) => i.key);
    expect(keys).toEqual(['m/sdk', 'm/go', 'm/docs', 'm/docs~2']);
  });
});

describe('parsePlan: milestones', () => {
  it('uses the deepest heading with deliverables; generic subsections and pseudo-headings fold into it', () => {
    const text = [
      '# Roadmap',
      '## Phase 1',
      '### Goals',
      '- [ ] g1',
      '### Backend Tasks',
      '- [ ] b1',
      '## Phase 2',
      '### Goals',
      '- [ ] g2',
      '',
      '**Deliverables**:',
      '- [ ] d2',
      '## Notes',
      'Nothing to do.',
    ].join('\n');
    const { plan } = parse(text);
    expect(plan.milestones.map((m) => [m.title, m.items.map((i) => i.title)])).toEqual([
      ['Phase 1', ['g1', 'b1']],
      ['Phase 2', ['g2', 'd2']],
    ]);
    expect(plan.milestones[0]?.items.map((i) => i.labels)).toEqual([['goals'], ['backend tasks']]);
  });

  it('treats a name repeated under sibling sections as generic', () => {
    const text = '## A\n### Work\n- [ ] a\n## B\n### Work\n- [ ] b\n';
    expect(parse(text).plan.milestones.map((m) => m.title)).toEqual(['A', 'B']);
  });

  it('keeps deliverables under the document title outside any milestone', () => {
    const { plan } = parse('# Plan\n- [ ] loose\n## M1\n- [ ] a\n');
    expect(plan.items.map((i) => [i.title, i.key])).toEqual([['loose', '_/loose']]);
    expect(plan.milestones.map((m) => m.title)).toEqual(['M1']);
  });

  it('reads status, due date and priority lines and strips status emoji from titles', () => {
    const text = [
      '## ✅ Sprint 1 🚀',
      '**Status**: ✅ COMPLETED on 2026-01-10  ',
      '**Target Date**: 2026-01-09  ',
      'Priority: P1 - HIGH',
      '',
      'Why this matters.',
      '',
      '- [x] a',
      '## Sprint 2',
      'Status: IN PROGRESS',
      'Due: March 31, 2026',
      '- [ ] b',
    ].join('\n');
    const { plan } = parse(text);
    const [s1, s2] = plan.milestones;
    expect(s1).toMatchObject({
      title: 'Sprint 1',
      state: 'closed',
      priority: 'P1',
      description: 'Why this matters.',
    });
    expect(s1?.status).toMatchObject({
      text: '✅ COMPLETED on 2026-01-10',
      status: 'done',
      line: 2,
    });
    expect(text.slice(s1?.status?.value.start, s1?.status?.value.end)).toBe(
      '✅ COMPLETED on 2026-01-10',
    );
    expect(s1?.due).toEqual({ text: '2026-01-09', date: '2026-01-09', line: 3 });
    expect(s2).toMatchObject({
      state: 'open',
      due: { text: 'March 31, 2026', date: '2026-03-31', line: 11 },
    });
  });

  it('closes a milestone whose deliverables are all done when no Status line says otherwise', () => {
    const { plan } = parse(
      '## A\n- [x] a\n- [x] b\n## B\n- [x] a\n- [ ] b\n## C\nStatus: pending\n- [x] c\n',
    );
    expect(plan.milestones.map((m) => m.state)).toEqual(['closed', 'open', 'open']);
  });

  it('reports an unparseable due date with its line', () => {
    const { diagnostics } = parse('## A\n**Target Date**: [Current Date]\n- [ ] a\n');
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ line: 2, rule: 'invalid-date', severity: 'warning' }),
    );
  });

  it('resolves relative due dates only with a start date', () => {
    const text =
      '---\nmilestone-sync:\n  startDate: 2026-01-05\n---\n## M1 (Week 2)\n- [ ] a\n## M2\nDue: Day 3\n- [ ] b\n';
    const { plan, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(plan.milestones.map((m) => m.due)).toEqual([
      { text: 'Week 2', date: '2026-01-18', line: 5 },
      { text: 'Day 3', date: '2026-01-07', line: 8 },
    ]);
  });

  it('warns about a milestone-like heading with no deliverables', () => {
    const { diagnostics } = parse('## Phase 1\n- [ ] a\n## Phase 2\n- plain bullet\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 3,
        rule: 'milestone-without-deliverables',
        severity: 'warning',
      }),
    ]);
  });

  it('honours milestoneLevel and titlePattern from front matter or config', () => {
    const text = '# A\n## B\n- [ ] x\n# C\n## D\n- [ ] y\n';
    expect(
      parsePlan({ text, config: { milestoneLevel: 1 } }).plan.milestones.map((m) => m.title),
    ).toEqual(['A', 'C']);
    const front = `---\nmilestone-sync:\n  titlePattern: "^[BD]$"\n---\n${text}`;
    expect(parse(front).plan.milestones.map((m) => m.title)).toEqual(['B', 'D']);
  });

  it('turns a broken front matter config into diagnostics, but a broken app config into an exception', () => {
    const { diagnostics } = parse('---\nmilestone-sync:\n  milestoneLevel: 9\n---\n# A\n- [ ] a\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 2, rule: 'front-matter', severity: 'error' }),
    ]);
    expect(diagnostics[0]?.message).toMatch(/^Unexpected milestoneLevel 9, expected/);
    expect(() => parsePlan({ text: '', config: { milestoneLevel: 0 } })).toThrow(
      /Invalid milestone-sync config/,
    );
  });

  it('refuses a file over the size limit with a diagnostic', () => {
    const { plan, diagnostics } = parsePlan({
      text: '- [ ] a\n'.repeat(100),
      config: { maxBytes: 100 },
    });
    expect(plan.items).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 1, rule: 'file-too-large', severity: 'error' }),
    ]);
  });

  it('keeps keys stable when unrelated parts of the file change', () => {
    const before = parse('## A\n- [ ] one\n- [ ] two\n## B\n- [ ] three\n').plan;
    const after = parse(
      'Intro.\n\n## A\n- [ ] zero\n- [ ] one\n\n- [ ] two\n## B\nStatus: done\n- [ ] three\n',
    ).plan;
    const keys = (p: typeof before) => p.milestones.flatMap((m) => m.items.map((i) => i.key));
    expect(keys(before)).toEqual(['a/one', 'a/two', 'b/three']);
    expect(keys(after)).toEqual(['a/zero', 'a/one', 'a/two', 'b/three']);
  });
});

describe('parsePlan: dates in headings', () => {
  it.each([
    ['## 3.2 (November 2018)', { text: 'November 2018', date: '2018-11-30', line: 1 }],
    ['## M1.1: Core (Week 1)', { text: 'Week 1', date: null, line: 1 }],
    ['## Release (beta)', null],
  ])('%s', (heading, due) => {
    expect(parse(`${heading}\n- [ ] a\n`).plan.milestones[0]?.due).toEqual(due);
  });
});
