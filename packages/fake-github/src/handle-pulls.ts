import type { FakePull } from './fake-state.js';
import { notFound } from './http-error.js';
import { pullDiffHead } from './pull-head.js';
import { createPull, updatePull } from './pull-operations.js';
import { renderDiffEntry } from './render-git.js';
import { diffPullFiles, renderPullRequest } from './render-pull-request.js';
import { ok, readEnum, requireRepo, sortBy } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function requirePull(input: RouteInput): FakePull {
  const pull = requireRepo(input).pulls.get(Number(input.params.pull_number));
  if (!pull) throw notFound();
  return pull;
}

/** https://docs.github.com/rest/pulls/pulls#list-pull-requests — `state`, `head` (`owner:branch`), `base`. */
function listPulls(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { query } = input;
  const state = readEnum({
    query,
    name: 'state',
    allowed: ['open', 'closed', 'all'] as const,
    fallback: 'open',
  });
  const direction = readEnum({
    query,
    name: 'direction',
    allowed: ['asc', 'desc'] as const,
    fallback: 'desc',
  });
  const head = query.get('head');
  const base = query.get('base');
  const pulls = [...repo.pulls.values()].filter((pull) => {
    const issue = repo.issues.get(pull.number);
    if (state !== 'all' && issue?.state !== state) return false;
    const headOwner = pull.fork?.ownerLogin ?? repo.ownerLogin;
    if (
      head &&
      `${headOwner}:${pull.headRef}`.toLowerCase() !== head.toLowerCase() &&
      (pull.fork !== undefined || pull.headRef !== head)
    )
      return false;
    if (base && pull.baseRef !== base) return false;
    return true;
  });
  const sorted = sortBy({
    items: pulls,
    key: (pull) => repo.issues.get(pull.number)?.createdAt ?? 0,
    direction,
  });
  return ok(
    sorted.map((pull) => renderPullRequest({ ctx: input.ctx, repo, pull, detail: false })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/pulls/pulls#create-a-pull-request */
function postPull(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const pull = createPull({
    ctx: input.ctx,
    repo,
    actorLogin: input.ctx.apiActorLogin,
    title: String(input.body.title ?? ''),
    body: typeof input.body.body === 'string' ? input.body.body : null,
    head: String(input.body.head),
    base: String(input.body.base),
    draft: input.body.draft === true,
  });
  return ok(renderPullRequest({ ctx: input.ctx, repo, pull }), { status: 201 });
}

function getPull(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  return ok(renderPullRequest({ ctx: input.ctx, repo, pull: requirePull(input) }));
}

/** https://docs.github.com/rest/pulls/pulls#update-a-pull-request — title, body, state, base. */
function patchPull(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { body } = input;
  const pull = updatePull({
    ctx: input.ctx,
    repo,
    pull: requirePull(input),
    actorLogin: input.ctx.apiActorLogin,
    patch: {
      title: typeof body.title === 'string' ? body.title : undefined,
      body: typeof body.body === 'string' ? body.body : undefined,
      state: body.state === 'open' || body.state === 'closed' ? body.state : undefined,
      base: typeof body.base === 'string' ? body.base : undefined,
    },
  });
  return ok(renderPullRequest({ ctx: input.ctx, repo, pull }));
}

/** https://docs.github.com/rest/pulls/pulls#list-pull-requests-files */
function listPullFiles(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const pull = requirePull(input);
  const head = pullDiffHead({ repo, pull });
  const headSha = head?.sha ?? '';
  const base = repo.commits.get(repo.branches.get(pull.baseRef)?.headSha ?? '');
  const diff = diffPullFiles({ repo, pull });
  const files = [...diff.added, ...diff.modified, ...diff.removed].sort().map((path) =>
    renderDiffEntry({
      ctx: input.ctx,
      repo,
      path,
      before: base?.files.get(path),
      after: head?.files.get(path),
      ref: headSha,
    }),
  );
  return ok(files, { paginate: true });
}

export const pullRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/pulls', handle: listPulls },
  { method: 'POST', template: '/repos/{owner}/{repo}/pulls', handle: postPull },
  { method: 'GET', template: '/repos/{owner}/{repo}/pulls/{pull_number}', handle: getPull },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/pulls/{pull_number}', handle: patchPull },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    handle: listPullFiles,
  },
];
