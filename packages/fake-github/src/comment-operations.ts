import type { FakeContext } from './fake-context.js';
import type { FakeComment, FakeIssue, FakeRepo } from './fake-state.js';
import { allocateId, ensureUser, makeNodeId } from './fake-state.js';
import { renderComment } from './render-comment.js';
import { renderIssue } from './render-issue.js';

/**
 * Emits `issue_comment.<action>` with the issue (a pull request's carries `pull_request`) and the
 * comment as they are now. GitHub sends it for comments on issues and on pull requests alike,
 * whoever wrote them, the app included
 * (https://docs.github.com/webhooks/webhook-events-and-payloads#issue_comment).
 */
function emitIssueComment(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  comment: FakeComment;
  actorLogin: string;
  action: 'created' | 'edited';
  extra?: Record<string, unknown>;
}): void {
  const { ctx, repo, issue, comment } = params;
  ctx.emit({
    name: 'issue_comment',
    repo,
    senderLogin: params.actorLogin,
    payload: {
      action: params.action,
      issue: renderIssue({ ctx, repo, issue }),
      comment: renderComment({ ctx, repo, comment }),
      ...params.extra,
    },
  });
}

/** A new comment on an issue or pull request; emits `issue_comment.created`. */
export function createComment(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  body: string;
}): FakeComment {
  const { ctx, repo, issue } = params;
  ensureUser({ state: ctx.state, login: params.actorLogin });
  const id = allocateId(ctx.state);
  const now = ctx.clock.now();
  const comment: FakeComment = {
    id,
    nodeId: makeNodeId({ prefix: 'IC', id }),
    issueNumber: issue.number,
    body: params.body,
    authorLogin: params.actorLogin,
    createdAt: now,
    updatedAt: now,
  };
  repo.comments.set(id, comment);
  issue.updatedAt = now;
  emitIssueComment({ ...params, comment, action: 'created' });
  return comment;
}

/** Rewrites a comment's body; emits `issue_comment.edited` with `changes.body.from` when it changed. */
export function editComment(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  comment: FakeComment;
  actorLogin: string;
  body: string;
}): FakeComment {
  const { ctx, repo, comment } = params;
  const from = comment.body;
  comment.body = params.body;
  comment.updatedAt = ctx.clock.now();
  const issue = repo.issues.get(comment.issueNumber);
  if (issue && from !== params.body) {
    emitIssueComment({
      ctx,
      repo,
      issue,
      comment,
      actorLogin: params.actorLogin,
      action: 'edited',
      extra: { changes: { body: { from } } },
    });
  }
  return comment;
}
