import { afterEach, describe, expect, it, vi } from 'vitest';
import { readServeSettings, serveCommand } from '../../src/cli/serve-command.js';
import { main } from '../../src/cli/main.js';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { readSeed } from '../helpers/read-fixture.js';
import { privateKey } from './app-helpers.js';
import { freePort } from '../helpers/free-port.js';

const KEY = privateKey();
const BASE_ENV = { APP_ID: '4242', PRIVATE_KEY: KEY, WEBHOOK_SECRET: 'serve-secret' };

function settingsError(env: Record<string, string | undefined>): string {
  try {
    readServeSettings({
      env,
      readFile: (path) => {
        if (path === 'app.pem') return KEY;
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('readServeSettings', () => {
  it('the defaults', () => {
    expect(readServeSettings({ env: BASE_ENV })).toEqual({
      appId: 4242,
      privateKey: KEY,
      webhookSecret: 'serve-secret',
      baseUrl: 'https://api.github.com',
      host: '0.0.0.0',
      port: 3000,
      webhookPath: '/api/github/webhooks',
      appSlug: undefined,
      batchWindowMs: 5000,
      redeliverIntervalMs: 300000,
      recoveryIntervalMs: 3600000,
      queueSweepIntervalMs: 30000,
      queueSweepGraceMs: 10000,
      logLevel: 'info',
      logFormat: 'pretty',
    });
  });

  it('GitHub Enterprise Server, a key file, a port, JSON logs in production', () => {
    const settings = readServeSettings({
      env: {
        APP_ID: '7',
        PRIVATE_KEY_PATH: 'app.pem',
        WEBHOOK_SECRET: 's',
        GITHUB_API_URL: 'https://ghes.example.com/api/v3/',
        PORT: '8080',
        NODE_ENV: 'production',
        APP_SLUG: 'plan-sync',
        BATCH_WINDOW_MS: '0',
      },
      readFile: (path) => (path === 'app.pem' ? KEY : ''),
    });
    expect(settings).toMatchObject({
      appId: 7,
      privateKey: KEY,
      baseUrl: 'https://ghes.example.com/api/v3',
      port: 8080,
      logFormat: 'json',
      appSlug: 'plan-sync',
      batchWindowMs: 0,
    });
  });

  it('RECOVERY_INTERVAL_MS: 0 turns recovery sweeps off, or sets their interval', () => {
    const interval = (value: string) =>
      readServeSettings({ env: { ...BASE_ENV, RECOVERY_INTERVAL_MS: value } }).recoveryIntervalMs;
    expect(interval('0')).toBe(0);
    expect(interval('600000')).toBe(600_000);
  });

  it('REDELIVER_INTERVAL_MS: 0 turns redelivery sweeps off', () => {
    expect(
      readServeSettings({ env: { ...BASE_ENV, REDELIVER_INTERVAL_MS: '0' } }).redeliverIntervalMs,
    ).toBe(0);
  });

  it('QUEUE_SWEEP_INTERVAL_MS and QUEUE_SWEEP_GRACE_MS: the sweep for dead processes', () => {
    expect(
      readServeSettings({
        env: { ...BASE_ENV, QUEUE_SWEEP_INTERVAL_MS: '200', QUEUE_SWEEP_GRACE_MS: '1000' },
      }),
    ).toMatchObject({ queueSweepIntervalMs: 200, queueSweepGraceMs: 1000 });
  });

  it('accepts the key with literal \\n (one-line env files) or base64, as Probot does', () => {
    const oneLine = KEY.replace(/\n/g, '\\n');
    expect(readServeSettings({ env: { ...BASE_ENV, PRIVATE_KEY: oneLine } }).privateKey).toBe(KEY);
    const base64 = Buffer.from(KEY).toString('base64');
    expect(readServeSettings({ env: { ...BASE_ENV, PRIVATE_KEY: base64 } }).privateKey).toBe(KEY);
  });

  it('takes Probot’s GHE_HOST when GITHUB_API_URL is not set', () => {
    expect(readServeSettings({ env: { ...BASE_ENV, GHE_HOST: 'git.example.com' } }).baseUrl).toBe(
      'https://git.example.com/api/v3',
    );
  });

  it.each([
    {
      env: {},
      error:
        'serve needs APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET: the GitHub App\'s ID, private key and webhook secret (see "Running the app" in the README)',
    },
    {
      env: { APP_ID: '1', PRIVATE_KEY: '  ' },
      error:
        'serve needs PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET: the GitHub App\'s ID, private key and webhook secret (see "Running the app" in the README)',
    },
    {
      env: { ...BASE_ENV, APP_ID: 'milestone-sync' },
      error: 'APP_ID must be the GitHub App\'s numeric ID, got "milestone-sync"',
    },
    {
      env: { ...BASE_ENV, PRIVATE_KEY: 'not a key' },
      error: 'PRIVATE_KEY is not a PEM private key: use the .pem file GitHub generated for the app',
    },
    {
      env: { APP_ID: '1', WEBHOOK_SECRET: 's', PRIVATE_KEY_PATH: 'missing.pem' },
      error: 'PRIVATE_KEY_PATH: cannot read missing.pem: ENOENT',
    },
    {
      env: { ...BASE_ENV, GITHUB_API_URL: 'ftp://example.com' },
      error: 'GITHUB_API_URL must be an http(s) URL, got "ftp://example.com"',
    },
    {
      env: { ...BASE_ENV, PORT: 'eighty' },
      error: 'PORT must be a port number from 1 to 65535, got "eighty"',
    },
    // Probot's own server would quietly take 0 for 3000.
    {
      env: { ...BASE_ENV, PORT: '0' },
      error: 'PORT must be a port number from 1 to 65535, got "0"',
    },
    {
      env: { ...BASE_ENV, BATCH_WINDOW_MS: '2s' },
      error: 'BATCH_WINDOW_MS must be milliseconds from 0 to 60000, got "2s"',
    },
    {
      env: { ...BASE_ENV, REDELIVER_INTERVAL_MS: '500' },
      error: 'REDELIVER_INTERVAL_MS must be 0 (off) or milliseconds from 10000, got "500"',
    },
    {
      env: { ...BASE_ENV, RECOVERY_INTERVAL_MS: '5000' },
      error: 'RECOVERY_INTERVAL_MS must be 0 (off) or milliseconds from 60000, got "5000"',
    },
    {
      env: { ...BASE_ENV, QUEUE_SWEEP_INTERVAL_MS: '50' },
      error: 'QUEUE_SWEEP_INTERVAL_MS must be milliseconds from 100 to 3600000, got "50"',
    },
    {
      env: { ...BASE_ENV, QUEUE_SWEEP_GRACE_MS: '1s' },
      error: 'QUEUE_SWEEP_GRACE_MS must be milliseconds from 1000 to 3600000, got "1s"',
    },
    {
      env: { ...BASE_ENV, DATABASE_URL: 'mysql://db/app' },
      error: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
    },
    {
      env: { ...BASE_ENV, LOG_LEVEL: 'loud' },
      error: 'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
    },
  ])('$error', ({ env, error }) => {
    expect(settingsError(env)).toBe(error);
  });
});

describe('milestone-sync serve', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('missing settings: exit 2 and one line on stderr', async () => {
    for (const name of ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET']) {
      vi.stubEnv(name, '');
    }
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    expect(await main(['serve'])).toBe(2);
    expect(stderr.split('\n')).toEqual([
      'milestone-sync: serve needs APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET: the GitHub App\'s ID, private key and webhook secret (see "Running the app" in the README)',
      '',
    ]);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('serve takes no arguments', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    expect(await main(['serve', '--port', '80'])).toBe(2);
    expect(stderr.split('\n')[0]).toBe("milestone-sync: serve: Unknown option '--port'");
  });

  it('receives signed webhooks over HTTP, answers at once, and on the signal drains the queue before stopping', async () => {
    const fake = createFakeGitHub({ webhookSecret: 'serve-secret' });
    fake.createRepo({
      fullName: 'acme/plan',
      files: {
        'MILESTONES.md': readSeed('elemta-MILESTONES.md'),
        // Its own config file: the repository opted in, so installing syncs it at once.
        '.github/milestone-sync.yml': 'dashboard: true\n',
      },
    });
    const api = await fake.listen();
    const stop = new AbortController();
    let errors = '';
    let listening!: (info: { url: string }) => void;
    const ready = new Promise<{ url: string }>((resolve) => {
      listening = resolve;
    });
    const served = serveCommand({
      env: {
        ...BASE_ENV,
        GITHUB_API_URL: `${api.url}/api/v3`,
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
      },
      writeError: (text) => {
        errors += text;
      },
      signal: stop.signal,
      onListening: listening,
    });
    try {
      const { url } = await ready;
      expect(await (await fetch(`${url}/ping`)).text()).toBe('PONG');
      expect(await (await fetch(`${url}/health`)).json()).toEqual({
        queue: { running: 0, waiting: 0 },
        database: 'none',
      });
      fake.webhooks.addTarget(`${url}/api/github/webhooks`);
      fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
      // The installation delivery was answered (200) once its sync was queued.
      await fake.webhooks.idle();
      const metrics = await fetch(`${url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const exposition = await metrics.text();
      expect(exposition).toContain(
        'milestone_sync_deliveries_total{event="installation.created",outcome="queued"} 1',
      );
      expect(exposition).toMatch(/^milestone_sync_queue_running \d+$/m);
      expect(exposition).toMatch(/^milestone_sync_process_resident_memory_bytes \d+/m);
    } finally {
      // Stopping right away: the queued first sync still runs to its end before serve returns.
      stop.abort();
      expect(await served).toBe(0);
      await api.close();
    }
    expect(fake.repo('acme/plan').milestones.size).toBe(6);
    // 24 deliverables and the dashboard.
    expect([...fake.repo('acme/plan').issues.values()]).toHaveLength(25);
    // The slug came with installation.created: the app's own events were let go, unasked.
    expect(fake.calls.count('GET /app')).toBe(0);
    expect(fake.calls.count('GET /repos/{owner}/{repo}/issues')).toBe(1);
    expect(errors).toBe('');
    fake.assertNoViolations();
  });
});
