import { describe, expect, it } from 'vitest';
import { readProgressLine } from '../../src/plan/read-progress-line.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { ProgressStatement } from '../../src/plan/plan-types.js';

/** What a line reads as: label, unit and its kind, and the numbers as the line writes them. */
function shape(line: string) {
  const read = readProgressLine(line);
  if (!read) return null;
  const at = (n: { start: number; end: number } | null) =>
    n === null ? null : line.slice(n.start, n.end);
  return {
    label: read.label,
    unit: read.unit,
    kind: read.unitKind,
    percent: at(read.percent),
    decimals: read.percent?.decimals ?? null,
    done: at(read.done),
    total: at(read.total),
  };
}

const n = null;

describe('readProgressLine: shapes it reads', () => {
  it.each([
    [
      '**Overall Progress**: 0% (0/10 checkpoints completed)',
      ['Overall Progress', 'checkpoints', 'milestones', '0', 0, '0', '10'],
    ],
    ['**Progress**: 40%', ['Progress', n, n, '40', 0, n, n]],
    ['**Progress:** 4/10', ['Progress', n, n, n, n, '4', '10']],
    [
      'Progress: 3 of 12 milestones done',
      ['Progress', 'milestones', 'milestones', n, n, '3', '12'],
    ],
    [
      '**Phase 2 Progress**: 2/5 tasks',
      ['Phase 2 Progress', 'tasks', 'deliverables', n, n, '2', '5'],
    ],
    [
      '__Progress__: 40% (4/10 tasks completed)',
      ['Progress', 'tasks', 'deliverables', '40', 0, '4', '10'],
    ],
    ['*Progress*: 4/10 (40%)', ['Progress', n, n, '40', 0, '4', '10']],
    ['- **Progress**: 33.3% complete', ['Progress', n, n, '33.3', 1, n, n]],
    ['> **Progress**: 1 / 3', ['Progress', n, n, n, n, '1', '3']],
    ['📊 **Overall Progress**: 50%', ['Overall Progress', n, n, '50', 0, n, n]],
    ['**📊 Progress**: 50 %  ', ['Progress', n, n, '50', 0, n, n]],
    ['Overall Progress: `40%`', ['Overall Progress', n, n, '40', 0, n, n]],
    ['Progress: **40%** (4/10)', ['Progress', n, n, '40', 0, '4', '10']],
    ['**Progress**: 40% of tasks', ['Progress', 'tasks', 'deliverables', '40', 0, n, n]],
    [
      '**Project progress**: 7/9 phases',
      ['Project progress', 'phases', 'milestones', n, n, '7', '9'],
    ],
    [
      '  1. **Sprint Progress**: 2/4 sprints',
      ['Sprint Progress', 'sprints', 'milestones', n, n, '2', '4'],
    ],
    ['**Progress**: 4/10 done', ['Progress', n, n, n, n, '4', '10']],
  ])('%s', (line, [label, unit, kind, percent, decimals, done, total]) => {
    expect(shape(line)).toEqual({ label, unit, kind, percent, decimals, done, total });
  });
});

describe('readProgressLine: lines that are not progress statements', () => {
  it.each([
    ['a label that does not end in Progress', 'Progress tracking: 3/4'],
    ['a sentence', 'We track progress: 3/4 done'],
    ['what is under way', '**In Progress**: 3'],
    ['work in progress', 'Work in progress: 2/5'],
    ['a value that does not start with a number', 'Progress: see below (3/4)'],
    ['a unit that is no milestone or deliverable', 'Progress: 3/4 weeks'],
    ['a percentage of something else', 'Progress: 50% of users migrated'],
    ['a count of what is left', 'Progress: 3/10 remaining'],
    ['two counts', 'Progress: 40% (4/10 tasks), 2/3 milestones'],
    ['a date', 'Progress: 2025/01/10'],
    ['a progress bar', 'Progress: ▓▓▓░░ 60%'],
    ['another label', '**Status**: 40%'],
    ['a plain label in lower case', 'progress: 40%'],
    ['no value', 'Progress:'],
    ['a table row', '| Progress | 40% |'],
  ])('%s: %s', (_name, line) => {
    expect(readProgressLine(line)).toBeNull();
  });
});

