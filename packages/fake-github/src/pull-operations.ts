import type { FakeContext } from './fake-context.js';
import type { FakePull, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId, repoKey } from './fake-state.js';
import { fetchForkHead, findFork } from './fork-operations.js';
import { validationFailed } from './http-error.js';
import { createIssue, updateIssue } from './issue-operations.js';
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

/**
 * Edits a pull request's title, body, state or base the way GitHub does
 * (https://docs.github.com/rest/pulls/pulls#update-a-pull-request) and emits `pull_request`
 * `edited` (with `changes`), `closed` (unmerged) or `reopened`. A merged pull request cannot be
 * reopened (422).
 */
export function updatePull(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  pull: FakePull;
  actorLogin: string;
  patch: { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
}): FakePull {
  const { ctx, repo, pull, patch } = params;
  const issue = repo.issues.get(pull.number);
  if (!issue) throw new Error(`pull #${pull.number} has no issue entry`);
  if (patch.base !== undefined && !repo.branches.has(patch.base)) {
    throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  }
  if (patch.state === 'open' && issue.state === 'closed' && pull.merged) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'state cannot be changed. The pull request cannot be reopened.',
      },
    ]);
  }
  const changes: Record<string, unknown> = {};
  if (patch.title !== undefined && patch.title !== issue.title)
    changes.title = { from: issue.title };
  if (patch.body !== undefined && patch.body !== (issue.body ?? '')) {
    changes.body = { from: issue.body ?? '' };
  }
  if (patch.base !== undefined && patch.base !== pull.baseRef) {
    const before = repo.branches.get(pull.baseRef);
    changes.base = { ref: { from: pull.baseRef }, sha: { from: before?.headSha ?? '' } };
    pull.baseRef = patch.base;
  }
  const stateBefore = issue.state;
  // The issue side holds title, body and state; issue operations emit nothing for pull requests.
  updateIssue({
    ctx,
    repo,
    issue,
    actorLogin: params.actorLogin,
    patch: { title: patch.title, body: patch.body, state: patch.state },
  });
  const emit = (action: string, extra: Record<string, unknown> = {}): void =>
    ctx.emit({
      name: 'pull_request',
      repo,
      senderLogin: params.actorLogin,
      payload: {
        action,
        number: pull.number,
        pull_request: renderPullRequest({ ctx, repo, pull }),
        ...extra,
      },
    });
  if (Object.keys(changes).length > 0) emit('edited', { changes });
  if (stateBefore === 'open' && issue.state === 'closed') emit('closed');
  if (stateBefore === 'closed' && issue.state === 'open') emit('reopened');
  return pull;
}
