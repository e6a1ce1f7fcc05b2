/**
 * fast-check arbitraries for plan files: random Markdown with headings, Status lines, checkbox
 * lists (every bullet kind, nesting, `x`/`X`/`~` marks, trailing `#12`/`@alice`/`(P1)`/status
 * emoji, also already damaged ones such as `üîÑ`, leading `P2:`), blockquoted lists, plain description bullets, tables with a Status column
 * in several vocabularies and layouts (padded, unpadded, aligned, without outer pipes, quoted) or
 * without one,
 * code fences holding checkbox lines, prose; LF, CRLF or CR line endings; an optional BOM; and
 * optionally the whole file double-encoded (`damageText`).
 *
 * Titles are unique in a file (a counter is appended), so keys never collide. Blocks are separated
 * by blank lines, so no block runs into the next one (no lazy continuation lines).
 */
import fc from 'fast-check';
import { damageText } from '../../src/plan/repair-encoding.js';
import { displayWidth } from '../../src/edit/text-width.js';

export interface GeneratedPlan {
  text: string;
  eol: '\n' | '\r\n' | '\r';
  bom: boolean;
  damaged: boolean;
}

type Status = 'todo' | 'in-progress' | 'done';

const WORDS = [
  'Login',
  'page',
  'API',
  'cache',
  'página',
  'Überprüfung',
  'naïve',
  '日本語',
  'build 🎉',
  'rocket 🚀',
  '`code`',
  '**bold**',
  '_em_',
  'a/b',
  'x & y',
  'café',
  'Ω',
  'deploy',
  '[link](https://example.com)',
];

interface ItemSpec {
  mark: string;
  lead: string;
  words: string[];
  meta: string;
  note: boolean;
  children: ItemSpec[];
}

const wordsArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 });

/** Trailing metadata of a checkbox line. */
const ITEM_META = [
  '',
  '',
  '',
  '',
  ' #12',
  ' @alice',
  ' (P1)',
  ' 🔄',
  ' ❌',
  ' ⏳',
  ' @bob #7',
  // Already damaged glyphs: title text in a plain file (a status emoji in a file that reads as
  // double-encoded, twice damaged text in a damaged one).
  ` ${damageText('🔄')}`,
  ` ${damageText('❌')} #5`,
];

/** Trailing metadata with a status emoji on most lines, for `statusEmoji: true`. */
const EMOJI_META = [
  '',
  ' 🔄',
  ' ❌',
  ' ⏳',
  ' 🚧',
  ' ⬜',
  ' 🟡',
  ' ✅',
  ' 🔄 #12',
  ' ❌ @alice',
  ' ⏳ (P1)',
  ` ${damageText('🔄')}`,
];

const itemArb = (depth: number, meta: string[]): fc.Arbitrary<ItemSpec> =>
  fc.record({
    mark: fc.constantFrom(' ', ' ', ' ', 'x', 'x', 'X', '~'),
    lead: fc.constantFrom('', '', '', '', 'P2: '),
    words: wordsArb,
    meta: fc.constantFrom(...meta),
    note: fc.boolean(),
    children: depth > 0 ? fc.array(itemArb(depth - 1, meta), { maxLength: 2 }) : fc.constant([]),
  });

interface ChecklistSpec {
  kind: 'checklist';
  bullet: string;
  quote: boolean;
  items: ItemSpec[];
}

const VOCABULARIES: Record<string, Record<Status, string>> = {
  glyphs: { done: '✅', 'in-progress': '🔄', todo: '❌' },
  words: { done: 'Done', 'in-progress': 'In Progress', todo: 'To Do' },
  upper: { done: 'DONE', 'in-progress': 'IN PROGRESS', todo: 'TODO' },
  emptyTodo: { done: '✅', 'in-progress': '🔄', todo: '' },
  glyphWords: { done: '✅ Done', 'in-progress': '🔄 In Progress', todo: '❌ Not Started' },
};

