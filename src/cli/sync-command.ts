import { loadRepoSettings } from '../app/repo-settings.js';
import { CONFIG_FILE } from '../app/plans-touched-by-push.js';
import type { PlanConfig } from '../plan/plan-types.js';
import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport, syncExitCode } from '../report/summarize-sync-report.js';
import type { ActionProgress, EditText } from '../sync/apply-actions.js';
import type { GithubClient, Logger } from '../sync/github-client.js';
import { asHttpError, describeHttpFailure } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { realClock } from '../sync/pace-writes.js';
import { PlanFileMissingError } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import { syncRepo } from '../sync/sync-repo.js';
import type { RepoRef, SyncConfig } from '../sync/sync-types.js';
import type { RetryPolicy } from '../sync/request-with-retry.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../sync/request-with-retry.js';
import { createEditText } from './create-edit-text.js';
import { createOctokit } from './create-octokit.js';
import { DEFAULT_PLAN_FILES } from '../sync/default-plan-files.js';
import { UsageError, formatUsageError } from './usage-error.js';
import { parseApiUrl } from './parse-api-url.js';

/** A problem with how the command was called (exit code 2), not with GitHub or the plan. */
export { UsageError };

/** Default bound on a whole sync: what is not sent by then is left for the next sync. */
export const DEFAULT_MAX_TIME_MS = 60 * 60_000;

/**
 * `milestone-sync sync --repo owner/name [--file F] [--ref B] [--dry-run] [--json] [--timeout S]
 * [--max-time S]`: reconcile one plan file of one repository with its GitHub Milestones and
 * Issues, then print the report (Markdown, or the SyncReport as JSON). Reads the repository's
 * `.github/milestone-sync.yml` through the app's validator (src/app/repo-settings.ts), so `path`,
 * `dryRun`, `maxCloseShare`, the label prefixes and the plan keys apply as they do for the app;
 * `--file` wins over `path`, and `--dry-run` or `dryRun: true` makes a dry run. Needs
 * `GITHUB_TOKEN`; `GITHUB_API_URL` points at GitHub Enterprise Server or the fake. Exit code: 0
 * applied or nothing to do, 1 an action failed, the sync was refused, the config is invalid or
 * GitHub could not be read, 2 a usage error (including a missing token).
 */
export async function syncCommand(params: {
  repo: string | undefined;
  file?: string;
  ref?: string;
  dryRun: boolean;
  json: boolean;
  /** `--timeout` in seconds, as typed. */
  timeout?: string;
  /** `--max-time` in seconds, as typed. */
  maxTime?: string;
  env: Record<string, string | undefined>;
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** Defaults to real time; tests and the demo pass the fake's virtual clock. */
  clock?: Clock;
  onProgress?: (progress: ActionProgress) => void;
}): Promise<number> {
  const { write, writeError } = params;
  let repo: RepoRef;
  let token: string;
  let baseUrl: string;
  let timeoutMs: number;
  let maxTimeMs: number;
  try {
    repo = parseRepo(params.repo);
    timeoutMs = parseSeconds({
      option: '--timeout',
      value: params.timeout,
      envName: 'MILESTONE_SYNC_TIMEOUT',
      env: params.env,
      fallbackMs: DEFAULT_REQUEST_TIMEOUT_MS,
    });
    maxTimeMs = parseSeconds({
      option: '--max-time',
      value: params.maxTime,
      envName: 'MILESTONE_SYNC_MAX_TIME',
      env: params.env,
      fallbackMs: DEFAULT_MAX_TIME_MS,
    });
    token = requireToken(params.env);
    baseUrl = parseApiUrl(params.env.GITHUB_API_URL);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(formatUsageError(error));
    return 2;
  }
  const log = stderrLogger(writeError);
  const clock = params.clock ?? realClock;
  const octokit = createOctokit({ token, baseUrl, timeoutMs, warn: (m) => log.warn(m) });
  try {
    const loaded = await loadRepoSettings({ octokit, repo });
    if ('error' in loaded) {
      writeError(`milestone-sync: ${loaded.error}\n`);
      return 1;
    }
    const { settings } = loaded;
    const { report, note } = await runSync({
      octokit,
      repo,
      file: params.file,
      configuredPath: settings.path,
      ref: params.ref,
      dryRun: params.dryRun || settings.dryRun,
      config: settings.sync,
      planConfig: settings.plan,
      retryPolicy: { requestTimeoutMs: timeoutMs },
      deadline: clock.now() + maxTimeMs,
      clock,
      log,
      onProgress: params.onProgress,
    });
    const notes = [
      note,
      settings.dryRun && !params.dryRun ? `Dry run: ${CONFIG_FILE} says dryRun: true` : null,
    ].filter((n): n is string => n !== null);
    if (params.json) {
      for (const line of notes) writeError(`milestone-sync: ${line}\n`);
      write(JSON.stringify(report, null, 2) + '\n');
    } else {
      write(
        `${notes.map((line) => `${line}\n`).join('')}${notes.length ? '\n' : ''}${renderSyncReport({ report })}`,
      );
    }
    return syncExitCode(summarizeSyncReport(report));
  } catch (error) {
    writeError(`milestone-sync: ${describeFailure({ error, repo })}\n`);
    return 1;
  }
}

