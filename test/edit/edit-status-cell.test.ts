import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../src/plan/plan-types.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { expectOnlyChange, keyOf, run } from './edit-test-helpers.js';

interface Case {
  name: string;
  text: string;
  title: string;
  status: ItemStatus;
  out: string;
}

const glyphs = '| Task | Status |\n|------|--------|\n| a    | ❌     |\n| b    | ✅     |\n';
const words =
  '| Task | Status      |\n|------|-------------|\n| a    | Done        |\n| b    | To Do       |\n';

const cases: Case[] = [
  {
    name: 'glyph column: ❌ → ✅, cell width kept',
    text: glyphs,
    title: 'a',
    status: 'done',
    out: glyphs.replace('| a    | ❌     |', '| a    | ✅     |'),
  },
  {
    name: 'glyph column: 🔄 from the default family',
    text: glyphs,
    title: 'b',
    status: 'in-progress',
    out: glyphs.replace('| b    | ✅     |', '| b    | 🔄     |'),
  },
  {
    name: 'word column: In Progress fits the aligned width',
    text: words,
    title: 'b',
    status: 'in-progress',
    out: words.replace('| b    | To Do       |', '| b    | In Progress |'),
  },
  {
    name: 'word column: shorter word padded to the column width',
    text: words,
    title: 'a',
    status: 'todo',
    out: words.replace('| a    | Done        |', '| a    | To Do       |'),
  },
  {
    name: 'wider than the column: content replaced, padding kept',
    text: '| Task | Done |\n|------|------|\n| a    | Done |\n| b    | Todo |\n',
    title: 'a',
    status: 'in-progress',
    out: '| Task | Done |\n|------|------|\n| a    | In Progress |\n| b    | Todo |\n',
  },
  {
    name: 'unaligned table: only the content changes',
    text: '| Task | Status |\n|---|---|\n| alpha | ❌ |\n| b | ✅ |\n',
    title: 'alpha',
    status: 'done',
    out: '| Task | Status |\n|---|---|\n| alpha | ✅ |\n| b | ✅ |\n',
  },
  {
    name: 'empty cell in a padded row: one space each side',
    text: '| Task | Status |\n|---|---|\n| a | |\n| b | ✅ |\n',
    title: 'a',
    status: 'in-progress',
    out: '| Task | Status |\n|---|---|\n| a | 🔄 |\n| b | ✅ |\n',
  },
  {
    name: 'empty cell in an aligned column: fills the width',
    text: '| Task | Status |\n|------|--------|\n| a    |        |\n| b    | ❌     |\n',
    title: 'a',
    status: 'done',
    out: '| Task | Status |\n|------|--------|\n| a    | ✅     |\n| b    | ❌     |\n',
  },
  {
    name: 'unpadded |a|b| row',
    text: '|Task|Status|\n|-|-|\n|a||\n|b|✅|\n',
    title: 'a',
    status: 'done',
    out: '|Task|Status|\n|-|-|\n|a|✅|\n|b|✅|\n',
  },
  {
    name: 'column that says todo with empty cells: emptied',
    text: '| Task | Done |\n|---|---|\n| a | ✅ |\n| b | |\n',
    title: 'a',
    status: 'todo',
    out: '| Task | Done |\n|---|---|\n| a | |\n| b | |\n',
  },
  {
    name: 'no closing pipe: never emptied (the cell would vanish)',
    text: 'Task | Done\n--- | ---\na | ✅\nb |\n',
    title: 'a',
    status: 'todo',
    out: 'Task | Done\n--- | ---\na | ❌\nb |\n',
  },
  {
    name: 'a lone row: the cell itself gives the vocabulary',
    text: '| Task | Status |\n|---|---|\n| a | Done |\n',
    title: 'a',
    status: 'todo',
    out: '| Task | Status |\n|---|---|\n| a | To Do |\n',
  },
  {
    name: 'lower-case words',
    text: '| Task | Status |\n|---|---|\n| a | done |\n| b | todo |\n',
    title: 'b',
    status: 'in-progress',
    out: '| Task | Status |\n|---|---|\n| a | done |\n| b | in progress |\n',
  },
  {
    name: 'blockquoted table, CRLF',
    text: '> | Task | Status |\r\n> |---|---|\r\n> | a | ❌ |\r\n',
    title: 'a',
    status: 'done',
    out: '> | Task | Status |\r\n> |---|---|\r\n> | a | ✅ |\r\n',
  },
  {
    name: 'double-encoded: written in the file’s form',
    text: damageText('| Task | Status |\n|---|---|\n| a | ✅ |\n| b | ❌ |\n| c | 🔄 |\n'),
    title: 'b',
    status: 'done',
    out: damageText('| Task | Status |\n|---|---|\n| a | ✅ |\n| b | ✅ |\n| c | 🔄 |\n'),
  },
  {
    name: 'double-encoded, aligned before the damage: keeps the width as read',
    text: damageText(
      '| Task | Status      |\n|------|-------------|\n| a    | ✅ Done     |\n| b    | ❌ To Do    |\n',
    ),
    title: 'b',
    status: 'done',
    out: damageText(
      '| Task | Status      |\n|------|-------------|\n| a    | ✅ Done     |\n| b    | ✅ Done     |\n',
    ),
  },
  {
    // `café` keeps the file double-encoded once its only status glyph is gone.
    name: 'double-encoded, aligned before the damage: an emptied cell keeps the width',
    text: damageText(
      '| Task | Status |\n|------|--------|\n| café | ✅     |\n| b    |        |\n',
    ),
    title: 'café',
    status: 'todo',
    out: damageText('| Task | Status |\n|------|--------|\n| café |        |\n| b    |        |\n'),
  },
  {
    name: 'double-encoded, aligned before the damage: a filled cell gets the width as read',
    text: damageText(
      '| Task | Status |\n|------|--------|\n| a    |        |\n| b    | ✅     |\n',
    ),
    title: 'a',
    status: 'done',
    out: damageText('| Task | Status |\n|------|--------|\n| a    | ✅     |\n| b    | ✅     |\n'),
  },
  {
    name: 'double-encoded, aligned as written: keeps the written width',
    text: '| Task | Status |\n|------|--------|\n| a    | ‚úÖ    |\n| b    | ‚ùå    |\n',
    title: 'b',
    status: 'done',
    out: '| Task | Status |\n|------|--------|\n| a    | ‚úÖ    |\n| b    | ‚úÖ    |\n',
  },
];

