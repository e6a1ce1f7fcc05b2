import { renderTable } from './markdown-table.js';
import type { Histogram } from './load-stats.js';
import { histogramMaxBound, histogramQuantile, percentile } from './load-stats.js';

/** What one setup (in memory or PostgreSQL, one or two replicas) measured; see bench-load.ts. */
export interface LoadResult {
  label: string;
  /** Deliveries POSTed, and how many were in flight at once. */
  deliveries: number;
  inFlight: number;
  /** The same deliveries sent as the app's own events first (claimed, no sync): answers alone. */
  ownAck?: { ms: number[]; failed: number; seconds: number };
  /** Answer time of each delivery (ms). */
  ackMs: number[];
  /** Deliveries answered with a status other than 2xx, or not answered. */
  failed: number;
  /** From the first POST to the last answer, and to the queues being empty (s). */
  ackSeconds: number;
  drainSeconds: number;
  /** `job_wait_seconds` and `sync_duration_seconds` of the burst, every replica added. */
  wait: Histogram;
  duration: Histogram;
  repos: number;
  /** Repositories whose plan file got a new commit during the burst. */
  edited: number;
  memory: ProcessMemory[];
}

export interface ProcessMemory {
  name: string;
  /** Bytes; undefined where not measurable. */
  rssBefore?: number;
  rssPeak?: number;
  rssAfter?: number;
  heapBefore?: number;
  heapAfter?: number;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const seconds = (value: number) => {
  if (!Number.isFinite(value)) return value === Infinity ? '> 600 s' : 'n/a';
  return value < 1 ? `${(value * 1000).toFixed(0)} ms` : `${value.toFixed(2)} s`;
};
const mib = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function ackRow(params: {
  r: LoadResult;
  label: string;
  ms: number[];
  failed: number;
  seconds: number;
}): string[] {
  const { r } = params;
  return [
    params.label,
    `${r.deliveries} (${r.inFlight})`,
    params.seconds > 0 ? (r.deliveries / params.seconds).toFixed(0) : 'n/a',
    ms(percentile({ values: params.ms, q: 0.5 })),
    ms(percentile({ values: params.ms, q: 0.99 })),
    ms(percentile({ values: params.ms, q: 1 })),
    String(params.failed),
  ];
}

/** The tables of the load section, as Markdown (pure). */
export function renderLoadReport(params: { results: readonly LoadResult[] }): string {
  const { results } = params;
  const acks = renderTable({
    header: ['setup', 'deliveries (in flight)', 'acks / s', 'p50', 'p99', 'max', 'not 2xx'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: results.flatMap((r) => [
      ...(r.ownAck
        ? [ackRow({ r, label: `${r.label}: app’s own events (no sync)`, ...r.ownAck })]
        : []),
      ackRow({
        r,
        label: `${r.label}: burst (syncs queued)`,
        ms: r.ackMs,
        failed: r.failed,
        seconds: r.ackSeconds,
      }),
    ]),
  });
  const latency = renderTable({
    header: [
      'setup',
      'sync runs',
      'wait p50',
      'wait p99',
      'wait max (≤)',
      'wait mean',
      'run p50 / p99',
      'all acked',
      'queue drained',
      'plan files edited',
    ],
    align: [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ],
    rows: results.map((r) => [
      r.label,
      String(r.wait.count),
      seconds(histogramQuantile({ histogram: r.wait, q: 0.5 })),
      seconds(histogramQuantile({ histogram: r.wait, q: 0.99 })),
      seconds(histogramMaxBound(r.wait)),
      seconds(r.wait.count > 0 ? r.wait.sum / r.wait.count : NaN),
      `${seconds(histogramQuantile({ histogram: r.duration, q: 0.5 }))} / ${seconds(histogramQuantile({ histogram: r.duration, q: 0.99 }))}`,
      seconds(r.ackSeconds),
      seconds(r.drainSeconds),
      `${r.edited} / ${r.repos}`,
    ]),
  });
  const memory = renderTable({
    header: ['setup', 'process', 'RSS before', 'RSS peak', 'RSS after', 'heap used before → after'],
    align: ['left', 'left', 'right', 'right', 'right', 'right'],
    rows: results.flatMap((r) =>
      r.memory.map((m) => [
        r.label,
        m.name,
        mib(m.rssBefore),
        mib(m.rssPeak),
        mib(m.rssAfter),
        `${mib(m.heapBefore)} → ${mib(m.heapAfter)}`,
      ]),
    ),
  });
  return [
    '### Webhook acknowledgements',
    '',
    acks,
    '',
    '### Job latency',
    '',
    latency,
    '',
    '### Memory',
    '',
    memory,
    '',
  ].join('\n');
}
