import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { expectOnlyChange, itemByTitle, keyOf, run } from './edit-test-helpers.js';

interface Case {
  name: string;
  text: string;
  title: string;
  to: string;
  out: string;
  /** The title as read back, when it differs from `to` (trimmed spaces). */
  reads?: string;
}

const cases: Case[] = [
  {
    name: 'keeps priority, mentions, issue and emoji',
    text: '- [ ] Alpha (P1) @alice #12 🔄\n',
    title: 'Alpha',
    to: 'Omega',
    out: '- [ ] Omega (P1) @alice #12 🔄\n',
  },
  {
    name: 'keeps a leading priority',
    text: '- [ ] P1: Beta\n',
    title: 'Beta',
    to: 'Gamma',
    out: '- [ ] P1: Gamma\n',
  },
  {
    name: 'unicode and emoji, CRLF, BOM',
    text: '\uFEFF## M\r\n\r\n- [x] old\r\n- [ ] other\r\n',
    title: 'old',
    to: 'Überprüfung 🚀 日本',
    out: '\uFEFF## M\r\n\r\n- [x] Überprüfung 🚀 日本\r\n- [ ] other\r\n',
  },
  {
    name: 'Markdown kept verbatim',
    text: '- [ ] plain\n',
    title: 'plain',
    to: '**bold** and `code` and [link](https://example.com)',
    out: '- [ ] **bold** and `code` and [link](https://example.com)\n',
  },
  {
    name: 'surrounding spaces dropped',
    text: '- [ ] a\n',
    title: 'a',
    to: '  b \t',
    out: '- [ ] b\n',
    reads: 'b',
  },
  {
    name: 'nested item: descendants follow the new key',
    text: '## M\n\n- [ ] parent\n  - [ ] child\n',
    title: 'parent',
    to: 'renamed parent',
    out: '## M\n\n- [ ] renamed parent\n  - [ ] child\n',
  },
  {
    name: 'table row: pipes escaped, read back unescaped (GFM)',
    text: '| Task | Status |\n|---|---|\n| a #3 | ✅ |\n',
    title: 'a',
    to: 'x | y',
    out: '| Task | Status |\n|---|---|\n| x \\| y #3 | ✅ |\n',
  },
  {
    name: 'table row: a backslash before a pipe is kept, the pipe escaped',
    text: '| Task | Status |\n|---|---|\n| a | ✅ |\n',
    title: 'a',
    to: 'x \\| y',
    out: '| Task | Status |\n|---|---|\n| x \\\\| y | ✅ |\n',
  },
  {
    name: 'table row: a title with an escaped pipe renamed',
    text: '| Task | Status |\n|---|---|\n| a \\| b | 🔄 |\n',
    title: 'a | b',
    to: 'c | d',
    out: '| Task | Status |\n|---|---|\n| c \\| d | 🔄 |\n',
  },
  {
    name: 'table row without a leading pipe',
    text: 'Task | Status\n--- | ---\nfoo | ✅\n',
    title: 'foo',
    to: 'bar baz',
    out: 'Task | Status\n--- | ---\nbar baz | ✅\n',
  },
  {
    name: 'double-encoded file: written in the file’s form',
    text: damageText('## Phase ✅\n\n| Task | Status |\n|---|---|\n| old | ✅ |\n'),
    title: 'old',
    to: 'Prüfung ✨',
    out: damageText('## Phase ✅\n\n| Task | Status |\n|---|---|\n| Prüfung ✨ | ✅ |\n'),
  },
];

