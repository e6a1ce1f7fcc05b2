import { setTimeout as delay } from 'node:timers/promises';
import type { HeldClock } from './held-clock.js';

/**
 * Moves a held clock for workers that run concurrently (replicas, each with its own database
 * pool) until `until` settles: whenever every busy worker is asleep on the clock (none is
 * between two sleeps, e.g. in a database transaction or a request to the fake), the sleep that
 * ends first is released, moving time to its end. Time so never moves under a worker's feet: what
 * a worker does between two sleeps happens at one instant, as it would in a fast real process.
 * Polls every `pollMs` of real time (default 1).
 */
export async function driveHeldClock<T>(params: {
  clock: HeldClock;
  /** Workers running now (asleep or not). */
  busy: () => number;
  until: Promise<T>;
  pollMs?: number;
}): Promise<T> {
  const { clock, busy, until } = params;
  let done = false;
  const settled = until.finally(() => {
    done = true;
  });
  settled.catch(() => undefined);
  while (!done) {
    await delay(params.pollMs ?? 1);
    if (!done && clock.held() > 0 && clock.held() >= busy()) clock.releaseNext();
  }
  return settled;
}
