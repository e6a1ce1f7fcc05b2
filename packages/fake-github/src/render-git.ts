import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeBlob, FakeCommit, FakeRepo } from './fake-state.js';
import { makeNodeId } from './fake-state.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';
import { noreplyEmail, renderUser } from './render-user.js';

/** GitHub wraps base64 content at 60 characters with `\n`. */
export function wrapBase64(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + (bytes.length ? '\n' : '');
}

function blobLinks(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  path: string;
  sha: string;
  ref: string;
}) {
  const api = repoApiUrl(params);
  const encodedPath = params.path.split('/').map(encodeURIComponent).join('/');
  const self = `${api}/contents/${encodedPath}?ref=${encodeURIComponent(params.ref)}`;
  const git = `${api}/git/blobs/${params.sha}`;
  const html = `${repoWebUrl(params)}/blob/${encodeURIComponent(params.ref)}/${encodedPath}`;
  return {
    self,
    git,
    html,
    download: `https://raw.github.test/${params.repo.ownerLogin}/${params.repo.name}/${params.ref}/${encodedPath}`,
  };
}

/** Size above which GET contents omits the content (`encoding: "none"`). 1 MB, per the docs. */
export const CONTENT_INLINE_LIMIT = 1024 * 1024;

/**
 * `content-file` for GET /repos/{owner}/{repo}/contents/{path}
 * (https://docs.github.com/rest/repos/contents#get-repository-content): base64
 * content up to 1 MB; for 1–100 MB files `content` is "" and `encoding` "none".
 */
export function renderContentFile(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  path: string;
  blob: FakeBlob;
  ref: string;
}): Record<string, unknown> {
  const links = blobLinks({ ...params, sha: params.blob.sha });
  const inline = params.blob.bytes.length <= CONTENT_INLINE_LIMIT;
  return {
    type: 'file',
    encoding: inline ? 'base64' : 'none',
    size: params.blob.bytes.length,
    name: params.path.split('/').pop() ?? params.path,
    path: params.path,
    content: inline ? wrapBase64(params.blob.bytes) : '',
    sha: params.blob.sha,
    url: links.self,
    git_url: links.git,
    html_url: links.html,
    download_url: links.download,
    _links: { self: links.self, git: links.git, html: links.html },
  };
}

/** One entry of a directory listing (`content-directory` items). */
export function renderDirectoryEntry(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  path: string;
  type: 'file' | 'dir';
  sha: string;
  size: number;
  ref: string;
}): Record<string, unknown> {
  const links = blobLinks(params);
  return {
    type: params.type,
    size: params.size,
    name: params.path.split('/').pop() ?? params.path,
    path: params.path,
    sha: params.sha,
    url: links.self,
    git_url: links.git,
    html_url: links.html,
    download_url: params.type === 'file' ? links.download : null,
    _links: { self: links.self, git: links.git, html: links.html },
  };
}

function gitUser(params: { ctx: FakeContext; login: string; timestamp: number }) {
  return {
    name: params.login,
    email: noreplyEmail(params.login),
    date: formatTimestamp(params.timestamp),
  };
}

/** The `commit` object of a contents PUT/DELETE response (`file-commit.commit`). */
export function renderGitCommit(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  commit: FakeCommit;
}): Record<string, unknown> {
  const { ctx, repo, commit } = params;
  const api = repoApiUrl({ ctx, repo });
  const who = gitUser({ ctx, login: commit.authorLogin, timestamp: commit.timestamp });
  return {
    sha: commit.sha,
    node_id: makeNodeId({ prefix: 'C', id: parseInt(commit.sha.slice(0, 8), 16) }),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${repoWebUrl({ ctx, repo })}/commit/${commit.sha}`,
    author: who,
    committer: who,
    message: commit.message,
    tree: { url: `${api}/git/trees/${commit.treeSha}`, sha: commit.treeSha },
    parents: commit.parents.map((sha) => ({
      url: `${api}/git/commits/${sha}`,
      html_url: `${repoWebUrl({ ctx, repo })}/commit/${sha}`,
      sha,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

function countLines(bytes: Buffer | undefined): string[] {
  if (!bytes || bytes.length === 0) return [];
  return bytes.toString('utf8').split('\n');
}

/** `diff-entry` for one changed path between two snapshots. */
export function renderDiffEntry(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  path: string;
  before: FakeBlob | undefined;
  after: FakeBlob | undefined;
  ref: string;
}): Record<string, unknown> {
  const { before, after } = params;
  const status = !before ? 'added' : !after ? 'removed' : 'modified';
  const oldLines = countLines(before?.bytes);
  const newLines = countLines(after?.bytes);
  const oldSet = new Set(oldLines);
  const newSet = new Set(newLines);
  const additions = newLines.filter((line) => !oldSet.has(line)).length;
  const deletions = oldLines.filter((line) => !newSet.has(line)).length;
  const sha = (after ?? before)?.sha ?? '';
  const links = blobLinks({ ...params, sha });
  return {
    sha,
    filename: params.path,
    status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: links.html,
    raw_url: links.download,
    contents_url: links.self,
  };
}

/**
 * `commit` (https://docs.github.com/rest/commits/commits#get-a-commit).
 * `withFiles` adds `files` and `stats` (the single-commit GET does; lists do not).
 */
export function renderCommit(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  commit: FakeCommit;
  withFiles?: boolean;
}): Record<string, unknown> {
  const { ctx, repo, commit } = params;
  const api = repoApiUrl({ ctx, repo });
  const who = gitUser({ ctx, login: commit.authorLogin, timestamp: commit.timestamp });
  const rendered: Record<string, unknown> = {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: makeNodeId({ prefix: 'C', id: parseInt(commit.sha.slice(0, 8), 16) }),
    html_url: `${repoWebUrl({ ctx, repo })}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: who,
      committer: who,
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: renderUser({ ctx, login: commit.authorLogin }),
    committer: renderUser({ ctx, login: commit.authorLogin }),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${repoWebUrl({ ctx, repo })}/commit/${sha}`,
    })),
  };
  if (params.withFiles) {
    const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : undefined;
    const files = [...commit.added, ...commit.modified, ...commit.removed].sort().map((path) =>
      renderDiffEntry({
        ctx,
        repo,
        path,
        before: parent?.files.get(path),
        after: commit.files.get(path),
        ref: commit.sha,
      }),
    );
    const additions = files.reduce((sum, f) => sum + (f.additions as number), 0);
    const deletions = files.reduce((sum, f) => sum + (f.deletions as number), 0);
    rendered.files = files;
    rendered.stats = { additions, deletions, total: additions + deletions };
  }
  return rendered;
}

/** `git-ref` (https://docs.github.com/rest/git/refs). */
export function renderGitRef(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  branch: string;
  sha: string;
}): Record<string, unknown> {
  const api = repoApiUrl(params);
  return {
    ref: `refs/heads/${params.branch}`,
    node_id:
      makeNodeId({ prefix: 'REF', id: params.repo.id }) +
      Buffer.from(params.branch).toString('base64url'),
    url: `${api}/git/refs/heads/${params.branch}`,
    object: { type: 'commit', sha: params.sha, url: `${api}/git/commits/${params.sha}` },
  };
}
