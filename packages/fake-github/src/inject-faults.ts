import { SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE } from './pace-secondary-limits.js';

/** What a fault predicate sees about the incoming request. */
export interface FaultRequest {
  method: string;
  /** `METHOD template`, e.g. `PATCH /repos/{owner}/{repo}/issues/{issue_number}`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/**
 * A scripted fault. It applies to requests matching `route` (exact
 * `METHOD template`, or a RegExp tested against it) and `when`, at most
 * `times` times (default 1; `Infinity` for always). With `status` the fake
 * answers with that status (and `body`/`headers`) instead of handling the
 * request; with `networkError` the fetch rejects; with only `before`, the
 * side effect runs and the request is then handled normally — e.g. a human
 * commit landing just before the next contents PUT to provoke a real 409.
 */
export interface FaultSpec {
  route?: string | RegExp;
  when?: (request: FaultRequest) => boolean;
  times?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  networkError?: boolean;
  before?: (request: FaultRequest) => void | Promise<void>;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  fired: number;
}

/** Default error bodies for injected statuses. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
    504: 'We couldn\u2019t respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.',
    409: 'Conflict',
    422: 'Validation Failed',
    404: 'Not Found',
  };
  return {
    message: messages[status] ?? `Injected fault ${status}`,
    documentation_url: 'https://docs.github.com/rest',
  };
}

/** Scriptable fault queue: first pending fault that matches a request fires. */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  /** Queues a fault for the next matching request(s). Returns a handle with the fire count. */
  next(spec: FaultSpec): { readonly fired: number } {
    const fault: ActiveFault = { ...spec, remaining: spec.times ?? 1, fired: 0 };
    this.faults.push(fault);
    return {
      get fired() {
        return fault.fired;
      },
    };
  }

  /** Fault on every matching request until `clear()`. */
  always(spec: Omit<FaultSpec, 'times'>): { readonly fired: number } {
    return this.next({ ...spec, times: Number.POSITIVE_INFINITY });
  }

  /**
   * GitHub's secondary rate limit answer: 403 (or 429) with `retry-after` and
   * the documented message, which `@octokit/plugin-throttling` recognises by
   * /secondary rate/ (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
   */
  secondaryRateLimit(
    params: {
      route?: string | RegExp;
      retryAfter?: number;
      status?: 403 | 429;
      times?: number;
    } = {},
  ) {
    return this.next({
      route: params.route,
      times: params.times,
      status: params.status ?? 403,
      headers: { 'retry-after': String(params.retryAfter ?? 60) },
      body: { message: SECONDARY_LIMIT_MESSAGE, documentation_url: SECONDARY_LIMIT_DOCS },
    });
  }

  /** Removes the first matching fault (decrementing its count) and returns it. */
  take(request: FaultRequest): FaultSpec | undefined {
    const fault = this.faults.find((candidate) => {
      if (candidate.remaining <= 0) return false;
      if (typeof candidate.route === 'string' && candidate.route !== request.route) return false;
      if (candidate.route instanceof RegExp && !candidate.route.test(request.route)) return false;
      return candidate.when ? candidate.when(request) : true;
    });
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.fired += 1;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return fault;
  }

  pending(): number {
    return this.faults.length;
  }

  clear(): void {
    this.faults = [];
  }
}
