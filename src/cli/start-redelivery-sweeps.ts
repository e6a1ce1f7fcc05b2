import type { GithubClient, Logger } from '../sync/github-client.js';
import type { RedeliveryMemory } from '../sync/redeliver-failed-deliveries.js';
import { redeliverFailedDeliveries } from '../sync/redeliver-failed-deliveries.js';
import { startPeriodic } from './start-periodic.js';

/** Sweeps look this far back in the app's delivery log (GitHub keeps deliveries 3 days). */
export const REDELIVERY_WINDOW_MS = 60 * 60 * 1000;
/** The first sweep runs this long after the server listens. */
export const FIRST_SWEEP_DELAY_MS = 10_000;

/**
 * Runs `redeliverFailedDeliveries` every `intervalMs` (first after `firstDelayMs`), over the last
 * hour, with one memory of requested guids for the life of the process. `appOctokit` returns an
 * app-authenticated (JWT) client: Probot's `probot.auth()`. Sweeps never overlap; errors are
 * logged. `stop()` clears the timer and waits for a sweep in progress.
 */
export function startRedeliverySweeps(params: {
  appOctokit: () => Promise<GithubClient>;
  log: Logger;
  intervalMs: number;
  firstDelayMs?: number;
  now?: () => number;
}): { stop: () => Promise<void> } {
  const now = params.now ?? Date.now;
  const memory: RedeliveryMemory = { requested: new Set() };
  return startPeriodic({
    intervalMs: params.intervalMs,
    firstDelayMs: params.firstDelayMs ?? FIRST_SWEEP_DELAY_MS,
    run: async () => {
      try {
        const octokit = await params.appOctokit();
        await redeliverFailedDeliveries({
          octokit,
          log: params.log,
          memory,
          since: now() - REDELIVERY_WINDOW_MS,
        });
      } catch (error) {
        params.log.warn(`redeliver: sweep failed: ${(error as Error).message}`);
      }
    },
  });
}
