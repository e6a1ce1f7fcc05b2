import type { Logger } from '../sync/github-client.js';
import { startPeriodic } from './start-periodic.js';

/** The first recovery sweep runs this long after the server listens. */
export const FIRST_RECOVERY_DELAY_MS = 30_000;

/**
 * Runs `sweep` (the app's `sweep()`: the recovery sweep, sweep-installations.ts) every
 * `intervalMs`, the first after `firstDelayMs`. Sweeps never overlap here; across replicas the
 * app's sweep lock skips all but one. A failure is logged and the next sweep comes on time.
 * `stop()` clears the timer and waits for a sweep in progress (the syncs it queued run on the
 * app's queue, which the caller closes after).
 */
export function startRecoverySweeps(params: {
  sweep: () => Promise<unknown>;
  log: Logger;
  intervalMs: number;
  firstDelayMs?: number;
}): { stop: () => Promise<void> } {
  return startPeriodic({
    intervalMs: params.intervalMs,
    firstDelayMs: params.firstDelayMs ?? FIRST_RECOVERY_DELAY_MS,
    run: async () => {
      try {
        const swept = await params.sweep();
        if (swept === null) params.log.debug?.('recovery sweep: another replica is sweeping');
      } catch (error) {
        params.log.warn(`recovery sweep failed: ${(error as Error).message}`);
      }
    },
  });
}
