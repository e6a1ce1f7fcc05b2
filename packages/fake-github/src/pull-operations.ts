import type { FakeContext } from './fake-context.js';
import type { FakePull, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId } from './fake-state.js';
import { validationFailed } from './http-error.js';
import { createIssue } from './issue-operations.js';
import { renderPullRequest } from './render-pull-request.js';

/**
 * Opens a pull request from `head` into `base` (both branches of this repo).
 * Takes the next issue number (shared with issues) and emits
 * `pull_request.opened`. https://docs.github.com/rest/pulls/pulls#create-a-pull-request
 */
export function createPull(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  actorLogin: string;
  title: string;
  body?: string | null;
  head: string;
  base: string;
  draft?: boolean;
}): FakePull {
  const { ctx, repo } = params;
  const head = params.head.includes(':') ? params.head.split(':').slice(1).join(':') : params.head;
  const headBranch = repo.branches.get(head);
  const baseBranch = repo.branches.get(params.base);
  if (!baseBranch)
    throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (!headBranch)
    throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  if (headBranch.headSha === baseBranch.headSha) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${params.base} and ${head}`,
      },
    ]);
  }
  for (const existing of repo.pulls.values()) {
    if (
      existing.headRef === head &&
      existing.baseRef === params.base &&
      repo.issues.get(existing.number)?.state === 'open'
    ) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.ownerLogin}:${head}.`,
        },
      ]);
    }
  }
  const issue = createIssue({
    ctx,
    repo,
    actorLogin: params.actorLogin,
    title: params.title,
    body: params.body ?? null,
    isPullRequest: true,
  });
  const id = allocateId(ctx.state);
  const pull: FakePull = {
    id,
    nodeId: makeNodeId({ prefix: 'PR', id }),
    number: issue.number,
    headRef: head,
    baseRef: params.base,
    draft: params.draft ?? false,
    merged: false,
    mergedAt: null,
  };
  repo.pulls.set(pull.number, pull);
  ctx.emit({
    name: 'pull_request',
    repo,
    senderLogin: params.actorLogin,
    payload: {
      action: 'opened',
      number: pull.number,
      pull_request: renderPullRequest({ ctx, repo, pull }),
    },
  });
  return pull;
}
