import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { readEnvFile } from '../../src/cli/env-file.js';
import { serveCommand } from '../../src/cli/serve-command.js';
import { privateKey } from '../app/app-helpers.js';
import { startFakeSmee } from '../helpers/fake-smee.js';
import { readSeed } from '../helpers/read-fixture.js';
import { freePort } from '../helpers/free-port.js';

/**
 * `serve --setup` (npm start) without credentials: Probot's setup page, offline. GitHub's side of
 * the manifest flow is the fake GitHub's: `registerAppFromManifest` stands for the person
 * creating the app on GitHub's form, and the code it returns is exchanged by Probot with
 * `POST /app-manifests/{code}/conversions` against the fake (reached through GHE_HOST).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const KEY = privateKey();

interface Manifest {
  name: string;
  public: boolean;
  url: string;
  redirect_url: string;
  hook_attributes: { url: string };
  default_events: string[];
  default_permissions: Record<string, string>;
}

/**
 * Runs serveCommand with `setup` in a folder of its own holding app.yml and package.json (unless
 * `withoutAppYml`), as `npm start` runs in a checkout: Probot's setup reads ./app.yml and loads
 * ./.env from process.cwd(), which is that folder for the test (so a developer's own .env in the
 * checkout plays no part). Each server it starts is announced on `listening`.
 */
async function startServe(params: {
  env: Record<string, string | undefined>;
  channel: string;
  withoutAppYml?: boolean;
}) {
  const cwd = mkdtempSync(join(tmpdir(), 'serve-setup-'));
  if (!params.withoutAppYml) {
    copyFileSync(join(ROOT, 'app.yml'), join(cwd, 'app.yml'));
    copyFileSync(join(ROOT, 'package.json'), join(cwd, 'package.json'));
  }
  vi.spyOn(process, 'cwd').mockReturnValue(cwd);
  const envFile = join(cwd, '.env');
  const stop = new AbortController();
  const output = { out: '', err: '' };
  const listening: Array<{ url: string; mode: string }> = [];
  const waiters: Array<() => void> = [];
  const served = serveCommand({
    env: { HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', ...params.env },
    write: (text) => {
      output.out += text;
    },
    writeError: (text) => {
      output.err += text;
    },
    signal: stop.signal,
    onListening: (info) => {
      listening.push(info);
      for (const wake of waiters.splice(0)) wake();
    },
    setup: {
      envFile,
      cwd,
      smee: { createChannel: async () => params.channel },
    },
  });
  const server = async (mode: 'setup' | 'app'): Promise<string> => {
    for (;;) {
      const found = listening.find((info) => info.mode === mode);
      if (found) return found.url;
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        served.then((code) => {
          throw new Error(
            `serve ended (${code}) before the ${mode} server listened: ${output.err}`,
          );
        }),
      ]);
    }
  };
  return { served, stop, output, envFile, cwd, server, listening };
}

function manifestOf(html: string): Manifest {
  const value = /<button[^>]* name="manifest"[^>]* value='([^']*)'/.exec(html)?.[1];
  if (value === undefined) throw new Error(`no manifest button in:\n${html}`);
  return JSON.parse(value) as Manifest;
}

