import { notFound } from './http-error.js';
import { createLabel, findLabel } from './label-operations.js';
import { renderLabel } from './render-label.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** https://docs.github.com/rest/issues/labels#list-labels-for-a-repository */
function listLabels(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  return ok(
    repo.labels.map((label) => renderLabel({ ctx: input.ctx, repo, label })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/issues/labels#create-a-label — duplicate name → 422 `already_exists`. */
function postLabel(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const label = createLabel({
    ctx: input.ctx,
    repo,
    name: String(input.body.name),
    color: typeof input.body.color === 'string' ? input.body.color : undefined,
    description: typeof input.body.description === 'string' ? input.body.description : null,
  });
  return ok(renderLabel({ ctx: input.ctx, repo, label }), { status: 201 });
}

/** https://docs.github.com/rest/issues/labels#get-a-label (name match is case-insensitive). */
function getLabel(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const label = findLabel({ repo, name: input.params.name ?? '' });
  if (!label) throw notFound();
  return ok(renderLabel({ ctx: input.ctx, repo, label }));
}

export const labelRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/labels', handle: listLabels },
  { method: 'POST', template: '/repos/{owner}/{repo}/labels', handle: postLabel },
  { method: 'GET', template: '/repos/{owner}/{repo}/labels/{name}', handle: getLabel },
];
