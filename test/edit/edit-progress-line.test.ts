import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/edit/edit-types.js';
import { formatPercent } from '../../src/edit/edit-progress-line.js';
import { planProgressChanges } from '../../src/edit/plan-progress-changes.js';
import { expectOnlyEditedSpansChanged, keyOf, run } from './edit-test-helpers.js';

/** Ticks `titles` and keeps every progress statement true, as a sync plans it. */
function tick(text: string, titles: string[]) {
  const ticks: PlanChange[] = titles.map((title) => ({
    kind: 'set-item-status',
    key: keyOf(text, title),
    status: 'done',
  }));
  const progress = planProgressChanges({ text, changes: ticks });
  const changes = [...ticks, ...progress];
  return { progress, ...run({ text, changes }) };
}

const PLAN = '# M1\n**Progress**: 0% (0/3 tasks completed)\n- [ ] a\n- [ ] b\n- [ ] c\n';

describe('progress lines follow the ticks of the same batch', () => {
  it.each([
    ['percent and count', PLAN, ['a'], '**Progress**: 33% (1/3 tasks completed)'],
    ['rounded down', PLAN, ['a', 'b'], '**Progress**: 66% (2/3 tasks completed)'],
    ['all done', PLAN, ['a', 'b', 'c'], '**Progress**: 100% (3/3 tasks completed)'],
    [
      'one decimal when the file shows one',
      PLAN.replace('0% (', '0.0% ('),
      ['a', 'b'],
      '**Progress**: 66.6% (2/3 tasks completed)',
    ],
    [
      'a of b, colon inside the bold',
      PLAN.replace('**Progress**: 0% (0/3 tasks completed)', '**Progress:** 0 of 3 done'),
      ['c'],
      '**Progress:** 1 of 3 done',
    ],
    [
      'a percentage alone',
      PLAN.replace('**Progress**: 0% (0/3 tasks completed)', 'Progress: `0%` so far'),
      ['a', 'c'],
      'Progress: `66%` so far',
    ],
    [
      'a plain bullet',
      PLAN.replace('**Progress**', '- **Progress**').replace('\n- [ ] a', '\n\n- [ ] a'),
      ['b'],
      '- **Progress**: 33% (1/3 tasks completed)',
    ],
  ])('%s', (_name, text, titles, line) => {
    const { out, result } = tick(text, titles);
    expect(result.problems).toEqual([]);
    expect(result.approximations).toEqual([]);
    expect(out.split('\n')[1]).toBe(line);
    expectOnlyEditedSpansChanged({ text, out, edits: result.edits });
  });

  it('keeps CRLF, a BOM, trailing hard-break spaces and the bold style byte for byte', () => {
    const text =
      '\uFEFF# Plan\r\n\r\n## Status\r\n\r\n__Overall Progress__ :  0 %  (0 / 2 milestones completed)  \r\n\r\n## M1\r\n- [ ] a\r\n## M2\r\n- [ ] b\r\n';
    const { out, result, progress } = tick(text, ['a']);
    expect(progress).toEqual([
      { kind: 'set-progress', line: 5, before: '0% (0/2)', after: '50% (1/2)' },
    ]);
    expect(out).toBe(text.replace('0 %  (0 / 2', '50 %  (1 / 2').replace('- [ ] a', '- [x] a'));
    expect(result.edits.map((e) => e.reason)).toContain('line 5: progress 0% (0/2) → 50% (1/2)');
  });

  it('counts milestones closed: a milestone done by its last tick counts', () => {
    const text =
      '# Plan\n\nProgress: 1/3 phases\n\n## Phase 1\n- [x] a\n## Phase 2\n- [ ] b\n- [x] c\n## Phase 3\n- [ ] d\n';
    expect(tick(text, ['b']).out).toContain('Progress: 2/3 phases\n');
    // Not every deliverable of Phase 3 is done yet: the count stays, no edit.
    const partial =
      '# Plan\n\nProgress: 1/3 phases\n\n## Phase 1\n- [x] a\n## Phase 2\n- [ ] b\n- [ ] c\n## Phase 3\n- [ ] d\n';
    const { progress, result } = tick(partial, ['b']);
    expect(progress).toEqual([]);
    expect(result.edits).toHaveLength(1);
  });

  it('unticking lowers the numbers', () => {
    const text = '# M1\nProgress: 100% (2/2)\n- [x] a\n- [x] b\n';
    const untick: PlanChange = { kind: 'set-item-status', key: keyOf(text, 'a'), status: 'todo' };
    const progress = planProgressChanges({ text, changes: [untick] });
    const { out } = run({ text, changes: [untick, ...progress] });
    expect(out).toBe('# M1\nProgress: 50% (1/2)\n- [ ] a\n- [x] b\n');
  });

  it('a true line gets no edit; the same batch again plans nothing', () => {
    const { out } = tick(PLAN, ['a']);
    const again = tick(out, []);
    expect(again.progress).toEqual([]);
    expect(again.result.edits).toEqual([]);
  });
});

