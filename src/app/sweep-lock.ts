/**
 * At most one recovery sweep at a time: `run` runs unless a sweep already holds the lock (in this
 * process, or, with postgres-sweep-lock.ts, in any process on the database); then it is skipped
 * (not queued: the next scheduled sweep comes anyway). Resolves with whether it ran.
 */
export type SweepLock = <T>(
  run: () => Promise<T>,
) => Promise<{ ran: true; value: T } | { ran: false }>;

/** The default `SweepLock`: one sweep at a time in this process. */
export function createInProcessSweepLock(): SweepLock {
  let held = false;
  return async (run) => {
    if (held) return { ran: false };
    held = true;
    try {
      return { ran: true, value: await run() };
    } finally {
      held = false;
    }
  };
}
