import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/edit/edit-types.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { itemByTitle, keyOf, run } from './edit-test-helpers.js';

const text = [
  '# Plan',
  '',
  '## M1',
  '**Status**: ⏳ PENDING  ',
  '',
  '- [ ] alpha #3',
  '- [x] beta',
  '',
  '| Task | Status |',
  '|------|--------|',
  '| gamma | ❌ |',
  '',
  '## M2',
  '',
  '- [ ] delta',
  '',
].join('\n');

describe('planEdits', () => {
  it('several changes in one batch, edits sorted by offset', () => {
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: 'm1/gamma', status: 'done' },
      { kind: 'rename-item', key: 'm1/alpha', title: 'Alpha one' },
      { kind: 'set-item-status', key: 'm1/alpha', status: 'done' },
      { kind: 'set-milestone-status', key: 'm1', status: 'in-progress' },
    ];
    const { result, out } = run({ text, changes });
    expect(result.problems).toEqual([]);
    expect(result.edits.map((e) => [e.line, e.key, e.text])).toEqual([
      [4, 'm1', '🔄 IN PROGRESS'],
      [6, 'm1/alpha', 'x'],
      [6, 'm1/alpha', 'Alpha one'],
      [11, 'm1/gamma', '✅'],
    ]);
    expect(out.split('\n').slice(3, 11)).toEqual([
      '**Status**: 🔄 IN PROGRESS  ',
      '',
      '- [x] Alpha one #3',
      '- [x] beta',
      '',
      '| Task | Status |',
      '|------|--------|',
      '| gamma | ✅ |',
    ]);
  });

  it('unknown keys are problems, not exceptions', () => {
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: 'm1/nope', status: 'done' },
      { kind: 'rename-item', key: 'nope', title: 'x' },
      { kind: 'set-milestone-status', key: 'm1/alpha', status: 'done' },
    ];
    const { result } = run({ text, changes });
    expect(result.edits).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Unexpected key `m1/nope`, expected the key of a deliverable in this plan',
      'Unexpected key `nope`, expected the key of a deliverable in this plan',
      'Unexpected key `m1/alpha`, expected the key of a milestone in this plan',
    ]);
  });

  it('malformed changes from untyped callers are problems', () => {
    const changes = [
      { kind: 'set-item-status', key: 'm1/alpha', status: 'finished' },
      { kind: 'delete-item', key: 'm1/alpha' },
      { kind: 'rename-item', key: 'm1/alpha', title: 42 },
    ] as unknown as PlanChange[];
    const { result } = run({ text, changes });
    expect(result.edits).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Unexpected status `finished`, expected todo, in-progress or done',
      'Unexpected change kind `delete-item`, expected set-item-status, rename-item, set-milestone-status or set-progress',
      'Unexpected title that is not text, expected a string',
    ]);
  });

  it('a second change to the same span in one batch is a problem', () => {
    const changes: PlanChange[] = [
      { kind: 'rename-item', key: 'm2/delta', title: 'Delta' },
      { kind: 'rename-item', key: 'm2/delta', title: 'Delta two' },
    ];
    const { result, out } = run({ text, changes });
    expect(out).toContain('- [ ] Delta\n');
    expect(result.problems).toEqual([
      {
        change: changes[1],
        message:
          'Unexpected second change to line 15 (already: rename “delta” to “Delta”), expected one change per target in a batch',
      },
    ]);
  });

  it('two renames that together give one key are both checked: the later one is withheld', () => {
    const changes: PlanChange[] = [
      { kind: 'rename-item', key: 'm1/alpha', title: 'same' },
      { kind: 'rename-item', key: 'm1/beta', title: 'Same' },
    ];
    const { result, out } = run({ text, changes });
    expect(out).toContain('- [ ] same #3\n- [x] beta\n');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.change).toEqual(changes[1]);
    expect(result.problems[0]?.message).toMatch(
      /^Unexpected read-back together with an earlier change in this batch \(line 7 would read key "m1\/same~2" instead of "m1\/same"\)/,
    );
  });

  it('an edit the parser would read differently is withheld (re-parse check)', () => {
    // `caf√©` is how a double-encoded file writes `café`: with it, the whole file would read as
    // double-encoded. The 🔄 on the next line would still read in progress once unticked.
    const source = '- [ ] alpha\n- [x] beta\n  🔄\n';
    const plain = '- [ ] alpha\n';
    const renamed = run({
      text: plain,
      changes: [{ kind: 'rename-item', key: keyOf(plain, 'alpha'), title: 'caf√© menu' }],
    });
    const unticked = run({
      text: source,
      changes: [{ kind: 'set-item-status', key: keyOf(source, 'beta'), status: 'todo' }],
    });
    expect(renamed.result.edits).toEqual([]);
    expect(unticked.result.edits).toEqual([]);
    expect([...renamed.result.problems, ...unticked.result.problems].map((p) => p.message)).toEqual(
      [
        'Unexpected read-back after the edit (the file format (BOM, line endings or encoding) would change), expected exactly the intended change; edit withheld',
        'Unexpected read-back after the edit (line 2 would read status "in-progress" instead of "todo"), expected exactly the intended change; edit withheld',
      ],
    );
  });

  it('emptying the only damaged glyph of a double-encoded file is withheld: the form would change', () => {
    // Once the cell is empty the file is plain ASCII and no longer reads as double-encoded.
    const source = damageText('| Task | Status |\n|---|---|\n| a | 🔄 |\n| b | |\n');
    const { result } = run({
      text: source,
      changes: [{ kind: 'set-item-status', key: keyOf(source, 'a'), status: 'todo' }],
    });
    expect(result.edits).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Unexpected read-back after the edit (the file format (BOM, line endings or encoding) would change), expected exactly the intended change; edit withheld',
    ]);
  });

  it('a leading priority never spans lines: `P1` over a continuation line reads as the title', () => {
    const source = '- [ ] alpha\n  @bob\n';
    const { result, out } = run({
      text: source,
      changes: [{ kind: 'rename-item', key: keyOf(source, 'alpha'), title: 'P1' }],
    });
    expect(result.problems).toEqual([]);
    expect(out).toBe('- [ ] P1\n  @bob\n');
    const item = itemByTitle(out, 'P1');
    expect([item.priority, item.assignees]).toEqual([null, ['bob']]);
  });

  it('accepts a parse and config from the caller', () => {
    const config = { milestoneLevel: 2 };
    const parsed = parsePlan({ text, config });
    const result = planEdits({
      text,
      parsed,
      changes: [{ kind: 'set-item-status', key: 'm2/delta', status: 'done' }],
    });
    expect(result.edits.map((e) => [e.line, e.text])).toEqual([[15, 'x']]);
  });

  it('no-op changes give no edits', () => {
    const changes: PlanChange[] = [
      { kind: 'set-item-status', key: 'm1/beta', status: 'done' },
      { kind: 'set-item-status', key: 'm1/gamma', status: 'todo' },
      { kind: 'rename-item', key: 'm1/alpha', title: 'alpha' },
      { kind: 'set-milestone-status', key: 'm1', status: 'todo' },
    ];
    expect(run({ text, changes }).result).toEqual({ edits: [], problems: [], approximations: [] });
  });
});