interface TableSpec {
  kind: 'table';
  /** False: an `Owner` column instead of Status (rows then have no Status cell). */
  statusColumn: boolean;
  vocabulary: keyof typeof VOCABULARIES;
  layout: 'padded' | 'unpadded' | 'aligned' | 'pipeless';
  priority: boolean;
  quote: boolean;
  rows: { words: string[]; status: Status; meta: string }[];
}

interface OtherSpec {
  kind: 'fence' | 'prose';
}

type BlockSpec = ChecklistSpec | TableSpec | OtherSpec;

const checklistArb = (meta: string[]): fc.Arbitrary<ChecklistSpec> =>
  fc.record({
    kind: fc.constant('checklist' as const),
    bullet: fc.constantFrom('-', '*', '+', '1.', '1)'),
    quote: fc.boolean(),
    items: fc.array(itemArb(2, meta), { minLength: 1, maxLength: 4 }),
  });

const tableArb: fc.Arbitrary<TableSpec> = fc.record({
  kind: fc.constant('table' as const),
  statusColumn: fc.constantFrom(true, true, true, true, false),
  vocabulary: fc.constantFrom(...(Object.keys(VOCABULARIES) as (keyof typeof VOCABULARIES)[])),
  layout: fc.constantFrom('padded', 'unpadded', 'aligned', 'pipeless'),
  priority: fc.boolean(),
  quote: fc.boolean(),
  rows: fc.array(
    fc.record({
      words: wordsArb,
      status: fc.constantFrom<Status>('todo', 'in-progress', 'done'),
      meta: fc.constantFrom('', '', '', ' #3', ' (P1)'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

const blockArb = (meta: string[]): fc.Arbitrary<BlockSpec> =>
  fc.oneof(
    { weight: 5, arbitrary: checklistArb(meta) },
    { weight: 3, arbitrary: tableArb },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constantFrom('fence' as const, 'prose' as const) }),
    },
  );

const STATUS_LINES = [
  '**Status**: ⏳ PENDING  ',
  '**Status:** IN PROGRESS',
  'Status: Done',
  '**Status**: ✅ COMPLETED on 2026-01-02',
  '**Status**: ❌ Not Started',
];

interface SectionSpec {
  words: string[];
  emoji: string;
  status: string | null;
  subheading: string;
  blocks: BlockSpec[];
}

const sectionArb = (meta: string[]): fc.Arbitrary<SectionSpec> =>
  fc.record({
    words: wordsArb,
    emoji: fc.constantFrom('', '', ' ✅', ' 🔄'),
    status: fc.option(fc.constantFrom(...STATUS_LINES), { nil: null }),
    subheading: fc.constantFrom('', '', '### Tasks', '### Backend Tasks', '**Deliverables**:'),
    blocks: fc.array(blockArb(meta), { minLength: 1, maxLength: 3 }),
  });

/**
 * Plans as above. `damaged` fixes whether the file is double-encoded (default: one in four is);
 * `statusEmoji` puts a trailing status emoji on most checkbox lines.
 */
export function arbitraryPlanOf(
  options: { damaged?: boolean; statusEmoji?: boolean } = {},
): fc.Arbitrary<GeneratedPlan> {
  const meta = options.statusEmoji === true ? EMOJI_META : ITEM_META;
  return fc
    .record({
      title: fc.boolean(),
      sections: fc.array(sectionArb(meta), { minLength: 1, maxLength: 4 }),
      eol: fc.constantFrom<GeneratedPlan['eol']>('\n', '\n', '\r\n', '\r\n', '\r'),
      bom: fc.boolean(),
      damaged:
        options.damaged === undefined
          ? fc.constantFrom(false, false, false, true)
          : fc.constant(options.damaged),
    })
    .map(render);
}

export const arbitraryPlan: fc.Arbitrary<GeneratedPlan> = arbitraryPlanOf();

function render(params: {
  title: boolean;
  sections: SectionSpec[];
  eol: GeneratedPlan['eol'];
  bom: boolean;
  damaged: boolean;
}): GeneratedPlan {
  const { title, sections, eol, bom, damaged } = params;
  let counter = 0;
  const unique = (words: string[]) => [...words, String(++counter)].join(' ');
  const lines: string[] = [];
  if (title) lines.push('# Project Plan', '');
  sections.forEach((section, index) => {
    lines.push(`## Milestone ${index + 1}: ${section.words.join(' ')}${section.emoji}`, '');
    if (section.status !== null) lines.push(section.status, '');
    for (const [b, block] of section.blocks.entries()) {
      if (b === 0 && section.subheading !== '') lines.push(section.subheading, '');
      lines.push(...renderBlock({ block, unique }), '');
    }
  });
  const body = lines.join(eol);
  const text = (bom ? '\uFEFF' : '') + (damaged ? damageText(body) : body);
  return { text, eol, bom, damaged };
}

function renderBlock(params: { block: BlockSpec; unique: (words: string[]) => string }): string[] {
  const { block, unique } = params;
  switch (block.kind) {
    case 'checklist':
      return renderChecklist({ block, unique });
    case 'table':
      return renderTable({ block, unique });
    case 'fence':
      return ['```markdown', `- [ ] fenced example ${unique([])}`, '- [x] another', '```'];
    case 'prose':
      return [`Some prose about ${unique(['the', 'plan'])}.`];
  }
}

function renderChecklist(params: {
  block: ChecklistSpec;
  unique: (words: string[]) => string;
}): string[] {
  const { block, unique } = params;
  const prefix = block.quote ? '> ' : '';
  const out: string[] = [];
  const render = (items: ItemSpec[], indent: string, bullet: string) => {
    for (const item of items) {
      out.push(
        `${prefix}${indent}${bullet} [${item.mark}] ${item.lead}${unique(item.words)}${item.meta}`,
      );
      const inner = indent + ' '.repeat(bullet.length + 1);
      if (item.note) out.push(`${prefix}${inner}- a note ${unique([])}`);
      render(item.children, inner, bullet === '1.' || bullet === '1)' ? '-' : bullet);
    }
  };
  render(block.items, '', block.bullet);
  return out;
}

function renderTable(params: { block: TableSpec; unique: (words: string[]) => string }): string[] {
  const { block, unique } = params;
  const vocabulary = VOCABULARIES[block.vocabulary] as Record<Status, string>;
  const last = block.statusColumn ? 'Status' : 'Owner';
  const header = block.priority ? ['Task', 'Priority', last] : ['Task', last];
  const rows = block.rows.map((row) => {
    const title = `${unique(row.words)}${row.meta}`;
    const status = block.statusColumn ? vocabulary[row.status] : 'someone';
    return block.priority ? [title, 'P1', status] : [title, status];
  });
  const widths = header.map((h, c) =>
    Math.max(3, displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))),
  );
  const fit = (cell: string, c: number) =>
    cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - displayWidth(cell)));
  const line = (cells: string[], delimiter: boolean): string => {
    switch (block.layout) {
      case 'unpadded':
        return `|${cells.join('|')}|`;
      case 'aligned':
        return delimiter
          ? `|${cells.map((_, c) => '-'.repeat((widths[c] ?? 3) + 2)).join('|')}|`
          : `| ${cells.map((cell, c) => fit(cell, c)).join(' | ')} |`;
      case 'pipeless':
        return cells.join(' | ');
      case 'padded':
        return `| ${cells.join(' | ')} |`.replace(/ {2}\|/g, ' |');
    }
  };
  const delimiter = header.map(() => '---');
  const prefix = block.quote ? '> ' : '';
  return [line(header, false), line(delimiter, true), ...rows.map((r) => line(r, false))].map(
    (l) => prefix + l,
  );
}
