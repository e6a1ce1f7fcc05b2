import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { toPlainText } from '../../src/plan/plain-text.js';
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
    name: 'a plain title: Markdown specials escaped, code spans kept (GitHub shows them)',
    text: '- [ ] plain\n',
    title: 'plain',
    to: '**bold** and `code` and [link](https://example.com)',
    out: '- [ ] \\*\\*bold\\*\\* and `code` and \\[link\\](https\\://example.com)\n',
  },
  {
    name: 'an issue reference in the new title is not a link',
    text: '- [ ] a #7\n',
    title: 'a',
    to: 'Write the parser, follow-up to #1',
    out: '- [ ] Write the parser, follow-up to \\#1 #7\n',
  },
  {
    name: 'a mention in the new title is not an assignee',
    text: '- [ ] a\n',
    title: 'a',
    to: 'Ping @octocat about it',
    out: '- [ ] Ping \\@octocat about it\n',
  },
  {
    name: 'a trailing P0 is not a priority (written as an entity)',
    text: '- [ ] a\n',
    title: 'a',
    to: 'Triage P0',
    out: '- [ ] Triage &#80;0\n',
  },
  {
    name: 'a leading P1 is not a priority',
    text: '- [ ] a\n',
    title: 'a',
    to: 'P1: first',
    out: '- [ ] &#80;1: first\n',
  },
  {
    name: 'owner/repo#N and a trailing URL stay in the title',
    text: '- [ ] a\n',
    title: 'a',
    to: 'see o/r#3 then https://x.test/a',
    out: '- [ ] see o/r\\#3 then https\\://x.test/a\n',
  },
  {
    name: 'a trailing status emoji is not a status',
    text: '- [ ] a\n',
    title: 'a',
    to: 'done ✅',
    out: '- [ ] done &#x2705;\n',
  },
  {
    name: 'a trailing separator before the line’s link stays',
    text: '- [ ] a #4\n',
    title: 'a',
    to: 'Swarm API,',
    out: '- [ ] Swarm API\\, #4\n',
  },
  {
    name: 'emphasis markers in a plain title are escaped, lone ones are not',
    text: '- [ ] a\n',
    title: 'a',
    to: 'a *b* c, snake_case and 2*3',
    out: '- [ ] a \\*b\\* c, snake\\_case and 2\\*3\n',
  },
  {
    name: 'an entity-like text stays text',
    text: '- [ ] a\n',
    title: 'a',
    to: 'Fish &amp; chips',
    out: '- [ ] Fish \\&amp; chips\n',
  },
  {
    name: 'starts with # or a checkbox',
    text: '- [ ] a\n- [ ] b\n',
    title: 'a',
    to: '# heading [ ] x',
    out: '- [ ] # heading [ ] x\n- [ ] b\n',
  },
  {
    name: 'pipeless table row: a leading block marker escaped',
    text: 'Task | Status\n--- | ---\nfoo | ✅\n',
    title: 'foo',
    to: '- bar',
    out: 'Task | Status\n--- | ---\n\\- bar | ✅\n',
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
    out: '| Task | Status |\n|---|---|\n| x \\\\\\| y | ✅ |\n',
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

  it('no edit when the title already shows as the wanted plain title', () => {
    const text = '- [ ] **Bold** move #3\n';
    const key = keyOf(text, '**Bold** move');
    const { result } = run({
      text,
      changes: [{ kind: 'rename-item', key, title: ' Bold  move ' }],
    });
    expect(result).toEqual({ edits: [], problems: [], approximations: [] });
  });

  it('a plain title comes back exactly, and GitHub’s title reads back from the Markdown', () => {
    const text = '- [ ] Old name @alice (P2)\n';
    const key = keyOf(text, 'Old name');
    const { out } = run({
      text,
      changes: [{ kind: 'rename-item', key, title: 'Ship @bob v2, P1' }],
    });
    const item = parsePlan({ text: out }).plan.items[0];
    expect(toPlainText(item?.title ?? '')).toBe('Ship @bob v2, P1');
    expect([item?.assignees, item?.priority, item?.issue]).toEqual([['alice'], 'P2', null]);
    const back = run({
      text: out,
      changes: [{ kind: 'rename-item', key: item?.key ?? '', title: 'Old name' }],
    });
    expect(back.out).toBe(text);
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

describe('rename-item with titles full of plan syntax (property)', () => {
  const part = fc.constantFrom(
    'Fix',
    'the parser',
    '#1',
    '(#12)',
    'o/r#3',
    '@octocat',
    '(@kvz)',
    'P0',
    '[P1]',
    '**P2**',
    '*x*',
    '__y__',
    '`code`',
    '[a](b)',
    'https://github.com/o/r/issues/4',
    '&amp;',
    '\\',
    '-',
    ':',
    ',',
    '✅',
    '🔄',
    '|',
    '<b>',
    '~~z~~',
  );
  const titleArb = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));
  const fileArb = fc.constantFrom(
    '## M\n\n- [ ] old @alice #9 (P2)\n',
    '## M\n\n- [x] old\n',
    '| Task | Status | Owner |\n|---|---|---|\n| old #5 | ✅ | @bob |\n',
  );

  it('writes Markdown that shows exactly the title and adds no link, mention or priority, or withholds it', () => {
    fc.assert(
      fc.property(fileArb, titleArb, (text, title) => {
        const before = parsePlan({ text });
        const item = (before.plan.milestones[0]?.items ?? before.plan.items)[0];
        if (!item) throw new Error('no item');
        const { result, out } = run({
          text,
          changes: [{ kind: 'rename-item', key: item.key, title }],
        });
        if (result.edits.length === 0) {
          if (toPlainText(item.title) !== title) expect(result.problems).toHaveLength(1);
          return;
        }
        const after = parsePlan({ text: out }).plan;
        const renamed = (after.milestones[0]?.items ?? after.items)[0];
        expect(toPlainText(renamed?.title ?? '')).toBe(title.replace(/\s+/g, ' ').trim());
        expect(renamed?.assignees).toEqual(item.assignees);
        expect(renamed?.issue).toBe(item.issue);
        expect(renamed?.priority).toBe(item.priority);
        expect(renamed?.status).toBe(item.status);
      }),
      { numRuns: 400 },
    );
  });
});
