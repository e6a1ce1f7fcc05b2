import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:http';
import { createNodeMiddleware, createProbot } from 'probot';
import type { MilestoneSyncApp } from '../app/app.js';
import { DEFAULT_BATCH_WINDOW_MS, milestoneSyncApp } from '../app/app.js';
import { SyncOctokit } from '../app/sync-octokit.js';
import { createAppMetrics } from '../app/app-metrics.js';
import { UsageError } from './usage-error.js';
import type { DatabaseBacking } from './open-database-backing.js';
import { openDatabaseBacking } from './open-database-backing.js';
import { forwardProbotLog } from './forward-probot-log.js';
import { parseApiUrl } from './parse-api-url.js';
import type { SmeeChannelFactory } from './register-app.js';
import { needsRegistration, registerApp } from './register-app.js';
import type { GithubClient } from '../sync/github-client.js';
import { startRedeliverySweeps } from './start-redelivery-sweeps.js';
import { startRecoverySweeps } from './start-recovery-sweeps.js';
import type { WebhookProxy } from './start-webhook-proxy.js';
import { startWebhookProxy } from './start-webhook-proxy.js';

/** How long a stopping server waits for syncs in progress (Docker kills after 10 s). */
const SHUTDOWN_GRACE_MS = 8_000;

export interface ServeSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** REST API base: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  baseUrl: string;
  host: string;
  port: number;
  webhookPath: string;
  appSlug: string | undefined;
  /** Batching window for issue and milestone events (ms); see MilestoneSyncOptions. */
  batchWindowMs: number;
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** A smee.io channel to forward webhooks from, in development (WEBHOOK_PROXY_URL). */
  webhookProxyUrl: string | undefined;
  /** PostgreSQL for several replicas (DATABASE_URL); none: the in-process queue. */
  databaseUrl?: string;
  /** How often failed webhook deliveries are redelivered (ms, REDELIVER_INTERVAL_MS); 0: never. */
  redeliverIntervalMs: number;
  /** How often the recovery sweep runs (ms, RECOVERY_INTERVAL_MS); 0: never. */
  recoveryIntervalMs: number;
  /**
   * With DATABASE_URL: how often this process looks for syncs locked by a process that died
   * (ms, QUEUE_SWEEP_INTERVAL_MS), and how long a sync must have been locked before it looks
   * (ms, QUEUE_SWEEP_GRACE_MS); see postgres-worker-liveness.ts.
   */
  queueSweepIntervalMs: number;
  queueSweepGraceMs: number;
}

