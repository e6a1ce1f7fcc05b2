import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';
import type { LandedCheck } from './request-with-retry.js';

/**
 * The request option (`request: { landed }`, see request-with-retry.ts) for a comment that must
 * not be posted twice: after a 5xx answer, before the POST is sent again, it looks through the
 * issue's comments for one with exactly `body` and returns it as the POST's response; null when
 * the first POST did not land. Only run on that rare path, so reading every page is acceptable.
 * https://docs.github.com/en/rest/issues/comments#list-issue-comments
 */
export function commentLandedCheck(params: {
  octokit: GithubClient;
  repo: RepoRef;
  issueNumber: number;
  body: string;
}): LandedCheck {
  return {
    landed: async () => {
      for (let page = 1; ; page++) {
        const { data } = await params.octokit.request(
          'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { ...params.repo, issue_number: params.issueNumber, per_page: 100, page },
        );
        const found = data.find((comment) => comment.body === params.body);
        if (found) return { data: found };
        if (data.length < 100) return null;
      }
    },
  };
}