describe('rename-item', () => {
  it.each(cases)('$name', ({ text, title, to, out: wanted, reads }) => {
    const key = keyOf(text, title);
    const change = { kind: 'rename-item', key, title: to } as const;
    const { result, out } = run({ text, changes: [change] });
    expect(result.problems).toEqual([]);
    expect(out).toBe(wanted);
    expect(result.edits).toHaveLength(1);
    expectOnlyChange({
      before: parsePlan({ text }),
      after: parsePlan({ text: out }),
      edits: result.edits,
      targets: [{ key, title: reads ?? to }],
    });
    expect(run({ text: out, changes: [change] }).result.edits).toEqual([]);
  });

  it('renaming a parent re-keys its children', () => {
    const text = '## M\n\n- [ ] parent\n  - [ ] child\n';
    const { out } = run({
      text,
      changes: [{ kind: 'rename-item', key: 'm/parent', title: 'New name' }],
    });
    expect(itemByTitle(out, 'New name').key).toBe('m/new-name');
    expect(itemByTitle(out, 'child').key).toBe('m/new-name/child');
  });

  const refused: { name: string; text: string; title: string; to: string; message: RegExp }[] = [
    {
      name: 'empty',
      text: '- [ ] a\n',
      title: 'a',
      to: '  ',
      message: /^Unexpected empty title, expected/,
    },
    {
      name: 'line break',
      text: '- [ ] a\n',
      title: 'a',
      to: 'one\ntwo',
      message: /^Unexpected line break in the title, expected a one-line title$/,
    },
    {
      name: 'control character',
      text: '- [ ] a\n',
      title: 'a',
      to: 'one\u000btwo',
      message: /^Unexpected control character U\+000B/,
    },
    {
      name: 'starts with #',
      text: '- [ ] a\n',
      title: 'a',
      to: '# heading',
      message: /^Unexpected `#` at the start of the title/,
    },
    {
      name: 'starts with a checkbox',
      text: '- [ ] a\n',
      title: 'a',
      to: '[ ] again',
      message: /^Unexpected checkbox at the start of the title/,
    },
    {
      name: 'adds a mention',
      text: '- [ ] a\n',
      title: 'a',
      to: 'ask @bob',
      message: /would read back differently \(it would assign @bob\)/,
    },
    {
      name: 'ends like a priority',
      text: '- [ ] a\n',
      title: 'a',
      to: 'ship it P1',
      message: /it would set priority P1/,
    },
    {
      name: 'ends like an issue link',
      text: '- [ ] a\n',
      title: 'a',
      to: 'fix #3',
      message: /it would link issue #3/,
    },
    {
      name: 'ends with a status emoji',
      text: '- [ ] a\n',
      title: 'a',
      to: 'done ✅',
      message: /it would read as done status emoji/,
    },
    {
      name: 'title over two lines',
      text: '- [ ] first line\n  second line\n',
      title: 'first line second line',
      to: 'short',
      message: /^Unexpected title written over 2 lines/,
    },
    {
      name: 'same key as a sibling',
      text: '## M\n\n- [ ] a\n- [ ] b\n',
      title: 'a',
      to: 'B',
      message: /same key as “b” on line 4/,
    },
    {
      name: 'first of two duplicates',
      text: '## M\n\n- [ ] a\n- [ ] a\n',
      title: 'a',
      to: 'c',
      message: /^Unexpected rename of a duplicate deliverable/,
    },
    {
      name: 'block marker at the start of a pipeless row',
      text: 'Task | Status\n--- | ---\nfoo | ✅\n',
      title: 'foo',
      to: '- bar',
      message: /at the start of a table row without a leading pipe/,
    },
    {
      name: 'trailing backslash that would escape the cell’s pipe',
      text: '|Task|Status|\n|-|-|\n|foo|✅|\n',
      title: 'foo',
      to: 'bar\\',
      message: /changes the row's cells/,
    },
  ];

  it.each(refused)('refuses: $name', ({ text, title, to, message }) => {
    const key = text.includes('- [ ] a\n- [ ] a') ? 'm/a' : keyOf(text, title);
    const change = { kind: 'rename-item', key, title: to } as const;
    const { result, out } = run({ text, changes: [change] });
    expect(result.edits).toEqual([]);
    expect(out).toBe(text);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.change).toEqual(change);
    expect(result.problems[0]?.message).toMatch(message);
  });

  it('renaming the last of two duplicates is fine', () => {
    const text = '## M\n\n- [ ] a\n- [ ] a\n';
    const { result, out } = run({
      text,
      changes: [{ kind: 'rename-item', key: 'm/a~2', title: 'c' }],
    });
    expect(result.problems).toEqual([]);
    expect(out).toBe('## M\n\n- [ ] a\n- [ ] c\n');
    const after = parsePlan({ text: out });
    expect(after.plan.milestones[0]?.items.map((i) => i.key)).toEqual(['m/a', 'm/c']);
    expect(after.diagnostics.filter((d) => d.rule === 'duplicate-deliverable')).toEqual([]);
  });
});
