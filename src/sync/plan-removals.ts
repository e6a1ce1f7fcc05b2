import type { GithubIssue, Marker, Refusal } from './sync-types.js';
import { replaceMarker } from './issue-marker.js';
import { checkMassClose } from './check-mass-close.js';
import type { PlanningContext } from './planning-context.js';
import { PHASE } from './planning-context.js';

/**
 * Owned issues with no line in the plan: open ones are closed as not planned, with a comment
 * (never deleted); closed ones get `removed` in their marker once, so that a similar line added
 * later is a new deliverable (docs/decisions/0003); the app's own duplicates are closed as
 * duplicates. Refuses (returns the refusal, plans nothing) when the closes look like an accident.
 */
export function planRemovalActions(params: {
  ctx: PlanningContext;
  /** Numbers of the issues this plan owns. */
  owned: Set<number>;
  /** Numbers matched to a line of the plan. */
  matched: Set<number>;
  duplicates: { issue: GithubIssue; of: GithubIssue }[];
}): Refusal | null {
  const { ctx, owned, matched } = params;
  const gone = ctx.github.issues.filter((gh) => owned.has(gh.number) && !matched.has(gh.number));
  const vanished = gone.filter((gh) => gh.state === 'open');
  const open = ctx.github.issues.filter((gh) => owned.has(gh.number) && gh.state === 'open');
  const refusal = checkMassClose({
    closing: vanished.length,
    open: open.length,
    path: ctx.path,
    config: ctx.config,
  });
  if (refusal) return refusal;
  for (const { issue, of } of params.duplicates) {
    if (issue.state === 'open') closeDuplicate({ ctx, issue, of });
  }
  for (const gh of gone) {
    if (gh.state === 'open') closeRemoved({ ctx, gh });
    else if (!gh.marker?.base.removed) recordRemoved({ ctx, gh });
  }
  return null;
}

function withRemoved(params: { gh: GithubIssue; state?: 'closed' }): string {
  const marker = params.gh.marker as Marker;
  const base = { ...marker.base, removed: true as const };
  if (params.state) base.state = params.state;
  return replaceMarker({ body: params.gh.body, marker: { ...marker, base } });
}

function closeRemoved(params: { ctx: PlanningContext; gh: GithubIssue }): void {
  const { ctx, gh } = params;
  ctx.add({
    phase: PHASE.close,
    action: {
      kind: 'update-issue',
      key: (gh.marker as Marker).key,
      number: gh.number,
      before: { state: 'open' },
      after: {
        state: 'closed',
        stateReason: 'not_planned',
        body: withRemoved({ gh, state: 'closed' }),
      },
      reason: `“${gh.title}” was removed from ${ctx.path}`,
    },
  });
  ctx.add({
    phase: PHASE.comment,
    action: {
      kind: 'comment-issue',
      issue: { number: gh.number, id: gh.id },
      body: `This deliverable was removed from \`${ctx.path}\`, so milestone-sync closed it as not planned. Add it back to the plan to reopen it.`,
      reason: `explain why #${gh.number} was closed`,
    },
  });
}

function recordRemoved(params: { ctx: PlanningContext; gh: GithubIssue }): void {
  const { ctx, gh } = params;
  ctx.add({
    phase: PHASE.update,
    action: {
      kind: 'update-issue',
      key: (gh.marker as Marker).key,
      number: gh.number,
      before: { body: gh.body ?? '' },
      after: { body: withRemoved({ gh }) },
      reason: `#${gh.number} “${gh.title}” (closed) is no longer in ${ctx.path}: recorded in its marker`,
    },
  });
}

function closeDuplicate(params: {
  ctx: PlanningContext;
  issue: GithubIssue;
  of: GithubIssue;
}): void {
  const { ctx, issue, of } = params;
  ctx.add({
    phase: PHASE.close,
    action: {
      kind: 'update-issue',
      key: (issue.marker as Marker).key,
      number: issue.number,
      before: { state: 'open' },
      after: { state: 'closed', stateReason: 'duplicate' },
      reason: `#${issue.number} duplicates #${of.number} (the same deliverable, opened twice by the app)`,
    },
  });
  ctx.add({
    phase: PHASE.comment,
    action: {
      kind: 'comment-issue',
      issue: { number: issue.number, id: issue.id },
      body: `Duplicate of #${of.number}: milestone-sync opened this deliverable twice (a request was retried after an error although it had gone through), so it closed this copy.`,
      reason: `explain why #${issue.number} was closed`,
    },
  });
}
