import { createComment, editComment } from './comment-operations.js';
import { GITHUB_LIMITS, checkLength } from './check-limits.js';
import { notFound } from './http-error.js';
import { renderComment } from './render-comment.js';
import { ok, requireIssue, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** https://docs.github.com/rest/issues/comments#list-issue-comments (oldest first; `since` filter). */
function listComments(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  const since = input.query.get('since');
  const comments = [...repo.comments.values()]
    .filter((comment) => comment.issueNumber === issue.number)
    .filter((comment) => since === null || comment.updatedAt >= Date.parse(since))
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return ok(
    comments.map((comment) => renderComment({ ctx: input.ctx, repo, comment })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/issues/comments#create-an-issue-comment (emits `issue_comment.created`) */
function postComment(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  checkCommentBody(input.body.body);
  const comment = createComment({
    ctx: input.ctx,
    repo,
    issue,
    actorLogin: input.ctx.apiActorLogin,
    body: String(input.body.body),
  });
  return ok(renderComment({ ctx: input.ctx, repo, comment }), { status: 201 });
}

/** https://docs.github.com/rest/issues/comments#update-an-issue-comment (emits `issue_comment.edited`) */
function patchComment(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const comment = repo.comments.get(Number(input.params.comment_id));
  if (!comment) throw notFound();
  checkCommentBody(input.body.body);
  editComment({
    ctx: input.ctx,
    repo,
    comment,
    actorLogin: input.ctx.apiActorLogin,
    body: String(input.body.body),
  });
  return ok(renderComment({ ctx: input.ctx, repo, comment }));
}

function checkCommentBody(value: unknown): void {
  checkLength({ resource: 'IssueComment', field: 'body', value, max: GITHUB_LIMITS.commentBody });
}

export const commentRoutes: RouteDefinition[] = [
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handle: patchComment,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handle: listComments,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handle: postComment,
  },
];
