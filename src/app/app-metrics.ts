import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a delivery came to: a sync queued, let go, seen before, or its handler threw. */
export type DeliveryOutcome = 'queued' | 'ignored' | 'duplicate' | 'failed' | 'handled';

/** Where an error was counted: a delivery handler, a sync run, a GitHub API request. */
export type ErrorKind = 'delivery' | 'sync' | 'github_request';

/** The slice of an Octokit the metrics hook into (`octokit.hook`, before-after-hook). */
interface HookableOctokit {
  hook: {
    after: (
      name: 'request',
      hook: (
        response: { status: number; headers: Record<string, unknown> },
        options: { method?: string },
      ) => void,
    ) => void;
    error: (
      name: 'request',
      hook: (error: unknown, options: { method?: string }) => never | Promise<never>,
    ) => void;
  };
}

/**
 * The app's Prometheus metrics (prom-client), on a registry of their own: several apps in one
 * process (tests) never share one, and nothing goes to prom-client's global default registry.
 * Exposed by `milestone-sync serve` at `GET /metrics` (`registry.metrics()`).
 *
 * Metric names (prefix `milestone_sync_`): `deliveries_total{event,outcome}`,
 * `queue_running`, `queue_waiting`, `job_wait_seconds`, `sync_runs_total{outcome}`,
 * `sync_duration_seconds{outcome}`,
 * `github_requests_total{method,status}`, `github_writes_total{method}`,
 * `github_rate_limit_remaining{installation}`, `errors_total{kind}`, and prom-client's default
 * process metrics (`milestone_sync_process_*`, `milestone_sync_nodejs_*`) unless
 * `defaultMetrics: false`.
 */
export interface AppMetrics {
  registry: Registry;
  delivery(params: { event: string; outcome: DeliveryOutcome }): void;
  /**
   * One queued request starting to run: how long it waited since the first request merged into it
   * was enqueued (its batching window, the wait for a free slot or for its key's running sync,
   * and, for a retry, the earlier attempts and their backoff).
   */
  jobWait(params: { seconds: number }): void;
  /** One sync run: its outcome (run-repository-sync.ts SyncOutcome, or `failed`) and duration. */
  syncRun(params: { outcome: string; seconds: number }): void;
  error(kind: ErrorKind): void;
  /** Reads queue depth at each scrape. The last one given wins. */
  watchQueue(read: () => { running: number; waiting: number }): void;
  /**
   * Counts every request of an Octokit (and its writes), and keeps the installation's
   * `x-ratelimit-remaining` (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
   * An object without `octokit.hook` is left alone.
   */
  watchOctokit(params: { octokit: unknown; installationId: number | undefined }): void;
}

/** What the app records into: AppMetrics without its registry. */
export type MetricsRecorder = Omit<AppMetrics, 'registry'>;

const PREFIX = 'milestone_sync_';

export function createAppMetrics(params: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (params.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  let readQueue: () => { running: number; waiting: number } = () => ({ running: 0, waiting: 0 });
  const deliveries = new Counter({
    name: `${PREFIX}deliveries_total`,
    help: 'Webhook deliveries received, by event (name.action) and outcome',
    labelNames: ['event', 'outcome'] as const,
    registers,
  });
  new Gauge({
    name: `${PREFIX}queue_running`,
    help: 'Repositories with a sync running',
    registers,
    collect() {
      this.set(readQueue().running);
    },
  });
  new Gauge({
    name: `${PREFIX}queue_waiting`,
    help: 'Repositories with a sync waiting (in its batching window or behind a running one)',
    registers,
    collect() {
      this.set(readQueue().waiting);
    },
  });
  const waits = new Histogram({
    name: `${PREFIX}job_wait_seconds`,
    help: 'Time a queued sync waited from its first merged request being enqueued to its run starting, in seconds',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  const runs = new Counter({
    name: `${PREFIX}sync_runs_total`,
    help: 'Sync runs, by outcome',
    labelNames: ['outcome'] as const,
    registers,
  });
  const durations = new Histogram({
    name: `${PREFIX}sync_duration_seconds`,
    help: 'Duration of sync runs in seconds, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const requests = new Counter({
    name: `${PREFIX}github_requests_total`,
    help: 'GitHub API requests, by method and response status (0: no response)',
    labelNames: ['method', 'status'] as const,
    registers,
  });
  const writes = new Counter({
    name: `${PREFIX}github_writes_total`,
    help: 'GitHub API writes (not GET or HEAD), by method',
    labelNames: ['method'] as const,
    registers,
  });
  const remaining = new Gauge({
    name: `${PREFIX}github_rate_limit_remaining`,
    help: 'x-ratelimit-remaining of the latest GitHub API response, by installation',
    labelNames: ['installation'] as const,
    registers,
  });
  const errors = new Counter({
    name: `${PREFIX}errors_total`,
    help: 'Errors, by kind: delivery (a handler threw), sync (a run failed), github_request',
    labelNames: ['kind'] as const,
    registers,
  });

  const count = (params: {
    method: string | undefined;
    status: number;
    headers: Record<string, unknown> | undefined;
    installationId: number | undefined;
  }) => {
    const method = (params.method ?? 'GET').toUpperCase();
    requests.inc({ method, status: String(params.status) });
    if (method !== 'GET' && method !== 'HEAD') writes.inc({ method });
    const left = Number(params.headers?.['x-ratelimit-remaining']);
    if (
      params.installationId !== undefined &&
      params.headers?.['x-ratelimit-remaining'] !== undefined &&
      Number.isFinite(left)
    ) {
      remaining.set({ installation: String(params.installationId) }, left);
    }
  };

  return {
    registry,
    delivery: ({ event, outcome }) => deliveries.inc({ event, outcome }),
    jobWait: ({ seconds }) => waits.observe(Math.max(0, seconds)),
    syncRun: ({ outcome, seconds }) => {
      runs.inc({ outcome });
      durations.observe({ outcome }, seconds);
      if (outcome === 'failed') errors.inc({ kind: 'sync' });
    },
    error: (kind) => errors.inc({ kind }),
    watchQueue: (read) => {
      readQueue = read;
    },
    watchOctokit: ({ octokit, installationId }) => {
      if (typeof octokit !== 'object' || octokit === null || !('hook' in octokit)) return;
      const { hook } = octokit as HookableOctokit;
      hook.after('request', (response, options) => {
        count({
          method: options.method,
          status: response.status,
          headers: response.headers,
          installationId,
        });
      });
      hook.error('request', (error, options) => {
        const failed = error as {
          status?: number;
          response?: { headers?: Record<string, unknown> };
        };
        count({
          method: options.method,
          status: typeof failed.status === 'number' ? failed.status : 0,
          headers: failed.response?.headers,
          installationId,
        });
        // 304 Not Modified (a cached read) and 404 (a missing config or plan file, looked for on
        // purpose) are answers, not errors; the status is in github_requests_total either way.
        if (failed.status !== 304 && failed.status !== 404) errors.inc({ kind: 'github_request' });
        throw error;
      });
    },
  };
}

/** Metrics that record nothing: the default of `milestoneSyncApp`. */
export const noMetrics: MetricsRecorder = {
  delivery: () => {},
  jobWait: () => {},
  syncRun: () => {},
  error: () => {},
  watchQueue: () => {},
  watchOctokit: () => {},
};