const DEFAULT_REDELIVER_INTERVAL_MS = 5 * 60 * 1000;
const DEFAULT_RECOVERY_INTERVAL_MS = 60 * 60 * 1000;
const DEFAULT_QUEUE_SWEEP_INTERVAL_MS = 30_000;
const DEFAULT_QUEUE_SWEEP_GRACE_MS = 10_000;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's settings from the environment, checked. Throws a `UsageError` whose message is one
 * line naming every missing variable, or the first invalid one.
 *
 * APP_ID, PRIVATE_KEY (the .pem contents, literal `\n`s or base64 accepted, as Probot does) or
 * PRIVATE_KEY_PATH, WEBHOOK_SECRET; optional GITHUB_API_URL (or Probot's GHE_HOST/GHE_PROTOCOL),
 * HOST (default 0.0.0.0: a webhook receiver, in a container too), PORT (3000), WEBHOOK_PATH
 * (/api/github/webhooks), APP_SLUG, BATCH_WINDOW_MS (5000), LOG_LEVEL (info), LOG_FORMAT (json
 * when NODE_ENV=production, else pretty), WEBHOOK_PROXY_URL (an http(s) URL; none),
 * DATABASE_URL (a postgres:// or postgresql:// URL; none), REDELIVER_INTERVAL_MS (300000; 0
 * disables redelivering failed webhook deliveries), RECOVERY_INTERVAL_MS (3600000; 0 disables the
 * recovery sweep, else at least 60000), QUEUE_SWEEP_INTERVAL_MS (30000, from 100) and
 * QUEUE_SWEEP_GRACE_MS (10000, from 1000): the sweep for the syncs of dead processes.
 */
export function readServeSettings(params: {
  env: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}): ServeSettings {
  const { env } = params;
  const readFile = params.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = [
    value('APP_ID') ? null : 'APP_ID',
    value('PRIVATE_KEY') || value('PRIVATE_KEY_PATH') ? null : 'PRIVATE_KEY (or PRIVATE_KEY_PATH)',
    value('WEBHOOK_SECRET') ? null : 'WEBHOOK_SECRET',
  ].filter((name): name is string => name !== null);
  if (missing.length > 0) {
    throw new UsageError(
      `serve needs ${missing.join(', ')}: the GitHub App's ID, private key and webhook secret (see "Running the app" in the README)`,
    );
  }
  const appId = value('APP_ID') as string;
  if (!/^[1-9]\d*$/.test(appId)) {
    throw new UsageError(`APP_ID must be the GitHub App's numeric ID, got "${appId}"`);
  }
  const port = Number(value('PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`PORT must be a port number from 1 to 65535, got "${value('PORT')}"`);
  }
  const batchWindow = value('BATCH_WINDOW_MS') ?? String(DEFAULT_BATCH_WINDOW_MS);
  if (!/^\d+$/.test(batchWindow) || Number(batchWindow) > 60_000) {
    throw new UsageError(
      `BATCH_WINDOW_MS must be milliseconds from 0 to 60000, got "${value('BATCH_WINDOW_MS')}"`,
    );
  }
  const logLevel = (value('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const logFormat = value('LOG_FORMAT') ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new UsageError(`LOG_FORMAT must be json or pretty, got "${logFormat}"`);
  }
  const webhookProxyUrl = value('WEBHOOK_PROXY_URL');
  if (webhookProxyUrl !== undefined && !/^https?:\/\/[^/]/.test(webhookProxyUrl)) {
    throw new UsageError(
      `WEBHOOK_PROXY_URL must be the http(s) URL of a smee.io channel, got "${webhookProxyUrl}"`,
    );
  }
  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const redeliverInterval = value('REDELIVER_INTERVAL_MS') ?? String(DEFAULT_REDELIVER_INTERVAL_MS);
  if (
    !/^\d+$/.test(redeliverInterval) ||
    (Number(redeliverInterval) > 0 && Number(redeliverInterval) < 10_000)
  ) {
    throw new UsageError(
      `REDELIVER_INTERVAL_MS must be 0 (off) or milliseconds from 10000, got "${redeliverInterval}"`,
    );
  }
  const recoveryInterval = value('RECOVERY_INTERVAL_MS') ?? String(DEFAULT_RECOVERY_INTERVAL_MS);
  if (
    !/^\d+$/.test(recoveryInterval) ||
    (Number(recoveryInterval) > 0 && Number(recoveryInterval) < 60_000)
  ) {
    throw new UsageError(
      `RECOVERY_INTERVAL_MS must be 0 (off) or milliseconds from 60000, got "${recoveryInterval}"`,
    );
  }
  const queueSweepIntervalMs = readMilliseconds({
    name: 'QUEUE_SWEEP_INTERVAL_MS',
    text: value('QUEUE_SWEEP_INTERVAL_MS'),
    fallback: DEFAULT_QUEUE_SWEEP_INTERVAL_MS,
    min: 100,
  });
  const queueSweepGraceMs = readMilliseconds({
    name: 'QUEUE_SWEEP_GRACE_MS',
    text: value('QUEUE_SWEEP_GRACE_MS'),
    fallback: DEFAULT_QUEUE_SWEEP_GRACE_MS,
    min: 1000,
  });
  return {
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    redeliverIntervalMs: Number(redeliverInterval),
    recoveryIntervalMs: Number(recoveryInterval),
    queueSweepIntervalMs,
    queueSweepGraceMs,
    appId: Number(appId),
    privateKey: readPrivateKey({ env, readFile }),
    webhookSecret: value('WEBHOOK_SECRET') as string,
    baseUrl: readApiUrl(value),
    host: value('HOST') ?? '0.0.0.0',
    port,
    webhookPath: value('WEBHOOK_PATH') ?? '/api/github/webhooks',
    appSlug: value('APP_SLUG'),
    batchWindowMs: Number(batchWindow),
    logLevel,
    logFormat,
    webhookProxyUrl,
  };
}

/** A whole number of milliseconds from `min` to one hour, or a `UsageError` naming `name`. */
function readMilliseconds(params: {
  name: string;
  text: string | undefined;
  fallback: number;
  min: number;
}): number {
  const { name, text, min } = params;
  if (text === undefined) return params.fallback;
  const max = 3_600_000;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} must be milliseconds from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

function readPrivateKey(params: {
  env: Record<string, string | undefined>;
  readFile: (path: string) => string;
}): string {
  const { env, readFile } = params;
  // The key as given (a .pem ends with a newline); blank counts as unset.
  const inline = env.PRIVATE_KEY?.trim() ? env.PRIVATE_KEY : undefined;
  const path = env.PRIVATE_KEY_PATH?.trim();
  let key: string;
  let source: string;
  if (inline !== undefined) {
    source = 'PRIVATE_KEY';
    key = inline.includes('-----BEGIN') ? inline : Buffer.from(inline, 'base64').toString('utf8');
    key = key.replace(/\\n/g, '\n');
  } else {
    source = `PRIVATE_KEY_PATH (${path})`;
    try {
      key = readFile(path as string);
    } catch (error) {
      throw new UsageError(
        `PRIVATE_KEY_PATH: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  try {
    createPrivateKey(key);
  } catch {
    throw new UsageError(
      `${source} is not a PEM private key: use the .pem file GitHub generated for the app`,
    );
  }
  return key;
}

function readApiUrl(env: (name: string) => string | undefined): string {
  const ghes = env('GHE_HOST');
  return parseApiUrl(
    env('GITHUB_API_URL') ??
      (ghes ? `${env('GHE_PROTOCOL') ?? 'https'}://${ghes}/api/v3` : undefined),
  );
}

/**
 * `milestone-sync serve`: runs the app in Probot (`createProbot` + `createNodeMiddleware` on a
 * node:http server: webhooks at WEBHOOK_PATH, `GET /ping` and `GET /health` for health checks,
 * `GET /metrics` for Prometheus, app-metrics.ts) until `signal` aborts
 * (SIGTERM/SIGINT from main). A delivery is answered as soon as its sync is queued. On the signal
 * it takes no more webhooks, starts the syncs waiting in a batching window, and waits up to
 * SHUTDOWN_GRACE_MS for the queue to drain. Logs go to stdout through Probot's logger. Exit code 0 after a stop, 1
 * when the server cannot start, 2 for missing or invalid settings (one line on stderr).
 *
 * With `setup` (`serve --setup`, what `npm start` runs) and no APP_ID or private key, it first
 * runs Probot's setup page to register the app (register-app.ts), then serves with the saved
 * credentials in the same process. With WEBHOOK_PROXY_URL, webhooks sent to that smee.io channel
 * are forwarded to this server (start-webhook-proxy.ts).
 */
export async function serveCommand(params: {
  env: Record<string, string | undefined>;
  writeError: (text: string) => void;
  /** Informational lines for a person (the setup flow's instructions). Default: none. */
  write?: (text: string) => void;
  signal: AbortSignal;
  /** Called once a server listens: the setup page (`mode: 'setup'`), then the app. */
  onListening?: (info: { url: string; mode: 'setup' | 'app' }) => void;
  readFile?: (path: string) => string;
  /** Register the app first when its ID or key is missing, saving the credentials to `envFile`. */
  setup?: { envFile: string; cwd: string; smee?: SmeeChannelFactory };
}): Promise<number> {
  const { writeError, signal } = params;
  let env = params.env;
  if (params.setup && needsRegistration(env)) {
    const registered = await registerApp({
      env,
      envFile: params.setup.envFile,
      cwd: params.setup.cwd,
      smee: params.setup.smee,
      signal,
      write: params.write ?? (() => {}),
      writeError,
      onListening: ({ url }) => params.onListening?.({ url, mode: 'setup' }),
    });
    if ('exitCode' in registered) return registered.exitCode;
    env = { ...env, ...registered.values };
  }
  let settings: ServeSettings;
  try {
    settings = readServeSettings({ env, readFile: params.readFile });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(`milestone-sync: ${error.message}\n`);
    return 2;
  }
  // createProbot builds Probot's logger from the LOG_* variables, as Probot's own `run` does.
  const probot = createProbot({
    env: { ...env, LOG_LEVEL: settings.logLevel, LOG_FORMAT: settings.logFormat },
    overrides: {
      appId: settings.appId,
      privateKey: settings.privateKey,
      secret: settings.webhookSecret,
      baseUrl: settings.baseUrl,
      webhookPath: settings.webhookPath,
      Octokit: SyncOctokit,
    },
  });
  let app: MilestoneSyncApp | undefined;
  let server: HttpServer;
  // Prometheus metrics of this process, served at GET /metrics.
  const metrics = createAppMetrics();
  // With DATABASE_URL: the durable queue, the repository lock and the delivery dedupe on it.
  const database: DatabaseBacking | undefined = settings.databaseUrl
    ? openDatabaseBacking({
        url: settings.databaseUrl,
        // Not `probot.log`: it is still null here (Probot sets it as it initializes).
        log: forwardProbotLog({ probot, writeError }),
        sweepIntervalMs: settings.queueSweepIntervalMs,
        deadWorkerGraceMs: settings.queueSweepGraceMs,
      })
    : undefined;
  try {
    const middleware = await createNodeMiddleware(
      (probotApp, options) => {
        app = milestoneSyncApp(probotApp, {
          ...options,
          appSlug: settings.appSlug,
          batchWindowMs: settings.batchWindowMs,
          metrics,
          ...database?.options,
        });
      },
      { probot, webhooksPath: settings.webhookPath },
    );
    // Schemas set up and the queue taking jobs before any delivery is accepted.
    await database?.ready();
    server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/ping') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('PONG');
        return;
      }
      if (request.method === 'GET' && request.url === '/metrics') {
        void metrics.registry.metrics().then(
          (text) => {
            response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
          },
          (error: unknown) => {
            response.writeHead(500, { 'content-type': 'text/plain' }).end((error as Error).message);
          },
        );
        return;
      }
      if (request.method === 'GET' && request.url === '/health') {
        void (async () => {
          // With a database: its counts, every replica's jobs, read now (this process's own
          // count of waiting keys is refreshed only by what it enqueues and runs).
          const checked = database ? await database.check() : { database: 'none' as const };
          const { running, waiting } =
            'queue' in checked ? checked.queue : (app?.stats() ?? { running: 0, waiting: 0 });
          response
            .writeHead(checked.database === 'unreachable' ? 503 : 200, {
              'content-type': 'application/json',
            })
            .end(JSON.stringify({ queue: { running, waiting }, database: checked.database }));
        })();
        return;
      }
      void middleware(request, response, () => {
        response.writeHead(404).end();
      });
    });
    await listen({ server, host: settings.host, port: settings.port });
  } catch (error) {
    writeError(`milestone-sync: cannot start the server: ${(error as Error).message}\n`);
    await app?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    return 1;
  }
  const log = probot.log;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  log.info(
    `milestone-sync (${settings.appSlug ?? `app ${settings.appId}`}) receiving webhooks at ${url}${settings.webhookPath}; GitHub API ${settings.baseUrl}`,
  );
  let proxy: WebhookProxy | undefined;
  if (settings.webhookProxyUrl) {
    try {
      proxy = await startWebhookProxy({
        source: settings.webhookProxyUrl,
        target: `http://${loopbackFor(settings.host)}:${port}${settings.webhookPath}`,
        log: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
      });
    } catch (error) {
      server.close();
      if (!(error instanceof UsageError)) throw error;
      writeError(`milestone-sync: ${error.message}\n`);
      return 2;
    }
  }
  // GitHub does not redeliver failed deliveries by itself: ask for each failed event once.
  const redelivery =
    settings.redeliverIntervalMs > 0
      ? startRedeliverySweeps({
          appOctokit: async () => (await probot.auth()) as unknown as GithubClient,
          log,
          intervalMs: settings.redeliverIntervalMs,
        })
      : undefined;
  // Lost webhooks of changes GitHub never reports again: reconcile what changed since each
  // repository's last sync (the app's sweep; one replica at a time with DATABASE_URL).
  const recovery =
    settings.recoveryIntervalMs > 0 && app
      ? startRecoverySweeps({
          sweep: (app as MilestoneSyncApp).sweep,
          log,
          intervalMs: settings.recoveryIntervalMs,
        })
      : undefined;
  params.onListening?.({ url, mode: 'app' });

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const queued = app?.stats() ?? { running: 0, waiting: 0 };
  const pending = queued.running + queued.waiting;
  log.info(
    database
      ? `Stopping: no new webhooks; waiting up to ${SHUTDOWN_GRACE_MS / 1000} s for the sync(s) running here (queued ones stay in the database)`
      : `Stopping: no new webhooks${pending > 0 ? `; waiting up to ${SHUTDOWN_GRACE_MS / 1000} s for ${queued.running} running and ${queued.waiting} queued sync(s)` : ''}`,
  );
  await proxy?.stop();
  await redelivery?.stop();
  await recovery?.stop();
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await app?.close();
      return true;
    })(),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS);
    }),
  ]);
  if (!drained) {
    const left = app?.stats() ?? { running: 0, waiting: 0 };
    log.warn(
      database
        ? `Stopped with ${left.running} sync(s) running: another replica runs them once this process's liveness lock is gone`
        : `Stopped with ${left.running} sync(s) running and ${left.waiting} queued: the next event of each repository syncs it`,
    );
  }
  clearTimeout(timer);
  await database?.close().catch((error: unknown) => {
    log.warn(`closing the database pool: ${(error as Error).message}`);
  });
  return 0;
}

/** Where this machine reaches a server listening on `host` (any address: the loopback one). */
function loopbackFor(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function listen(params: { server: HttpServer; host: string; port: number }): Promise<void> {
  const { server, host, port } = params;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use; set PORT to another one`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
