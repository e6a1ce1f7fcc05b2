/**
 * Pure helpers of the load benchmark (bench-load.ts): percentiles of measured times, and
 * Prometheus histograms read from `GET /metrics` (text format 0.0.4) of several processes.
 */

/** The nearest-rank percentile (`q` in 0..1) of `values`; 0 for none. */
export function percentile(params: { values: readonly number[]; q: number }): number {
  const sorted = [...params.values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(params.q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments and blank lines skipped). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!match) throw new Error(`Unexpected exposition line ${JSON.stringify(line)}`);
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` (over every label set). */
export function sumOf(params: { samples: readonly Sample[]; name: string }): number {
  return params.samples.filter((s) => s.name === params.name).reduce((sum, s) => sum + s.value, 0);
}

/** A histogram summed over its label sets: cumulative counts per upper bound (`le`), ascending. */
export interface Histogram {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

/** The histogram `name` of a scrape, every label set (e.g. each outcome) added together. */
export function histogramOf(params: { samples: readonly Sample[]; name: string }): Histogram {
  const byBound = new Map<number, number>();
  for (const s of params.samples) {
    if (s.name !== `${params.name}_bucket`) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(le, (byBound.get(le) ?? 0) + s.value);
  }
  return {
    buckets: [...byBound.entries()].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count })),
    count: sumOf({ samples: params.samples, name: `${params.name}_count` }),
    sum: sumOf({ samples: params.samples, name: `${params.name}_sum` }),
  };
}

/** Histograms of several processes (same buckets) added; `minus` subtracted (a baseline). */
export function combineHistograms(params: {
  plus: readonly Histogram[];
  minus?: readonly Histogram[];
}): Histogram {
  const bounds = new Map<number, number>();
  let count = 0;
  let sum = 0;
  const add = (h: Histogram, sign: number) => {
    for (const b of h.buckets) bounds.set(b.le, (bounds.get(b.le) ?? 0) + sign * b.count);
    count += sign * h.count;
    sum += sign * h.sum;
  };
  for (const h of params.plus) add(h, 1);
  for (const h of params.minus ?? []) add(h, -1);
  return {
    buckets: [...bounds.entries()].sort(([a], [b]) => a - b).map(([le, n]) => ({ le, count: n })),
    count,
    sum,
  };
}

/**
 * The `q` quantile of a histogram as Prometheus' `histogram_quantile` estimates it: linear
 * interpolation inside the bucket the rank falls in (from 0 for the first bucket); the largest
 * finite bound when it falls in `+Inf`. NaN for an empty histogram.
 */
export function histogramQuantile(params: { histogram: Histogram; q: number }): number {
  const { buckets } = params.histogram;
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return NaN;
  const rank = params.q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lower;
      const inBucket = count - below;
      return inBucket <= 0 ? le : lower + ((le - lower) * (rank - below)) / inBucket;
    }
    lower = le;
    below = count;
  }
  return lower;
}

/** The smallest bucket bound that holds every observation: the maximum is at most this. */
export function histogramMaxBound(histogram: Histogram): number {
  const total = histogram.buckets.at(-1)?.count ?? 0;
  if (total <= 0) return NaN;
  return histogram.buckets.find((b) => b.count >= total)?.le ?? Infinity;
}
