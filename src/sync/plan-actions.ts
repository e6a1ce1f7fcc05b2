import type { Item, Plan, PlanConfig } from '../plan/plan-types.js';
import type { GithubSnapshot, PlannedSync, Ref, SyncConfig } from './sync-types.js';
import { issueStateOf } from './sync-types.js';
import { flattenPlan, matchIssues } from './match-github.js';
import { stateAfter } from './predict-after-sync.js';
import { mergeTitles } from './merge-title.js';
import { createPlanningContext } from './planning-context.js';
import { assembleActions } from './assemble-actions.js';
import { planLabelActions } from './plan-labels.js';
import { planMilestoneActions } from './plan-milestones.js';
import { createIssue, mergeIssue } from './plan-issues.js';
import { planSubIssueActions } from './plan-sub-issues.js';
import { planRemovalActions } from './plan-removals.js';
import { planProgressChanges } from '../edit/plan-progress-changes.js';

/**
 * Decides what to do to make GitHub and the plan file agree. Pure: no I/O, same input → same
 * actions. Match (match-github.ts: `#N` link, marker, move, rename), then one planner per
 * resource — labels, milestones, issues, sub-issues, removals — over one planning context, then
 * the actions are ordered (assemble-actions.ts). Each field is a three-way merge against the base
 * stored in the marker (merge-field.ts, merge-title.ts; docs/decisions/0002 and 0003):
 * - only the file changed → the file wins; only GitHub changed → GitHub wins and the file is edited;
 * - both changed: state → GitHub wins; title → the file wins and the issue gets a comment;
 * - no base yet (a linked issue's first sync): done wins.
 * Structure (milestone membership, parent, labels, due dates, descriptions) is the file's.
 * Progress lines the file edit makes untrue (`**Overall Progress**: 0% (0/10 …)`) are kept true in
 * the same edit, never in one of their own (src/edit/plan-progress-changes.ts).
 */
export function planActions(params: {
  plan: Plan;
  github: GithubSnapshot;
  config: SyncConfig;
  /** The repository's plan config, to check that renames of lines read back (see planEdits). */
  planConfig?: PlanConfig;
}): PlannedSync {
  const { plan, github } = params;
  const ctx = createPlanningContext({ github, config: params.config });
  const { path, notes } = ctx;
  planLabelActions({ ctx, plan });

  // Deliverables are matched first: a milestone's state may follow its deliverables' states.
  const entries = flattenPlan(plan);
  const { matches, linked, copies, duplicates } = matchIssues({ entries, github, path, notes });
  const statesAfter = new Map<Item, 'open' | 'closed'>();
  for (const { item } of entries) {
    const gh = matches.get(item);
    statesAfter.set(item, gh ? stateAfter({ item, gh, path }) : issueStateOf(item.status));
  }
  const milestoneRefs = planMilestoneActions({ ctx, plan, statesAfter });

  const { merges: titleMerges, itemsAfter } = mergeTitles({
    entries,
    matches,
    linked,
    path,
    text: github.file.text,
    planConfig: params.planConfig,
  });
  const issueRefs = new Map<string, Ref>();
  for (const entry of entries) {
    const { item, milestone } = entry;
    const gh = matches.get(item);
    issueRefs.set(item.key, gh ? { number: gh.number, id: gh.id } : { key: item.key });
    const input = {
      ctx,
      entry,
      itemAfter: itemsAfter.get(item) ?? item,
      milestoneRef: milestone ? (milestoneRefs.get(milestone.key) ?? null) : null,
    };
    if (!gh) createIssue(input);
    else {
      const titleMerge = titleMerges.get(item) ?? { kind: 'same' as const };
      mergeIssue({ ...input, gh, titleMerge, linked: linked.has(item) });
    }
  }

  const owned = new Set(
    github.issues
      .filter((gh) => gh.marker?.file === path && !copies.has(gh.number))
      .map((gh) => gh.number),
  );
  if (params.config.subIssues) {
    planSubIssueActions({ ctx, entries, matches, issueRefs, owned });
  }
  const matched = new Set([...matches.values()].map((gh) => gh.number));
  const refusal = planRemovalActions({ ctx, owned, matched, duplicates });
  if (refusal) return { actions: [], refusal, notes };
  if (ctx.fileChanges.length > 0 && plan.progress.some((p) => p.counts !== null)) {
    const progress = planProgressChanges({
      text: github.file.text,
      changes: ctx.fileChanges,
      config: params.planConfig,
      today: params.config.today,
    });
    for (const change of progress) ctx.fileChanges.push(change);
  }
  const actions = assembleActions({ drafts: ctx.drafts, fileChanges: ctx.fileChanges, github });
  return { actions, refusal: null, notes };
}
