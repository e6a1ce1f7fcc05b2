import type { FakeContext } from './fake-context.js';
import type { FakeMilestone, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId } from './fake-state.js';
import { validationFailed } from './http-error.js';
import { normalizeDueOn } from './normalize-due-on.js';
import { renderMilestone } from './render-milestone.js';

function emitMilestone(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  milestone: FakeMilestone;
  actorLogin: string;
  action: string;
  extra?: Record<string, unknown>;
}): void {
  params.ctx.emit({
    name: 'milestone',
    repo: params.repo,
    senderLogin: params.actorLogin,
    payload: {
      action: params.action,
      milestone: renderMilestone({
        ctx: params.ctx,
        repo: params.repo,
        milestone: params.milestone,
      }),
      ...params.extra,
    },
  });
}

function assertUniqueTitle(params: { repo: FakeRepo; title: string; except?: number }): void {
  for (const milestone of params.repo.milestones.values()) {
    if (milestone.number !== params.except && milestone.title === params.title) {
      throw validationFailed([{ resource: 'Milestone', code: 'already_exists', field: 'title' }]);
    }
  }
}

/**
 * Creates a milestone; numbers are per repository and never reused. Duplicate
 * titles are a 422 `already_exists`. `due_on` is stored Pacific-midnight style
 * (see normalize-due-on.ts). Emits `milestone.created`.
 * https://docs.github.com/rest/issues/milestones#create-a-milestone
 */
export function createMilestone(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  actorLogin: string;
  title: string;
  state?: 'open' | 'closed';
  description?: string | null;
  dueOn?: string | null;
}): FakeMilestone {
  const { ctx, repo } = params;
  assertUniqueTitle({ repo, title: params.title });
  const id = allocateId(ctx.state);
  const now = ctx.clock.now();
  const state = params.state ?? 'open';
  const milestone: FakeMilestone = {
    id,
    nodeId: makeNodeId({ prefix: 'MI', id }),
    number: repo.nextMilestoneNumber,
    title: params.title,
    description: params.description ?? null,
    state: 'open',
    dueOn: normalizeDueOn(params.dueOn ?? null),
    creatorLogin: params.actorLogin,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  repo.nextMilestoneNumber += 1;
  repo.milestones.set(milestone.number, milestone);
  // The webhook schema only describes `milestone.created` for an open milestone (closed_at null),
  // so a milestone created closed is announced as created, then closed.
  emitMilestone({ ctx, repo, milestone, actorLogin: params.actorLogin, action: 'created' });
  if (state === 'closed') {
    milestone.state = 'closed';
    milestone.closedAt = now;
    emitMilestone({ ctx, repo, milestone, actorLogin: params.actorLogin, action: 'closed' });
  }
  return milestone;
}

export interface MilestonePatch {
  title?: string;
  state?: 'open' | 'closed';
  description?: string | null;
  due_on?: string | null;
}

/** PATCH semantics; emits `edited` (with `changes`) and `closed`/`opened` on state changes. */
export function updateMilestone(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  milestone: FakeMilestone;
  actorLogin: string;
  patch: MilestonePatch;
}): FakeMilestone {
  const { ctx, repo, milestone, patch } = params;
  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== milestone.title) {
    assertUniqueTitle({ repo, title: patch.title, except: milestone.number });
    changes.title = { from: milestone.title };
    milestone.title = patch.title;
  }
  if (patch.description !== undefined && patch.description !== milestone.description) {
    changes.description = { from: milestone.description ?? '' };
    milestone.description = patch.description;
  }
  if (patch.due_on !== undefined) {
    const dueOn = normalizeDueOn(patch.due_on);
    if (dueOn !== milestone.dueOn) {
      changes.due_on = { from: milestone.dueOn ?? '' };
      milestone.dueOn = dueOn;
    }
  }
  const now = ctx.clock.now();
  const stateChange =
    patch.state !== undefined && patch.state !== milestone.state ? patch.state : null;
  if (stateChange) {
    milestone.state = stateChange;
    milestone.closedAt = stateChange === 'closed' ? now : null;
  }
  milestone.updatedAt = now;
  const emit = (action: string, extra?: Record<string, unknown>): void =>
    emitMilestone({ ctx, repo, milestone, actorLogin: params.actorLogin, action, extra });
  if (Object.keys(changes).length > 0) emit('edited', { changes });
  if (stateChange === 'closed') emit('closed');
  if (stateChange === 'open') emit('opened');
  return milestone;
}

/** Deletes a milestone and unsets it on its issues (as GitHub does); emits `milestone.deleted`. */
export function deleteMilestone(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  milestone: FakeMilestone;
  actorLogin: string;
}): void {
  emitMilestone({ ...params, action: 'deleted' });
  params.repo.milestones.delete(params.milestone.number);
  for (const issue of params.repo.issues.values()) {
    if (issue.milestoneNumber === params.milestone.number) issue.milestoneNumber = null;
  }
}