/**
 * Probes the plan file (when not given) and syncs it. The probe costs one 404 per missing
 * candidate: the sync reads the file first and stops there when it is absent. `file` (--file)
 * wins over `configuredPath` (the config's `path`), which wins over the default candidates.
 */
export async function runSync(params: {
  octokit: GithubClient;
  repo: RepoRef;
  file?: string;
  configuredPath?: string | null;
  ref?: string;
  dryRun: boolean;
  config?: Partial<SyncConfig>;
  planConfig?: PlanConfig;
  retryPolicy?: Partial<RetryPolicy>;
  deadline?: number;
  clock?: Clock;
  editText?: EditText;
  log: Logger;
  onProgress?: (progress: ActionProgress) => void;
}): Promise<{ report: SyncReport; note: string | null }> {
  const { octokit, repo, ref, log } = params;
  const clock = params.clock ?? realClock;
  const editText =
    params.editText ??
    createEditText({
      today: new Date(clock.now()).toISOString().slice(0, 10),
      config: params.planConfig,
    });
  const sync = (path: string) =>
    syncRepo({
      octokit,
      repo,
      path,
      ref,
      dryRun: params.dryRun,
      config: params.config,
      planConfig: params.planConfig,
      retryPolicy: params.retryPolicy,
      deadline: params.deadline,
      editText,
      log,
      clock,
      onProgress: params.onProgress,
    });
  if (params.file !== undefined) return { report: await sync(params.file), note: null };
  if (params.configuredPath) {
    return {
      report: await sync(params.configuredPath),
      note: `Plan file: ${params.configuredPath} (path in ${CONFIG_FILE})`,
    };
  }
  const missing: string[] = [];
  for (const path of DEFAULT_PLAN_FILES) {
    try {
      const report = await sync(path);
      const note =
        missing.length === 0
          ? `Plan file: ${path}`
          : `Plan file: ${path} (no ${missing.join(' or ')})`;
      return { report, note };
    } catch (error) {
      if (!(error instanceof PlanFileMissingError)) throw error;
      missing.push(path);
    }
  }
  const branch = ref ? `branch ${ref}` : 'the default branch';
  if (!(await repoExists({ octokit, repo }))) {
    throw new Error(
      `repository ${repo.owner}/${repo.repo} not found, or GITHUB_TOKEN cannot read it`,
    );
  }
  throw new Error(
    `no ${DEFAULT_PLAN_FILES.join(', ')} on ${branch} of ${repo.owner}/${repo.repo}; name the plan with --file or path in ${CONFIG_FILE}`,
  );
}

async function repoExists(params: { octokit: GithubClient; repo: RepoRef }): Promise<boolean> {
  try {
    await params.octokit.request('GET /repos/{owner}/{repo}', { ...params.repo });
    return true;
  } catch (error) {
    if (asHttpError(error)?.status === 404) return false;
    throw error;
  }
}

export function parseRepo(value: string | undefined): RepoRef {
  if (value === undefined)
    throw new UsageError('sync needs --repo owner/name', { command: 'sync' });
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value.trim());
  if (!match)
    throw new UsageError(`--repo must be owner/name, got "${value}"`, { command: 'sync' });
  return { owner: match[1] as string, repo: (match[2] as string).replace(/\.git$/, '') };
}

function requireToken(env: Record<string, string | undefined>): string {
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) {
    throw new UsageError(
      'GITHUB_TOKEN is not set: export a token that can read and write issues and contents of the repository',
    );
  }
  return token;
}

/**
 * Seconds from an option (or, failing that, an environment variable) as milliseconds; a positive
 * number, fractions allowed.
 */
function parseSeconds(params: {
  option: string;
  value: string | undefined;
  envName: string;
  env: Record<string, string | undefined>;
  fallbackMs: number;
}): number {
  const fromEnv = params.value === undefined;
  const raw = fromEnv ? params.env[params.envName]?.trim() || undefined : params.value;
  if (raw === undefined) return params.fallbackMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || raw.trim() === '') {
    throw fromEnv
      ? new UsageError(`${params.envName} must be a number of seconds, got "${raw}"`)
      : new UsageError(`${params.option} must be a number of seconds, got "${raw}"`, {
          command: 'sync',
        });
  }
  return Math.round(seconds * 1000);
}

function describeFailure(params: { error: unknown; repo: RepoRef }): string {
  const { error, repo } = params;
  if (error instanceof PlanFileMissingError) {
    return `${error.path} not found on ${error.ref} of ${repo.owner}/${repo.repo}`;
  }
  const described = describeHttpFailure(error);
  if (asHttpError(error)?.status === 401) return `GitHub refused GITHUB_TOKEN (${described})`;
  return described;
}

/** Engine progress (retries, re-plans, failures as they happen) goes to stderr. */
function stderrLogger(writeError: (text: string) => void): Logger {
  const line = (msg: string | object) =>
    writeError(`${typeof msg === 'string' ? msg : JSON.stringify(msg)}\n`);
  return { info: line, warn: line, error: line, debug: () => undefined };
}
