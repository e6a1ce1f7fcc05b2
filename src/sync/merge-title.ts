import type { Item, PlanConfig } from '../plan/plan-types.js';
import { toPlainText } from '../plan/plain-text.js';
import { planEdits } from '../edit/plan-edits.js';
import type { PlanChange } from '../edit/edit-types.js';
import type { GithubIssue, MarkerBase } from './sync-types.js';
import { issueTitleOf, isRewritableTitle } from './issue-title.js';
import type { PlanEntry } from './match-github.js';
import { flattenPlan } from './match-github.js';
import { applyEdits } from '../edit/apply-edits.js';
import { parsePlan } from '../plan/parse-plan.js';

/**
 * The three-way merge of a deliverable's title (docs/decisions/0002 and 0003). Titles are compared
 * in GitHub's form (`issueTitleOf`: plain text, cut to 256 characters); the marker's base holds the
 * GitHub title last synced (`title`) and, when the line could not say it, the line's own title in
 * that form (`fileTitle`). Pure.
 *
 * - The line changed → GitHub takes the line's title (also when both changed: the file wins a
 *   conflict, and the issue gets a comment).
 * - Only GitHub changed → the line is renamed, when it is plain text that can say the new title
 *   exactly; otherwise (links, emphasis, a title cut to fit) the line stays as written, the issue
 *   keeps its new title, and the base records both, so neither side is ever reverted.
 * - Neither changed → nothing, except that an issue whose title predates the plain-title rule (raw
 *   Markdown) is given its plain title once.
 */
export type TitleMerge =
  /** Nothing to change. */
  | { kind: 'same' }
  /** Set the issue's title to the line's. */
  | { kind: 'push'; title: string; conflict: boolean }
  /** Rename the line to the issue's title. */
  | { kind: 'pull'; title: string }
  /** Leave both: the line cannot say the issue's title. `announce` on the sync that decides it. */
  | { kind: 'keep'; announce: boolean; why?: string };

export function mergeTitle(params: {
  item: Item;
  gh: GithubIssue;
  base: MarkerBase | null;
  /** Matched through a `#N` link: the issue keeps its own title. */
  linked: boolean;
}): TitleMerge {
  const { item, gh, base } = params;
  if (params.linked) return { kind: 'same' };
  const want = issueTitleOf(item.title);
  if (base === null) return gh.title === want ? { kind: 'same' } : push(want, false);
  if (gh.title === want) return { kind: 'same' };
  // Each side against its own base: the two differ only where a disagreement was left settled.
  const fileChanged = want !== (base.fileTitle ?? base.title);
  const githubChanged = gh.title !== base.title;
  if (fileChanged) return push(want, githubChanged);
  if (githubChanged) {
    if (isRewritableTitle(item.title)) return { kind: 'pull', title: gh.title };
    return {
      kind: 'keep',
      announce: true,
      why:
        want !== toPlainText(item.title)
          ? 'is longer than GitHub allows in a title'
          : 'has links or formatting that a plain title cannot carry',
    };
  }
  // Neither changed: a settled disagreement stays; a title from before plain titles is updated.
  return base.fileTitle !== undefined ? { kind: 'keep', announce: false } : push(want, false);
}

function push(title: string, conflict: boolean): TitleMerge {
  return { kind: 'push', title, conflict };
}

/** The issue's title once the merge is applied. */
function githubTitleAfter(params: { merge: TitleMerge; gh: GithubIssue }): string {
  return params.merge.kind === 'push' ? params.merge.title : params.gh.title;
}

/** The line's title (GitHub's form) once the merge is applied. */
function fileTitleAfter(params: { merge: TitleMerge; item: Item }): string {
  return params.merge.kind === 'pull' ? params.merge.title : issueTitleOf(params.item.title);
}

/** The title fields of the marker base written by this sync. */
export function titleBase(params: { merge: TitleMerge; item: Item; gh: GithubIssue | null }): {
  title: string;
  fileTitle?: string;
} {
  const { merge, item, gh } = params;
  const fileTitle = gh ? fileTitleAfter({ merge, item }) : issueTitleOf(item.title);
  const title = gh ? githubTitleAfter({ merge, gh }) : fileTitle;
  return fileTitle === title ? { title } : { title, fileTitle };
}

/**
 * Every matched deliverable's title merge, and every deliverable as the next parse will read it
 * once this sync's renames are in the file (its key — children of a renamed line included — and
 * its text, for the marker's base), so that one sync settles. A rename of a line that the editor
 * cannot write so that it reads back as the same title (src/edit's read-back check) becomes
 * `keep`, so no sync ever plans a file edit that would fail.
 */
export function mergeTitles(params: {
  entries: PlanEntry[];
  matches: Map<Item, GithubIssue>;
  linked: Set<Item>;
  path: string;
  /** The plan file's text, for checking renames. */
  text: string;
  planConfig?: PlanConfig;
}): { merges: Map<Item, TitleMerge>; itemsAfter: Map<Item, Item> } {
  const { matches, path, entries } = params;
  const merges = new Map<Item, TitleMerge>();
  const renames: PlanChange[] = [];
  const byKey = new Map<string, Item>();
  for (const { item } of entries) {
    const gh = matches.get(item);
    if (!gh) continue;
    const base = gh.marker?.file === path ? gh.marker.base : null;
    const merge = mergeTitle({ item, gh, base, linked: params.linked.has(item) });
    merges.set(item, merge);
    if (merge.kind === 'pull') {
      renames.push({ kind: 'rename-item', key: item.key, title: merge.title });
      byKey.set(item.key, item);
    }
  }
  const itemsAfter = new Map(entries.map(({ item }) => [item, item]));
  if (renames.length === 0) return { merges, itemsAfter };
  const { edits, problems } = planEdits({
    text: params.text,
    changes: renames,
    config: params.planConfig,
  });
  for (const problem of problems) {
    if (problem.change.kind !== 'rename-item') continue;
    const item = byKey.get(problem.change.key);
    if (item)
      merges.set(item, { kind: 'keep', announce: true, why: `cannot say it (${problem.message})` });
  }
  if (edits.length === 0) return { merges, itemsAfter };
  const text = applyEdits({ text: params.text, edits });
  const next = flattenPlan(parsePlan({ text, config: params.planConfig }).plan);
  // Edits never add or remove a deliverable (planEdits checks its read-back), so the two parses
  // list the same deliverables in the same order.
  if (next.length === entries.length) {
    entries.forEach(({ item }, index) => itemsAfter.set(item, next[index]?.item ?? item));
  }
  return { merges, itemsAfter };
}