/** Each statement as `line scope(kind) counts percent done total`. */
function statements(text: string): string[] {
  const describe = (p: ProgressStatement) =>
    [
      p.line,
      p.scope.kind === 'milestone' ? `milestone(${p.scope.milestone})` : p.scope.kind,
      p.counts ?? 'nothing',
      p.percent?.value ?? '-',
      p.done?.value ?? '-',
      p.total?.value ?? '-',
    ].join(' ');
  return parsePlan({ text }).plan.progress.map(describe);
}

const PLAN = `# Roadmap

## Overview

**Overall Progress**: 0% (0/3 milestones completed)
**Progress:** 1/5

## Phase 1

**Phase 1 Progress**: 0/2 checkpoints

### M1: One
**Status**: ✅ Done
**Progress**: 2/2
- [x] a
- [x] b

### M2: Two
- [ ] c

## Phase 2

### M3: Three
- [ ] d
- [ ] e
`;

describe('parsePlan: progress statements', () => {
  it('scopes: an overview covers the plan, a phase heading its milestones, a milestone itself', () => {
    expect(statements(PLAN)).toEqual([
      '5 plan milestones 0 0 3',
      '6 plan deliverables - 1 5',
      '10 section milestones - 0 2',
      '14 milestone(m1-one) deliverables - 2 2',
    ]);
    const [, , phase] = parsePlan({ text: PLAN }).plan.progress;
    expect(phase?.scope.milestones).toEqual(['m1-one', 'm2-two']);
  });

  it('a line before the first heading covers the plan', () => {
    expect(statements('Progress: 50%\n\n# M1\n- [x] a\n# M2\n- [ ] b\n')).toEqual([
      '1 plan deliverables 50 - -',
    ]);
  });

  it('a plain bullet outside deliverables is read; a deliverable line, code, tables and a deliverable’s own bullets are not', () => {
    const text = [
      '# M1',
      '- **Progress**: 1/3',
      '',
      '- [ ] Progress: 3/4 of the parser',
      '  - Progress: 1/3',
      '- [x] b',
      '- [ ] c',
      '',
      '```',
      'Progress: 1/3',
      '```',
      '',
      '    Progress: 1/3',
      '',
      '| Progress | 1/3 |',
      '| --- | --- |',
      '| Progress: 1/3 | x |',
      '',
      '<div>',
      'Progress: 1/3',
      '</div>',
      '',
    ].join('\n');
    expect(statements(text)).toEqual(['2 milestone(m1) deliverables - 1 3']);
  });

  it('the total decides what is counted when it matches only the other kind', () => {
    expect(
      statements('# A\n**Progress**: 1/2 checkpoints\n- [x] a\n- [ ] b\n# B\n- [ ] c\n'),
    ).toEqual(['2 milestone(a) deliverables - 1 2']);
    expect(statements('Progress: 0/2\n\n# A\n- [ ] a\n- [ ] b\n- [ ] c\n# B\n- [ ] d\n')).toEqual([
      '1 plan milestones - 0 2',
    ]);
  });

  it('a total that matches neither count is left as written, with one info diagnostic', () => {
    const text =
      '# Plan\n\n## Status\n\n**Overall Progress**: 0% (0/12 tasks)\n\n## M1\n- [ ] a\n## M2\n- [ ] b\n';
    const { plan, diagnostics } = parsePlan({ text });
    expect(plan.progress.map((p) => p.counts)).toEqual([null]);
    expect(diagnostics.filter((d) => d.rule === 'progress-total-mismatch')).toEqual([
      {
        line: 5,
        severity: 'info',
        rule: 'progress-total-mismatch',
        message:
          'Unexpected progress total 12 in line 5, expected 2 milestones or 2 deliverables; left as written',
      },
    ]);
  });

  it('a progress line is metadata: it is not part of the milestone’s description', () => {
    const { plan } = parsePlan({
      text: '# M1\n\nThe first step.\n\n**Progress**: 1/2\n\n- [x] a\n- [ ] b\n',
    });
    expect(plan.milestones[0]?.description).toBe('The first step.');
  });

  it('offsets point at the digits in a CRLF file with a BOM', () => {
    const text = '\uFEFF# M1\r\n**Progress**: 50% (1/2 tasks)  \r\n- [x] a\r\n- [ ] b\r\n';
    const [p] = parsePlan({ text }).plan.progress;
    const at = (s: { start: number; end: number } | undefined) =>
      s === undefined ? '' : text.slice(s.start, s.end);
    expect([at(p?.percent?.span), at(p?.done?.span), at(p?.total?.span)]).toEqual(['50', '1', '2']);
  });
});
