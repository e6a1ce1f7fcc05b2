/**
 * Paces content-creating requests to GitHub's secondary rate limits: at most 80 a minute and 500
 * an hour. It is a sliding-window log, so it runs right at the ceiling (a burst of up to 80, then
 * one request each time the oldest leaves the window) instead of a fixed, slower spacing.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WritePacer {
  /** Resolves when one more write may be sent, and counts it. */
  beforeWrite: () => Promise<void>;
  /** How long the pacer has waited in total (ms). */
  waitedMs: () => number;
}

export interface PaceLimits {
  perMinute: number;
  perHour: number;
}

export const GITHUB_WRITE_LIMITS: PaceLimits = { perMinute: 80, perHour: 500 };

const MINUTE_MS = 60_000;
/** The longest window: sends older than this never matter again. */
export const PACE_HORIZON_MS = 3_600_000;

/**
 * The pure rule every pacer shares (this in-memory one, postgres-write-pacer.ts across
 * replicas): given the times (ms) of the sends still inside the last hour, in any order (sends
 * recorded by other processes may even be a little ahead of `now`), how long one more send must
 * wait. 0: it may go now. Otherwise the time until the send that must leave a full window
 * (a minute holding `perMinute` sends, an hour holding `perHour`) has left it; windows are
 * half-open, `(now - span, now]`, as GitHub counts.
 */
export function computeWriteWait(params: {
  sent: readonly number[];
  now: number;
  limits: PaceLimits;
}): number {
  const { now, limits } = params;
  const sorted = [...params.sent].sort((a, b) => a - b);
  let wait = 0;
  for (const [span, max] of [
    [MINUTE_MS, limits.perMinute],
    [PACE_HORIZON_MS, limits.perHour],
  ] as const) {
    const inWindow = sorted.filter((at) => at > now - span);
    if (inWindow.length >= max) {
      // The send that must leave the window before this one may go.
      const release = (inWindow[inWindow.length - max] as number) + span;
      wait = Math.max(wait, release - now);
    }
  }
  return wait;
}

/** The in-memory pacer: one process's sends, kept as a log of the last hour. */
export function createWritePacer(params: { clock: Clock; limits?: PaceLimits }): WritePacer {
  const { clock } = params;
  const limits = params.limits ?? GITHUB_WRITE_LIMITS;
  const sent: number[] = [];
  let waited = 0;
  return {
    beforeWrite: async () => {
      for (;;) {
        const now = clock.now();
        while (sent.length > 0 && (sent[0] as number) <= now - PACE_HORIZON_MS) sent.shift();
        const wait = computeWriteWait({ sent, now, limits });
        if (wait <= 0) {
          sent.push(now);
          return;
        }
        waited += wait;
        await clock.sleep(wait);
      }
    },
    waitedMs: () => waited,
  };
}
