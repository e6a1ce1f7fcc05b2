import { emitPush } from './content-operations.js';
import type { FakeCommit, FakeRepo } from './fake-state.js';
import { GitHubHttpError, notFound, validationFailed } from './http-error.js';
import { renderCommit, renderDiffEntry, renderGitRef } from './render-git.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';
import { createBranch } from './repo-operations.js';
import { resolveRef } from './resolve-ref.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function branchFromRef(ref: string): string {
  return ref.replace(/^refs\//, '').replace(/^heads\//, '');
}

/** https://docs.github.com/rest/branches/branches#get-a-branch */
function getBranch(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const branch = repo.branches.get(input.params.branch ?? '');
  const commit = branch ? repo.commits.get(branch.headSha) : undefined;
  if (!branch || !commit)
    throw new GitHubHttpError({ status: 404, body: { message: 'Branch not found' } });
  const api = repoApiUrl({ ctx: input.ctx, repo });
  return ok({
    name: branch.name,
    commit: renderCommit({ ctx: input.ctx, repo, commit }),
    _links: {
      self: `${api}/branches/${branch.name}`,
      html: `${repoWebUrl({ ctx: input.ctx, repo })}/tree/${branch.name}`,
    },
    protected: branch.protected,
    protection: {
      enabled: branch.protected,
      required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
    },
    protection_url: `${api}/branches/${branch.name}/protection`,
  });
}

/** https://docs.github.com/rest/git/refs#get-a-reference (branches only). */
function getRef(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const name = branchFromRef(input.params.ref ?? '');
  const branch = repo.branches.get(name);
  if (!branch) throw notFound();
  return ok(renderGitRef({ ctx: input.ctx, repo, branch: name, sha: branch.headSha }));
}

/**
 * https://docs.github.com/rest/git/refs#create-a-reference — `ref` must be
 * `refs/heads/...`; an existing ref is 422 "Reference already exists".
 */
function createRef(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const ref = String(input.body.ref ?? '');
  const sha = String(input.body.sha ?? '');
  if (!/^refs\/heads\/.+/.test(ref)) {
    throw new GitHubHttpError({
      status: 422,
      body: { message: 'Reference name must start with refs/heads/ (tags are not modelled)' },
    });
  }
  const name = branchFromRef(ref);
  if (repo.branches.has(name))
    throw new GitHubHttpError({ status: 422, body: { message: 'Reference already exists' } });
  if (!repo.commits.has(sha))
    throw new GitHubHttpError({ status: 422, body: { message: 'Object does not exist' } });
  createBranch({ ctx: input.ctx, repo, name, sha, senderLogin: input.ctx.apiActorLogin });
  return ok(renderGitRef({ ctx: input.ctx, repo, branch: name, sha }), { status: 201 });
}

function isAncestor(params: { repo: FakeRepo; ancestor: string; of: string }): boolean {
  const seen = new Set<string>();
  const stack = [params.of];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (sha === params.ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of params.repo.commits.get(sha)?.parents ?? []) stack.push(parent);
  }
  return false;
}

/** https://docs.github.com/rest/git/refs#update-a-reference — non-fast-forward needs `force`. */
function updateRef(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const name = branchFromRef(input.params.ref ?? '');
  const branch = repo.branches.get(name);
  if (!branch)
    throw new GitHubHttpError({ status: 422, body: { message: 'Reference does not exist' } });
  const sha = String(input.body.sha ?? '');
  if (!repo.commits.has(sha))
    throw new GitHubHttpError({ status: 422, body: { message: 'Object does not exist' } });
  if (branch.protected) {
    throw new GitHubHttpError({
      status: 422,
      body: { message: `Protected branch update failed for refs/heads/${name}.` },
    });
  }
  if (input.body.force !== true && !isAncestor({ repo, ancestor: branch.headSha, of: sha })) {
    throw new GitHubHttpError({ status: 422, body: { message: 'Update is not a fast forward' } });
  }
  const before = branch.headSha;
  branch.headSha = sha;
  const commits: FakeCommit[] = [];
  for (
    let cursor = repo.commits.get(sha);
    cursor && cursor.sha !== before;
    cursor = repo.commits.get(cursor.parents[0] ?? '')
  ) {
    commits.unshift(cursor);
  }
  emitPush({
    ctx: input.ctx,
    repo,
    branch: name,
    before,
    commits,
    senderLogin: input.ctx.apiActorLogin,
  });
  return ok(renderGitRef({ ctx: input.ctx, repo, branch: name, sha }));
}

/** https://docs.github.com/rest/git/refs#delete-a-reference */
function deleteRef(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const name = branchFromRef(input.params.ref ?? '');
  if (!repo.branches.has(name))
    throw new GitHubHttpError({ status: 422, body: { message: 'Reference does not exist' } });
  if (name === repo.defaultBranch)
    throw validationFailed([
      { resource: 'Ref', code: 'custom', message: 'Cannot delete the default branch' },
    ]);
  repo.branches.delete(name);
  return { status: 204 };
}

