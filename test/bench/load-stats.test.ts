import { describe, expect, it } from 'vitest';
import {
  combineHistograms,
  histogramMaxBound,
  histogramOf,
  histogramQuantile,
  parseExposition,
  percentile,
  sumOf,
} from '../../bench/load-stats.js';
import type { LoadResult } from '../../bench/render-load-report.js';
import { renderLoadReport } from '../../bench/render-load-report.js';
import { createAppMetrics } from '../../src/app/app-metrics.js';

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ceil(q × n), whatever the order given', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile({ values, q: 0.5 })).toBe(5);
    expect(percentile({ values, q: 0.99 })).toBe(10);
    expect(percentile({ values, q: 0.1 })).toBe(1);
    expect(percentile({ values, q: 1 })).toBe(10);
    expect(percentile({ values: [], q: 0.5 })).toBe(0);
    expect(values[0]).toBe(5);
  });
});

describe('histograms from GET /metrics', () => {
  it('reads the app’s own job_wait_seconds histogram and estimates quantiles as Prometheus does', async () => {
    const metrics = createAppMetrics({ defaultMetrics: false });
    for (const seconds of [0.02, 0.03, 0.04, 0.2, 0.3, 0.4, 0.45, 3, 4, 7]) {
      metrics.jobWait({ seconds });
    }
    const samples = parseExposition(await metrics.registry.metrics());
    const wait = histogramOf({ samples, name: 'milestone_sync_job_wait_seconds' });
    expect(wait.count).toBe(10);
    expect(wait.sum).toBeCloseTo(15.44, 9);
    // Buckets …0.025, 0.05, 0.1, 0.25, 0.5…: five observations up to 0.25, nine up to 5.
    expect(wait.buckets.find((b) => b.le === 0.25)?.count).toBe(4);
    expect(wait.buckets.find((b) => b.le === 5)?.count).toBe(9);
    expect(wait.buckets.at(-1)).toEqual({ le: Infinity, count: 10 });
    // Rank 5 falls in (0.25, 0.5], which holds 3 (ranks 5–7): a third of the way in.
    expect(histogramQuantile({ histogram: wait, q: 0.5 })).toBeCloseTo(0.25 + 0.25 / 3, 9);
    // Rank 9.9 falls in (5, 10], which holds 1 (rank 10).
    expect(histogramQuantile({ histogram: wait, q: 0.99 })).toBeCloseTo(5 + 5 * 0.9, 9);
    expect(histogramMaxBound(wait)).toBe(10);
    expect(histogramQuantile({ histogram: combineHistograms({ plus: [] }), q: 0.5 })).toBeNaN();
  });

  it('adds replicas and subtracts a baseline, label sets summed', () => {
    const text = (n: number) =>
      [
        '# TYPE x_seconds histogram',
        `x_seconds_bucket{le="1",outcome="synced"} ${n}`,
        `x_seconds_bucket{le="+Inf",outcome="synced"} ${n}`,
        'x_seconds_bucket{le="1",outcome="failed"} 1',
        'x_seconds_bucket{le="+Inf",outcome="failed"} 2',
        `x_seconds_sum{outcome="synced"} ${n / 2}`,
        'x_seconds_sum{outcome="failed"} 3',
        `x_seconds_count{outcome="synced"} ${n}`,
        'x_seconds_count{outcome="failed"} 2',
        'up 1',
      ].join('\n');
    const of = (n: number) => histogramOf({ samples: parseExposition(text(n)), name: 'x_seconds' });
    const combined = combineHistograms({ plus: [of(10), of(6)], minus: [of(4), of(2)] });
    expect(combined).toEqual({
      buckets: [
        { le: 1, count: 10 },
        { le: Infinity, count: 10 },
      ],
      count: 10,
      sum: 5,
    });
    expect(sumOf({ samples: parseExposition(text(1)), name: 'up' })).toBe(1);
    // Everything above the last finite bound: the estimate is that bound.
    const high = {
      buckets: [
        { le: 1, count: 0 },
        { le: Infinity, count: 3 },
      ],
      count: 3,
      sum: 9,
    };
    expect(histogramQuantile({ histogram: high, q: 0.5 })).toBe(1);
    expect(histogramMaxBound(high)).toBe(Infinity);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parseExposition('not a sample line')).toThrow(/Unexpected exposition line/);
  });
});

describe('renderLoadReport', () => {
  it('renders acks per second, percentiles, latency and memory per setup', () => {
    const result: LoadResult = {
      label: 'in memory, 1 replica',
      deliveries: 4,
      inFlight: 2,
      ownAck: { ms: [1, 1, 1, 9], failed: 0, seconds: 0.5 },
      ackMs: [4, 1, 3, 2],
      failed: 1,
      ackSeconds: 2,
      drainSeconds: 3.5,
      wait: {
        buckets: [
          { le: 0.5, count: 1 },
          { le: 1, count: 2 },
          { le: Infinity, count: 2 },
        ],
        count: 2,
        sum: 1,
      },
      duration: { buckets: [{ le: Infinity, count: 0 }], count: 0, sum: 0 },
      repos: 2,
      edited: 2,
      memory: [
        { name: 'replica 1', rssBefore: 80 * 2 ** 20, rssPeak: 120 * 2 ** 20, heapBefore: 2 ** 24 },
      ],
    };
    const markdown = renderLoadReport({ results: [result] });
    expect(markdown).toContain(
      '| in memory, 1 replica: app’s own events (no sync) | 4 (2) | 8 | 1.0 ms | 9.0 ms | 9.0 ms | 0 |',
    );
    expect(markdown).toContain(
      '| in memory, 1 replica: burst (syncs queued) | 4 (2) | 2 | 2.0 ms | 4.0 ms | 4.0 ms | 1 |',
    );
    expect(markdown).toContain(
      '| in memory, 1 replica | 2 | 500 ms | 990 ms | 1.00 s | 500 ms | n/a / n/a | 2.00 s | 3.50 s | 2 / 2 |',
    );
    expect(markdown).toContain(
      '| in memory, 1 replica | replica 1 | 80 MiB | 120 MiB | n/a | 16 MiB → n/a |',
    );
  });
});
