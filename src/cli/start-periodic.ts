/**
 * Runs `run` every `intervalMs`, the first time after `firstDelayMs`; a run never overlaps the
 * next (the interval counts from the end of one run). `run` handles its own errors. The timer
 * does not keep the process alive. `stop()` clears the timer and waits for a run in progress.
 */
export function startPeriodic(params: {
  run: () => Promise<void>;
  intervalMs: number;
  firstDelayMs: number;
}): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = params.run().finally(() => schedule(params.intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(params.firstDelayMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