/** First-parent history from `start`, newest first. */
function history(params: { repo: FakeRepo; start: FakeCommit }): FakeCommit[] {
  const out: FakeCommit[] = [];
  for (
    let cursor: FakeCommit | undefined = params.start;
    cursor;
    cursor = params.repo.commits.get(cursor.parents[0] ?? '')
  ) {
    out.push(cursor);
  }
  return out;
}

/** https://docs.github.com/rest/commits/commits#list-commits — supports `sha`, `path`, `since`, `until`. */
function listCommits(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const start = resolveRef({ repo, ref: input.query.get('sha') });
  if (!start) throw new GitHubHttpError({ status: 404, body: { message: 'Not Found' } });
  const path = input.query.get('path');
  const since = input.query.get('since');
  const until = input.query.get('until');
  const commits = history({ repo, start }).filter((commit) => {
    if (
      path &&
      ![...commit.added, ...commit.modified, ...commit.removed].some(
        (p) => p === path || p.startsWith(`${path}/`),
      )
    )
      return false;
    if (since && commit.timestamp < Date.parse(since)) return false;
    if (until && commit.timestamp > Date.parse(until)) return false;
    return true;
  });
  return ok(
    commits.map((commit) => renderCommit({ ctx: input.ctx, repo, commit })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/commits/commits#get-a-commit — includes `files[]` (added/modified/removed). */
function getCommit(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const commit = resolveRef({ repo, ref: input.params.ref });
  if (!commit)
    throw new GitHubHttpError({
      status: 422,
      body: { message: `No commit found for SHA: ${input.params.ref ?? ''}` },
    });
  return ok(renderCommit({ ctx: input.ctx, repo, commit, withFiles: true }));
}

/** https://docs.github.com/rest/commits/commits#compare-two-commits (`base...head`, three-dot). */
function compare(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const [baseRef, headRef] = (input.params.basehead ?? '').split('...');
  const base = resolveRef({ repo, ref: baseRef });
  const head = resolveRef({ repo, ref: headRef });
  if (!base || !head || baseRef === undefined || headRef === undefined) throw notFound();
  const baseAncestors = new Set(history({ repo, start: base }).map((commit) => commit.sha));
  const headLine = history({ repo, start: head });
  const mergeBase = headLine.find((commit) => baseAncestors.has(commit.sha)) ?? base;
  const ahead = headLine
    .slice(
      0,
      headLine.findIndex((commit) => commit.sha === mergeBase.sha),
    )
    .reverse();
  const baseLine = history({ repo, start: base });
  const behindBy = baseLine.findIndex((commit) => commit.sha === mergeBase.sha);
  const status =
    ahead.length === 0 && behindBy === 0
      ? 'identical'
      : behindBy === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const paths = new Set([...mergeBase.files.keys(), ...head.files.keys()]);
  const files = [...paths]
    .filter((path) => mergeBase.files.get(path)?.sha !== head.files.get(path)?.sha)
    .sort()
    .map((path) =>
      renderDiffEntry({
        ctx: input.ctx,
        repo,
        path,
        before: mergeBase.files.get(path),
        after: head.files.get(path),
        ref: head.sha,
      }),
    );
  const web = repoWebUrl({ ctx: input.ctx, repo });
  const api = repoApiUrl({ ctx: input.ctx, repo });
  return ok({
    url: `${api}/compare/${input.params.basehead ?? ''}`,
    html_url: `${web}/compare/${input.params.basehead ?? ''}`,
    permalink_url: `${web}/compare/${repo.ownerLogin}:${base.sha.slice(0, 7)}...${repo.ownerLogin}:${head.sha.slice(0, 7)}`,
    diff_url: `${web}/compare/${input.params.basehead ?? ''}.diff`,
    patch_url: `${web}/compare/${input.params.basehead ?? ''}.patch`,
    base_commit: renderCommit({ ctx: input.ctx, repo, commit: base }),
    merge_base_commit: renderCommit({ ctx: input.ctx, repo, commit: mergeBase }),
    status,
    ahead_by: ahead.length,
    behind_by: behindBy,
    total_commits: ahead.length,
    commits: ahead.map((commit) => renderCommit({ ctx: input.ctx, repo, commit })),
    files,
  });
}

export const gitRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/branches/{branch}', handle: getBranch },
  { method: 'GET', template: '/repos/{owner}/{repo}/git/ref/{ref}', handle: getRef },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/refs', handle: createRef },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/git/refs/{ref}', handle: updateRef },
  { method: 'DELETE', template: '/repos/{owner}/{repo}/git/refs/{ref}', handle: deleteRef },
  { method: 'GET', template: '/repos/{owner}/{repo}/commits', handle: listCommits },
  { method: 'GET', template: '/repos/{owner}/{repo}/commits/{ref}', handle: getCommit },
  { method: 'GET', template: '/repos/{owner}/{repo}/compare/{basehead}', handle: compare },
];
