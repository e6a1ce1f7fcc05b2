import type { FakeCommit, FakePull, FakeRepo } from './fake-state.js';
import { GitHubHttpError } from './http-error.js';
import { ancestorsOf } from './merge-pull.js';
import { renderPullRequest } from './render-pull-request.js';
import { resolveRef } from './resolve-ref.js';
import { ok, requireRepo, sortBy } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/**
 * https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit —
 * "the merged pull request that introduced the commit to the repository. If the commit is not
 * present in the default branch, it will return merged and open pull requests associated with
 * the commit." Modelled as: merged pull requests whose merge commit is the commit, or (merge
 * commits) whose merged head contained it and their base did not; and, for a commit not on the
 * default branch, open pull requests whose head contains it and whose base does not. A branch
 * name is accepted for `commit_sha`, as GitHub documents. Newest first.
 */
function listCommitPulls(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const commit = resolveRef({ repo, ref: input.params.commit_sha });
  if (!commit) {
    throw new GitHubHttpError({
      status: 422,
      body: { message: `No commit found for SHA: ${input.params.commit_sha ?? ''}` },
    });
  }
  const defaultHead = repo.commits.get(repo.branches.get(repo.defaultBranch)?.headSha ?? '');
  const onDefault = defaultHead ? ancestorsOf({ repo, start: defaultHead }).has(commit.sha) : false;
  const pulls = [...repo.pulls.values()].filter((pull) => {
    if (pull.merged) return introduced({ repo, pull, commit });
    if (onDefault || repo.issues.get(pull.number)?.state !== 'open') return false;
    return (
      contains({ repo, tip: repo.branches.get(pull.headRef)?.headSha, commit }) &&
      !contains({ repo, tip: repo.branches.get(pull.baseRef)?.headSha, commit })
    );
  });
  const sorted = sortBy({
    items: pulls,
    key: (pull) => repo.issues.get(pull.number)?.createdAt ?? 0,
    direction: 'desc',
  });
  return ok(
    sorted.map((pull) => renderPullRequest({ ctx: input.ctx, repo, pull, detail: false })),
    { paginate: true },
  );
}

/** The merged pull request brought `commit` in: its merge commit, or its merged head's history. */
function introduced(params: { repo: FakeRepo; pull: FakePull; commit: FakeCommit }): boolean {
  const { repo, pull, commit } = params;
  if (pull.mergeCommitSha === commit.sha) return true;
  const merge = repo.commits.get(pull.mergeCommitSha ?? '');
  if (!merge || merge.parents.length < 2) return false;
  const [baseTip, headTip] = merge.parents;
  return contains({ repo, tip: headTip, commit }) && !contains({ repo, tip: baseTip, commit });
}

function contains(params: {
  repo: FakeRepo;
  tip: string | undefined;
  commit: FakeCommit;
}): boolean {
  const start = params.repo.commits.get(params.tip ?? '');
  return start ? ancestorsOf({ repo: params.repo, start }).has(params.commit.sha) : false;
}

export const commitPullRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    handle: listCommitPulls,
  },
];
