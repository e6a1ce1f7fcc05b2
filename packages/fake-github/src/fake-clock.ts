/**
 * A clock the fake reads for every timestamp and rate-limit window.
 *
 * `createVirtualClock` never moves on its own unless `autoTickMs` is set; tests
 * advance it explicitly (`advance`, `sleep`) so timestamps and the secondary
 * rate-limit windows are deterministic. `createRealClock` follows `Date.now()`.
 */
export interface FakeClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves virtual time forward; a no-op on a real clock. */
  advance(ms: number): void;
  /** Waits `ms`: advances virtual time at once, or really waits on a real clock. */
  sleep(ms: number): Promise<void>;
  readonly kind: 'virtual' | 'real';
}

export interface VirtualClockOptions {
  /** Start instant (ISO string or epoch ms). Default 2026-01-15T17:00:00Z. */
  start?: string | number;
  /** Added to the time after every read, so successive timestamps differ. Default 0. */
  autoTickMs?: number;
}

export function createVirtualClock(options: VirtualClockOptions = {}): FakeClock {
  const start = options.start ?? '2026-01-15T17:00:00Z';
  let current = typeof start === 'number' ? start : Date.parse(start);
  const tick = options.autoTickMs ?? 0;
  return {
    kind: 'virtual',
    now() {
      const value = current;
      current += tick;
      return value;
    },
    advance(ms) {
      current += ms;
    },
    sleep(ms) {
      current += ms;
      return Promise.resolve();
    },
  };
}

export function createRealClock(): FakeClock {
  return {
    kind: 'real',
    now: () => Date.now(),
    advance: () => undefined,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** ISO-8601 without milliseconds, as GitHub renders timestamps (`2011-04-10T20:09:31Z`). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
