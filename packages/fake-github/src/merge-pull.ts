import { computeCommitSha } from './compute-git-sha.js';
import type { FileChange } from './content-operations.js';
import { buildCommit, emitPush } from './content-operations.js';
import type { FakeContext } from './fake-context.js';
import type { FakeCommit, FakePull, FakeRepo } from './fake-state.js';
import { GitHubHttpError, notFound } from './http-error.js';
import { updateIssue } from './issue-operations.js';
import { renderPullRequest } from './render-pull-request.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/**
 * Merges an open pull request into its base branch, as GitHub's merge button and
 * https://docs.github.com/rest/pulls/pulls#merge-a-pull-request do: `merge` makes a merge commit
 * (parents: base head, pull head); `squash` and `rebase` make one commit on the base with the
 * pull request's changes (a rebase of several commits is modelled as one). The tree is a
 * file-level three-way merge from the merge base: a path changed differently on both sides is a
 * conflict (405). Emits `push` to the base branch (the pull request's own commits, then the new
 * commit) and `pull_request.closed` with `merged: true` and `merge_commit_sha`. The head branch is
 * kept (GitHub deletes it only when the repository says so). Branch protection is not checked:
 * a pull request is the way protected branches take changes.
 */
export function mergePull(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  pull: FakePull;
  actorLogin: string;
  method?: MergeMethod;
  /** The head sha the caller saw; a different head is 409. */
  sha?: string;
  commitTitle?: string;
  commitMessage?: string;
}): FakeCommit {
  const { ctx, repo, pull } = params;
  const issue = repo.issues.get(pull.number);
  if (!issue) throw new Error(`pull #${pull.number} has no issue entry`);
  if (issue.state !== 'open' || pull.merged) {
    throw new GitHubHttpError({ status: 405, body: { message: 'Pull Request is not mergeable' } });
  }
  const baseBranch = repo.branches.get(pull.baseRef);
  const headSha = repo.branches.get(pull.headRef)?.headSha;
  const base = baseBranch ? repo.commits.get(baseBranch.headSha) : undefined;
  const head = headSha ? repo.commits.get(headSha) : undefined;
  if (!baseBranch || !base || !head) {
    throw new GitHubHttpError({ status: 405, body: { message: 'Pull Request is not mergeable' } });
  }
  if (params.sha !== undefined && params.sha !== head.sha) {
    throw new GitHubHttpError({
      status: 409,
      body: { message: 'Head branch was modified. Review and try the merge again.' },
    });
  }
  const baseAncestors = ancestors({ repo, sha: base.sha });
  const mergeBase = firstParentLine({ repo, start: head }).find((c) => baseAncestors.has(c.sha));
  const changes = threeWayChanges({ mergeBase: mergeBase ?? null, base, head });
  const method = params.method ?? 'merge';
  const title =
    params.commitTitle ??
    (method === 'merge'
      ? `Merge pull request #${pull.number} from ${repo.ownerLogin}/${pull.headRef}`
      : `${issue.title} (#${pull.number})`);
  const message = params.commitMessage ? `${title}\n\n${params.commitMessage}` : title;
  const built = buildCommit({
    ctx,
    parent: base,
    changes,
    message,
    authorLogin: params.actorLogin,
  });
  const parents = method === 'merge' ? [base.sha, head.sha] : [base.sha];
  const commit: FakeCommit = {
    ...built,
    parents,
    sha: computeCommitSha({
      treeSha: built.treeSha,
      parents,
      author: params.actorLogin,
      timestamp: built.timestamp,
      message,
    }),
  };
  repo.commits.set(commit.sha, commit);
  const before = baseBranch.headSha;
  baseBranch.headSha = commit.sha;
  repo.pushedAt = commit.timestamp;
  repo.updatedAt = commit.timestamp;
  const ownCommits =
    method === 'merge'
      ? firstParentLine({ repo, start: head })
          .filter((c) => !baseAncestors.has(c.sha))
          .reverse()
      : [];
  emitPush({
    ctx,
    repo,
    branch: pull.baseRef,
    before,
    commits: [...ownCommits, commit],
    senderLogin: params.actorLogin,
  });
  pull.merged = true;
  pull.mergedAt = commit.timestamp;
  pull.mergeCommitSha = commit.sha;
  pull.mergedByLogin = params.actorLogin;
  updateIssue({ ctx, repo, issue, actorLogin: params.actorLogin, patch: { state: 'closed' } });
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
  return commit;
}

/** Every commit reachable from `sha` (all parents). */
function ancestors(params: { repo: FakeRepo; sha: string }): Set<string> {
  const seen = new Set<string>();
  const stack = [params.sha];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of params.repo.commits.get(sha)?.parents ?? []) stack.push(parent);
  }
  return seen;
}

/** `start` and its first parents, newest first. */
function firstParentLine(params: { repo: FakeRepo; start: FakeCommit }): FakeCommit[] {
  const out: FakeCommit[] = [];
  for (
    let cursor: FakeCommit | undefined = params.start;
    cursor;
    cursor = params.repo.commits.get(cursor.parents[0] ?? '')
  ) {
    out.push(cursor);
  }
  return out;
}

/** The head's changes since the merge base, as changes to apply on the base; 405 on a conflict. */
function threeWayChanges(params: {
  mergeBase: FakeCommit | null;
  base: FakeCommit;
  head: FakeCommit;
}): FileChange[] {
  const { mergeBase, base, head } = params;
  const origin = mergeBase?.files ?? new Map();
  const paths = new Set([...origin.keys(), ...head.files.keys()]);
  const changes: FileChange[] = [];
  for (const path of [...paths].sort()) {
    const was = origin.get(path)?.sha;
    const theirs = head.files.get(path);
    if (theirs?.sha === was) continue;
    const ours = base.files.get(path)?.sha;
    if (ours !== was && ours !== theirs?.sha) {
      throw new GitHubHttpError({ status: 405, body: { message: 'Merge conflict' } });
    }
    changes.push({ path, content: theirs ? theirs.bytes : null });
  }
  return changes;
}

/** https://docs.github.com/rest/pulls/pulls#merge-a-pull-request */
function putMerge(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const pull = repo.pulls.get(Number(input.params.pull_number));
  if (!pull) throw notFound();
  const { body } = input;
  const method = body.merge_method;
  const commit = mergePull({
    ctx: input.ctx,
    repo,
    pull,
    actorLogin: input.ctx.apiActorLogin,
    method: method === 'squash' || method === 'rebase' ? method : 'merge',
    sha: typeof body.sha === 'string' ? body.sha : undefined,
    commitTitle: typeof body.commit_title === 'string' ? body.commit_title : undefined,
    commitMessage: typeof body.commit_message === 'string' ? body.commit_message : undefined,
  });
  return ok({ sha: commit.sha, merged: true, message: 'Pull Request successfully merged' });
}

export const mergePullRoutes: RouteDefinition[] = [
  { method: 'PUT', template: '/repos/{owner}/{repo}/pulls/{pull_number}/merge', handle: putMerge },
];
