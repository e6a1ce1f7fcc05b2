import { randomUUID } from 'node:crypto';
import { computeEtag, matchesIfNoneMatch } from './compute-etag.js';
import type { FakeContext } from './fake-context.js';
import { GitHubHttpError } from './http-error.js';
import type { FaultInjector, FaultRequest } from './inject-faults.js';
import { defaultFaultBody } from './inject-faults.js';
import { matchRoute } from './match-route.js';
import type { SecondaryLimits } from './pace-secondary-limits.js';
import {
  SECONDARY_LIMIT_DOCS,
  SECONDARY_LIMIT_MESSAGE,
  isContentCreating,
} from './pace-secondary-limits.js';
import { paginateResponse } from './paginate-response.js';
import type { CallLog, RecordedCall } from './record-calls.js';
import { compiledRoutes } from './route-table.js';
import type { RouteResult } from './route-types.js';
import type { PrimaryRateLimit } from './track-rate-limit.js';
import { findOperation, validateRequestBody, validateResponseBody } from './validate-openapi.js';

/** A request in transport-neutral form (built by `create-fetch.ts` and `serve-http.ts`). */
export interface FakeRequest {
  method: string;
  url: URL;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string | undefined;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  /** Serialised JSON, '' for bodiless answers (204, 304), or the bytes of a raw media type answer. */
  body: string | Buffer;
}

/** A schema mismatch found while serving a request or emitting a webhook. */
export interface SchemaViolation {
  kind: 'request' | 'response' | 'webhook';
  route: string;
  status?: number;
  message: string;
}

/** Thrown (so `fetch` rejects) when the fake itself produces a response GitHub's description forbids. */
export class FakeGitHubSchemaError extends Error {
  constructor(readonly violation: SchemaViolation) {
    super(
      `fake-github produced an invalid ${violation.route} ${violation.status ?? ''} response: ${violation.message}`,
    );
    this.name = 'FakeGitHubSchemaError';
  }
}

export interface PipelineDeps {
  ctx: FakeContext;
  rateLimit: PrimaryRateLimit;
  secondary: SecondaryLimits;
  faults: FaultInjector;
  calls: CallLog;
  violations: SchemaViolation[];
  validateRequests: boolean;
  validateResponses: 'throw' | 'record' | 'off';
}

/** GHES-style prefix accepted in front of every path (`GITHUB_API_URL=http://host/api/v3`). */
const ENTERPRISE_PREFIX = '/api/v3';

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/**
 * The request pipeline: route → record → faults → primary limit → secondary
 * limit → request-body schema → handler → pagination → response schema →
 * ETag/304 → rate-limit headers. Contract: every answer carries
 * `x-ratelimit-*`; 304 answers and `GET /rate_limit` do not consume quota.
 */
