import { createHash } from 'node:crypto';
import type { Marker } from './sync-types.js';

/**
 * The hidden identity marker the app writes at the end of every issue body and milestone
 * description it manages: an HTML comment (invisible when rendered) holding JSON. It carries the
 * item's key and the last synced values (the base of each three-way merge), so ownership does not
 * depend on labels a user can remove.
 */
const MARKER_RE = /<!-- milestone-sync (\{.*?\}) -->/s;

export function encodeMarker(marker: Marker): string {
  // `--` and `>` cannot appear inside an HTML comment; JSON escapes keep the text parseable.
  const json = JSON.stringify(marker)
    .replace(/-(?=-)/g, '\\u002d')
    .replace(/>/g, '\\u003e');
  return `<!-- milestone-sync ${json} -->`;
}

/** Reads the marker from a body; null when there is none or it is not ours/valid. */
export function decodeMarker(body: string | null | undefined): Marker | null {
  if (!body) return null;
  const match = MARKER_RE.exec(body);
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]) as Partial<Marker>;
    if (value.v !== 1 || typeof value.key !== 'string' || typeof value.file !== 'string')
      return null;
    const base = value.base;
    if (
      !base ||
      typeof base.title !== 'string' ||
      (base.state !== 'open' && base.state !== 'closed')
    )
      return null;
    return value as Marker;
  } catch {
    return null;
  }
}

/** The body with its marker replaced (or appended when it has none); the rest is kept as is. */
export function replaceMarker(params: { body: string | null; marker: Marker }): string {
  const encoded = encodeMarker(params.marker);
  const body = params.body ?? '';
  if (MARKER_RE.test(body)) return body.replace(MARKER_RE, () => encoded);
  return body === '' ? encoded : `${body.replace(/\s+$/, '')}\n\n${encoded}`;
}

/** Short stable hash of generated text, stored in the marker to notice when the file's text changed. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
