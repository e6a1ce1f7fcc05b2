import type { FakeContext } from './fake-context.js';

/** Primary rate-limit numbers as reported in `x-ratelimit-*` and GET /rate_limit. */
export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

/** What a route handler receives. `body` is the parsed JSON body (already schema-checked). */
export interface RouteInput {
  ctx: FakeContext;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  rateLimit: () => RateLimitSnapshot;
}

/** What a route handler returns; errors are thrown as `GitHubHttpError`. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Array body to be sliced by `page`/`per_page` with a `link` header. */
  paginate?: boolean;
  /** The answer is these bytes, not JSON: a raw media type was asked for. */
  raw?: Buffer;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template exactly as in GitHub's OpenAPI description, e.g. `/repos/{owner}/{repo}/issues`. */
  template: string;
  handle(input: RouteInput): RouteResult;
}
