/**
 * Renaming a deliverable: replaces only its title span, so a linked `#12`, `@alice`, `(P1)` or a
 * trailing emoji stay exactly as written. Markdown in the new title is written verbatim.
 *
 * Decisions (contract):
 * - Spaces and tabs around the new title are dropped (the parser trims titles too).
 * - Refused with a problem: an empty title; a line break or other control character; a lone
 *   surrogate; a title starting with `#` or a checkbox (`[ ]`, `[x]` …); a title the line would
 *   read back differently (e.g. ending in `P1`, `#12` or a status emoji, or adding or dropping an
 *   `@mention`: assignees come from the whole line);
 *   a title currently written over several lines (the edit would change the file's line count);
 *   a title whose key another deliverable under the same parent already has, and a rename of a
 *   deliverable whose later duplicate would inherit its key.
 * - In a table row every `|` is written as `\|` (a `\` before it is kept: `a \| b` is written
 *   `a \\| b`), which the parser reads back as `|` (GFM): the title reads back as given. A title
 *   that would start a row without a leading pipe with a block marker (`- `, `1. `, `>`,
 *   ``` ``` ```, `<div`, `#`) is refused: it would end the table.
 * - Double-encoded files get the title written through `damageText`.
 * - Same title as the one read now: no edit.
 */
import { slugify } from '../plan/normalize-title.js';
import type { ItemText } from '../plan/split-item-text.js';
import { splitItemText } from '../plan/split-item-text.js';
import { splitTableRow } from '../plan/split-table-row.js';
import type { Built, EditContext, ItemEntry } from './edit-context.js';
import { lineAt, lineEndAt, quote } from './edit-context.js';

const LINE_BREAK = /[\r\n]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const CHECKBOX_START = /^\[[ xX~/]\]/;
/**
 * Starts of blocks that end a table when they begin a row's line: markdown-it's table rule stops
 * at any line the blockquote terminators accept — fence, blockquote, hr, list, HTML block,
 * heading. (An hr needs a line of only `*`/`-`/`_`, impossible in a row with a pipe.)
 */
const BLOCK_START = /^(?:[-*+][ \t]|\d{1,9}[.)][ \t]|`{3}|~{3}|>|<[A-Za-z/!?]|#)/;

export function editTitle(params: {
  context: EditContext;
  entry: ItemEntry;
  title: string;
}): Built {
  const { context, entry } = params;
  const { item } = entry;
  const { text, lines } = context;
  const source = item.source;
  const problem = (message: string): Built => ({ kind: 'problem', message });

  const wanted = params.title.replace(/^[ \t]+|[ \t]+$/g, '');
  if (wanted === '') return problem('Unexpected empty title, expected the deliverable text');
  if (LINE_BREAK.test(wanted)) {
    return problem('Unexpected line break in the title, expected a one-line title');
  }
  const control = CONTROL.exec(wanted);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return problem(`Unexpected control character U+${code} in the title, expected printable text`);
  }
  if (LONE_SURROGATE.test(wanted)) {
    return problem('Unexpected lone surrogate in the title, expected well-formed Unicode text');
  }
  if (wanted.startsWith('#')) {
    return problem(
      `Unexpected \`#\` at the start of the title ${quote(wanted)}, expected a title that does not read as a heading or issue reference`,
    );
  }
  if (CHECKBOX_START.test(wanted)) {
    return problem(
      `Unexpected checkbox at the start of the title ${quote(wanted)}, expected the title text only`,
    );
  }
  // In a table cell every `|` is written `\|`; the parser reads `\|` back as `|`.
  const title = source.kind === 'table-row' ? wanted.replace(/\|/g, '\\|') : wanted;
  const expect = { target: 'item', key: item.key, title: wanted } as const;
  if (item.title === wanted) return { kind: 'edits', edits: [], expect };

  const span = source.title;
  if (LINE_BREAK.test(text.slice(span.start, span.end))) {
    const count = lineAt({ lines, offset: span.end }) - lineAt({ lines, offset: span.start }) + 1;
    return problem(
      `Unexpected title written over ${count} lines, expected a one-line title to rename; edit it by hand`,
    );
  }
  const raw = context.write(title);

  // The text the parser splits into title and trailing parts, before and after the edit.
  let from: number;
  let to: number;
  if (source.kind === 'checkbox') {
    from = source.mark.end + 1;
    to = lineEndAt({ lines, offset: span.end });
  } else {
    const row = item.line - 1;
    const cells = splitTableRow({ text, start: lines.starts[row] ?? 0, end: lines.ends[row] ?? 0 });
    const cell = cells.find((c) => c.content.start <= span.start && span.end <= c.content.end);
    if (!cell) return problem('Unexpected title outside its table cell, expected it inside one');
    from = cell.content.start;
    to = cell.content.end;
    const lineStart = lines.starts[row] ?? 0;
    const lead = /^[ \t>]*/.exec(text.slice(lineStart, span.start))?.[0].length ?? 0;
    const restOfLine = text.slice(span.end, lines.ends[row] ?? 0);
    if (lineStart + lead === span.start && BLOCK_START.test(title + restOfLine)) {
      return problem(
        `Unexpected ${quote(title.charAt(0))} at the start of a table row without a leading pipe, expected a title that does not start a new block there`,
      );
    }
    const rowAfter = text.slice(lineStart, span.start) + raw + restOfLine;
    const cellsAfter = splitTableRow({ text: rowAfter, start: 0, end: rowAfter.length });
    if (cellsAfter.length !== cells.length) {
      return problem(
        `Unexpected title ${quote(wanted)} that changes the row's cells, expected one that stays inside its cell`,
      );
    }
  }
  const before = splitItemText({
    text: text.slice(from, to),
    doubleEncoded: context.parsed.plan.format.doubleEncoded,
  });
  const after = splitItemText({
    text: text.slice(from, span.start) + raw + text.slice(span.end, to),
    doubleEncoded: context.parsed.plan.format.doubleEncoded,
  });
  const differs = readsDifferently({ before, after, titleStart: span.start - from, raw });
  if (differs !== null) {
    return problem(
      `Unexpected title ${quote(wanted)} that would read back differently (${differs}), expected a title that reads back as itself`,
    );
  }
  const clash = findKeyClash({ context, entry, title: wanted });
  if (clash !== null) return problem(clash);

  return {
    kind: 'edits',
    edits: [
      {
        start: span.start,
        end: span.end,
        text: raw,
        line: lineAt({ lines, offset: span.start }),
        key: item.key,
        reason: `rename ${quote(item.title)} to ${quote(wanted)}`,
      },
    ],
    expect,
  };
}

