import type { FakeCommit, FakePull, FakeRepo } from './fake-state.js';

/**
 * The head sha of a pull request of `repo`: its head branch's, or `refs/pull/N/head` for a pull
 * request from a fork; null when the head branch is gone.
 */
export function pullHeadSha(params: { repo: FakeRepo; pull: FakePull }): string | null {
  const { repo, pull } = params;
  if (pull.fork) return pull.fork.headSha;
  return repo.branches.get(pull.headRef)?.headSha ?? null;
}

/**
 * The head commit a pull request's files are listed from: as `repo` serves it, else (a fork head
 * the base repository dropped) the one the pull request's diff was kept from.
 */
export function pullDiffHead(params: { repo: FakeRepo; pull: FakePull }): FakeCommit | undefined {
  const sha = pullHeadSha(params);
  const served = sha === null ? undefined : params.repo.commits.get(sha);
  return served ?? params.pull.fork?.droppedHead ?? undefined;
}
