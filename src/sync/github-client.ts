import type { Endpoints } from '@octokit/types';
import { RequestError } from '@octokit/request-error';
/**
 * GitHub's answer to a route, typed with Octokit's `Endpoints` (generated from GitHub's OpenAPI
 * description) when the route is one of GitHub's; `data: unknown` otherwise.
 */
export type ResponseOf<R extends string> = R extends keyof Endpoints
  ? Pick<Endpoints[R]['response'], 'status' | 'headers' | 'data'>
  : { status: number; headers: Record<string, unknown>; data: unknown };

/**
 * The slice of octokit the engine uses: `octokit.request(route, params)`, its answer typed by
 * route. Any Octokit (Probot's, @octokit/rest, or one bound to the fake GitHub) fits. Passed in,
 * never a module global.
 */
export interface GithubClient {
  request<R extends string>(route: R, params?: Record<string, unknown>): Promise<ResponseOf<R>>;
}

/** What an Octokit `RequestError` carries that the engine looks at. */
export type HttpErrorLike = Pick<RequestError, 'status' | 'message'> & {
  response?: Pick<NonNullable<RequestError['response']>, 'headers' | 'data'>;
};

/**
 * The HTTP failure in `error`: Octokit's `RequestError`, or any error with a numeric `status`
 * (another copy of @octokit/request-error, the config plugin's errors); null for anything else.
 */
export function asHttpError(error: unknown): HttpErrorLike | null {
  if (error instanceof RequestError) return error;
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return null;
  return error as HttpErrorLike;
}

/** Minimal logger (pino/Probot `log` fits). */
export interface Logger {
  info: (msg: string | object, ...rest: unknown[]) => void;
  warn: (msg: string | object, ...rest: unknown[]) => void;
  error: (msg: string | object, ...rest: unknown[]) => void;
  debug?: (msg: string | object, ...rest: unknown[]) => void;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

/**
 * A request that got no answer within the per-request timeout. Thrown by the engine's client
 * wrapper (src/sync/request-with-retry.ts) in place of the abort error fetch raises.
 */
export class RequestTimeoutError extends Error {
  readonly route: string;
  readonly timeoutMs: number;
  readonly host: string | null;
  constructor(params: { route: string; timeoutMs: number; host: string | null; cause: unknown }) {
    const ms = params.timeoutMs;
    const within = ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
    super(
      `${params.route} timed out: no answer${params.host ? ` from ${params.host}` : ''} within ${within}`,
      { cause: params.cause },
    );
    this.name = 'RequestTimeoutError';
    this.route = params.route;
    this.timeoutMs = params.timeoutMs;
    this.host = params.host;
  }
}

/** A request that got no answer in time: ours, or the CLI fetch's as wrapped by octokit. */
export function isRequestTimeout(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  return (error as { cause?: unknown } | null)?.cause instanceof RequestTimeoutError;
}

/**
 * The one way HTTP failures are described, as one line:
 * - no answer in time: `GET /repos/{owner}/{repo} timed out: no answer from api.github.com within 30 s`;
 * - no answer at all (connection refused, DNS, TLS, reset): `cannot reach <host>: <reason>`;
 *   octokit reports these as a status 500 without a response, which must never read as "500";
 * - an answer: `HTTP <status>: <GitHub's message>`;
 * - anything else: its message.
 */
export function describeHttpFailure(error: unknown): string {
  if (error instanceof RequestTimeoutError) return error.message;
  // Octokit wraps what its `fetch` threw (a timeout of the CLI's fetch) in a RequestError.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof RequestTimeoutError) return cause.message;
  const message = firstLine((error as Error | null)?.message ?? String(error));
  const http = asHttpError(error);
  if (!http) return message;
  if (http.response === undefined) {
    const host = requestHost(error);
    return `cannot reach ${host ?? 'GitHub'}: ${message}`;
  }
  return `HTTP ${http.status}: ${message}`;
}

/**
 * The request an octokit RequestError was for, as `METHOD /path` (the query left out, so no
 * token or page number), or null when the error does not say: names the refused request in a
 * failure's log line.
 */
export function describeRequest(error: unknown): string | null {
  const request = (error as { request?: { method?: unknown; url?: unknown } } | null)?.request;
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return null;
  try {
    return `${request.method} ${new URL(request.url).pathname}`;
  } catch {
    return null;
  }
}

/** The host (and port) an octokit RequestError was sent to, if it says. */
export function requestHost(error: unknown): string | null {
  const url = (error as { request?: { url?: unknown } } | null)?.request?.url;
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
