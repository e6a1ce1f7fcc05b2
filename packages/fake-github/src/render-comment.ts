import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeComment, FakeReaction, FakeRepo } from './fake-state.js';
import { REACTION_CONTENTS } from './fake-state.js';
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
    // A pull request's conversation comment lives under /pull/N on the web.
    html_url: `${repoWebUrl({ ctx, repo })}/${repo.issues.get(comment.issueNumber)?.isPullRequest ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser({ ctx, login: comment.authorLogin }),
    created_at: formatTimestamp(comment.createdAt),
    updated_at: formatTimestamp(comment.updatedAt),
    author_association: comment.authorLogin === repo.ownerLogin ? 'OWNER' : 'NONE',
    performed_via_github_app: null,
    reactions: renderReactionRollup({
      url: `${api}/issues/comments/${comment.id}/reactions`,
      reactions: [...repo.reactions.values()].filter((r) => r.commentId === comment.id),
    }),
  };
}

/** `reaction-rollup`: how many of each reaction a comment has. */
function renderReactionRollup(params: {
  url: string;
  reactions: FakeReaction[];
}): Record<string, unknown> {
  const counts = Object.fromEntries(
    REACTION_CONTENTS.map((content) => [
      content,
      params.reactions.filter((r) => r.content === content).length,
    ]),
  );
  return { url: params.url, total_count: params.reactions.length, ...counts };
}
