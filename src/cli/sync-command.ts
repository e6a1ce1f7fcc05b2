import { CONFIG_FILE } from '../app/plans-touched-by-push.js';
import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport, syncExitCode } from '../report/summarize-sync-report.js';
import type { ActionProgress } from '../sync/apply-actions.js';
import type { GithubClient, Logger } from '../sync/github-client.js';
import { asHttpError, describeHttpFailure } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { realClock } from '../sync/pace-writes.js';
import { PlanFileMissingError } from '../sync/read-github.js';
import type { PlanSource } from '../sync/sync-repository.js';
import { DEFAULT_MAX_RUN_MS, syncRepository } from '../sync/sync-repository.js';
import { reportToJson } from '../sync/sync-repo.js';
import type { RepoRef } from '../sync/sync-types.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../sync/request-with-retry.js';
import { createOctokit } from './create-octokit.js';
import { UsageError, formatUsageError } from './usage-error.js';
import { parseApiUrl } from './parse-api-url.js';

/** A problem with how the command was called (exit code 2), not with GitHub or the plan. */
export { UsageError };

/** Default bound on a whole sync: what is not sent by then is left for the next sync. */
const DEFAULT_MAX_TIME_MS = DEFAULT_MAX_RUN_MS;

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
    const result = await syncRepository({
      octokit,
      configReader: octokit,
      repo,
      file: params.file,
      ref: params.ref,
      dryRun: params.dryRun,
      retryPolicy: { requestTimeoutMs: timeoutMs },
      deadline: clock.now() + maxTimeMs,
      clock,
      log,
      onProgress: params.onProgress,
    });
    if (result.status === 'invalid-config') {
      writeError(`milestone-sync: ${result.error}\n`);
      return 1;
    }
    if (result.status !== 'synced') {
      const tried = result.status === 'no-plan' ? result.tried : [];
      const why = await describeNoPlan({ octokit, repo, ref: params.ref, tried });
      writeError(`milestone-sync: ${why}\n`);
      return 1;
    }
    const { report, settings } = result;
    const notes = [
      planFileNote(result),
      settings.dryRun && !params.dryRun ? `Dry run: ${CONFIG_FILE} says dryRun: true` : null,
    ].filter((n): n is string => n !== null);
    if (params.json) {
      for (const line of notes) writeError(`milestone-sync: ${line}\n`);
      write(reportToJson(report) + '\n');
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

/** `Plan file: ROADMAP.md (no MILESTONES.md)`, printed before the report; none for `--file`. */
function planFileNote(params: {
  path: string;
  source: PlanSource;
  missing: string[];
}): string | null {
  const { path, source, missing } = params;
  if (source === 'option') return null;
  if (source === 'config') return `Plan file: ${path} (path in ${CONFIG_FILE})`;
  return missing.length === 0
    ? `Plan file: ${path}`
    : `Plan file: ${path} (no ${missing.join(' or ')})`;
}

/** Why there was nothing to sync: no such repository (or no access), or no plan file on the branch. */
async function describeNoPlan(params: {
  octokit: GithubClient;
  repo: RepoRef;
  ref?: string;
  tried: string[];
}): Promise<string> {
  const { octokit, repo, ref, tried } = params;
  if (!(await repoExists({ octokit, repo }))) {
    return `repository ${repo.owner}/${repo.repo} not found, or GITHUB_TOKEN cannot read it`;
  }
  const branch = ref ? `branch ${ref}` : 'the default branch';
  return `no ${tried.join(', ')} on ${branch} of ${repo.owner}/${repo.repo}; name the plan with --file or path in ${CONFIG_FILE}`;
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

function parseRepo(value: string | undefined): RepoRef {
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
