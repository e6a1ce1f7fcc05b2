/**
 * Shapes found in real plan files from public repositories (issue #6), each reproduced by a small
 * plan of our own.
 */
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';

const parse = (text: string) => parsePlan({ text });
const all = (items: Item[]): Item[] => items.flatMap((i) => [i, ...all(i.children)]);
const count = (items: Item[]): number => all(items).length;

describe('links: only issue references link, and say which repository', () => {
  it.each([
    ['bare #N', 'Fix login #12', 'Fix login', 12, null],
    ['[#N](#anchor)', 'Fix login [#12](#notes)', 'Fix login', 12, null],
    ['owner/repo#N', 'Fix login other/repo#3', 'Fix login', 3, 'other/repo'],
    [
      '[#N](issue URL)',
      'Fix login [#1](https://github.com/other/repo/issues/1)',
      'Fix login',
      1,
      'other/repo',
    ],
    ['issue URL', 'Fix login https://github.com/acme/plan/issues/7', 'Fix login', 7, 'acme/plan'],
    [
      'issue URL in <>',
      'Fix login <https://ghe.example/acme/plan/issues/8>',
      'Fix login',
      8,
      'acme/plan',
    ],
    ['pull request URL', 'Fix login https://github.com/other/repo/pull/2', 'Fix login', null, null],
    [
      '[#N](pull request URL)',
      'Fix login [#2](https://github.com/other/repo/pull/2)',
      'Fix login',
      null,
      null,
    ],
    ['other URL', 'Fix login https://example.com/spec.md#part', 'Fix login', null, null],
    [
      'URL as the object of the sentence',
      'Host it on https://example.com',
      'Host it on https://example.com',
      null,
      null,
    ],
    [
      'link whose text is the title',
      '[Fix login](https://github.com/o/r/issues/4)',
      '[Fix login](https://github.com/o/r/issues/4)',
      null,
      null,
    ],
  ])('%s', (_name, line, title, issue, issueRepo) => {
    const item = parse(`## M\n\n- [ ] ${line}\n`).plan.milestones[0]?.items[0];
    expect({ title: item?.title, issue: item?.issue, issueRepo: item?.issueRepo }).toEqual({
      title,
      issue,
      issueRepo,
    });
    expect(item?.text).toBe(line);
  });
});

describe('full text and title tails', () => {
  it.each([
    ['dash before a URL', 'Swarm API - https://github.com/o/r/pull/35', 'Swarm API'],
    ['en dash before a reference', 'Swarm API – #35', 'Swarm API'],
    ['em dash before a mention', 'Swarm API — @alice', 'Swarm API'],
    ['colon before a URL', 'Read the spec: https://example.com/spec', 'Read the spec'],
    ['comma before a priority', 'Ship it, P1', 'Ship it'],
    ['a colon the author wrote stays', 'Quick fixes to:', 'Quick fixes to:'],
    ['a hyphen inside a word stays', 'Follow-up #3', 'Follow-up'],
  ])('%s', (_name, line, title) => {
    expect(parse(`## M\n\n- [ ] ${line}\n`).plan.milestones[0]?.items[0]?.title).toBe(title);
  });

  it('mentions in parentheses are assignees, not part of the title, shown once', () => {
    const { plan } = parse('## M\n\n- [ ] Write docs (@kvz)\n- [x] Add tests (@ann, @bo) #4\n');
    const items = plan.milestones[0]?.items ?? [];
    expect(items.map((i) => [i.title, i.assignees, i.issue])).toEqual([
      ['Write docs', ['kvz'], null],
      ['Add tests', ['ann', 'bo'], 4],
    ]);
    expect(items.map((i) => i.text)).toEqual(['Write docs (@kvz)', 'Add tests (@ann, @bo) #4']);
    expect(items.map((i) => i.description)).toEqual(['', '']);
  });

  it('text is the whole deliverable, lines joined, encoding repaired', () => {
    const { plan } = parse('## M\n\n- [ ] First part\n  second part @ann #2\n');
    const item = plan.milestones[0]?.items[0];
    expect([item?.title, item?.text]).toEqual([
      'First part second part',
      'First part second part @ann #2',
    ]);
  });

  it('task tables: an Owner/Assignee/Who column gives the assignees; text is the task cell', () => {
    const text = [
      '## M',
      '',
      '| Task | Status | Owner |',
      '| --- | --- | --- |',
      '| Build a \\| b #3 | ✅ | @alice, @bob |',
      '| Test it @carol | 🔄 | the team |',
    ].join('\n');
    const items = parse(text).plan.milestones[0]?.items ?? [];
    expect(items.map((i) => [i.title, i.text, i.assignees, i.issue])).toEqual([
      ['Build a | b', 'Build a | b #3', ['alice', 'bob'], 3],
      ['Test it', 'Test it @carol', ['carol'], null],
    ]);
    const who = parse('## M\n\n| Who | Task |\n|---|---|\n| @dan | Ship |\n').plan.milestones[0];
    expect(who?.items[0]?.assignees).toEqual(['dan']);
  });
});

