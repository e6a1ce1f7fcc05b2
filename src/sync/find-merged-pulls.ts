import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';

/** A pull request merged by a push, as the merge summary needs it. */
export interface MergedPull {
  number: number;
  /** The base repository's web address, e.g. `https://github.com/acme/plan`. */
  repoUrl: string;
}

/**
 * The pull requests a push merged into `branch`: those GitHub associates with the pushed head
 * commit (`sha`, the push's `after`) that are merged, have that very commit as their
 * `merge_commit_sha` (a merge commit, the squashed commit, or the last rebased commit) and
 * `branch` as their base. Empty for a direct push. One request (the first page is plenty: a
 * commit is the merge commit of one pull request).
 * https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit
 */
export async function findMergedPulls(params: {
  octokit: GithubClient;
  repo: RepoRef;
  sha: string;
  branch: string;
}): Promise<MergedPull[]> {
  const { data } = await params.octokit.request(
    'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    { ...params.repo, commit_sha: params.sha, per_page: 100 },
  );
  return data
    .filter(
      (pull) =>
        pull.merged_at !== null &&
        pull.merge_commit_sha === params.sha &&
        pull.base.ref === params.branch,
    )
    .map((pull) => ({ number: pull.number, repoUrl: pull.base.repo.html_url }));
}
