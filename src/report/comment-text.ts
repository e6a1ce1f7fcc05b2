/**
 * Text helpers shared by the renderers of comments and check runs (render-pr-preview.ts,
 * render-merge-summary.ts, render-onboarding-config.ts, render-pr-check-run.ts).
 */

/** `n noun` or `n nouns`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** At most `max` characters (code points), the last one `…` when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Line breaks (and the spaces around them) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * User text in a comment: no HTML (a title could close the marker or open `<details>`), no
 * mentions (`@team` in a deliverable must not notify anyone). References (`#12`) stay links, as
 * on the issue itself.
 */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}
