import { toPlainText } from '../plan/plain-text.js';

/**
 * GitHub's limits on titles: an issue title is at most 256 characters (a longer one is refused
 * with 422, see https://docs.github.com/en/rest/issues/issues#create-an-issue), a milestone title
 * at most 255 (the fake GitHub enforces both).
 */
export const MAX_ISSUE_TITLE = 256;
const MAX_MILESTONE_TITLE = 255;

/**
 * The title an issue gets for a deliverable written as inline Markdown: the text GitHub would show
 * (links → their text, emphasis dropped, inline code kept), cut at a word boundary with `…` when
 * over GitHub's limit. The issue body carries the full line. Pure.
 */
export function issueTitleOf(markdown: string): string {
  return cutTitle({ text: toPlainText(markdown), max: MAX_ISSUE_TITLE });
}

/** The same for a milestone heading. */
export function milestoneTitleOf(markdown: string): string {
  return cutTitle({ text: toPlainText(markdown), max: MAX_MILESTONE_TITLE });
}

/**
 * `text` when it fits in `max` UTF-16 code units (never more code points than that either), else
 * its longest prefix ending at a word boundary that fits with `…` appended (a hard cut when one
 * word is longer than the room). Never splits a surrogate pair.
 */
export function cutTitle(params: { text: string; max: number }): string {
  const { text, max } = params;
  if (text.length <= max) return text;
  const room = max - 1; // for the ellipsis
  let end = room;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end--; // keep a surrogate pair whole
  const space = text.lastIndexOf(' ', end);
  if (space > room / 2) end = space;
  return `${text.slice(0, end).replace(/[\s,;:–—-]+$/u, '')}…`;
}

/**
 * Whether a deliverable's line can be renamed from a GitHub title without losing anything: its
 * title is plain text (no links, emphasis, HTML or entities, which a plain GitHub title cannot
 * carry) and was not cut. Otherwise a rename on GitHub leaves the line as written.
 */
export function isRewritableTitle(markdown: string): boolean {
  return !MARKUP.test(markdown) && issueTitleOf(markdown) === toPlainText(markdown);
}

const MARKUP = /\[|\]\(|\*|(?:^|[^\p{L}\p{N}])_|_(?:[^\p{L}\p{N}]|$)|<[a-zA-Z/!]|~~|&#?\w+;/u;
