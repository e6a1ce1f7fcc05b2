/**
 * Line- and character-level mutations of plan files, for fuzzing the parser (fast-check
 * arbitraries): delete, duplicate or swap lines; insert random Unicode (lone surrogates, NUL, a
 * BOM mid-file, U+2028), CR/CRLF/LF line endings mixed; unclosed code fences; lists nested up to
 * 1,000 levels; tables of many rows or columns; very long lines; heading, checkbox, table, Status
 * and progress fragments spliced into other lines.
 *
 * A mutation is plain data (`Mutation`) applied by `applyMutations`, so fast-check shrinks a
 * failure to the fewest, smallest mutations and its report shows them.
 */
import fc from 'fast-check';

/** Fragments of plan syntax spliced into lines. */
export const FRAGMENTS = [
  '## ',
  '### Milestone 9: ',
  '# ',
  '- [ ] ',
  '- [x] ',
  '* [X] ',
  '1. [~] ',
  '  - [ ] ',
  '[ ]',
  '| Task | Status |',
  '|---|---|',
  '| a | ✅ |',
  '|',
  '**Status**: ',
  'Status: done',
  '**Target Date**: Week 2',
  '**Overall Progress**: 40% (4/10)',
  '**Deliverables**:',
  '```',
  '~~~',
  '<!--',
  '-->',
  '<div>',
  '> ',
  '---',
  '[ref]: https://example.com',
  '#12',
  '@alice',
  '(P1)',
  '🔄',
  'ðŸ”„',
  '\\',
  '`',
  '**',
  '_',
];

/** Characters that have broken text handling elsewhere. */
const AWKWARD = [
  '\0',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uFEFF',
  '\r',
  '\r\n',
  '\n',
  '\u2028',
  '\u0085',
  '\t',
  '\u00A0',
  '\u200D',
  '\uFE0F',
  '🏽',
  '🇩🇪',
  'é',
  'e\u0301',
];

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number; times: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; column: number; text: string }
  | { kind: 'eol'; at: number; eol: '\r' | '\r\n' | '\n' }
  | { kind: 'fence'; at: number; fence: string }
  | { kind: 'nest'; at: number; depth: number; style: 'staircase' | 'inline' | 'quote' }
  | { kind: 'table'; at: number; rows: number; columns: number }
  | { kind: 'long-line'; at: number; unit: string; length: number }
  | { kind: 'splice'; at: number; column: number; fragment: string };

const at = fc.nat();
const insertText = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.array(fc.constantFrom(...AWKWARD, ...FRAGMENTS), { maxLength: 4 }).map((a) => a.join('')),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at,
      times: fc.integer({ min: 1, max: 50 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap' as const), at, with: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at,
      column: fc.nat(),
      text: insertText,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('eol' as const),
      at,
      eol: fc.constantFrom<'\r' | '\r\n' | '\n'>('\r', '\r\n', '\n'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fence' as const),
      at,
      fence: fc.constantFrom('```', '~~~', '````markdown', '    ```', '> ```'),
    }),
  },
  {
    weight: 1,
    // One line nested up to 1,000 levels (`- - - … [ ] x`, `> > > …`); a staircase (a line per
    // level) up to 250 levels, as 1,000 of them make a 1 MB file (parse-plan.fuzz.test.ts reads
    // one such file on its own).
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('nest' as const),
        at,
        depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 1000 })),
        style: fc.constantFrom<'inline' | 'quote'>('inline', 'quote'),
      }),
      fc.record({
        kind: fc.constant('nest' as const),
        at,
        depth: fc.integer({ min: 1, max: 250 }),
        style: fc.constant<'staircase'>('staircase'),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('table' as const),
      at,
      rows: fc.integer({ min: 0, max: 300 }),
      columns: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('long-line' as const),
      at,
      unit: fc.constantFrom(' ', '\t', '*', '_', '[', '`', '<', '#', '🔄', '@a ', '#1 ', 'word '),
      length: fc.integer({ min: 100, max: 20_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at,
      column: fc.nat(),
      fragment: fc.constantFrom(...FRAGMENTS),
    }),
  },
);

/** A line with its own ending (the last line has none). */
interface Line {
  text: string;
  eol: string;
}

function splitKeepingEol(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let from = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ text: text.slice(from, m.index), eol: m[0] });
    from = m.index + m[0].length;
  }
  out.push({ text: text.slice(from), eol: '' });
  return out;
}

function block(lines: string[]): Line[] {
  return lines.map((text) => ({ text, eol: '\n' }));
}

/** Applies each mutation in turn; positions are taken modulo the current line count. */
export function applyMutations(params: { text: string; mutations: readonly Mutation[] }): string {
  let lines = splitKeepingEol(params.text);
  for (const m of params.mutations) {
    const i = m.at % lines.length;
    const line = lines[i] as Line;
    const insertAt = (column: number, s: string) => {
      const c = column % (line.text.length + 1);
      lines[i] = { ...line, text: line.text.slice(0, c) + s + line.text.slice(c) };
    };
    switch (m.kind) {
      case 'delete':
        if (lines.length > 1) lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(
          i,
          0,
          ...Array.from({ length: m.times }, () => ({ ...line, eol: line.eol || '\n' })),
        );
        break;
      case 'swap': {
        const j = m.with % lines.length;
        const other = lines[j] as Line;
        lines[i] = { text: other.text, eol: line.eol };
        lines[j] = { text: line.text, eol: other.eol };
        break;
      }
      case 'insert':
        insertAt(m.column, m.text);
        break;
      case 'splice':
        insertAt(m.column, m.fragment);
        break;
      case 'eol':
        if (line.eol !== '') lines[i] = { ...line, eol: m.eol };
        break;
      case 'fence':
        lines.splice(i, 0, ...block([m.fence]));
        break;
      case 'nest':
        lines.splice(i, 0, ...block(nestedList(m.depth, m.style)));
        break;
      case 'table':
        lines.splice(i, 0, ...block(wideTable(m.rows, m.columns)));
        break;
      case 'long-line':
        lines.splice(
          i,
          0,
          ...block([`- [ ] ${m.unit.repeat(Math.ceil(m.length / m.unit.length))}x`]),
        );
        break;
    }
    if (lines.length === 0) lines = [{ text: '', eol: '' }];
  }
  return lines.map((l) => l.text + l.eol).join('');
}

/** A list `depth` levels deep, ending in checkboxes at every level. */
export function nestedList(depth: number, style: 'staircase' | 'inline' | 'quote'): string[] {
  switch (style) {
    case 'staircase':
      return Array.from({ length: depth }, (_, d) => `${'  '.repeat(d)}- [ ] level ${d}`);
    case 'inline':
      return [`${'- '.repeat(depth)}[ ] inline ${depth}`];
    case 'quote':
      return [`${'> '.repeat(depth)}- [ ] quoted ${depth}`];
  }
}

/** A table with a Task and a Status column and `columns` more, `rows` rows. */
export function wideTable(rows: number, columns: number): string[] {
  const extra = (cell: string) => ` ${cell} |`.repeat(columns);
  return [
    `| Task | Status |${extra('c')}`,
    `|---|---|${extra('---')}`,
    ...Array.from(
      { length: rows },
      (_, r) => `| row ${r} | ${r % 2 ? '✅' : 'todo'} |${extra('x')}`,
    ),
  ];
}
