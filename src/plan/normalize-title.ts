/** One emoji: a pictograph or flag, with variation selectors, skin tones and ZWJ sequences. */
const EMOJI = String.raw`(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\u{FE0F}|\u{200D}\p{Extended_Pictographic}|\p{Emoji_Modifier})*`;
/** Emoji at the start of a title, with the spaces after each. */
const LEADING_EMOJI = new RegExp(String.raw`^(?:${EMOJI}\s*)+`, 'u');
/**
 * A run of emoji separated by spaces. Each match starts at an emoji and the scan goes on after it,
 * so finding the last run is linear; `(?:\s*${EMOJI})+$` would rescan a run of n emoji from each
 * of its n positions when the title goes on after it (quadratic).
 */
const EMOJI_RUN = new RegExp(String.raw`${EMOJI}(?:\s*${EMOJI})*`, 'gu');

/**
 * Where the title proper starts and ends once the emoji at either end (with the spaces between)
 * are left out; `edges` is the emoji left out.
 */
function findEdgeEmoji(text: string): { start: number; end: number; edges: string } {
  const start = LEADING_EMOJI.exec(text)?.[0].length ?? 0;
  let end = text.length;
  EMOJI_RUN.lastIndex = start;
  for (let m = EMOJI_RUN.exec(text); m !== null; m = EMOJI_RUN.exec(text)) {
    if (m.index + m[0].length === text.length) {
      end = m.index;
      while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
    }
  }
  return { start, end, edges: text.slice(0, start) + text.slice(end) };
}

/** `text` without the emoji at either end (see findEdgeEmoji). */
function dropEdgeEmoji(text: string): string {
  const { start, end } = findEdgeEmoji(text);
  return text.slice(start, end);
}

const STATUS_EMOJI_DONE = /[✅✔☑🟢]/u;
const STATUS_EMOJI_PROGRESS = /[🔄🚧🟡]/u;
const STATUS_EMOJI_TODO = /[❌⬜🔴⏳]/u;

/**
 * A heading as a title: leading/trailing emoji dropped (they are status or decoration, not part of
 * the name), inner whitespace collapsed. Returns the status the emoji implied, if any.
 */
export function cleanHeadingTitle(raw: string): {
  title: string;
  emojiStatus: 'done' | 'in-progress' | 'todo' | null;
} {
  const collapsed = raw.replace(/\s+/g, ' ').trim();
  const found = findEdgeEmoji(collapsed);
  const edges = found.edges;
  const title = collapsed.slice(found.start, found.end).trim();
  const emojiStatus = STATUS_EMOJI_DONE.test(edges)
    ? 'done'
    : STATUS_EMOJI_PROGRESS.test(edges)
      ? 'in-progress'
      : STATUS_EMOJI_TODO.test(edges)
        ? 'todo'
        : null;
  return { title: title === '' ? collapsed : title, emojiStatus };
}

/** Lower-case comparison form of a section name: no emphasis, emoji, trailing colon or numbering. */
export function sectionName(title: string): string {
  return dropEdgeEmoji(title.replace(/[*_`]/g, ''))
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Key-safe slug of a title: NFKC, lower case, Markdown punctuation (`` ` * _ ~ \ ``) dropped, so
 * an escaped title (`a \*b\*`) has the key of its unescaped form; runs of anything but
 * letters and digits turned into `-`. Never empty.
 */
export function slugify(title: string): string {
  // NFKC only matters outside ASCII; most titles are ASCII and skip it.
  const slug = (!/[^\x20-\x7e]/.test(title) ? title : title.normalize('NFKC'))
    .toLowerCase()
    .replace(/[`*_~\\]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'untitled' : slug;
}
