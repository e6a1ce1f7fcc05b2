import type { Item, Milestone, Plan } from '../plan/plan-types.js';
import type { GithubMilestone, Marker, MarkerBase, MilestoneFields, Ref } from './sync-types.js';
import { replaceMarker } from './issue-marker.js';
import { milestoneDescriptionHash, renderMilestoneDescription } from './render-issue-body.js';
import { milestoneTitleOf } from './issue-title.js';
import { matchMilestones } from './match-github.js';
import { milestoneStateAfter } from './predict-after-sync.js';
import { whoChanged } from './merge-field.js';
import type { PlanningContext } from './planning-context.js';
import { PHASE, sameBase } from './planning-context.js';

/**
 * Milestones: create the plan's new ones, merge the matched ones (title, due date, state,
 * description), close the app's milestones that left the plan. Returns how each plan milestone is
 * referred to by the issues planned after it.
 */
export function planMilestoneActions(params: {
  ctx: PlanningContext;
  plan: Plan;
  /** Each deliverable's state after this sync: a milestone's state may follow them. */
  statesAfter: Map<Item, 'open' | 'closed'>;
}): Map<string, Ref> {
  const { ctx, plan, statesAfter } = params;
  const refs = new Map<string, Ref>();
  const matched = matchMilestones({ plan, github: ctx.github, path: ctx.path });
  for (const milestone of plan.milestones) {
    const gh = matched.get(milestone);
    const stateFromFile = milestoneStateAfter({ milestone, statesAfter });
    if (gh) {
      refs.set(milestone.key, { number: gh.number });
      mergeMilestone({ ctx, milestone, stateFromFile, gh });
    } else {
      refs.set(milestone.key, { key: milestone.key });
      createMilestone({ ctx, milestone, state: stateFromFile });
    }
  }
  closeRemovedMilestones({ ctx, kept: new Set([...matched.values()].map((gh) => gh.number)) });
  return refs;
}

function milestoneMarker(params: {
  milestone: Milestone;
  state: 'open' | 'closed';
  path: string;
}): Marker {
  const { milestone, path } = params;
  return {
    v: 1,
    file: path,
    key: milestone.key,
    base: {
      title: milestoneTitleOf(milestone.title),
      state: params.state,
      bodyHash: milestoneDescriptionHash(milestone),
      due: milestone.due?.date ?? null,
    },
  };
}

function createMilestone(params: {
  ctx: PlanningContext;
  milestone: Milestone;
  state: 'open' | 'closed';
}): void {
  const { ctx, milestone, state } = params;
  const marker = milestoneMarker({ milestone, state, path: ctx.path });
  ctx.add({
    phase: PHASE.milestone,
    action: {
      kind: 'create-milestone',
      key: milestone.key,
      after: {
        title: marker.base.title,
        description: renderMilestoneDescription({ milestone, link: ctx.link, marker }),
        due: milestone.due?.date ?? null,
        state,
      },
      reason: `new milestone “${milestone.title}” (line ${milestone.line})`,
    },
  });
}

/** The milestone's fields the plan sets, as an update from GitHub's values. */
interface MilestoneUpdate {
  before: Partial<MilestoneFields>;
  after: Partial<MilestoneFields>;
  why: string[];
}

function mergeMilestone(params: {
  ctx: PlanningContext;
  milestone: Milestone;
  /** The milestone's state per the file once this sync's file edits are in. */
  stateFromFile: 'open' | 'closed';
  gh: GithubMilestone;
}): void {
  const { ctx, milestone, gh } = params;
  const base: MarkerBase | null = gh.marker?.file === ctx.path ? gh.marker.base : null;
  const update: MilestoneUpdate = { before: {}, after: {}, why: [] };
  const marker = milestoneMarker({ milestone, state: params.stateFromFile, path: ctx.path });
  if (gh.title !== marker.base.title) {
    set({ update, field: 'title', from: gh.title, to: marker.base.title });
    update.why.push(`title is “${marker.base.title}” in the plan`);
  }
  // The file sets due dates; one set on GitHub is kept when the plan has none (the API cannot
  // clear a due date anyway: `due_on` is not nullable).
  const wantDue = marker.base.due ?? null;
  const ghDue = gh.dueOn ? gh.dueOn.slice(0, 10) : null;
  if (wantDue !== null && wantDue !== ghDue) {
    set({ update, field: 'due', from: ghDue, to: wantDue });
    update.why.push(`due ${wantDue} in the plan`);
  }
  const { state, waitsForFile } = mergeMilestoneState({
    ctx,
    milestone,
    fileState: params.stateFromFile,
    gh,
    base,
    update,
  });
  marker.base.state = state;
  mergeMilestoneDescription({ ctx, milestone, gh, base, marker, update });
  if (Object.keys(update.after).length === 0) return;
  ctx.add({
    phase: PHASE.milestone,
    needsFile: waitsForFile && update.after.state === undefined,
    action: {
      kind: 'update-milestone',
      key: milestone.key,
      number: gh.number,
      before: update.before,
      after: update.after,
      reason: `milestone “${milestone.title}”: ${update.why.length > 0 ? update.why.join('; ') : 'record the synced state'}`,
    },
  });
}

