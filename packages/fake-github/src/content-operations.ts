import { computeBlobSha, computeCommitSha, computeTreeSha } from './compute-git-sha.js';
import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeBlob, FakeCommit, FakeRepo } from './fake-state.js';
import { noreplyEmail } from './render-user.js';
import { repoWebUrl } from './render-repository.js';
import { renderPullRequest } from './render-pull-request.js';
import { synchronizeForkPulls } from './fork-operations.js';

export interface FileChange {
  path: string;
  /** New content, or null to delete the file. */
  content: string | Buffer | null;
}

export function toBlob(content: string | Buffer): FakeBlob {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { sha: computeBlobSha(bytes), bytes };
}

/** Builds (but does not attach) a commit on top of `parent` applying `changes`. */
export function buildCommit(params: {
  ctx: FakeContext;
  parent: FakeCommit | null;
  changes: readonly FileChange[];
  message: string;
  authorLogin: string;
}): FakeCommit {
  const files = new Map(params.parent?.files ?? []);
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const change of params.changes) {
    const before = files.get(change.path);
    if (change.content === null) {
      if (before) {
        files.delete(change.path);
        removed.push(change.path);
      }
      continue;
    }
    const blob = toBlob(change.content);
    files.set(change.path, blob);
    if (!before) added.push(change.path);
    else if (before.sha !== blob.sha) modified.push(change.path);
  }
  const timestamp = params.ctx.clock.now();
  const treeSha = computeTreeSha(files);
  const parents = params.parent ? [params.parent.sha] : [];
  const sha = computeCommitSha({
    treeSha,
    parents,
    author: params.authorLogin,
    timestamp,
    message: params.message,
  });
  return {
    sha,
    treeSha,
    parents,
    message: params.message,
    authorLogin: params.authorLogin,
    timestamp,
    files,
    added,
    modified,
    removed,
  };
}

/**
 * Commits `changes` to `branch` (which must exist) and emits `push`, plus
 * `pull_request.synchronize` for every open PR whose head is that branch (in this repository,
 * or, when this is a fork, in the repository it was forked from).
 * Protection and sha checks are the caller's job (the contents handler).
 */
export function commitToBranch(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  branch: string;
  changes: readonly FileChange[];
  message: string;
  authorLogin: string;
}): FakeCommit {
  const { ctx, repo } = params;
  const branch = repo.branches.get(params.branch);
  if (!branch) throw new Error(`branch ${params.branch} does not exist`);
  const parent = repo.commits.get(branch.headSha) ?? null;
  const commit = buildCommit({
    ctx,
    parent,
    changes: params.changes,
    message: params.message,
    authorLogin: params.authorLogin,
  });
  repo.commits.set(commit.sha, commit);
  const before = branch.headSha;
  branch.headSha = commit.sha;
  repo.pushedAt = commit.timestamp;
  repo.updatedAt = commit.timestamp;
  emitPush({
    ctx,
    repo,
    branch: params.branch,
    before,
    commits: [commit],
    senderLogin: params.authorLogin,
  });
  for (const pull of repo.pulls.values()) {
    const issue = repo.issues.get(pull.number);
    if (pull.fork || pull.headRef !== params.branch || issue?.state !== 'open') continue;
    ctx.emit({
      name: 'pull_request',
      repo,
      senderLogin: params.authorLogin,
      payload: {
        action: 'synchronize',
        number: pull.number,
        before,
        after: commit.sha,
        pull_request: renderPullRequest({ ctx, repo, pull }),
      },
    });
  }
  if (repo.parentKey !== null) {
    synchronizeForkPulls({
      ctx,
      fork: repo,
      branch: params.branch,
      before,
      senderLogin: params.authorLogin,
    });
  }
  return commit;
}

/** Emits a `push` event (https://docs.github.com/webhooks/webhook-events-and-payloads#push). */
export function emitPush(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  branch: string;
  before: string;
  commits: FakeCommit[];
  senderLogin: string;
  created?: boolean;
}): void {
  const { ctx, repo } = params;
  const web = repoWebUrl({ ctx, repo });
  const after =
    params.commits.at(-1)?.sha ?? repo.branches.get(params.branch)?.headSha ?? params.before;
  const pushed = params.commits.map((commit) => {
    const who = {
      name: commit.authorLogin,
      email: noreplyEmail(commit.authorLogin),
      username: commit.authorLogin,
      date: formatTimestamp(commit.timestamp),
    };
    return {
      id: commit.sha,
      tree_id: commit.treeSha,
      distinct: true,
      message: commit.message,
      timestamp: formatTimestamp(commit.timestamp),
      url: `${web}/commit/${commit.sha}`,
      author: who,
      committer: who,
      added: commit.added,
      removed: commit.removed,
      modified: commit.modified,
    };
  });
  ctx.emit({
    name: 'push',
    repo,
    senderLogin: params.senderLogin,
    payload: {
      ref: `refs/heads/${params.branch}`,
      before: params.before,
      after,
      created: params.created ?? false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${web}/compare/${params.before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: pushed,
      head_commit: pushed.at(-1) ?? null,
      pusher: {
        name: params.senderLogin,
        email: noreplyEmail(params.senderLogin),
      },
    },
  });
}
