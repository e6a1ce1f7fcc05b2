/**
 * Status of a checkbox deliverable: the one character between the brackets, plus — only when the
 * line carries a trailing status emoji that would otherwise contradict the new status — that emoji.
 *
 * Decisions (contract):
 * - done: the box is ticked with the mark its siblings use (`x` or `X`, the majority of the
 *   sibling ticks), else the file's `checkedMark`. Exactly one character changes; a trailing emoji
 *   is left alone (a ticked box reads done whatever follows it).
 * - todo: the box is unticked; a trailing 🔄/🚧/🟡 that would still read in progress is swapped for
 *   the todo glyph of its family (🔄 → ❌, 🚧 → ⬜).
 * - in progress, in order: untick when the line's emoji already reads in progress; else swap the
 *   line's emoji for the in-progress glyph of its family (⏳ → 🔄); else `[~]` (or `[/]`) when the
 *   file already uses that mark somewhere; else untick (or leave unticked) and report an
 *   approximation — the file then reads todo, the closest it can say without inventing a mark.
 * - already in the wanted status: no edit.
 * - double-encoded files: the trailing emoji is read in its damaged form (`üîÑ` for 🔄), as the
 *   parser does there, and a swapped emoji is written damaged too (`‚ùå`), so the line keeps
 *   the file's form. In a plain file a damaged glyph is title text, never swapped.
 */
import type { Item, ItemStatus } from '../plan/plan-types.js';
import { splitItemText } from '../plan/split-item-text.js';
import type { Built, EditContext, ItemEntry } from './edit-context.js';
import { lineAt, lineEndAt, quote } from './edit-context.js';
import type { TextEdit } from './edit-types.js';
import { findStatusHint, hintGlyphFor } from './status-hint.js';

export function editCheckbox(params: {
  context: EditContext;
  entry: ItemEntry;
  status: ItemStatus;
}): Built {
  const { context, entry, status } = params;
  const { item } = entry;
  const { text, lines } = context;
  const source = item.source;
  if (source.kind !== 'checkbox') {
    return { kind: 'problem', message: 'Unexpected table row, expected a checkbox' };
  }
  const expect = { target: 'item', key: item.key, status } as const;
  if (item.status === status) return { kind: 'edits', edits: [], expect };

  const mark = text.charAt(source.mark.start);
  // What follows the box on the title's last line: title plus trailing issue/mentions/emoji.
  const bodyStart = source.mark.end + 1;
  const body = text.slice(bodyStart, lineEndAt({ lines, offset: source.title.end }));
  const { doubleEncoded } = context.parsed.plan.format;
  const parts = splitItemText({ text: body, doubleEncoded });
  const hint =
    parts.statusHint === null
      ? null
      : findStatusHint({ text: body, from: parts.titleEnd, doubleEncoded });
  /** How an unticked box reads on this line: the emoji's status, done read as todo. */
  const untickedReads: ItemStatus = hint === null || hint.status === 'done' ? 'todo' : hint.status;

  const edits: TextEdit[] = [];
  const setMark = (to: string, verb: string, note = '') => {
    if (to === mark) return;
    edits.push({
      start: source.mark.start,
      end: source.mark.end,
      text: to,
      line: item.line,
      key: item.key,
      reason: `${verb} ${quote(item.title)}${note}`,
    });
  };
  const swapHint = (to: ItemStatus): string | null => {
    if (hint === null) return 'Unexpected missing status emoji, expected one to swap';
    // The family is chosen on the glyph as people read it; it is written in the file's form.
    const glyph = hintGlyphFor({ status: to, like: context.read(hint.glyph) });
    const written = context.write(glyph);
    const changed = body.slice(0, hint.span.start) + written + body.slice(hint.span.end);
    const after = splitItemText({ text: changed, doubleEncoded });
    if (
      after.statusHint !== to ||
      after.titleStart !== parts.titleStart ||
      after.titleEnd !== parts.titleEnd ||
      after.issue !== parts.issue ||
      after.priority !== parts.priority ||
      after.assignees.join(' ') !== parts.assignees.join(' ')
    ) {
      return `Unexpected status emoji ${context.read(hint.glyph)} that cannot be swapped for ${glyph} cleanly, expected a trailing emoji the line reads back as ${to}`;
    }
    const start = bodyStart + hint.span.start;
    edits.push({
      start,
      end: bodyStart + hint.span.end,
      text: written,
      line: lineAt({ lines, offset: start }),
      key: item.key,
      reason: `set the status emoji of ${quote(item.title)} to ${glyph}`,
    });
    return null;
  };

  if (status === 'done') {
    setMark(checkedMarkFor({ context, siblings: entry.siblings }), 'tick');
    return { kind: 'edits', edits, expect };
  }
  if (status === 'todo') {
    setMark(' ', 'untick');
    if (untickedReads !== 'todo') {
      const problem = swapHint('todo');
      if (problem !== null) return { kind: 'problem', message: problem };
    }
    return { kind: 'edits', edits, expect };
  }
  // In progress.
  if (untickedReads === 'in-progress') {
    setMark(' ', 'untick', ' (its status emoji reads in progress)');
    return { kind: 'edits', edits, expect };
  }
  if (hint !== null) {
    setMark(' ', 'untick');
    const problem = swapHint('in-progress');
    if (problem !== null) return { kind: 'problem', message: problem };
    return { kind: 'edits', edits, expect };
  }
  const progressMark = inProgressMarkOf(context.allItems, text);
  if (progressMark !== null) {
    setMark(progressMark, 'mark', ` in progress with [${progressMark}]`);
    return { kind: 'edits', edits, expect };
  }
  setMark(' ', 'untick', ' (the file has no in-progress mark)');
  return {
    kind: 'edits',
    edits,
    expect: { ...expect, status: 'todo' },
    approximation:
      'Unexpected in-progress status for a checkbox in a file without `[~]` marks or status emoji, expected a form the file already uses; left unticked, reads as todo',
  };
}

/** `x` or `X`: what the ticked siblings use most, else the file's most used mark. */
function checkedMarkFor(params: { context: EditContext; siblings: Item[] }): 'x' | 'X' {
  const { context, siblings } = params;
  let lower = 0;
  let upper = 0;
  for (const sibling of siblings) {
    if (sibling.source.kind !== 'checkbox') continue;
    const mark = context.text.charAt(sibling.source.mark.start);
    if (mark === 'x') lower++;
    if (mark === 'X') upper++;
  }
  if (lower !== upper) return upper > lower ? 'X' : 'x';
  return context.parsed.plan.format.checkedMark;
}

/** The in-progress mark the file already uses (`~` or `/`, the more frequent), or null. */
function inProgressMarkOf(items: Item[], text: string): '~' | '/' | null {
  let tilde = 0;
  let slash = 0;
  for (const item of items) {
    if (item.source.kind !== 'checkbox') continue;
    const mark = text.charAt(item.source.mark.start);
    if (mark === '~') tilde++;
    if (mark === '/') slash++;
  }
  if (tilde === 0 && slash === 0) return null;
  return slash > tilde ? '/' : '~';
}
