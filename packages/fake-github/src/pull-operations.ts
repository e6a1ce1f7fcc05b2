import type { FakeContext } from './fake-context.js';
import type { FakePull, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId, repoKey } from './fake-state.js';
import { fetchForkHead, findFork } from './fork-operations.js';
import { validationFailed } from './http-error.js';
import { createIssue } from './issue-operations.js';
import { renderPullRequest } from './render-pull-request.js';

/**
 * Opens a pull request from `head` into `base` and emits `pull_request.opened`. `head` is a
 * branch of this repository (`branch` or `owner:branch`), or `owner:branch` of `owner`'s fork
 * of it: GitHub then keeps the head commits in this repository (`refs/pull/N/head`). Takes the
 * next issue number (shared with issues).
 * https://docs.github.com/rest/pulls/pulls#create-a-pull-request
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
  const colon = params.head.indexOf(':');
  const headOwner = colon >= 0 ? params.head.slice(0, colon) : repo.ownerLogin;
  const head = colon >= 0 ? params.head.slice(colon + 1) : params.head;
  const fromFork = headOwner.toLowerCase() !== repo.ownerLogin.toLowerCase();
  const headRepo = fromFork ? findFork({ ctx, base: repo, ownerLogin: headOwner }) : repo;
  const headBranch = headRepo?.branches.get(head);
  const baseBranch = repo.branches.get(params.base);
  if (!baseBranch)
    throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (!headRepo || !headBranch)
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
  const headKey = fromFork ? repoKey({ owner: headRepo.ownerLogin, repo: headRepo.name }) : null;
  for (const existing of repo.pulls.values()) {
    if (
      existing.headRef === head &&
      (existing.fork?.repoKey ?? null) === headKey &&
      existing.baseRef === params.base &&
      repo.issues.get(existing.number)?.state === 'open'
    ) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${headRepo.ownerLogin}:${head}.`,
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
    ...(headKey !== null
      ? {
          fork: {
            repoKey: headKey,
            ownerLogin: headRepo.ownerLogin,
            headSha: headBranch.headSha,
            fetchedShas: fetchForkHead({ base: repo, fork: headRepo, headSha: headBranch.headSha }),
            droppedHead: null,
          },
        }
      : {}),
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
