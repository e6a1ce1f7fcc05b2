import type { FakeCommit, FakeRepo } from './fake-state.js';

/**
 * Resolves a ref the way the REST API accepts it: branch name,
 * `heads/<branch>`, `refs/heads/<branch>`, or a (possibly abbreviated, ≥7
 * chars) commit sha. Returns undefined when nothing matches.
 */
export function resolveRef(params: {
  repo: FakeRepo;
  ref: string | null | undefined;
}): FakeCommit | undefined {
  const { repo } = params;
  const ref =
    (params.ref ?? '').replace(/^refs\//, '').replace(/^heads\//, '') || repo.defaultBranch;
  const branch = repo.branches.get(ref);
  if (branch) return repo.commits.get(branch.headSha);
  if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    const wanted = ref.toLowerCase();
    for (const commit of repo.commits.values()) if (commit.sha.startsWith(wanted)) return commit;
  }
  return undefined;
}
