import type { FakeMilestone } from './fake-state.js';
import { GITHUB_LIMITS, checkLength } from './check-limits.js';
import { notFound } from './http-error.js';
import type { MilestonePatch } from './milestone-operations.js';
import { createMilestone, deleteMilestone, updateMilestone } from './milestone-operations.js';
import { countMilestoneIssues, renderMilestone } from './render-milestone.js';
import { ok, readEnum, requireRepo, sortBy } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function requireMilestone(input: RouteInput): FakeMilestone {
  const milestone = requireRepo(input).milestones.get(Number(input.params.milestone_number));
  if (!milestone) throw notFound();
  return milestone;
}

/**
 * https://docs.github.com/rest/issues/milestones#list-milestones —
 * `state` open|closed|all (default open), `sort` due_on|completeness
 * (default due_on), `direction` asc|desc (default asc). Milestones without a
 * due date sort after dated ones when ascending.
 */
function listMilestones(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { query } = input;
  const state = readEnum({
    query,
    name: 'state',
    allowed: ['open', 'closed', 'all'] as const,
    fallback: 'open',
  });
  const sort = readEnum({
    query,
    name: 'sort',
    allowed: ['due_on', 'completeness'] as const,
    fallback: 'due_on',
  });
  const direction = readEnum({
    query,
    name: 'direction',
    allowed: ['asc', 'desc'] as const,
    fallback: 'asc',
  });
  const items = [...repo.milestones.values()].filter((m) => state === 'all' || m.state === state);
  const key = (milestone: FakeMilestone): number => {
    if (sort === 'due_on')
      return milestone.dueOn === null ? Number.MAX_SAFE_INTEGER : Date.parse(milestone.dueOn);
    const counts = countMilestoneIssues({ repo, number: milestone.number });
    const total = counts.open + counts.closed;
    return total === 0 ? 0 : counts.closed / total;
  };
  const sorted = sortBy({ items, key, direction });
  return ok(
    sorted.map((milestone) => renderMilestone({ ctx: input.ctx, repo, milestone })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/issues/milestones#create-a-milestone */
function postMilestone(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { body } = input;
  checkMilestoneTitle(body.title);
  const milestone = createMilestone({
    ctx: input.ctx,
    repo,
    actorLogin: input.ctx.apiActorLogin,
    title: String(body.title),
    state: body.state === 'closed' ? 'closed' : 'open',
    description: typeof body.description === 'string' ? body.description : null,
    dueOn: typeof body.due_on === 'string' ? body.due_on : null,
  });
  return ok(renderMilestone({ ctx: input.ctx, repo, milestone }), { status: 201 });
}

function getMilestone(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  return ok(renderMilestone({ ctx: input.ctx, repo, milestone: requireMilestone(input) }));
}

/** https://docs.github.com/rest/issues/milestones#update-a-milestone */
function patchMilestone(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const milestone = requireMilestone(input);
  const { body } = input;
  checkMilestoneTitle(body.title);
  const patch: MilestonePatch = {};
  if (typeof body.title === 'string') patch.title = body.title;
  if (body.state === 'open' || body.state === 'closed') patch.state = body.state;
  if (body.description !== undefined)
    patch.description = body.description === null ? null : String(body.description);
  if (body.due_on !== undefined) patch.due_on = body.due_on === null ? null : String(body.due_on);
  updateMilestone({ ctx: input.ctx, repo, milestone, actorLogin: input.ctx.apiActorLogin, patch });
  return ok(renderMilestone({ ctx: input.ctx, repo, milestone }));
}

function removeMilestone(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  deleteMilestone({
    ctx: input.ctx,
    repo,
    milestone: requireMilestone(input),
    actorLogin: input.ctx.apiActorLogin,
  });
  return { status: 204 };
}

function checkMilestoneTitle(value: unknown): void {
  checkLength({ resource: 'Milestone', field: 'title', value, max: GITHUB_LIMITS.milestoneTitle });
}

export const milestoneRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/milestones', handle: listMilestones },
  { method: 'POST', template: '/repos/{owner}/{repo}/milestones', handle: postMilestone },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    handle: getMilestone,
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    handle: patchMilestone,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    handle: removeMilestone,
  },
];
