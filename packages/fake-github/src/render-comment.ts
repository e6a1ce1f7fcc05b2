import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeComment, FakeRepo } from './fake-state.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';
import { renderUser } from './render-user.js';

/** `issue-comment` (https://docs.github.com/rest/issues/comments). */
export function renderComment(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  comment: FakeComment;
}): Record<string, unknown> {
  const { ctx, repo, comment } = params;
  const api = repoApiUrl({ ctx, repo });
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${repoWebUrl({ ctx, repo })}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser({ ctx, login: comment.authorLogin }),
    created_at: formatTimestamp(comment.createdAt),
    updated_at: formatTimestamp(comment.updatedAt),
    author_association: comment.authorLogin === repo.ownerLogin ? 'OWNER' : 'NONE',
    performed_via_github_app: null,
    reactions: {
      url: `${api}/issues/comments/${comment.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}