describe('milestone-sync serve --setup', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('without credentials serves Probot’s page: / → /probot, a form posting app.yml’s manifest to GitHub', async () => {
    const run = await startServe({ env: {}, channel: 'https://smee.io/milestone-sync-test' });
    try {
      const url = await run.server('setup');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(run.output.out).toContain(`Open ${url} and click "Register GitHub App"`);

      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/probot');

      const page = await fetch(`${url}/probot`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('action="https://github.com/settings/apps/new" method="post"');
      const manifest = manifestOf(html);
      const appYml = parseYaml(readFileSync(join(ROOT, 'app.yml'), 'utf8')) as Manifest;
      expect(manifest.default_events).toEqual(appYml.default_events);
      expect(manifest.default_permissions).toEqual(appYml.default_permissions);
      expect(manifest).toMatchObject({
        name: 'milestone-sync',
        public: false,
        // The smee.io channel created for this setup, saved as WEBHOOK_PROXY_URL.
        hook_attributes: { url: 'https://smee.io/milestone-sync-test' },
        redirect_url: `${url}/probot/setup`,
      });
      expect(readEnvFile(run.envFile)).toEqual({
        WEBHOOK_PROXY_URL: 'https://smee.io/milestone-sync-test',
      });
      // A code GitHub did not send is refused before anything is asked of GitHub.
      expect((await fetch(`${url}/probot/setup`)).status).toBe(400);
    } finally {
      run.stop.abort();
    }
    expect(await run.served).toBe(0);
    expect(run.listening.map((info) => info.mode)).toEqual(['setup']);
    expect(run.output.err).toBe('');
    // The channel was put in process.env for Probot's page only.
    expect(process.env.WEBHOOK_PROXY_URL).toBeUndefined();
  });

  it('registers through GitHub’s manifest flow: the code GitHub sends back is exchanged, the credentials saved to .env (owner only), and the app serves with them, webhooks arriving through the smee channel', async () => {
    const fake = createFakeGitHub({ webhookSecret: 'manifest-secret' });
    fake.createRepo({
      fullName: 'acme/plan',
      files: {
        'MILESTONES.md': readSeed('elemta-MILESTONES.md'),
        // Its own config file: the repository opted in, so installing syncs it at once.
        '.github/milestone-sync.yml': '',
      },
    });
    const api = await fake.listen();
    const smee = await startFakeSmee();
    // Probot's way to name another GitHub (Enterprise Server): the exchange and the app use it.
    const run = await startServe({
      env: { GHE_HOST: new URL(api.url).host, GHE_PROTOCOL: 'http' },
      channel: smee.url,
    });
    try {
      const setupUrl = await run.server('setup');
      const manifest = manifestOf(await (await fetch(`${setupUrl}/probot`)).text());
      // The person posts the manifest to GitHub and clicks "Create GitHub App".
      const { redirectUrl } = fake.registerAppFromManifest({ manifest, owner: 'octocat' });
      expect(redirectUrl).toMatch(new RegExp(`^${setupUrl}/probot/setup\\?code=`));
      const back = await fetch(redirectUrl as string, { redirect: 'manual' });
      expect(back.status).toBe(302);
      expect(back.headers.get('location')).toBe(
        'https://github.test/apps/milestone-sync/installations/new',
      );
      const appUrl = await run.server('app');
      expect(await (await fetch(`${appUrl}/ping`)).text()).toBe('PONG');
      const saved = readEnvFile(run.envFile);
      expect(saved).toMatchObject({
        WEBHOOK_PROXY_URL: smee.url,
        APP_ID: '4242',
        WEBHOOK_SECRET: 'manifest-secret',
      });
      expect(Object.keys(saved).sort()).toEqual([
        'APP_ID',
        'GITHUB_CLIENT_ID',
        'GITHUB_CLIENT_SECRET',
        'PRIVATE_KEY',
        'WEBHOOK_PROXY_URL',
        'WEBHOOK_SECRET',
      ]);
      expect(saved.PRIVATE_KEY).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
      expect(statSync(run.envFile).mode & 0o777).toBe(0o600);
      expect(run.output.out).toContain(
        `app 4242 registered, credentials saved to ${run.envFile}; starting the app (no restart needed)`,
      );

      // The person installs the app: GitHub delivers to the channel, the app gets it from there.
      await smee.connected;
      fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
      await fake.webhooks.idle();
      await vi.waitFor(() => expect(fake.repo('acme/plan').milestones.size).toBe(6), {
        timeout: 30_000,
      });
    } finally {
      run.stop.abort();
      expect(await run.served).toBe(0);
      await smee.close();
      await api.close();
    }
    // The installation, then the app's own writes, all through the channel.
    expect(smee.received).toBeGreaterThan(1);
    expect(fake.calls.count('POST /app-manifests/{code}/conversions')).toBe(1);
    expect(run.listening.map((info) => info.mode)).toEqual(['setup', 'app']);
    expect(run.output.err).toBe('');
    fake.assertNoViolations();
  });

  it('“use an existing GitHub App” saves the ID, key and secret pasted into it and serves the app with them', async () => {
    const run = await startServe({ env: {}, channel: 'https://smee.io/unused' });
    try {
      const setupUrl = await run.server('setup');
      const imported = await fetch(`${setupUrl}/probot/import`, {
        method: 'POST',
        body: JSON.stringify({ appId: '4242', pem: KEY, webhook_secret: 'pasted-secret' }),
      });
      expect(imported.status).toBe(200);
      const appUrl = await run.server('app');
      expect(await (await fetch(`${appUrl}/ping`)).text()).toBe('PONG');
      expect(readEnvFile(run.envFile)).toEqual({
        WEBHOOK_PROXY_URL: 'https://smee.io/unused',
        APP_ID: '4242',
        PRIVATE_KEY: KEY,
        WEBHOOK_SECRET: 'pasted-secret',
      });
    } finally {
      run.stop.abort();
    }
    expect(await run.served).toBe(0);
    expect(run.output.err).toBe('');
  });

  it('with credentials serves the app at once', async () => {
    const run = await startServe({
      env: { APP_ID: '1', PRIVATE_KEY: KEY, WEBHOOK_SECRET: 's' },
      channel: 'https://smee.io/unused',
    });
    try {
      await run.server('app');
    } finally {
      run.stop.abort();
    }
    expect(await run.served).toBe(0);
    expect(run.listening.map((info) => info.mode)).toEqual(['app']);
    expect(readEnvFile(run.envFile)).toEqual({});
  });

  it.each([
    {
      name: 'in production',
      env: { NODE_ENV: 'production' },
      withoutAppYml: false,
      error: () =>
        'milestone-sync: serve --setup registers a GitHub App for development and does not run with NODE_ENV=production; set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET\n',
    },
    {
      name: 'without app.yml',
      env: {},
      withoutAppYml: true,
      error: (cwd: string) =>
        `milestone-sync: serve --setup registers the app from ./app.yml, and there is none in ${cwd}: run it in the milestone-sync folder (npm start)\n`,
    },
    {
      name: 'with a bad PORT',
      env: { PORT: '0' },
      withoutAppYml: false,
      error: () => 'milestone-sync: PORT must be a port number from 1 to 65535, got "0"\n',
    },
  ])('refuses $name: exit 2, one line', async ({ env, withoutAppYml, error }) => {
    const run = await startServe({ env, withoutAppYml, channel: 'https://smee.io/unused' });
    expect(await run.served).toBe(2);
    expect(run.output.err).toBe(error(run.cwd));
    expect(run.listening).toEqual([]);
  });
});

describe('milestone-sync serve reads ./.env', () => {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const mainTs = join(ROOT, 'src', 'cli', 'main.ts');

  function serveIn(params: { dir: string; env: Record<string, string> }) {
    return spawnSync(tsx, [mainTs, 'serve'], {
      cwd: params.dir,
      env: { PATH: process.env.PATH, ...params.env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('under the environment: a variable set in the environment wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-env-'));
    writeFileSync(
      join(dir, '.env'),
      `APP_ID=12\nPRIVATE_KEY="${KEY.replace(/\n/g, '\\n')}"\nWEBHOOK_SECRET=s\nPORT=3000\n`,
    );
    const result = serveIn({ dir, env: { PORT: 'from-the-environment' } });
    // APP_ID, the key and the secret came from the file (else: "serve needs …"); PORT from the
    // environment.
    expect(result.stderr).toBe(
      'milestone-sync: PORT must be a port number from 1 to 65535, got "from-the-environment"\n',
    );
    expect(result.status).toBe(2);
  });
});
