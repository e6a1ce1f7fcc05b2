import { computeCommitSha, computeTreeSha } from './compute-git-sha.js';
import type { FileChange } from './content-operations.js';
import { buildCommit, emitPush } from './content-operations.js';
import type { FakeContext } from './fake-context.js';
import type { FakeBlob, FakeCommit, FakePull, FakeRepo } from './fake-state.js';
import { GitHubHttpError, notFound } from './http-error.js';
import { renderPullRequest } from './render-pull-request.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/**
 * Merges an open pull request into its base branch, as GitHub does
 * (https://docs.github.com/rest/pulls/pulls#merge-a-pull-request):
 * - `merge`: one merge commit with two parents (base head, pull head);
 * - `squash`: one commit with the base head as its only parent;
 * - `rebase`: the head's commits since the merge base replayed onto the base, one by one.
 * Trees are merged per file against the merge base; a file both sides changed differently is a
 * conflict (405 "Pull Request is not mergeable"). A closed or draft pull request is 405, a `sha`
 * that is not the head's 409, required status checks of the base without a successful check run
 * on the head 405 (unless `bypassChecks`, as an admin in the UI). Then: the base branch moves,
 * the pull request is closed with `merged`, `merged_at`, `merged_by` and `merge_commit_sha` set,
 * and `push` (to the base) and `pull_request.closed` (with `merged: true`) are emitted, in that
 * order, plus `pull_request.synchronize` for open pull requests whose head is the base.
 */
export function mergePull(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  pull: FakePull;
  actorLogin: string;
  method?: MergeMethod;
  /** The head sha the caller saw; 409 when the head moved on. */
  sha?: string;
  commitTitle?: string;
  commitMessage?: string;
  bypassChecks?: boolean;
}): { sha: string; commits: FakeCommit[] } {
  const { ctx, repo, pull } = params;
  const issue = repo.issues.get(pull.number);
  if (!issue) throw notFound();
  if (issue.state !== 'open' || pull.merged) throw notMergeable('Pull Request is not mergeable');
  if (pull.draft) throw notMergeable('Pull Request is still a draft');
  const baseBranch = repo.branches.get(pull.baseRef);
  const headBranch = repo.branches.get(pull.headRef);
  const base = repo.commits.get(baseBranch?.headSha ?? '');
  const head = repo.commits.get(headBranch?.headSha ?? '');
  if (!baseBranch || !base || !head) throw notMergeable('Pull Request is not mergeable');
  if (params.sha !== undefined && params.sha !== head.sha) {
    throw new GitHubHttpError({
      status: 409,
      body: { message: 'Head branch was modified. Review and try the merge again.' },
    });
  }
  if (!params.bypassChecks) {
    for (const name of baseBranch.requiredChecks ?? []) {
      const passed = [...repo.checkRuns.values()].some(
        (run) => run.headSha === head.sha && run.name === name && run.conclusion === 'success',
      );
      if (!passed) throw notMergeable(`Required status check "${name}" is expected.`);
    }
  }
  const mergeBase = findMergeBase({ repo, a: base, b: head });
  const files = mergeTrees({
    base: mergeBase?.files ?? new Map(),
    ours: base.files,
    theirs: head.files,
  });
  if (files === null) throw notMergeable('Pull Request is not mergeable');
  const title = issue.title;
  const method = params.method ?? 'merge';
  const headCommits = commitsSince({ repo, from: head, until: mergeBase });
  let commits: FakeCommit[];
  if (method === 'merge') {
    const message = [
      params.commitTitle ??
        `Merge pull request #${pull.number} from ${repo.ownerLogin}/${pull.headRef}`,
      params.commitMessage ?? title,
    ].join('\n\n');
    commits = [
      ...headCommits,
      buildMergeCommit({
        ctx,
        parents: [base, head],
        files,
        message,
        authorLogin: params.actorLogin,
      }),
    ];
  } else if (method === 'squash') {
    const message = [
      params.commitTitle ?? `${title} (#${pull.number})`,
      params.commitMessage ?? headCommits.map((c) => `* ${c.message}`).join('\n'),
    ].join('\n\n');
    commits = [
      buildCommit({
        ctx,
        parent: base,
        changes: changesBetween({ from: base.files, to: files }),
        message,
        authorLogin: params.actorLogin,
      }),
    ];
  } else {
    commits = [];
    let tip = base;
    for (const original of headCommits) {
      const changes: FileChange[] = [
        ...[...original.added, ...original.modified].map((path) => ({
          path,
          content: (original.files.get(path) as FakeBlob).bytes,
        })),
        ...original.removed.map((path) => ({ path, content: null })),
      ];
      tip = buildCommit({
        ctx,
        parent: tip,
        changes,
        message: original.message,
        authorLogin: original.authorLogin,
      });
      commits.push(tip);
    }
  }
  const last = commits.at(-1) ?? base;
  for (const commit of commits) repo.commits.set(commit.sha, commit);
  const now = ctx.clock.now();
  const before = baseBranch.headSha;
  baseBranch.headSha = last.sha;
  repo.pushedAt = now;
  repo.updatedAt = now;
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergeCommitSha = last.sha;
  pull.mergedByLogin = params.actorLogin;
  issue.state = 'closed';
  issue.stateReason = null;
  issue.closedAt = now;
  issue.closedByLogin = params.actorLogin;
  issue.updatedAt = now;
  emitPush({ ctx, repo, branch: pull.baseRef, before, commits, senderLogin: params.actorLogin });
  ctx.emit({
    name: 'pull_request',
    repo,
    senderLogin: params.actorLogin,
    payload: {
      action: 'closed',
      number: pull.number,
      pull_request: renderPullRequest({ ctx, repo, pull }),
    },
  });
  for (const other of repo.pulls.values()) {
    if (other.headRef !== pull.baseRef || repo.issues.get(other.number)?.state !== 'open') continue;
    ctx.emit({
      name: 'pull_request',
      repo,
      senderLogin: params.actorLogin,
      payload: {
        action: 'synchronize',
        number: other.number,
        before,
        after: last.sha,
        pull_request: renderPullRequest({ ctx, repo, pull: other }),
      },
    });
  }
  return { sha: last.sha, commits };
}