describe('every line accounted for', () => {
  const nested = (depth: number) =>
    Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i + 1}`).join('\n');

  it('reads a 12-level nested checkbox list whole', () => {
    const { plan, diagnostics } = parse(`## M\n\n${nested(12)}\n`);
    expect(count(plan.milestones[0]?.items ?? [])).toBe(12);
    expect(diagnostics).toEqual([]);
  });

  it('reads 49 levels and reports the checkboxes below in one warning with their lines', () => {
    const { plan, diagnostics } = parse(`## M\n\n${nested(53)}\n`);
    expect(count(plan.milestones[0]?.items ?? [])).toBe(49);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      line: 52,
      severity: 'warning',
      rule: 'nesting-too-deep',
    });
    expect(diagnostics[0]?.message).toContain(
      'Unexpected 4 checkboxes nested too deep (lines 52, 53, 54, 55;',
    );
  });

  it('never overflows the stack on 10,000 levels of lists or quotes', () => {
    for (const text of [
      `## M\n\n${'- '.repeat(10_000)}[ ] deep\n`,
      `## M\n\n${'> '.repeat(10_000)}- [ ] deep\n`,
    ]) {
      const { diagnostics } = parse(text);
      expect(diagnostics.map((d) => d.rule)).toContain('nesting-too-deep');
    }
  });

  it('a notation legend before the first heading is not a deliverable', () => {
    const text =
      '- [x] Feature already available in nightly builds\n\n# Next\n\n- [ ] a\n\n# 1.0\n\n- [x] b\n';
    const { plan, diagnostics } = parse(text);
    expect(plan.items).toEqual([]);
    expect(plan.milestones.map((m) => [m.title, m.items.length])).toEqual([
      ['Next', 1],
      ['1.0', 1],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 1, severity: 'info', rule: 'legend' }),
    ]);
    expect(diagnostics[0]?.message).toMatch(
      /^Unexpected checkbox before the first heading, expected .*; read as a legend/,
    );
  });

  it('a legend under the file title too, but real work there stays (outside any milestone)', () => {
    const legend = parse(
      '# Plan\n\n- [x] Done: shipped\n- [ ] Not started yet\n\n## M1\n\n- [ ] a\n',
    );
    expect(legend.plan.items).toEqual([]);
    expect(legend.diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [3, 'legend'],
      [4, 'legend'],
    ]);
    const work = parse('- [ ] Hire a designer\n\n## M1\n\n- [ ] a\n');
    expect(work.plan.items.map((i) => i.title)).toEqual(['Hire a designer']);
    // Without milestones a checklist before any heading is the plan itself.
    const flat = parse('- [x] Feature already available\n- [ ] Next\n');
    expect(flat.plan.items).toHaveLength(2);
  });

  it('a lone sub-heading under a section with its own deliverables is a label, not a milestone', () => {
    const text = [
      '# Milestone A',
      '### Tasks:',
      '- [ ] a',
      '#### Extra:',
      '- [x] b',
      '# Milestone B',
      '- [ ] c',
    ].join('\n');
    const { plan, diagnostics } = parse(text);
    expect(plan.milestones.map((m) => m.title)).toEqual(['Milestone A', 'Milestone B']);
    expect(plan.milestones[0]?.items.map((i) => [i.title, i.labels])).toEqual([
      ['a', []],
      ['b', ['extra']],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 2, severity: 'info', rule: 'subsections-read-alike' }),
    ]);
  });

  it('sibling subsections read alike: generic and named ones become labels of the parent', () => {
    const text =
      '## Q1\n### Goals\n- [ ] g\n### Security\n- [ ] s\n### Tasks\n- [ ] t\n## Q2\n- [ ] q\n';
    const { plan, diagnostics } = parse(text);
    expect(plan.milestones.map((m) => [m.title, m.items.map((i) => [i.title, i.labels])])).toEqual([
      [
        'Q1',
        [
          ['g', ['goals']],
          ['s', ['security']],
          ['t', []],
        ],
      ],
      ['Q2', [['q', []]]],
    ]);
    expect(diagnostics.map((d) => [d.line, d.rule])).toEqual([[1, 'subsections-read-alike']]);
    expect(diagnostics[0]?.message).toContain(
      '(Goals, Tasks) and named ones (Security) under “Q1”',
    );
  });

  it('sibling subsections read alike: all milestones when one is milestone-like', () => {
    const text = '## Phase 1\n### Goals\n- [ ] g\n### Milestone 1.1\n- [ ] a\n';
    const { plan } = parse(text);
    expect(plan.milestones.map((m) => [m.context, m.title])).toEqual([
      [['Phase 1'], 'Goals'],
      [['Phase 1'], 'Milestone 1.1'],
    ]);
  });

  it('the single # title is never a milestone when the file has ## headings; # only files use #', () => {
    const titled = parse('# Roadmap\n\n- [ ] loose\n\n## Later\n\nProse.\n\n## Now\n\n- [ ] a\n');
    expect(titled.plan.milestones.map((m) => m.title)).toEqual(['Now']);
    expect(titled.plan.items.map((i) => i.title)).toEqual(['loose']);
    // The title need not come first, nor have the ## headings under it.
    const late = parse('## Intro\n\nText.\n\n# Roadmap\n\n- [ ] loose\n');
    expect(late.plan.milestones).toEqual([]);
    const only = parse('# Roadmap\n\n- [ ] a\n- [ ] b\n');
    expect(only.plan.milestones.map((m) => [m.title, m.items.length])).toEqual([['Roadmap', 2]]);
  });
});
