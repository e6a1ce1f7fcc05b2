import type { Clock } from '../../src/sync/pace-writes.js';

export interface HeldClock extends Clock {
  /** Sleeps not yet released. */
  held: () => number;
  /** Releases the sleep that ends first, moving time to its end; false when none is held. */
  releaseNext: () => boolean;
}

/**
 * A clock whose sleeps wait until the test releases them, on top of a base time (a virtual
 * clock that moves only when told): whatever sleeps (the batching window, write pacing) stays
 * blocked exactly as long as the test wants, without real time.
 */
export function createHeldClock(
  base: { now: () => number; advance: (ms: number) => void } = counterTime(),
): HeldClock {
  const sleeps: { until: number; wake: () => void }[] = [];
  return {
    now: () => base.now(),
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleeps.push({ until: base.now() + ms, wake });
      }),
    held: () => sleeps.length,
    releaseNext: () => {
      if (sleeps.length === 0) return false;
      sleeps.sort((a, b) => a.until - b.until);
      const next = sleeps.shift() as { until: number; wake: () => void };
      const ahead = next.until - base.now();
      if (ahead > 0) base.advance(ahead);
      next.wake();
      return true;
    },
  };
}

function counterTime(): { now: () => number; advance: (ms: number) => void } {
  let now = 0;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}
