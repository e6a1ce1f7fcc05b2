/**
 * Renaming a deliverable to a title as GitHub shows it (plain text): writes Markdown that reads
 * back, through the parser and `toPlainText`, as exactly that title, and replaces only the title
 * span, so a linked `#12`, `@alice`, `(P1)` or a trailing emoji stay exactly as written.
 *
 * Decisions (contract):
 * - The wanted title is compared as toPlainText shows titles: runs of whitespace are one space,
 *   surrounding whitespace dropped. The engine must compare GitHub titles the same way.
 * - Written as the first of `titleCandidates` (escape-title.ts) that reads back as the title with
 *   the same links, mentions, priority and status emoji: verbatim when that works (a plain title
 *   comes back exactly as it was written), else with plan syntax and Markdown escaped
 *   (`\#1`, `\@octocat`, `\*`, `&#80;0` for a trailing `P0`, …).
 * - Refused with a problem: an empty title; a line break or other control character; a lone
 *   surrogate; a title no candidate writes so that it reads back as itself; a title currently
 *   written over several lines (the edit would change the file's line count); a title whose key
 *   another deliverable under the same parent already has, and a rename of a deliverable whose
 *   later duplicate would inherit its key (keys are slugs of the Markdown written).
 * - In a table row every `|` is written as `\|`, which the parser reads back as `|` (GFM). A
 *   candidate that would start a row without a leading pipe with a block marker, or change the
 *   row's cells, is skipped.
 * - Double-encoded files get the title written through `damageText`.
 * - A title that already reads as the wanted one: no edit.
 *
 * Whether a rename can be written, without applying it: `planEdits` with that one change returns
 * no `problems` (a refused or withheld rename is a problem with the reason).
 */
import { slugify } from '../plan/normalize-title.js';
import { toPlainText } from '../plan/plain-text.js';
import type { ItemText } from '../plan/split-item-text.js';
import { splitItemText } from '../plan/split-item-text.js';
import { splitTableRow } from '../plan/split-table-row.js';
import type { Built, EditContext, ItemEntry } from './edit-context.js';
import { lineAt, lineEndAt, quote } from './edit-context.js';
import { titleCandidates } from './escape-title.js';

const LINE_BREAK = /[\r\n]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
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

  if (LINE_BREAK.test(params.title.trim())) {
    return problem('Unexpected line break in the title, expected a one-line title');
  }
  const control = CONTROL.exec(params.title);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return problem(`Unexpected control character U+${code} in the title, expected printable text`);
  }
  const wanted = params.title.replace(/\s+/g, ' ').trim();
  if (wanted === '') return problem('Unexpected empty title, expected the deliverable text');
  if (LONE_SURROGATE.test(wanted.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return problem('Unexpected lone surrogate in the title, expected well-formed Unicode text');
  }
  if (toPlainText(item.title) === wanted) {
    return { kind: 'edits', edits: [], expect: { target: 'item', key: item.key, title: wanted } };
  }

  const span = source.title;
  if (LINE_BREAK.test(text.slice(span.start, span.end))) {
    const count = lineAt({ lines, offset: span.end }) - lineAt({ lines, offset: span.start }) + 1;
    return problem(
      `Unexpected title written over ${count} lines, expected a one-line title to rename; edit it by hand`,
    );
  }

  // The text the parser splits into title and trailing parts, before and after the edit.
  let from: number;
  let to: number;
  let cells: ReturnType<typeof splitTableRow> = [];
  if (source.kind === 'checkbox') {
    from = source.mark.end + 1;
    to = lineEndAt({ lines, offset: span.end });
  } else {
    const row = item.line - 1;
    cells = splitTableRow({ text, start: lines.starts[row] ?? 0, end: lines.ends[row] ?? 0 });
    const cell = cells.find((c) => c.content.start <= span.start && span.end <= c.content.end);
    if (!cell) return problem('Unexpected title outside its table cell, expected it inside one');
    from = cell.content.start;
    to = cell.content.end;
  }
  const doubleEncoded = context.parsed.plan.format.doubleEncoded;
  const before = splitItemText({ text: text.slice(from, to), doubleEncoded });

  let refusal = '';
  for (const candidate of titleCandidates(wanted)) {
    // In a table cell every `|` is written `\|`; the parser reads `\|` back as `|`.
    const markdown = source.kind === 'table-row' ? candidate.replace(/\|/g, '\\|') : candidate;
    const raw = context.write(markdown);
    if (source.kind === 'table-row') {
      const row = item.line - 1;
      const lineStart = lines.starts[row] ?? 0;
      const lead = /^[ \t>]*/.exec(text.slice(lineStart, span.start))?.[0].length ?? 0;
      const restOfLine = text.slice(span.end, lines.ends[row] ?? 0);
      if (lineStart + lead === span.start && BLOCK_START.test(markdown + restOfLine)) {
        refusal ||= `Unexpected ${quote(markdown.charAt(0))} at the start of a table row without a leading pipe, expected a title that does not start a new block there`;
        continue;
      }
      const rowAfter = text.slice(lineStart, span.start) + raw + restOfLine;
      const cellsAfter = splitTableRow({ text: rowAfter, start: 0, end: rowAfter.length });
      if (cellsAfter.length !== cells.length) {
        refusal ||= `Unexpected title ${quote(wanted)} that changes the row's cells, expected one that stays inside its cell`;
        continue;
      }
    }
    const after = splitItemText({
      text: text.slice(from, span.start) + raw + text.slice(span.end, to),
      doubleEncoded,
    });
    const differs =
      readsDifferently({ before, after, titleStart: span.start - from, raw }) ??
      (toPlainText(candidate) !== wanted ? `it would show ${quote(toPlainText(candidate))}` : null);
    if (differs !== null) {
      refusal ||= `Unexpected title ${quote(wanted)} that would read back differently (${differs}), expected a title that reads back as itself`;
      continue;
    }
    const clash = findKeyClash({ context, entry, title: candidate });
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
      expect: { target: 'item', key: item.key, title: wanted, markdown: candidate },
    };
  }
  return problem(refusal);
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
