/** One emoji: a pictograph or flag, with variation selectors, skin tones and ZWJ sequences. */
const EMOJI = String.raw`(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\u{FE0F}|\u{200D}\p{Extended_Pictographic}|\p{Emoji_Modifier})*`;
/** Emoji at either end of a title. */
const EDGE_EMOJI = new RegExp(String.raw`^(?:${EMOJI}\s*)+|(?:\s*${EMOJI})+$`, 'gu');

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
  const edges = collapsed.match(EDGE_EMOJI)?.join('') ?? '';
  const title = collapsed.replace(EDGE_EMOJI, '').trim();
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
  return title
    .replace(/[*_`]/g, '')
    .replace(EDGE_EMOJI, '')
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
