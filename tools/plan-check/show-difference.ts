/** Longest excerpt shown of each side. */
const WIDTH = 70;
/** Characters of common text kept before the first difference. */
const LEAD = 20;

/**
 * Two texts shortened to where they first differ: short texts are returned whole; longer ones
 * are cut to an excerpt starting a little before the first differing character, with `…` marking
 * cuts, so a one-character change deep inside an issue body is visible on one line.
 */
export function showDifference(params: { before: string; after: string }): {
  before: string;
  after: string;
} {
  const { before, after } = params;
  if (before.length <= WIDTH && after.length <= WIDTH) return { before, after };
  let common = 0;
  while (common < before.length && before[common] === after[common]) common++;
  const start = Math.max(0, common - LEAD);
  const excerpt = (text: string) =>
    (start > 0 ? '…' : '') +
    text.slice(start, start + WIDTH) +
    (text.length > start + WIDTH ? '…' : '');
  return { before: excerpt(before), after: excerpt(after) };
}
