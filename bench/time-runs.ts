import type { PerformanceEntry } from 'node:perf_hooks';
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface RunTiming {
  /** Median time of one call, in ms. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Timed runs (each `iterations` calls). */
  runs: number;
  /** Calls per timed run (more than 1 for inputs too small to time one call precisely). */
  iterations: number;
  /** Median garbage-collection time inside a run, per call, in ms (from `gc` performance entries). */
  gcMedianMs: number;
}

/** Keeps results reachable so that no call can be optimised away. */
let sink: unknown;

/**
 * Times `run` after `warmup` untimed calls: `runs` timed runs, each of enough calls to last at
 * least `minRunMs`, stopping early once `maxTotalMs` is spent (after at least one run). Yields to
 * the event loop between runs so that pending GC entries and timers are not billed to a run.
 */
export async function timeRuns(params: {
  run: () => unknown;
  runs: number;
  warmup?: number;
  minRunMs?: number;
  maxTotalMs?: number;
}): Promise<RunTiming> {
  const { run } = params;
  for (let i = 0; i < (params.warmup ?? 0); i++) sink = run();
  let iterations = 1;
  if (params.minRunMs !== undefined) {
    const t0 = performance.now();
    sink = run();
    const once = Math.max(performance.now() - t0, 0.001);
    iterations = Math.min(10_000, Math.max(1, Math.ceil(params.minRunMs / once)));
  }
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcEntries.push(entry);
  });
  observer.observe({ entryTypes: ['gc'] });
  const windows: [number, number][] = [];
  let total = 0;
  for (let r = 0; r < params.runs; r++) {
    await yieldToEventLoop();
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) sink = run();
    const t1 = performance.now();
    windows.push([t0, t1]);
    total += t1 - t0;
    if (params.maxTotalMs !== undefined && total >= params.maxTotalMs) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  const perCall = windows.map(([t0, t1]) => (t1 - t0) / iterations);
  const gcPerCall = windows.map(
    ([t0, t1]) =>
      gcEntries
        .filter((e) => e.startTime >= t0 && e.startTime < t1)
        .reduce((n, e) => n + e.duration, 0) / iterations,
  );
  return {
    medianMs: median(perCall),
    minMs: Math.min(...perCall),
    maxMs: Math.max(...perCall),
    runs: windows.length,
    iterations,
    gcMedianMs: median(gcPerCall),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Lets the event loop run once (pending callbacks, performance entries). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The last value a timed function returned (never read; exported so it cannot be elided). */
export function lastResult(): unknown {
  return sink;
}