/** Why the edited text reads differently from the intended title and the same metadata. */
function readsDifferently(params: {
  before: ItemText;
  after: ItemText;
  titleStart: number;
  raw: string;
}): string | null {
  const { before, after, titleStart, raw } = params;
  if (after.issue !== before.issue) return `it would link issue #${after.issue ?? 'none'}`;
  if (after.priority !== before.priority)
    return `it would set priority ${after.priority ?? 'none'}`;
  const added = after.assignees.filter((login) => !before.assignees.includes(login));
  if (added.length > 0) return `it would assign @${added.join(', @')}`;
  const dropped = before.assignees.filter((login) => !after.assignees.includes(login));
  if (dropped.length > 0) return `it would drop @${dropped.join(', @')} as assignee`;
  if (after.assignees.join(' ') !== before.assignees.join(' ')) return 'it would reorder assignees';
  if (after.statusHint !== before.statusHint) {
    return `it would read as ${after.statusHint ?? 'no'} status emoji`;
  }
  if (after.titleStart !== titleStart || after.titleEnd !== titleStart + raw.length) {
    return 'its ends would be read as metadata';
  }
  return null;
}

/**
 * Keys are `parent/slug(title)`, numbered `~2`, `~3` … in document order when repeated. A rename
 * must neither take a key another deliverable has nor hand its own key to a later duplicate.
 */
function findKeyClash(params: {
  context: EditContext;
  entry: ItemEntry;
  title: string;
}): string | null {
  const { context, entry, title } = params;
  const base = (key: string) => key.replace(/~\d+$/, '');
  const oldBase = base(entry.item.key);
  const newBase = `${entry.parentKey}/${slugify(title)}`;
  if (newBase === oldBase) return null;
  for (const other of context.items.values()) {
    if (other.item === entry.item) continue;
    const otherBase = base(other.item.key);
    if (otherBase === newBase) {
      return `Unexpected title ${quote(title)} that gives the same key as ${quote(other.item.title)} on line ${other.item.line}, expected a title unlike its siblings'`;
    }
    if (otherBase === oldBase && other.order > entry.order) {
      return `Unexpected rename of a duplicate deliverable, expected a unique one (its copy on line ${other.item.line} would take over its key)`;
    }
  }
  return null;
}