describe('set-item-status on table rows', () => {
  it.each(cases)('$name', ({ text, title, status, out: wanted }) => {
    const key = keyOf(text, title);
    const change = { kind: 'set-item-status', key, status } as const;
    const { result, out } = run({ text, changes: [change] });
    expect(result.problems).toEqual([]);
    expect(result.approximations).toEqual([]);
    expect(out).toBe(wanted);
    expectOnlyChange({
      before: parsePlan({ text }),
      after: parsePlan({ text: out }),
      edits: result.edits,
      targets: [{ key, status }],
    });
    expect(run({ text: out, changes: [change] }).result.edits).toEqual([]);
  });

  it('double-encoded cells stay double-encoded: ✅ is written as ‚úÖ', () => {
    const text = damageText('| Task | Status |\n|---|---|\n| a | ✅ |\n| b | ❌ |\n');
    const { result } = run({
      text,
      changes: [{ kind: 'set-item-status', key: keyOf(text, 'b'), status: 'done' }],
    });
    expect(result.edits.map((e) => e.text)).toEqual(['‚úÖ']);
  });

  it('a table without a Status column is a problem, not an edit', () => {
    const text = '| Task | Owner |\n|---|---|\n| a | bob |\n';
    const change = { kind: 'set-item-status', key: keyOf(text, 'a'), status: 'done' } as const;
    const { result } = run({ text, changes: [change] });
    expect(result.edits).toEqual([]);
    expect(result.problems).toEqual([
      {
        change,
        message:
          'Unexpected table row without a Status cell, expected a Status column to edit; a column is never added',
      },
    ]);
  });

  it('a short row without the Status cell is a problem', () => {
    const text = '| Task | Priority | Status |\n|---|---|---|\n| a | P1 |\n';
    const change = { kind: 'set-item-status', key: keyOf(text, 'a'), status: 'done' } as const;
    const { result } = run({ text, changes: [change] });
    expect(result.edits).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/^Unexpected table row without a Status cell/);
  });

  it('done then back to todo restores an aligned word column', () => {
    const key = keyOf(words, 'b');
    const done = run({ text: words, changes: [{ kind: 'set-item-status', key, status: 'done' }] });
    expect(done.out).toBe(words.replace('| b    | To Do       |', '| b    | Done        |'));
    const back = run({
      text: done.out,
      changes: [{ kind: 'set-item-status', key, status: 'todo' }],
    });
    expect(back.out).toBe(words);
  });
});
