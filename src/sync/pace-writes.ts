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

export function createWritePacer(params: { clock: Clock; limits?: PaceLimits }): WritePacer {
  const { clock } = params;
  const limits = params.limits ?? GITHUB_WRITE_LIMITS;
  const sent: number[] = [];
  let waited = 0;
  const windows: [number, number][] = [
    [60_000, limits.perMinute],
    [3_600_000, limits.perHour],
  ];
  return {
    beforeWrite: async () => {
      for (;;) {
        const now = clock.now();
        while (sent.length > 0 && (sent[0] as number) <= now - 3_600_000) sent.shift();
        let wait = 0;
        for (const [span, max] of windows) {
          let inWindow = 0;
          let firstInWindow = -1;
          for (let i = sent.length - 1; i >= 0; i--) {
            if ((sent[i] as number) > now - span) {
              inWindow++;
              firstInWindow = i;
            } else break;
          }
          if (inWindow >= max) {
            // The write that must leave the window before this one may go.
            const release = (sent[firstInWindow + (inWindow - max)] as number) + span;
            wait = Math.max(wait, release - now);
          }
        }
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
