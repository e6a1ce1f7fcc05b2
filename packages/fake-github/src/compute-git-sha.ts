import { createHash } from 'node:crypto';

/**
 * Git blob id: `sha1("blob " + byteLength + "\0" + bytes)`, exactly what
 * `git hash-object` prints and what the contents API returns as `sha`.
 * https://git-scm.com/book/en/v2/Git-Internals-Git-Objects
 */
export function computeBlobSha(bytes: Uint8Array): string {
  const header = Buffer.from(`blob ${bytes.byteLength}\0`, 'utf8');
  return createHash('sha1').update(header).update(bytes).digest('hex');
}

/**
 * Tree id for a flat path → blob-sha snapshot. Git-shaped (sha1 over a `tree`
 * header) but not byte-identical to git's recursive tree objects; stable and
 * content-addressed, which is all the fake needs.
 */
export function computeTreeSha(files: ReadonlyMap<string, { sha: string }>): string {
  const lines = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, blob]) => `100644 ${path}\0${blob.sha}`)
    .join('\n');
  return createHash('sha1')
    .update(`tree ${Buffer.byteLength(lines)}\0${lines}`)
    .digest('hex');
}

export interface CommitShaParams {
  treeSha: string;
  parents: readonly string[];
  author: string;
  timestamp: number;
  message: string;
}

/** Commit id over a git-like commit object text (tree, parents, author, message). */
export function computeCommitSha(params: CommitShaParams): string {
  const seconds = Math.floor(params.timestamp / 1000);
  const body = [
    `tree ${params.treeSha}`,
    ...params.parents.map((parent) => `parent ${parent}`),
    `author ${params.author} ${seconds} +0000`,
    `committer ${params.author} ${seconds} +0000`,
    '',
    params.message,
  ].join('\n');
  return createHash('sha1')
    .update(`commit ${Buffer.byteLength(body)}\0${body}`)
    .digest('hex');
}
