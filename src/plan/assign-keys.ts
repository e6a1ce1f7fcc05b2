import type { Diagnostic, Item, Milestone } from './plan-types.js';
import { slugify } from './normalize-title.js';

/**
 * Gives every milestone and deliverable a key made of text, not position, so it survives edits
 * elsewhere in the file:
 * - milestone: `slug(title)`;
 * - deliverable: `<milestone key>/<parent deliverable slugs…>/<slug(title)>`; loose ones use `_`.
 * The second and later uses of the same key get `~2`, `~3`, … in document order; two
 * deliverables with the same text under the same parent are reported as duplicates.
 */
export function assignKeys(params: { milestones: Milestone[]; items: Item[] }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const unique = (base: string): string => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}~${count}`;
  };
  const visit = (items: Item[], prefix: string) => {
    for (const item of items) {
      const base = `${prefix}/${slugify(item.title)}`;
      const first = firstLine.get(base);
      if (first === undefined) {
        firstLine.set(base, item.line);
      } else {
        diagnostics.push({
          line: item.line,
          severity: 'warning',
          rule: 'duplicate-deliverable',
          message: `Unexpected duplicate deliverable “${item.title}” (also on line ${first}), expected each deliverable once per milestone`,
        });
      }
      item.key = unique(base);
      visit(item.children, item.key);
    }
  };
  for (const milestone of params.milestones) {
    milestone.key = unique(slugify(milestone.title));
    visit(milestone.items, milestone.key);
  }
  visit(params.items, '_');
  return diagnostics;
}
