import type { FakeClock } from './fake-clock.js';
import type { RateLimitSnapshot } from './route-types.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The primary ("core") rate limit: `limit` requests per rolling hour window
 * starting at the first request. Every answered request counts except
 * `GET /rate_limit` and `304 Not Modified` answers to conditional requests
 * (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
export class PrimaryRateLimit {
  private used = 0;
  private windowStart: number;

  constructor(
    private readonly clock: FakeClock,
    private limit = 5000,
  ) {
    this.windowStart = clock.now();
  }

  private roll(): void {
    if (this.clock.now() >= this.windowStart + HOUR_MS) {
      this.windowStart = this.clock.now();
      this.used = 0;
    }
  }

  snapshot(): RateLimitSnapshot {
    this.roll();
    return {
      limit: this.limit,
      used: this.used,
      remaining: Math.max(0, this.limit - this.used),
      reset: Math.ceil((this.windowStart + HOUR_MS) / 1000),
    };
  }

  exhausted(): boolean {
    return this.snapshot().remaining === 0;
  }

  consume(): void {
    this.roll();
    if (this.used < this.limit) this.used += 1;
  }

  /** Test hook: set the limit and/or how many requests remain in the current window. */
  set(params: { limit?: number; remaining?: number }): void {
    this.roll();
    if (params.limit !== undefined) this.limit = params.limit;
    if (params.remaining !== undefined) this.used = Math.max(0, this.limit - params.remaining);
  }

  /** `x-ratelimit-*` headers (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit). */
  headers(): Record<string, string> {
    const snap = this.snapshot();
    return {
      'x-ratelimit-limit': String(snap.limit),
      'x-ratelimit-remaining': String(snap.remaining),
      'x-ratelimit-used': String(snap.used),
      'x-ratelimit-reset': String(snap.reset),
      'x-ratelimit-resource': 'core',
    };
  }
}
