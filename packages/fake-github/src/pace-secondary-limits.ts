import type { FakeClock } from './fake-clock.js';

/**
 * Emulation of GitHub's content-creation secondary limits: "no more than 80
 * content-generating requests per minute and no more than 500 … per hour"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
 * Sliding windows over the fake's clock (virtual or real), so a benchmark can
 * measure how a client paces itself. Off unless enabled.
 */
export interface SecondaryLimitOptions {
  perMinute?: number;
  perHour?: number;
  /** GitHub answers 403 or 429; default 403. */
  status?: 403 | 429;
}

export const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.';
export const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export class SecondaryLimits {
  private readonly stamps: number[] = [];
  enabled: boolean;
  readonly perMinute: number;
  readonly perHour: number;
  readonly status: 403 | 429;
  /** Number of requests refused so far. */
  refused = 0;

  constructor(
    private readonly clock: FakeClock,
    options: SecondaryLimitOptions | boolean | undefined,
  ) {
    const config = typeof options === 'object' ? options : {};
    this.enabled = options !== undefined && options !== false;
    this.perMinute = config.perMinute ?? 80;
    this.perHour = config.perHour ?? 500;
    this.status = config.status ?? 403;
  }

  /** Seconds to wait if a content-creating request now would exceed a window, else null. */
  check(): number | null {
    if (!this.enabled) return null;
    const now = this.clock.now();
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= now - 3_600_000)
      this.stamps.shift();
    const inMinute = this.stamps.filter((stamp) => stamp > now - 60_000);
    const waits: number[] = [];
    if (inMinute.length >= this.perMinute)
      waits.push((inMinute[inMinute.length - this.perMinute] as number) + 60_000 - now);
    if (this.stamps.length >= this.perHour)
      waits.push((this.stamps[this.stamps.length - this.perHour] as number) + 3_600_000 - now);
    if (waits.length === 0) return null;
    this.refused += 1;
    return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }

  record(): void {
    if (this.enabled) this.stamps.push(this.clock.now());
  }
}

/** Requests GitHub counts as content-generating: writes, minus token minting. */
export function isContentCreating(params: { method: string; template: string }): boolean {
  if (params.method === 'GET' || params.method === 'HEAD') return false;
  return !params.template.startsWith('/app/installations/');
}
