import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'probot';
import { unwrapQuotes, updateEnvFile } from './env-file.js';

type Env = Record<string, string | undefined>;

/** Probot's setup reads these from `process.env` itself; they are set there while it runs. */
const PROBOT_SETUP_VARIABLES = [
  'WEBHOOK_PROXY_URL',
  'GHE_HOST',
  'GHE_PROTOCOL',
  'GH_ORG',
  'NO_SMEE_SETUP',
] as const;

/** How Probot's setup creates a smee.io channel; a test passes its own. */
export interface SmeeChannelFactory {
  createChannel: () => Promise<string | undefined>;
}

/** Whether the GitHub App's ID or private key is missing (what the setup flow provides). */
export function needsRegistration(env: Env): boolean {
  const value = (name: string) => env[name]?.trim() || undefined;
  return !value('APP_ID') || !(value('PRIVATE_KEY') || value('PRIVATE_KEY_PATH'));
}

/**
 * `milestone-sync serve --setup` without app credentials: runs Probot's own setup flow (Probot's
 * `run` with no APP_ID or private key: https://probot.github.io/docs/development/#configuring-a-github-app)
 * until the app is registered, then stops it and returns the variables it saved, for the caller
 * to start serving with; or an exit code (0 stopped by `signal`, 1 the page could not start, 2
 * refused).
 *
 * Probot's page (`/` redirects to `/probot`) has a "Register GitHub App" button that posts the
 * manifest built from `./app.yml` (events, permissions; the webhook URL is a new smee.io channel,
 * saved as WEBHOOK_PROXY_URL, or this server) to GitHub's manifest flow
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest).
 * GitHub sends the browser back to `/probot/setup?code=…`, where Probot exchanges the code
 * (`POST /app-manifests/{code}/conversions`) and this module writes APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET (and GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, unused) to `envFile`, readable by
 * its owner only; the browser goes on to the app's installation page. "Use an existing GitHub
 * App" (`/probot/import`) saves an app ID, key and secret the same way.
 *
 * Refused with NODE_ENV=production (Probot refuses too) and when `cwd` has no app.yml (the
 * manifest would ask for no permission). Listens on HOST (default localhost: the page writes
 * credentials) and PORT (default 3000). Probot's `run` also loads `./.env` into `process.env`;
 * `process.env` is put back as it was when the flow ends.
 */
export async function registerApp(params: {
  env: Env;
  envFile: string;
  cwd: string;
  signal: AbortSignal;
  write: (text: string) => void;
  writeError: (text: string) => void;
  onListening?: (info: { url: string }) => void;
  /** Default: Probot loads smee-client (a development dependency). */
  smee?: SmeeChannelFactory;
}): Promise<{ values: Record<string, string> } | { exitCode: number }> {
  const { env, envFile, signal, write, writeError } = params;
  if (env.NODE_ENV === 'production') {
    writeError(
      'milestone-sync: serve --setup registers a GitHub App for development and does not run with NODE_ENV=production; set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET\n',
    );
    return { exitCode: 2 };
  }
  if (!existsSync(join(params.cwd, 'app.yml'))) {
    writeError(
      `milestone-sync: serve --setup registers the app from ./app.yml, and there is none in ${params.cwd}: run it in the milestone-sync folder (npm start)\n`,
    );
    return { exitCode: 2 };
  }
  const port = Number(env.PORT?.trim() || '3000');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    writeError(`milestone-sync: PORT must be a port number from 1 to 65535, got "${env.PORT}"\n`);
    return { exitCode: 2 };
  }
  const host = env.HOST?.trim() || 'localhost';

  const saved: Record<string, string> = {};
  let registered!: () => void;
  const done = new Promise<void>((resolve) => {
    registered = resolve;
  });
  // Probot calls this with the smee.io channel, then with the app's credentials.
  const updateEnv = (values: Env): Env => {
    const clean: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) clean[name] = unwrapQuotes(value);
    }
    const all = updateEnvFile({ path: envFile, values: clean });
    Object.assign(saved, clean);
    // Probot builds the manifest's webhook URL from process.env.WEBHOOK_PROXY_URL.
    if (clean.WEBHOOK_PROXY_URL) (process.env as Env).WEBHOOK_PROXY_URL = clean.WEBHOOK_PROXY_URL;
    if (saved.APP_ID && saved.PRIVATE_KEY) registered();
    return all;
  };

  // Probot types process.env with its own variables; this module reads and writes it as text.
  const processEnv = process.env as Env;
  const before = { ...processEnv };
  for (const name of PROBOT_SETUP_VARIABLES) {
    if (env[name] !== undefined) processEnv[name] = env[name];
  }
  const restoreEnv = () => {
    for (const name of Object.keys(processEnv)) {
      if (!(name in before)) delete processEnv[name];
    }
    Object.assign(processEnv, before);
  };

  let server: Awaited<ReturnType<typeof run>>;
  try {
    // Only what the page needs: no APP_ID or key, so Probot is in setup mode whatever ./.env or
    // a *.pem file in the folder holds, and no WEBHOOK_PROXY_URL, so it starts no proxy of its own.
    server = await run(() => {}, {
      env: {
        HOST: host,
        PORT: String(port),
        LOG_LEVEL: env.LOG_LEVEL,
        LOG_FORMAT: env.LOG_FORMAT,
      } as NodeJS.ProcessEnv,
      updateEnv,
      SmeeClient: params.smee,
    });
  } catch (error) {
    restoreEnv();
    writeError(`milestone-sync: cannot start the setup page: ${(error as Error).message}\n`);
    return { exitCode: 1 };
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  write(
    [
      `milestone-sync: no GitHub App yet (APP_ID and a private key are set neither in the environment nor in ${envFile}).`,
      `  Open ${url} and click "Register GitHub App": GitHub creates the app from app.yml, its ID, key and`,
      `  webhook secret are saved to ${envFile}, and milestone-sync starts receiving webhooks with them.`,
      '',
    ].join('\n'),
  );
  params.onListening?.({ url });

  const stopped = await Promise.race([
    done.then(() => false),
    new Promise<boolean>((resolve) => {
      if (signal.aborted) resolve(true);
      else signal.addEventListener('abort', () => resolve(true), { once: true });
    }),
  ]);
  await server.stop();
  restoreEnv();
  if (stopped) return { exitCode: 0 };
  write(
    `milestone-sync: app ${saved.APP_ID} registered, credentials saved to ${envFile}; starting the app (no restart needed)\n`,
  );
  return { values: saved };
}
