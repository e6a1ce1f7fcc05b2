import { renderRepository } from './render-repository.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/**
 * https://docs.github.com/rest/repos/repos#get-a-repository — a fork also has `parent` (the
 * repository it was forked from) and `source` (the root of its network).
 */
function getRepository(input: RouteInput): RouteResult {
  const { ctx } = input;
  const repo = requireRepo(input);
  const rendered = renderRepository({ ctx, repo });
  const parent = repo.parentKey === null ? undefined : ctx.state.repos.get(repo.parentKey);
  if (parent) {
    let source = parent;
    for (;;) {
      const up = source.parentKey === null ? undefined : ctx.state.repos.get(source.parentKey);
      if (!up) break;
      source = up;
    }
    rendered.parent = renderRepository({ ctx, repo: parent });
    rendered.source = renderRepository({ ctx, repo: source });
  }
  return ok(rendered);
}

/**
 * https://docs.github.com/rest/rate-limit/rate-limit — does not count against
 * the primary limit (the pipeline skips it when counting).
 */
function getRateLimit(input: RouteInput): RouteResult {
  const core = { ...input.rateLimit(), resource: 'core' };
  const fresh = (limit: number, resource: string) => ({
    limit,
    remaining: limit,
    used: 0,
    reset: core.reset,
    resource,
  });
  return ok({
    resources: { core, search: fresh(30, 'search'), graphql: fresh(5000, 'graphql') },
    rate: core,
  });
}

export const repoRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}', handle: getRepository },
  { method: 'GET', template: '/rate_limit', handle: getRateLimit },
];
