import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';
import { commentLandedCheck } from './find-landed-comment.js';

/** A comment the app owns on an issue or pull request, found by its marker. */
export interface StickyComment {
  id: number;
  body: string;
  /** Its web address (`html_url`). */
  url: string;
}

/**
 * The first comment on issue or pull request `number` whose body starts with `marker` and that a
 * bot wrote (a person quoting the marker is not the app). Lists every page, oldest first; with
 * `since` (ISO 8601) only comments updated at or after it.
 * https://docs.github.com/en/rest/issues/comments#list-issue-comments
 */
export async function findStickyComment(params: {
  octokit: GithubClient;
  repo: RepoRef;
  number: number;
  marker: string;
  since?: string;
}): Promise<StickyComment | null> {
  for (let page = 1; ; page++) {
    const { data } = await params.octokit.request(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      {
        ...params.repo,
        issue_number: params.number,
        per_page: 100,
        page,
        ...(params.since ? { since: params.since } : {}),
      },
    );
    const found = data.find(
      (c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(params.marker),
    );
    if (found) return { id: Number(found.id), body: found.body ?? '', url: found.html_url };
    if (data.length < 100) return null;
  }
}

/**
 * One comment per pull request, edited in place: `existing` (found earlier) is updated when its
 * body differs; without one, the comments are listed again right before posting, so a comment
 * another delivery posted meanwhile is edited rather than doubled. Returns what was written.
 * https://docs.github.com/en/rest/issues/comments#update-an-issue-comment
 */
export async function upsertStickyComment(params: {
  octokit: GithubClient;
  repo: RepoRef;
  number: number;
  marker: string;
  body: string;
  existing: StickyComment | null;
}): Promise<'created' | 'updated' | 'unchanged'> {
  const { octokit, repo, body } = params;
  const existing = params.existing ?? (await findStickyComment(params));
  if (existing?.body === body) return 'unchanged';
  if (existing) {
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: existing.id,
      body,
    });
    return 'updated';
  }
  await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: params.number,
    body,
    request: commentLandedCheck({ octokit, repo, issueNumber: params.number, body }),
  });
  return 'created';
}
