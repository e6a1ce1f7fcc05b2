import type { FakeContext } from './fake-context.js';
import type { FakeRepo } from './fake-state.js';
import { allocateId, ensureUser, makeNodeId, repoKey } from './fake-state.js';
import { renderPullRequest } from './render-pull-request.js';

/**
 * Forks `source` into `ownerLogin`'s account, copying its default branch only (the API's
 * `default_branch_only: true`; https://docs.github.com/rest/repos/forks#create-a-fork). The fork
 * shares the source's commits, has no issues, milestones or labels, and no installation. Emits
 * nothing (GitHub's `fork` event is not modelled).
 */
export function createFork(params: {
  ctx: FakeContext;
  source: FakeRepo;
  ownerLogin: string;
  /** Default: the source's name. */
  name?: string;
}): FakeRepo {
  const { ctx, source, ownerLogin } = params;
  const name = params.name ?? source.name;
  const key = repoKey({ owner: ownerLogin, repo: name });
  if (ctx.state.repos.has(key)) throw new Error(`repository ${ownerLogin}/${name} already exists`);
  ensureUser({ state: ctx.state, login: ownerLogin });
  const id = allocateId(ctx.state);
  const now = ctx.clock.now();
  const head = source.branches.get(source.defaultBranch)?.headSha ?? '';
  const fork: FakeRepo = {
    id,
    nodeId: makeNodeId({ prefix: 'R', id }),
    ownerLogin,
    name,
    parentKey: repoKey({ owner: source.ownerLogin, repo: source.name }),
    private: source.private,
    description: source.description,
    defaultBranch: source.defaultBranch,
    createdAt: now,
    updatedAt: now,
    pushedAt: source.pushedAt,
    branches: new Map([
      [source.defaultBranch, { name: source.defaultBranch, headSha: head, protected: false }],
    ]),
    commits: new Map(source.commits),
    issues: new Map(),
    pulls: new Map(),
    milestones: new Map(),
    labels: [],
    comments: new Map(),
    checkRuns: new Map(),
    reactions: new Map(),
    collaborators: new Map(),
    nextNumber: 1,
    nextMilestoneNumber: 1,
    installationId: null,
  };
  ctx.state.repos.set(key, fork);
  return fork;
}

/** The fork of `base` owned by `ownerLogin`, if there is one. */
export function findFork(params: {
  ctx: FakeContext;
  base: FakeRepo;
  ownerLogin: string;
}): FakeRepo | undefined {
  const parentKey = repoKey({ owner: params.base.ownerLogin, repo: params.base.name });
  const owner = params.ownerLogin.toLowerCase();
  for (const repo of params.ctx.state.repos.values()) {
    if (repo.parentKey === parentKey && repo.ownerLogin.toLowerCase() === owner) return repo;
  }
  return undefined;
}

/**
 * `refs/pull/N/head`: copies the fork's commits reachable from `headSha` that `base` lacks into
 * `base.commits`, as GitHub keeps them in the base repository, so they read there by sha.
 * Returns the shas copied.
 */
export function fetchForkHead(params: {
  base: FakeRepo;
  fork: FakeRepo;
  headSha: string;
}): string[] {
  const { base, fork } = params;
  const copied: string[] = [];
  const stack = [params.headSha];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (base.commits.has(sha)) continue;
    const commit = fork.commits.get(sha);
    if (!commit) continue;
    base.commits.set(sha, commit);
    copied.push(sha);
    for (const parent of commit.parents) stack.push(parent);
  }
  return copied;
}

/**
 * After a push to `branch` of `fork`: every open pull request from that branch moves its
 * `refs/pull/N/head` and emits `pull_request.synchronize` on its base repository.
 */
export function synchronizeForkPulls(params: {
  ctx: FakeContext;
  fork: FakeRepo;
  branch: string;
  before: string;
  senderLogin: string;
}): void {
  const { ctx, fork } = params;
  const key = repoKey({ owner: fork.ownerLogin, repo: fork.name });
  const after = fork.branches.get(params.branch)?.headSha;
  if (!after) return;
  for (const base of ctx.state.repos.values()) {
    for (const pull of base.pulls.values()) {
      if (pull.fork?.repoKey !== key || pull.headRef !== params.branch) continue;
      if (base.issues.get(pull.number)?.state !== 'open') continue;
      pull.fork.fetchedShas = [
        ...pull.fork.fetchedShas,
        ...fetchForkHead({ base, fork, headSha: after }),
      ];
      pull.fork.headSha = after;
      ctx.emit({
        name: 'pull_request',
        repo: base,
        senderLogin: params.senderLogin,
        payload: {
          action: 'synchronize',
          number: pull.number,
          before: params.before,
          after,
          pull_request: renderPullRequest({ ctx, repo: base, pull }),
        },
      });
    }
  }
}

/**
 * Deletes a repository (emits nothing). Pull requests from it, when it is a fork, then render
 * `head.repo: null` (GitHub does: github/rest-api-description#161). With `pullHeads: 'kept'`
 * (default, what GitHub does) their base repositories still serve the head commits
 * (`refs/pull/N/head`); with `'dropped'` they no longer do — a mode GitHub documents no cause
 * for, to test a head that cannot be read — while the pull requests' files are still listed.
 */
export function deleteRepository(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  pullHeads?: 'kept' | 'dropped';
}): void {
  const { ctx, repo } = params;
  const key = repoKey({ owner: repo.ownerLogin, repo: repo.name });
  ctx.state.repos.delete(key);
  const fullName = `${repo.ownerLogin}/${repo.name}`.toLowerCase();
  for (const installation of ctx.state.installations.values()) {
    installation.repoFullNames = installation.repoFullNames.filter(
      (name) => name.toLowerCase() !== fullName,
    );
  }
  if (params.pullHeads !== 'dropped') return;
  for (const base of ctx.state.repos.values()) {
    const pulls = [...base.pulls.values()].filter((pull) => pull.fork?.repoKey === key);
    // Every head first: pull requests from one fork may share commits.
    for (const pull of pulls) {
      if (pull.fork) pull.fork.droppedHead = base.commits.get(pull.fork.headSha) ?? null;
    }
    for (const pull of pulls) {
      for (const sha of pull.fork?.fetchedShas ?? []) base.commits.delete(sha);
      if (pull.fork) pull.fork.fetchedShas = [];
    }
  }
}
