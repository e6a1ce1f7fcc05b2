import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../src/plan/plan-types.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { expectOnlyChange, itemByTitle, keyOf, run } from './edit-test-helpers.js';

interface Case {
  name: string;
  text: string;
  title: string;
  status: ItemStatus;
  out: string;
  /** How the item reads afterwards when that is not `status` (approximations). */
  reads?: ItemStatus;
}

const cases: Case[] = [
  { name: '- bullet', text: '- [ ] a\n', title: 'a', status: 'done', out: '- [x] a\n' },
  { name: '* bullet', text: '* [ ] a\n', title: 'a', status: 'done', out: '* [x] a\n' },
  { name: '+ bullet', text: '+ [ ] a\n', title: 'a', status: 'done', out: '+ [x] a\n' },
  { name: '1. bullet', text: '1. [ ] a\n', title: 'a', status: 'done', out: '1. [x] a\n' },
  { name: '1) bullet', text: '1) [ ] a\n', title: 'a', status: 'done', out: '1) [x] a\n' },
  {
    name: 'nested child',
    text: '- [ ] parent\n  - [ ] child\n    - [x] grandchild\n',
    title: 'child',
    status: 'done',
    out: '- [ ] parent\n  - [x] child\n    - [x] grandchild\n',
  },
  {
    name: 'blockquote',
    text: '> - [ ] x\n> - [x] y\n',
    title: 'x',
    status: 'done',
    out: '> - [x] x\n> - [x] y\n',
  },
  {
    name: 'CRLF, untick',
    text: '- [x] a\r\n- [x] b\r\n',
    title: 'b',
    status: 'todo',
    out: '- [x] a\r\n- [ ] b\r\n',
  },
  {
    name: 'lone CR',
    text: '- [ ] a\r- [ ] b\r',
    title: 'b',
    status: 'done',
    out: '- [ ] a\r- [x] b\r',
  },
  { name: 'BOM', text: '\uFEFF- [ ] a\n', title: 'a', status: 'done', out: '\uFEFF- [x] a\n' },
  {
    name: '[X] style of the file',
    text: '- [X] a\n- [X] b\n- [ ] c\n',
    title: 'c',
    status: 'done',
    out: '- [X] a\n- [X] b\n- [X] c\n',
  },
  {
    name: 'siblings use X where the file mostly uses x',
    text: '## M\n\n- [x] a\n- [x] b\n- [x] c\n\n## N\n\n- [X] d\n- [ ] e\n',
    title: 'e',
    status: 'done',
    out: '## M\n\n- [x] a\n- [x] b\n- [x] c\n\n## N\n\n- [X] d\n- [X] e\n',
  },
  {
    name: 'untick X',
    text: '- [X] a\n',
    title: 'a',
    status: 'todo',
    out: '- [ ] a\n',
  },
  {
    name: 'keeps trailing metadata',
    text: '- [ ] Alpha (P1) @alice #12\n',
    title: 'Alpha',
    status: 'done',
    out: '- [x] Alpha (P1) @alice #12\n',
  },
  {
    name: 'in progress with [~] used elsewhere',
    text: '- [~] a\n- [ ] b\n',
    title: 'b',
    status: 'in-progress',
    out: '- [~] a\n- [~] b\n',
  },
  {
    name: 'in progress with [/] used elsewhere',
    text: '- [/] a\n- [x] b\n',
    title: 'b',
    status: 'in-progress',
    out: '- [/] a\n- [/] b\n',
  },
  {
    name: 'in progress without an in-progress mark: unticked',
    text: '- [x] a\n- [x] b\n',
    title: 'b',
    status: 'in-progress',
    out: '- [x] a\n- [ ] b\n',
    reads: 'todo',
  },
  {
    name: 'in progress on an unticked box without a mark: no edit',
    text: '- [ ] a\n',
    title: 'a',
    status: 'in-progress',
    out: '- [ ] a\n',
    reads: 'todo',
  },
  {
    name: 'todo from [~]',
    text: '- [~] a\n',
    title: 'a',
    status: 'todo',
    out: '- [ ] a\n',
  },
  {
    name: 'todo on a line whose emoji reads in progress: emoji swapped',
    text: '- [ ] a 🔄\n',
    title: 'a',
    status: 'todo',
    out: '- [ ] a ❌\n',
  },
  {
    name: 'todo from done with 🚧: family glyph',
    text: '- [x] a 🚧 #4\n',
    title: 'a',
    status: 'todo',
    out: '- [ ] a ⬜ #4\n',
  },
  {
    name: 'in progress from done where the emoji already says so',
    text: '- [x] a 🔄\n',
    title: 'a',
    status: 'in-progress',
    out: '- [ ] a 🔄\n',
  },
  {
    name: 'in progress from ⏳: emoji swapped, no mark invented',
    text: '- [ ] a ⏳\n',
    title: 'a',
    status: 'in-progress',
    out: '- [ ] a 🔄\n',
  },
  {
    name: 'done keeps the emoji (a ticked box reads done)',
    text: '- [ ] a 🔄\n',
    title: 'a',
    status: 'done',
    out: '- [x] a 🔄\n',
  },
  // Double-encoded files: the parser reads the trailing emoji in its damaged form (`üîÑ`), so
  // the editor finds and swaps it there, and writes the new glyph damaged as well.
  {
    name: 'double-encoded: done keeps the damaged 🔄',
    text: damageText('## M\n\n- [ ] Login page 🔄\n'),
    title: 'Login page',
    status: 'done',
    out: damageText('## M\n\n- [x] Login page 🔄\n'),
  },
  {
    name: 'double-encoded: todo swaps the damaged 🔄 for a damaged ❌',
    text: damageText('## M\n\n- [ ] Login page 🔄\n'),
    title: 'Login page',
    status: 'todo',
    out: damageText('## M\n\n- [ ] Login page ❌\n'),
  },
  {
    name: 'double-encoded: todo from done with a damaged 🚧 and an issue',
    text: damageText('- [x] Überprüfung 🚧 #4\n'),
    title: 'Überprüfung',
    status: 'todo',
    out: damageText('- [ ] Überprüfung ⬜ #4\n'),
  },
  {
    name: 'double-encoded: in progress from done where the damaged 🔄 says so: unticked',
    text: damageText('- [x] Login page 🔄\n'),
    title: 'Login page',
    status: 'in-progress',
    out: damageText('- [ ] Login page 🔄\n'),
  },
  {
    name: 'double-encoded: in progress from a damaged ❌: swapped for a damaged 🔄',
    text: damageText('- [ ] Login page ❌ @alice\n'),
    title: 'Login page',
    status: 'in-progress',
    out: damageText('- [ ] Login page 🔄 @alice\n'),
  },
  {
    name: 'double-encoded: in progress from a damaged ⏳ (ticked): unticked and swapped',
    text: damageText('- [X] Login page ⏳\n'),
    title: 'Login page',
    status: 'in-progress',
    out: damageText('- [ ] Login page 🔄\n'),
  },
  // In a plain file a damaged glyph is title text: nothing to swap, the box alone decides.
  {
    name: 'plain file: a damaged 🔄 is title text, todo only unticks',
    text: `- [x] Login page ${damageText('🔄')}\n- [ ] rocket 🚀\n`,
    title: `Login page ${damageText('🔄')}`,
    status: 'todo',
    out: `- [ ] Login page ${damageText('🔄')}\n- [ ] rocket 🚀\n`,
  },
  {
    name: 'plain file: a damaged 🔄 is title text, in progress is approximated',
    text: `- [ ] Login page ${damageText('🔄')}\n- [ ] rocket 🚀\n`,
    title: `Login page ${damageText('🔄')}`,
    status: 'in-progress',
    out: `- [ ] Login page ${damageText('🔄')}\n- [ ] rocket 🚀\n`,
    reads: 'todo',
  },
];

