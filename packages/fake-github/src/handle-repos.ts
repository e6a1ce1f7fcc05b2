import { renderRepository } from './render-repository.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** https://docs.github.com/rest/repos/repos#get-a-repository */
function getRepository(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  return ok(renderRepository({ ctx: input.ctx, repo }));
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