function set<K extends keyof MilestoneFields>(params: {
  update: MilestoneUpdate;
  field: K;
  from: MilestoneFields[K];
  to: MilestoneFields[K];
}): void {
  params.update.before[params.field] = params.from;
  params.update.after[params.field] = params.to;
}

/**
 * A milestone closed or reopened on GitHub writes its Status line when the file has one;
 * otherwise its state comes from its deliverables and GitHub is set back (the reason says how to
 * take control). Returns the state both sides will agree on.
 */
function mergeMilestoneState(params: {
  ctx: PlanningContext;
  milestone: Milestone;
  fileState: 'open' | 'closed';
  gh: GithubMilestone;
  base: MarkerBase | null;
  update: MilestoneUpdate;
}): { state: 'open' | 'closed'; waitsForFile: boolean } {
  const { ctx, milestone, fileState, gh, base, update } = params;
  const changed = whoChanged({ base: base?.state ?? null, file: fileState, github: gh.state });
  if (changed === 'none') return { state: fileState, waitsForFile: false };
  const githubChanged = changed === 'github' || changed === 'both';
  if (githubChanged && milestone.status) {
    ctx.fileChanges.push({
      kind: 'set-milestone-status',
      key: milestone.key,
      status: gh.state === 'closed' ? 'done' : 'in-progress',
      date: ctx.config.today,
    });
    return { state: gh.state, waitsForFile: true };
  }
  set({ update, field: 'state', from: gh.state, to: fileState });
  update.why.push(
    changed === 'github'
      ? `it was ${gh.state} on GitHub, but its state comes from its deliverables (add a **Status**: line to set it by hand)`
      : `it is ${fileState === 'closed' ? 'done' : 'open'} in the plan`,
  );
  return { state: fileState, waitsForFile: false };
}

/** Regenerated when the plan's text changed; otherwise only the marker is refreshed. */
function mergeMilestoneDescription(params: {
  ctx: PlanningContext;
  milestone: Milestone;
  gh: GithubMilestone;
  base: MarkerBase | null;
  marker: Marker;
  update: MilestoneUpdate;
}): void {
  const { ctx, milestone, gh, base, marker, update } = params;
  const textChanged =
    base === null || base.bodyHash !== marker.base.bodyHash || gh.marker?.key !== milestone.key;
  if (!textChanged && base !== null && sameBase(base, marker.base)) return;
  const description = textChanged
    ? renderMilestoneDescription({ milestone, link: ctx.link, marker })
    : replaceMarker({ body: gh.description, marker });
  if (description === (gh.description ?? '')) return;
  set({ update, field: 'description', from: gh.description ?? '', to: description });
  if (textChanged) update.why.push('its description changed in the plan');
}

/** The app's open milestones of this file that the plan no longer has are closed, never deleted. */
function closeRemovedMilestones(params: { ctx: PlanningContext; kept: Set<number> }): void {
  const { ctx, kept } = params;
  for (const gh of ctx.github.milestones) {
    if (gh.marker?.file !== ctx.path || kept.has(gh.number) || gh.state === 'closed') continue;
    ctx.add({
      phase: PHASE.close,
      action: {
        kind: 'update-milestone',
        key: gh.marker.key,
        number: gh.number,
        before: { state: 'open' },
        after: { state: 'closed' },
        reason: `milestone “${gh.title}” is no longer in ${ctx.path}`,
      },
    });
  }
}