describe('set-item-status on checkboxes', () => {
  it.each(cases)('$name', ({ text, title, status, out: wanted, reads }) => {
    const key = keyOf(text, title);
    const change = { kind: 'set-item-status', key, status } as const;
    const { result, out } = run({ text, changes: [change] });
    expect(result.problems).toEqual([]);
    expect(out).toBe(wanted);
    if (reads === undefined) {
      expect(result.approximations).toEqual([]);
    } else {
      expect(result.approximations).toHaveLength(1);
      expect(result.approximations[0]?.message).toMatch(/^Unexpected in-progress status/);
    }
    expectOnlyChange({
      before: parsePlan({ text }),
      after: parsePlan({ text: out }),
      edits: result.edits,
      targets: [{ key, status: reads ?? status }],
    });
    // Applying the same change again changes nothing.
    expect(run({ text: out, changes: [change] }).result.edits).toEqual([]);
  });

  it('a tick changes exactly one character and says what it did', () => {
    const text = '## M1\n\n- [ ] Login page\n';
    const { result } = run({
      text,
      changes: [{ kind: 'set-item-status', key: 'm1/login-page', status: 'done' }],
    });
    expect(result.edits).toEqual([
      { start: 10, end: 11, text: 'x', line: 3, key: 'm1/login-page', reason: 'tick “Login page”' },
    ]);
  });

  it('an already ticked box gives no edit', () => {
    const text = '- [X] a\n';
    const { result } = run({
      text,
      changes: [{ kind: 'set-item-status', key: keyOf(text, 'a'), status: 'done' }],
    });
    expect(result).toEqual({ edits: [], problems: [], approximations: [] });
  });

  it('tick then untick restores the text', () => {
    const text = '# Plan\r\n\r\n## M\r\n\r\n* [ ] one\r\n  * [ ] two\r\n';
    const key = keyOf(text, 'two');
    const ticked = run({ text, changes: [{ kind: 'set-item-status', key, status: 'done' }] }).out;
    expect(ticked).toBe('# Plan\r\n\r\n## M\r\n\r\n* [ ] one\r\n  * [x] two\r\n');
    expect(itemByTitle(ticked, 'two').status).toBe('done');
    const back = run({ text: ticked, changes: [{ kind: 'set-item-status', key, status: 'todo' }] });
    expect(back.out).toBe(text);
  });
});
