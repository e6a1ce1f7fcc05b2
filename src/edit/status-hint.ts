/**
 * The status emoji a checkbox line may carry after its title (`- [ ] Login page 🔄`), which the
 * parser reads as the status of an unticked box (see splitItemText's trailing rules).
 *
 * In a double-encoded file the parser reads these emoji only in their damaged form (`üîÑ` for
 * 🔄, see damageText), and in a plain file only in their plain form: a damaged glyph in a plain
 * file is title text. `findStatusHint` follows the same rule; the glyph it returns is as written
 * in the file, its status as the parser reads it.
 *
 * Contract: pure; offsets are relative to the text passed in.
 */
import type { ItemStatus, Span } from '../plan/plan-types.js';
import { formatStatus } from '../plan/classify-status.js';
import { damageText, repairText } from '../plan/repair-encoding.js';

/** The glyphs splitItemText accepts as a trailing status emoji (same list). */
const PLAIN_GLYPHS = ['✅', '✔️', '✔', '☑️', '☑', '🔄', '🚧', '🟡', '❌', '⬜', '⏳'];

/** Longest first, so `✔️` wins over `✔` (and their damaged forms likewise). */
function alternation(glyphs: string[]): string {
  return [...glyphs]
    .sort((a, b) => b.length - a.length)
    .map((glyph) => glyph.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}

const PLAIN_HINT = alternation(PLAIN_GLYPHS);
const DAMAGED_HINT = alternation(PLAIN_GLYPHS.map(damageText));
const PLAIN_TOKEN = new RegExp(String.raw`(?<=\s)(?:${PLAIN_HINT})(?=\s|$)`, 'gu');
const DAMAGED_TOKEN = new RegExp(String.raw`(?<=\s)(?:${DAMAGED_HINT})(?=\s|$)`, 'gu');
const WHOLE_HINT = new RegExp(`^(?:${PLAIN_HINT})$`, 'u');
const DEFAULT_HINT: Readonly<Record<ItemStatus, string>> = {
  done: '✅',
  'in-progress': '🔄',
  todo: '❌',
};

export interface StatusHint {
  /** Where the glyph is written, relative to the text searched. */
  span: Span;
  /** The glyph as written in the file (damaged in a double-encoded file). */
  glyph: string;
  status: ItemStatus;
}

/** The status a (plain) hint glyph stands for, as splitItemText reads it. */
function hintStatus(glyph: string): ItemStatus {
  return /✅|✔|☑/u.test(glyph) ? 'done' : /🔄|🚧|🟡/u.test(glyph) ? 'in-progress' : 'todo';
}

/**
 * The last status emoji token in `text.slice(from)`: the one the parser's right-to-left stripping
 * meets first, hence the one that decides the hint. Null when there is none. `doubleEncoded`: the
 * file is double-encoded, so only damaged glyphs count (as in splitItemText).
 */
export function findStatusHint(params: {
  text: string;
  from: number;
  doubleEncoded?: boolean;
}): StatusHint | null {
  const { text, from } = params;
  const token = params.doubleEncoded ? DAMAGED_TOKEN : PLAIN_TOKEN;
  let found: StatusHint | null = null;
  token.lastIndex = from;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    const glyph = m[0];
    found = {
      span: { start: m.index, end: m.index + glyph.length },
      glyph,
      status: hintStatus(params.doubleEncoded ? repairText(glyph) : glyph),
    };
  }
  return found;
}

/**
 * A hint glyph for `status` from the same family as `like` (🔄 ↔ ❌, 🚧 ↔ ⬜, ⏳ → 🔄 …), always one
 * the parser accepts as a hint. Both in their plain form: write the result through the file's
 * own form (EditContext.write), read `like` through EditContext.read.
 */
export function hintGlyphFor(params: { status: ItemStatus; like: string }): string {
  const glyph = formatStatus({ status: params.status, like: params.like });
  return WHOLE_HINT.test(glyph) && hintStatus(glyph) === params.status
    ? glyph
    : DEFAULT_HINT[params.status];
}
