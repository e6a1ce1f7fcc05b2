/**
 * Columns a string takes in a monospace editor, for keeping Markdown tables aligned: wide East
 * Asian characters and emoji count 2, combining marks, variation selectors, skin tones and the
 * parts of a ZWJ sequence after the first count 0, everything else 1.
 *
 * Contract: pure; an approximation of UAX #11 good enough to compare cells of one table (the same
 * measure is used for every cell, so an aligned table stays aligned).
 */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ZERO_WIDTH = /[\p{M}\p{Emoji_Modifier}\u200B-\u200F\u2060\uFEFF\p{Cc}]/u;

export function displayWidth(text: string): number {
  let width = 0;
  let joined = false;
  let previous = '';
  for (const ch of text) {
    if (ch === '\u200D') {
      joined = true;
      continue;
    }
    if (ch === '\uFE0F') {
      // Emoji presentation of a text-style pictograph (✔️, ☑️) is two columns wide.
      if (PICTOGRAPH.test(previous) && !EMOJI_PRESENTATION.test(previous)) width += 1;
      continue;
    }
    if (ZERO_WIDTH.test(ch)) continue;
    if (joined && PICTOGRAPH.test(ch)) {
      joined = false;
      continue;
    }
    joined = false;
    previous = ch;
    width += EMOJI_PRESENTATION.test(ch) || WIDE.test(ch) ? 2 : 1;
  }
  return width;
}
