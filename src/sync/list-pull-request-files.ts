import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';

/** GitHub lists at most 3,000 files of a pull request, 100 per page. */
const MAX_PAGES = 30;

/**
 * Every path a pull request adds, modifies, removes or renames (both names of a rename), from
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`, 100 per page.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
export async function listPullRequestFiles(params: {
  octokit: GithubClient;
  repo: RepoRef;
  number: number;
}): Promise<string[]> {
  const paths = new Set<string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await params.octokit.request(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      { ...params.repo, pull_number: params.number, per_page: 100, page },
    );
    for (const file of data) {
      paths.add(file.filename);
      if (file.previous_filename) paths.add(file.previous_filename);
    }
    if (data.length < 100) break;
  }
  return [...paths];
}
