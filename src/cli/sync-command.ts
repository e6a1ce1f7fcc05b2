import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport, syncExitCode } from '../report/summarize-sync-report.js';
import type { EditText } from '../sync/apply-actions.js';
import type { GithubClient, Logger } from '../sync/github-client.js';
import { asHttpError } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { realClock } from '../sync/pace-writes.js';
import { PlanFileMissingError } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import { syncRepo } from '../sync/sync-repo.js';
import type { RepoRef } from '../sync/sync-types.js';
import { createEditText } from './create-edit-text.js';
import { createOctokit } from './create-octokit.js';
import { DEFAULT_PLAN_FILES } from '../sync/default-plan-files.js';
import { UsageError } from './usage-error.js';
import { parseApiUrl } from './parse-api-url.js';

/** Plan files tried in order when `--file` is not given. */

/** A problem with how the command was called (exit code 2), not with GitHub or the plan. */
export { UsageError };

/**
 * `milestone-sync sync --repo owner/name [--file F] [--ref B] [--dry-run] [--json]`: reconcile one
 * plan file of one repository with its GitHub Milestones and Issues, then print the report
 * (Markdown, or the SyncReport as JSON). Needs `GITHUB_TOKEN`; `GITHUB_API_URL` points at GitHub
 * Enterprise Server or the fake. Exit code: 0 applied or nothing to do, 1 an action failed, the
 * sync was refused or GitHub could not be read, 2 a usage error (including a missing token).
 */
export async function syncCommand(params: {
  repo: string | undefined;
  file?: string;
  ref?: string;
  dryRun: boolean;
  json: boolean;
  env: Record<string, string | undefined>;
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** Defaults to real time; tests and the demo pass the fake's virtual clock. */
  clock?: Clock;
}): Promise<number> {
  const { write, writeError } = params;
  let repo: RepoRef;
  let token: string;
  let baseUrl: string;
  try {
    repo = parseRepo(params.repo);
    token = requireToken(params.env);
    baseUrl = parseApiUrl(params.env.GITHUB_API_URL);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(`milestone-sync: ${error.message}\n`);
    return 2;
  }
  const log = stderrLogger(writeError);
  const octokit = createOctokit({ token, baseUrl, warn: (m) => log.warn(m) });
  try {
    const { report, note } = await runSync({
      octokit,
      repo,
      file: params.file,
      ref: params.ref,
      dryRun: params.dryRun,
      clock: params.clock,
      log,
    });
    if (params.json) {
      if (note) writeError(`milestone-sync: ${note}\n`);
      write(JSON.stringify(report, null, 2) + '\n');
    } else {
      write(`${note ? `${note}\n\n` : ''}${renderSyncReport({ report })}`);
    }
    return syncExitCode(summarizeSyncReport(report));
  } catch (error) {
    writeError(`milestone-sync: ${describeFailure({ error, repo, baseUrl })}\n`);
    return 1;
  }
}

/**
 * Probes the plan file (when not given) and syncs it. The probe costs one 404 per missing
 * candidate: the sync reads the file first and stops there when it is absent.
 */
export async function runSync(params: {
  octokit: GithubClient;
  repo: RepoRef;
  file?: string;
  ref?: string;
  dryRun: boolean;
  clock?: Clock;
  editText?: EditText;
  log: Logger;
}): Promise<{ report: SyncReport; note: string | null }> {
  const { octokit, repo, ref, log } = params;
  const clock = params.clock ?? realClock;
  const editText =
    params.editText ?? createEditText({ today: new Date(clock.now()).toISOString().slice(0, 10) });
  const sync = (path: string) =>
    syncRepo({ octokit, repo, path, ref, dryRun: params.dryRun, editText, log, clock });
  if (params.file !== undefined) return { report: await sync(params.file), note: null };
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
    `no ${DEFAULT_PLAN_FILES.join(', ')} on ${branch} of ${repo.owner}/${repo.repo}; name the plan with --file`,
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
  if (value === undefined) throw new UsageError('sync needs --repo owner/name');
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value.trim());
  if (!match) throw new UsageError(`--repo must be owner/name, got "${value}"`);
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

function describeFailure(params: { error: unknown; repo: RepoRef; baseUrl: string }): string {
  const { error, repo, baseUrl } = params;
  if (error instanceof PlanFileMissingError) {
    return `${error.path} not found on ${error.ref} of ${repo.owner}/${repo.repo}`;
  }
  const http = asHttpError(error);
  const message = firstLine((error as Error)?.message ?? String(error));
  if (http?.status === 401) return `GitHub refused GITHUB_TOKEN (401 ${message})`;
  // Octokit reports a request that got no answer at all (refused, DNS, TLS) as a 500 without a response.
  if (http && http.response === undefined) return `cannot reach ${baseUrl}: ${message}`;
  if (http) return `GitHub answered ${http.status}: ${message}`;
  return message;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/** Engine progress (retries, re-plans, failures as they happen) goes to stderr. */
function stderrLogger(writeError: (text: string) => void): Logger {
  const line = (msg: string | object) =>
    writeError(`${typeof msg === 'string' ? msg : JSON.stringify(msg)}\n`);
  return { info: line, warn: line, error: line, debug: () => undefined };
}
