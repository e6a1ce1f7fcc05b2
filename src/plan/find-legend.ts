import type { Diagnostic, Item } from './plan-types.js';
import type { Section } from './scan-blocks.js';

/** Words of a line that explains what a checkbox means rather than naming work. */
const NOTATION =
  /\b(?:legend|means|meaning|indicates?|denotes?|stands for|already (?:available|done|implemented|shipped|released|in)|not (?:yet )?(?:started|available|done|implemented))\b|^\s*(?:done|completed?|finished|in progress|planned|not started|to ?do)\s*(?:[:=–—-]|$)/i;
const MAX_LEGEND_ITEMS = 3;

/**
 * A legend: a short checkbox list at the top of a plan that explains the notation
 * (`- [x] Feature already available in the nightly build`) instead of tracking work.
 *
 * Rule: in a file that has milestones, the checkboxes written before any heading, or directly
 * under the file's `#` title, are a legend when there are at most three of them, none has nested
 * checkboxes, and each reads like notation (words such as “already available”, “means”,
 * “legend”, or a status word followed by `:` / `=`). They are left out of the plan, each with an
 * info diagnostic. Anything else there stays a deliverable outside any milestone.
 */
export function findLegend(params: {
  root: Section;
  documentTitle: Section | null;
  hasMilestones: boolean;
}): { legend: Set<Item>; diagnostics: Diagnostic[] } {
  const legend = new Set<Item>();
  const diagnostics: Diagnostic[] = [];
  if (!params.hasMilestones) return { legend, diagnostics };
  for (const section of [params.root, params.documentTitle]) {
    if (!section) continue;
    const items = section.items;
    if (items.length === 0 || items.length > MAX_LEGEND_ITEMS) continue;
    if (!items.every((item) => item.children.length === 0 && NOTATION.test(item.text))) continue;
    for (const item of items) {
      legend.add(item);
      diagnostics.push({
        line: item.line,
        severity: 'info',
        rule: 'legend',
        message:
          section.kind === 'root'
            ? 'Unexpected checkbox before the first heading, expected deliverables under a milestone heading; read as a legend explaining the notation, not tracked'
            : 'Unexpected checkbox directly under the file title, expected deliverables under a milestone heading; read as a legend explaining the notation, not tracked',
      });
    }
  }
  return { legend, diagnostics };
}