function notMergeable(message: string): GitHubHttpError {
  return new GitHubHttpError({ status: 405, body: { message } });
}

/** Every ancestor of `start`, itself included (all parents, not only the first). */
export function ancestorsOf(params: { repo: FakeRepo; start: FakeCommit }): Set<string> {
  const seen = new Set<string>();
  const stack = [params.start.sha];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of params.repo.commits.get(sha)?.parents ?? []) stack.push(parent);
  }
  return seen;
}

/** The nearest common ancestor of `a` and `b` (breadth first from `b`); null when unrelated. */
function findMergeBase(params: {
  repo: FakeRepo;
  a: FakeCommit;
  b: FakeCommit;
}): FakeCommit | null {
  const { repo } = params;
  const ofA = ancestorsOf({ repo, start: params.a });
  const queue = [params.b.sha];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    if (ofA.has(sha)) return repo.commits.get(sha) ?? null;
    for (const parent of repo.commits.get(sha)?.parents ?? []) queue.push(parent);
  }
  return null;
}

/** First-parent commits from `from` back to (not including) `until`, oldest first. */
function commitsSince(params: {
  repo: FakeRepo;
  from: FakeCommit;
  until: FakeCommit | null;
}): FakeCommit[] {
  const out: FakeCommit[] = [];
  for (
    let cursor: FakeCommit | undefined = params.from;
    cursor && cursor.sha !== params.until?.sha;
    cursor = params.repo.commits.get(cursor.parents[0] ?? '')
  ) {
    out.unshift(cursor);
  }
  return out;
}

/** A per-file three-way merge; null when one file was changed differently on both sides. */
function mergeTrees(params: {
  base: ReadonlyMap<string, FakeBlob>;
  ours: ReadonlyMap<string, FakeBlob>;
  theirs: ReadonlyMap<string, FakeBlob>;
}): Map<string, FakeBlob> | null {
  const { base, ours, theirs } = params;
  const merged = new Map<string, FakeBlob>();
  const paths = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
  for (const path of [...paths].sort()) {
    const was = base.get(path)?.sha;
    const mine = ours.get(path);
    const their = theirs.get(path);
    let pick: FakeBlob | undefined;
    if (their?.sha === was) pick = mine;
    else if (mine?.sha === was || mine?.sha === their?.sha) pick = their;
    else return null;
    if (pick) merged.set(path, pick);
  }
  return merged;
}

function changesBetween(params: {
  from: ReadonlyMap<string, FakeBlob>;
  to: ReadonlyMap<string, FakeBlob>;
}): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, blob] of params.to) {
    if (params.from.get(path)?.sha !== blob.sha) changes.push({ path, content: blob.bytes });
  }
  for (const path of params.from.keys()) {
    if (!params.to.has(path)) changes.push({ path, content: null });
  }
  return changes;
}

/** A commit with two parents whose tree is `files`; added/modified/removed against the first. */
function buildMergeCommit(params: {
  ctx: FakeContext;
  parents: [FakeCommit, FakeCommit];
  files: Map<string, FakeBlob>;
  message: string;
  authorLogin: string;
}): FakeCommit {
  const [first] = params.parents;
  const timestamp = params.ctx.clock.now();
  const treeSha = computeTreeSha(params.files);
  const parents = params.parents.map((p) => p.sha);
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const [path, blob] of params.files) {
    const before = first.files.get(path);
    if (!before) added.push(path);
    else if (before.sha !== blob.sha) modified.push(path);
  }
  for (const path of first.files.keys()) if (!params.files.has(path)) removed.push(path);
  return {
    sha: computeCommitSha({
      treeSha,
      parents,
      author: params.authorLogin,
      timestamp,
      message: params.message,
    }),
    treeSha,
    parents,
    message: params.message,
    authorLogin: params.authorLogin,
    timestamp,
    files: params.files,
    added,
    modified,
    removed,
  };
}

/** https://docs.github.com/rest/pulls/pulls#merge-a-pull-request */
function putMerge(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const pull = repo.pulls.get(Number(input.params.pull_number));
  if (!pull) throw notFound();
  const { body } = input;
  const merged = mergePull({
    ctx: input.ctx,
    repo,
    pull,
    actorLogin: input.ctx.apiActorLogin,
    method: (body.merge_method as MergeMethod | undefined) ?? 'merge',
    ...(typeof body.sha === 'string' ? { sha: body.sha } : {}),
    ...(typeof body.commit_title === 'string' ? { commitTitle: body.commit_title } : {}),
    ...(typeof body.commit_message === 'string' ? { commitMessage: body.commit_message } : {}),
  });
  return ok({ sha: merged.sha, merged: true, message: 'Pull Request successfully merged' });
}

export const mergePullRoutes: RouteDefinition[] = [
  { method: 'PUT', template: '/repos/{owner}/{repo}/pulls/{pull_number}/merge', handle: putMerge },
];