describe('set-progress changes that make no edit', () => {
  it('alone, without another edit in the batch: a problem (never a commit of its own)', () => {
    const changes: PlanChange[] = [
      { kind: 'set-progress', line: 2, before: '0% (0/3)', after: '33% (1/3)' },
    ];
    const { result } = run({ text: PLAN, changes });
    expect(result.edits).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Unexpected progress edit on line 2 without another edit in the batch, expected it beside the ticks, renames or Status changes it follows; left as written',
    ]);
  });

  it('beside a tick that is already in effect: still alone', () => {
    const text = PLAN.replace('- [ ] a', '- [x] a');
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: keyOf(text, 'a'), status: 'done' },
      { kind: 'set-progress', line: 2, before: '0% (0/3)', after: '33% (1/3)' },
    ];
    const { result } = run({ text, changes });
    expect(result.edits).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });

  it('a line that states no progress, or one whose total matches nothing: a problem', () => {
    const text = PLAN.replace('0/3 tasks', '0/7 tasks');
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: keyOf(text, 'a'), status: 'done' },
      { kind: 'set-progress', line: 1, before: '', after: '' },
      { kind: 'set-progress', line: 2, before: '0% (0/7)', after: '14% (1/7)' },
    ];
    const { result, out } = run({ text, changes });
    expect(out).toBe(text.replace('- [ ] a', '- [x] a'));
    expect(result.problems.map((p) => p.message)).toEqual([
      'Unexpected progress edit on line 1, expected the line of a progress statement in this plan',
      'Unexpected progress on line 2 that counts nothing the plan holds, expected a total equal to its milestones or deliverables; left as written',
    ]);
    expect(planProgressChanges({ text, changes: changes.slice(0, 1) })).toEqual([]);
  });

  it('numbers planned differently from what the batch leaves: the true ones are written, noted', () => {
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: keyOf(PLAN, 'a'), status: 'done' },
      { kind: 'set-progress', line: 2, before: '0% (0/3)', after: '66% (2/3)' },
    ];
    const { result, out } = run({ text: PLAN, changes });
    expect(out.split('\n')[1]).toBe('**Progress**: 33% (1/3 tasks completed)');
    expect(result.approximations.map((a) => a.message)).toEqual([
      "Unexpected progress 33% (1/3) on line 2 after the batch's edits, expected 66% (2/3) as planned; wrote 33% (1/3), what the plan now says",
    ]);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, 3, 0, '0'],
    [1, 3, 0, '33'],
    [2, 3, 0, '66'],
    [29, 100, 0, '29'],
    [7, 10, 1, '70.0'],
    [1, 3, 1, '33.3'],
    [2, 3, 2, '66.66'],
    [999, 1000, 0, '99'],
    [5, 5, 1, '100.0'],
  ])('%i/%i with %i decimals: %s', (done, total, decimals, text) => {
    expect(formatPercent({ done, total, decimals })).toBe(text);
  });
});
