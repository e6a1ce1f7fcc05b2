import { createHash } from 'node:crypto';

/** Weak ETag over the serialised body, in GitHub's `W/"<hex>"` form. */
export function computeEtag(body: string | Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

/** True when an `If-None-Match` header names `etag` (weak comparison, `*` matches). */
export function matchesIfNoneMatch(params: { header: string | undefined; etag: string }): boolean {
  if (!params.header) return false;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '');
  const wanted = strip(params.etag);
  return params.header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === wanted);
}
