import { appHookDeliveryRoutes } from './handle-app-hook-deliveries.js';
import { appRoutes } from './handle-apps.js';
import { blobRoutes } from './handle-blobs.js';
import { checkRunRoutes } from './handle-check-runs.js';
import { collaboratorRoutes } from './handle-collaborators.js';
import { commitPullRoutes } from './handle-commit-pulls.js';
import { commentRoutes } from './handle-comments.js';
import { contentRoutes } from './handle-contents.js';
import { gitRoutes } from './handle-git.js';
import { installationRoutes } from './handle-installations.js';
import { issueRoutes } from './handle-issues.js';
import { labelRoutes } from './handle-labels.js';
import { milestoneRoutes } from './handle-milestones.js';
import { mergePullRoutes } from './merge-pull.js';
import { pullRoutes } from './handle-pulls.js';
import { reactionRoutes } from './handle-reactions.js';
import { repoRoutes } from './handle-repos.js';
import { subIssueRoutes } from './handle-sub-issues.js';
import type { CompiledRoute } from './match-route.js';
import { compileRoutes } from './match-route.js';
import type { RouteDefinition } from './route-types.js';

/**
 * Every endpoint the fake serves. Templates are GitHub's OpenAPI path keys,
 * so `METHOD template` is both the call-count key and the OpenAPI lookup key.
 * Order matters only where a literal segment could be read as a parameter:
 * comment routes precede `/issues/{issue_number}/...`.
 */
export const ROUTES: readonly RouteDefinition[] = [
  ...repoRoutes,
  ...appRoutes,
  ...installationRoutes,
  ...appHookDeliveryRoutes,
  ...contentRoutes,
  // Before gitRoutes: `/commits/{ref}` takes refs with slashes, so it would swallow `/check-runs`.
  ...checkRunRoutes,
  // Before gitRoutes: `/commits/{ref}` would read `<sha>/pulls` as a ref.
  ...commitPullRoutes,
  ...gitRoutes,
  ...blobRoutes,
  ...commentRoutes,
  ...reactionRoutes,
  ...subIssueRoutes,
  ...issueRoutes,
  ...milestoneRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...mergePullRoutes,
  ...collaboratorRoutes,
];

let compiled: CompiledRoute[] | undefined;

export function compiledRoutes(): CompiledRoute[] {
  compiled ??= compileRoutes(ROUTES);
  return compiled;
}
