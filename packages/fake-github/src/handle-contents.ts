import { commitToBranch } from './content-operations.js';
import type { FakeRepo } from './fake-state.js';
import {
  GitHubHttpError,
  conflict,
  invalidRequest,
  notFound,
  validationFailed,
} from './http-error.js';
import { renderContentFile, renderDirectoryEntry, renderGitCommit } from './render-git.js';
import { resolveRef } from './resolve-ref.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/**
 * GET contents refuses blobs over 100 MB, and PUT takes files up to 100 MB
 * (https://docs.github.com/rest/repos/contents#size-limits,
 * https://github.blog/changelog/2022-05-03-increased-file-size-limit-when-retrieving-file-contents-via-rest-api).
 */
const MAX_BLOB_BYTES = 100 * 1024 * 1024;

/** https://docs.github.com/rest/repos/contents#get-repository-content */
function getContent(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const ref = input.query.get('ref');
  const commit = resolveRef({ repo, ref });
  if (!commit) {
    throw new GitHubHttpError({
      status: 404,
      body: { message: `No commit found for the ref ${ref ?? ''}` },
    });
  }
  const path = (input.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const refName = ref ?? repo.defaultBranch;
  const blob = commit.files.get(path);
  if (blob) {
    if (blob.bytes.length > MAX_BLOB_BYTES) {
      throw new GitHubHttpError({
        status: 403,
        body: {
          message:
            'This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.',
          errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }],
        },
      });
    }
    // `Accept: application/vnd.github.raw` (Probot's config plugin asks so): the bytes
    // themselves, for files up to 100 MB.
    // https://docs.github.com/rest/repos/contents#get-repository-content (custom media types)
    if (/application\/vnd\.github(\.v3)?\.raw/.test(input.headers.accept ?? '')) {
      return { status: 200, raw: blob.bytes };
    }
    return ok(renderContentFile({ ctx: input.ctx, repo, path, blob, ref: refName }));
  }
  const prefix = path === '' ? '' : `${path}/`;
  const entries = new Map<string, { type: 'file' | 'dir'; sha: string; size: number }>();
  for (const [filePath, fileBlob] of commit.files) {
    if (!filePath.startsWith(prefix)) continue;
    const rest = filePath.slice(prefix.length);
    const [head, ...tail] = rest.split('/');
    if (!head) continue;
    if (tail.length === 0)
      entries.set(head, { type: 'file', sha: fileBlob.sha, size: fileBlob.bytes.length });
    else if (!entries.has(head)) entries.set(head, { type: 'dir', sha: commit.treeSha, size: 0 });
  }
  if (entries.size === 0 && path !== '') throw notFound();
  const listing = [...entries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) =>
      renderDirectoryEntry({ ctx: input.ctx, repo, path: prefix + name, ...entry, ref: refName }),
    );
  return ok(listing);
}

function decodeContent(content: unknown): Buffer {
  if (typeof content !== 'string') throw invalidRequest('"content" wasn\'t supplied.');
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw invalidRequest('content is not valid Base64');
  }
  return Buffer.from(compact, 'base64');
}

function targetBranch(params: { repo: FakeRepo; branch: unknown }): string {
  const name =
    typeof params.branch === 'string' && params.branch !== ''
      ? params.branch
      : params.repo.defaultBranch;
  const branch = params.repo.branches.get(name.replace(/^refs\/heads\//, ''));
  if (!branch)
    throw new GitHubHttpError({ status: 404, body: { message: `Branch ${name} not found` } });
  const checks = branch.requiredChecks?.length ?? 0;
  if (checks > 0) {
    // Protection that requires status checks (not pull requests): a fresh commit has none yet.
    throw conflict(
      `Could not update file: ${checks} of ${checks} required status checks are expected.`,
    );
  }
  if (branch.protected) {
    // GitHub answers a direct write to a protected branch with 409 Conflict
    // (the contents PUT/DELETE 409 response also carries rule-violation errors).
    throw conflict(`Protected branch update failed for refs/heads/${branch.name}.`);
  }
  return branch.name;
}

function fileCommitBody(params: {
  input: RouteInput;
  repo: FakeRepo;
  path: string;
  sha: string;
  deleted: boolean;
}) {
  const { input, repo, path } = params;
  const commit = repo.commits.get(params.sha);
  if (!commit) throw new Error('commit vanished');
  const blob = commit.files.get(path);
  const content = blob
    ? (() => {
        const file = renderContentFile({ ctx: input.ctx, repo, path, blob, ref: commit.sha });
        delete file.content;
        delete file.encoding;
        return file;
      })()
    : null;
  return {
    content: params.deleted ? null : content,
    commit: renderGitCommit({ ctx: input.ctx, repo, commit }),
  };
}

/**
 * https://docs.github.com/rest/repos/contents#create-or-update-file-contents
 * Existing file: `sha` required (422 `"sha" wasn't supplied.`), and must be
 * the current blob sha, else 409 `<path> does not match <sha>`. New file:
 * `sha` is ignored, 201. Protected branch: 409.
 */
function putContent(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const path = (input.params.path ?? '').replace(/^\/+/, '');
  const bytes = decodeContent(input.body.content);
  if (bytes.length > MAX_BLOB_BYTES) {
    // GitHub documents the 100 MB limit of this endpoint, not its answer: a 422 is assumed.
    throw validationFailed([{ resource: 'Blob', field: 'content', code: 'too_large' }]);
  }
  const branch = targetBranch({ repo, branch: input.body.branch });
  const head = resolveRef({ repo, ref: branch });
  const existing = head?.files.get(path);
  const sha = input.body.sha;
  if (existing) {
    if (typeof sha !== 'string' || sha === '') throw invalidRequest('"sha" wasn\'t supplied.');
    if (sha !== existing.sha) throw conflict(`${path} does not match ${sha}`);
  }
  const commit = commitToBranch({
    ctx: input.ctx,
    repo,
    branch,
    changes: [{ path, content: bytes }],
    message: String(input.body.message ?? ''),
    authorLogin: input.ctx.apiActorLogin,
  });
  return ok(fileCommitBody({ input, repo, path, sha: commit.sha, deleted: false }), {
    status: existing ? 200 : 201,
  });
}

/** https://docs.github.com/rest/repos/contents#delete-a-file */
function deleteContent(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const path = (input.params.path ?? '').replace(/^\/+/, '');
  const branch = targetBranch({ repo, branch: input.body.branch });
  const existing = resolveRef({ repo, ref: branch })?.files.get(path);
  if (!existing) throw notFound();
  const sha = input.body.sha;
  if (sha !== existing.sha) throw conflict(`${path} does not match ${String(sha)}`);
  const commit = commitToBranch({
    ctx: input.ctx,
    repo,
    branch,
    changes: [{ path, content: null }],
    message: String(input.body.message ?? ''),
    authorLogin: input.ctx.apiActorLogin,
  });
  return ok(fileCommitBody({ input, repo, path, sha: commit.sha, deleted: true }));
}

export const contentRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/contents/{path}', handle: getContent },
  { method: 'PUT', template: '/repos/{owner}/{repo}/contents/{path}', handle: putContent },
  { method: 'DELETE', template: '/repos/{owner}/{repo}/contents/{path}', handle: deleteContent },
];
