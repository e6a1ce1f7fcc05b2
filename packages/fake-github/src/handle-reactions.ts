import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeComment, FakeReaction, FakeRepo, ReactionContent } from './fake-state.js';
import { REACTION_CONTENTS, allocateId, makeNodeId } from './fake-state.js';
import { notFound } from './http-error.js';
import { renderUser } from './render-user.js';
import { ok, readEnum, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function requireComment(params: { repo: FakeRepo; value: string | undefined }): FakeComment {
  const comment = params.repo.comments.get(Number(params.value));
  if (!comment) throw notFound();
  return comment;
}

/** `reaction` (https://docs.github.com/rest/reactions/reactions). */
function renderReaction(params: {
  ctx: FakeContext;
  reaction: FakeReaction;
}): Record<string, unknown> {
  const { ctx, reaction } = params;
  return {
    id: reaction.id,
    node_id: reaction.nodeId,
    user: renderUser({ ctx, login: reaction.userLogin }),
    content: reaction.content,
    created_at: formatTimestamp(reaction.createdAt),
  };
}

/**
 * https://docs.github.com/rest/reactions/reactions#list-reactions-for-an-issue-comment (oldest
 * first; `content` filters one kind).
 */
function listReactions(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const comment = requireComment({ repo, value: input.params.comment_id });
  const content =
    input.query.get('content') === null
      ? null
      : readEnum<ReactionContent>({
          query: input.query,
          name: 'content',
          allowed: REACTION_CONTENTS,
          fallback: '+1',
        });
  const reactions = [...repo.reactions.values()]
    .filter((r) => r.commentId === comment.id && (content === null || r.content === content))
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return ok(
    reactions.map((reaction) => renderReaction({ ctx: input.ctx, reaction })),
    { paginate: true },
  );
}

/**
 * https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment: one
 * reaction of each kind per person; adding one again answers 200 with the existing one.
 */
function createReaction(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const comment = requireComment({ repo, value: input.params.comment_id });
  const content = input.body.content as ReactionContent; // enum checked against the OpenAPI body
  const login = input.ctx.apiActorLogin;
  const existing = [...repo.reactions.values()].find(
    (r) => r.commentId === comment.id && r.content === content && r.userLogin === login,
  );
  if (existing) return ok(renderReaction({ ctx: input.ctx, reaction: existing }));
  const id = allocateId(input.ctx.state);
  const reaction: FakeReaction = {
    id,
    nodeId: makeNodeId({ prefix: 'REA', id }),
    commentId: comment.id,
    content,
    userLogin: login,
    createdAt: input.ctx.clock.now(),
  };
  repo.reactions.set(id, reaction);
  return ok(renderReaction({ ctx: input.ctx, reaction }), { status: 201 });
}

export const reactionRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    handle: listReactions,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    handle: createReaction,
  },
];
