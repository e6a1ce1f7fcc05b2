/**
 * The status emoji a checkbox line may carry after its title (`- [ ] Login page 🔄`), which the
 * parser reads as the status of an unticked box (see splitItemText's trailing rules).
 *
 * Contract: pure; offsets are relative to the text passed in.
 */
import type { ItemStatus, Span } from '../plan/plan-types.js';
import { formatStatus } from '../plan/classify-status.js';

/** The glyphs splitItemText accepts as a trailing status emoji (same alternation). */
const HINT_GLYPH = String.raw`✅|✔️?|☑️?|🔄|🚧|🟡|❌|⬜|⏳`;
const HINT_TOKEN = new RegExp(String.raw`(?<=\s)(?:${HINT_GLYPH})(?=\s|$)`, 'gu');
const WHOLE_HINT = new RegExp(`^(?:${HINT_GLYPH})$`, 'u');
const DEFAULT_HINT: Readonly<Record<ItemStatus, string>> = {
  done: '✅',
  'in-progress': '🔄',
  todo: '❌',
};

export interface StatusHint {
  span: Span;
  glyph: string;
  status: ItemStatus;
}

/** The status a hint glyph stands for, as splitItemText reads it. */
export function hintStatus(glyph: string): ItemStatus {
  return /✅|✔|☑/u.test(glyph) ? 'done' : /🔄|🚧|🟡/u.test(glyph) ? 'in-progress' : 'todo';
}

/**
 * The last status emoji token in `text.slice(from)`: the one the parser's right-to-left stripping
 * meets first, hence the one that decides the hint. Null when there is none.
 */
export function findStatusHint(params: { text: string; from: number }): StatusHint | null {
  const { text, from } = params;
  let found: StatusHint | null = null;
  HINT_TOKEN.lastIndex = from;
  for (let m = HINT_TOKEN.exec(text); m !== null; m = HINT_TOKEN.exec(text)) {
    const glyph = m[0];
    found = {
      span: { start: m.index, end: m.index + glyph.length },
      glyph,
      status: hintStatus(glyph),
    };
  }
  return found;
}

/**
 * A hint glyph for `status` from the same family as `like` (🔄 ↔ ❌, 🚧 ↔ ⬜, ⏳ → 🔄 …), always one
 * the parser accepts as a hint.
 */
export function hintGlyphFor(params: { status: ItemStatus; like: string }): string {
  const glyph = formatStatus({ status: params.status, like: params.like });
  return WHOLE_HINT.test(glyph) && hintStatus(glyph) === params.status
    ? glyph
    : DEFAULT_HINT[params.status];
}