export async function handleRequest(
  deps: PipelineDeps,
  request: FakeRequest,
): Promise<FakeResponse> {
  const { ctx } = deps;
  const method = request.method.toUpperCase();
  let pathname = request.url.pathname;
  let prefix = '';
  if (pathname.startsWith(`${ENTERPRISE_PREFIX}/`)) {
    pathname = pathname.slice(ENTERPRISE_PREFIX.length);
    prefix = ENTERPRISE_PREFIX;
  }
  const at = ctx.clock.now();
  const query = request.url.searchParams;
  const match = matchRoute({ routes: compiledRoutes(), method, pathname });
  const baseHeaders = (): Record<string, string> => ({
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-github-media-type': 'github.v3; format=json',
    ...deps.rateLimit.headers(),
  });
  const call: RecordedCall = {
    method,
    route: `${method} ${pathname}`,
    template: null,
    path: pathname,
    params: {},
    query: Object.fromEntries(query.entries()),
    body: undefined,
    status: 0,
    at,
    faulted: false,
  };
  const finish = (
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): FakeResponse => {
    call.status = status;
    deps.calls.record(call);
    return {
      status,
      headers: { ...baseHeaders(), ...headers },
      body: status === 204 || status === 304 ? '' : Buffer.isBuffer(body) ? body : json(body),
    };
  };

  if (!match || 'methodNotAllowed' in match) {
    deps.rateLimit.consume();
    return finish(404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  }
  const { route, params } = match;
  const template = route.template;
  call.route = `${method} ${template}`;
  call.template = template;
  call.params = params;
  const docsUrl = findOperation({ method, template })?.docsUrl ?? 'https://docs.github.com/rest';

  let body: unknown = undefined;
  if (request.body !== undefined && request.body !== '') {
    try {
      body = JSON.parse(request.body);
    } catch {
      deps.rateLimit.consume();
      return finish(400, {
        message: 'Problems parsing JSON',
        documentation_url: docsUrl,
        status: '400',
      });
    }
  }
  call.body = body;

  const faultRequest: FaultRequest = { method, route: call.route, params, query, body };
  const fault = deps.faults.take(faultRequest);
  if (fault) {
    if (fault.before) await fault.before(faultRequest);
    if (fault.networkError) {
      call.faulted = true;
      call.status = 0;
      deps.calls.record(call);
      throw new TypeError('fetch failed', {
        cause: new Error('fake-github: injected network error'),
      });
    }
    if (fault.status !== undefined) {
      call.faulted = true;
      deps.rateLimit.consume();
      return finish(fault.status, fault.body ?? defaultFaultBody(fault.status), fault.headers);
    }
  }

  const countsAgainstLimit = template !== '/rate_limit';
  if (countsAgainstLimit && deps.rateLimit.exhausted()) {
    return finish(403, {
      message:
        'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
      status: '403',
    });
  }

  if (isContentCreating({ method, template })) {
    const retryAfter = deps.secondary.check();
    if (retryAfter !== null) {
      deps.rateLimit.consume();
      return finish(
        deps.secondary.status,
        {
          message: SECONDARY_LIMIT_MESSAGE,
          documentation_url: SECONDARY_LIMIT_DOCS,
          status: String(deps.secondary.status),
        },
        { 'retry-after': String(retryAfter) },
      );
    }
  }

  if (deps.validateRequests && method !== 'GET' && method !== 'HEAD') {
    const check = validateRequestBody({ method, template, body: body ?? {} });
    if (!check.valid) {
      deps.violations.push({
        kind: 'request',
        route: call.route,
        status: 422,
        message: check.message,
      });
      deps.rateLimit.consume();
      return finish(422, {
        message: `Invalid request.\n\n${check.message}`,
        documentation_url: docsUrl,
        status: '422',
      });
    }
  }

  let result: RouteResult;
  try {
    result = route.handle({
      ctx,
      params,
      query,
      body: body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {},
      headers: request.headers,
      rateLimit: () => deps.rateLimit.snapshot(),
    });
  } catch (error) {
    if (!(error instanceof GitHubHttpError)) throw error;
    result = {
      status: error.status,
      body: { ...error.body, documentation_url: error.body.documentation_url ?? docsUrl },
      headers: error.headers,
    };
  }
  if (isContentCreating({ method, template }) && result.status < 400) deps.secondary.record();

  const headers: Record<string, string> = { ...result.headers };
  let responseBody = result.body;
  if (result.paginate && Array.isArray(responseBody)) {
    const linkUrl = new URL(request.url.toString());
    linkUrl.pathname = prefix + pathname;
    const page = paginateResponse({ items: responseBody, url: linkUrl });
    responseBody = page.items;
    if (page.link) headers.link = page.link;
  }

  if (result.raw) {
    // A raw media type answer (`Accept: application/vnd.github.raw`): bytes, not JSON, so there
    // is no schema to check.
    const etag = computeEtag(result.raw);
    const rawHeaders = {
      ...headers,
      etag,
      'content-type': 'application/vnd.github.raw; charset=utf-8',
      'x-github-media-type': 'github.v3; param=raw',
    };
    if (matchesIfNoneMatch({ header: request.headers['if-none-match'], etag })) {
      return finish(304, undefined, rawHeaders);
    }
    if (countsAgainstLimit) deps.rateLimit.consume();
    return finish(result.status, result.raw, rawHeaders);
  }

  if (deps.validateResponses !== 'off') {
    const check = validateResponseBody({
      method,
      template,
      status: result.status,
      body: responseBody,
    });
    if (!check.valid) {
      const violation: SchemaViolation = {
        kind: 'response',
        route: call.route,
        status: result.status,
        message: check.message,
      };
      deps.violations.push(violation);
      if (deps.validateResponses === 'throw') {
        call.status = result.status;
        deps.calls.record(call);
        throw new FakeGitHubSchemaError(violation);
      }
    }
  }

  const serialized = json(responseBody);
  if (method === 'GET' && result.status === 200) {
    const etag = computeEtag(serialized);
    headers.etag = etag;
    headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
    if (matchesIfNoneMatch({ header: request.headers['if-none-match'], etag })) {
      // Conditional hit: not counted against the primary rate limit.
      return finish(304, undefined, headers);
    }
  }
  if (countsAgainstLimit) deps.rateLimit.consume();
  return finish(result.status, responseBody, headers);
}
