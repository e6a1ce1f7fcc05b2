import type { GithubIssue, Ref } from './sync-types.js';
import type { PlanEntry } from './match-github.js';
import type { PlanningContext } from './planning-context.js';
import { PHASE, needsOf } from './planning-context.js';

/** GitHub allows at most 100 sub-issues per parent (https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/adding-sub-issues). */
export const MAX_SUB_ISSUES = 100;

/**
 * Nesting: a nested deliverable's issue is linked as a sub-issue of its parent's (moved from
 * another parent when needed); a deliverable no longer nested is unlinked from a parent that is one
 * of this plan's issues (links to issues outside the plan are the team's).
 */
export function planSubIssueActions(params: {
  ctx: PlanningContext;
  entries: PlanEntry[];
  matches: Map<PlanEntry['item'], GithubIssue>;
  /** How each deliverable's issue is referred to (existing number, or key of one created now). */
  issueRefs: Map<string, Ref>;
  /** Numbers of the issues this plan owns. */
  owned: Set<number>;
}): void {
  const { ctx, entries, matches, issueRefs, owned } = params;
  const childCount = new Map<string, number>();
  for (const { item, parent } of entries) {
    const gh = matches.get(item);
    const child = issueRefs.get(item.key) as Ref;
    if (!parent) {
      if (gh && gh.parent !== null && owned.has(gh.parent)) {
        ctx.add({
          phase: PHASE.link,
          action: {
            kind: 'unlink-sub-issue',
            key: item.key,
            parent: gh.parent,
            child,
            reason: `“${item.title}” is no longer nested (line ${item.line})`,
          },
        });
      }
      continue;
    }
    const parentRef = issueRefs.get(parent.key) as Ref;
    // Children already linked count toward GitHub's limit too.
    const count = (childCount.get(parent.key) ?? 0) + 1;
    childCount.set(parent.key, count);
    if (gh && 'number' in parentRef && gh.parent === parentRef.number) continue;
    if (count > MAX_SUB_ISSUES) {
      ctx.notes.push(
        `“${item.title}” (line ${item.line}) is not linked as a sub-issue: GitHub allows at most ${MAX_SUB_ISSUES} sub-issues per parent`,
      );
      continue;
    }
    ctx.add({
      phase: PHASE.link,
      needs: needsOf(parentRef, child),
      action: {
        kind: 'link-sub-issue',
        key: item.key,
        parent: parentRef,
        child,
        before: gh?.parent ?? null,
        reason: `“${item.title}” is nested under “${parent.title}” (line ${item.line})`,
      },
    });
  }
}
