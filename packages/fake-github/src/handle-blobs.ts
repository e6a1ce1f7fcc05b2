import type { FakeBlob, FakeRepo } from './fake-state.js';
import { GitHubHttpError, notFound } from './http-error.js';
import { wrapBase64 } from './render-git.js';
import { repoApiUrl } from './render-repository.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** The Git Data API serves blobs up to 100 MB (https://docs.github.com/rest/git/blobs#get-a-blob). */
export const MAX_BLOB_API_BYTES = 100 * 1024 * 1024;

/** Any blob of any commit of the repository with that sha. */
function findBlob(params: { repo: FakeRepo; sha: string }): FakeBlob | undefined {
  for (const commit of params.repo.commits.values()) {
    for (const blob of commit.files.values()) if (blob.sha === params.sha) return blob;
  }
  return undefined;
}

/**
 * https://docs.github.com/rest/git/blobs#get-a-blob — base64 `content` (wrapped at 60 columns,
 * as the contents API does) for blobs up to 100 MB: how a client reads a file the contents API
 * answers without content (1–100 MB). A sha that is not 40 hex digits is a 422; an unknown one 404.
 */
function getBlob(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const sha = input.params.file_sha ?? '';
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new GitHubHttpError({
      status: 422,
      body: {
        message: 'The sha parameter must be exactly 40 characters and contain only [0-9a-f].',
      },
    });
  }
  const blob = findBlob({ repo, sha });
  if (!blob) throw notFound();
  if (blob.bytes.length > MAX_BLOB_API_BYTES) {
    throw new GitHubHttpError({
      status: 403,
      body: {
        message: 'This API returns blobs up to 100 MB in size. The requested blob is too large.',
        errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }],
      },
    });
  }
  return ok({
    sha: blob.sha,
    node_id: `B_${Buffer.from(`${repo.ownerLogin}/${repo.name}:${blob.sha}`).toString('base64url')}`,
    size: blob.bytes.length,
    url: `${repoApiUrl({ ctx: input.ctx, repo })}/git/blobs/${blob.sha}`,
    content: wrapBase64(blob.bytes),
    encoding: 'base64',
  });
}

export const blobRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/git/blobs/{file_sha}', handle: getBlob },
];
