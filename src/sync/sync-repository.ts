import type {
  ConfigReader,
  LoadedRepoSettings,
  RepoSettings,
  SettingsSource,
} from '../app/repo-settings.js';
import { isOptedIn, loadRepoSettings } from '../app/repo-settings.js';
import type { ActionProgress } from './apply-actions.js';
import type { GithubClient, Logger } from './github-client.js';
import type { Clock, WritePacer } from './pace-writes.js';
import { realClock } from './pace-writes.js';
import type { ReadCache } from './read-github.js';
import { PlanFileMissingError } from './read-github.js';
import type { RetryPolicy } from './request-with-retry.js';
import type { SyncReport } from './sync-repo.js';
import { syncRepo } from './sync-repo.js';
import type { RepoRef } from './sync-types.js';
import { DEFAULT_PLAN_FILES } from './default-plan-files.js';
import { planDashboard } from './plan-dashboard.js';
import { applyDashboard } from './sync-dashboard.js';
import { createWritePacer } from './pace-writes.js';
import { withRetry } from './request-with-retry.js';

/** Longest a sync may run by default: what is not sent by then is left for the next sync. */
export const DEFAULT_MAX_RUN_MS = 60 * 60_000;

/** Where the plan file's path came from. */
export type PlanSource = 'option' | 'config' | 'default';

export type SyncRepositoryResult =
  /** `.github/milestone-sync.yml` is invalid: nothing was synced. */
  | { status: 'invalid-config'; error: string }
  /**
   * `requireOptIn` and the repository has not opted in (no config file of its own, and no
   * `onboarding: false` from its owner): nothing was read beyond the config.
   */
  | { status: 'not-opted-in'; settings: RepoSettings; source: SettingsSource }
  /** The caller's `wanted` said no (e.g. a push that does not touch the plan). */
  | { status: 'not-wanted'; settings: RepoSettings }
  /** None of the candidate files exists on the branch. */
  | { status: 'no-plan'; settings: RepoSettings; tried: string[] }
  | {
      status: 'synced';
      settings: RepoSettings;
      report: SyncReport;
      path: string;
      source: PlanSource;
      /** Default candidates that were looked for first and not found. */
      missing: string[];
    };

/**
 * The one "sync a repository" use case, for the app, the CLI and anything later: load the
 * repository's settings (`.github/milestone-sync.yml`, with `_extends`, through the config
 * plugin), check the repository opted in (`requireOptIn`), ask `wanted`, find the plan file (`file`, else the configured `path`, else the first
 * of MILESTONES.md, ROADMAP.md, PLAN.md that exists — a missing candidate costs one 404), then
 * read → plan → apply → report (`syncRepo`), then keep the plan's dashboard issue current (one
 * write at most, none when unchanged; not in a dry run, not with `dashboard: false`). Throws only for GitHub failures outside the sync
 * itself (reading the config); the sync's own failures are in the report.
 */
export async function syncRepository(params: {
  /** Reads and writes through the engine's client. */
  octokit: GithubClient;
  /** Reads the repository's config file (Probot's `context.octokit`, or the CLI's Octokit). */
  configReader: ConfigReader;
  repo: RepoRef;
  /** The plan file, overriding the config's `path` (the CLI's `--file`). */
  file?: string;
  /** Branch to read and commit to; default: the default branch. */
  ref?: string;
  /** Forces a dry run (the config's `dryRun: true` makes one too). */
  dryRun?: boolean;
  wanted?: (settings: RepoSettings) => boolean;
  /**
   * Sync only a repository that opted in (isOptedIn, src/app/repo-settings.ts); otherwise return
   * `not-opted-in`. The app sets it; the CLI does not (running it is the user's explicit ask).
   */
  requireOptIn?: boolean;
  /** The settings, when the caller has read them already (then the config is not read again). */
  loaded?: LoadedRepoSettings;
  /** Web origin for permalinks; null or absent keeps the engine's default. */
  webUrl?: string | null;
  cache?: ReadCache;
  pacer?: WritePacer;
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
  /** Absolute time (clock ms) after which nothing more is sent; default now + 1 hour. */
  deadline?: number;
  onProgress?: (progress: ActionProgress) => void;
  log: Logger;
}): Promise<SyncRepositoryResult> {
  const { repo } = params;
  const loaded = params.loaded ?? (await loadRepoSettings({ octokit: params.configReader, repo }));
  if ('error' in loaded) return { status: 'invalid-config', error: loaded.error };
  const { settings } = loaded;
  if (params.requireOptIn && !isOptedIn(loaded)) {
    return { status: 'not-opted-in', settings, source: loaded.source };
  }
  if (params.wanted && !params.wanted(settings)) return { status: 'not-wanted', settings };
  const clock = params.clock ?? realClock;
  const candidates = planCandidates({ file: params.file, settings });
  const missing: string[] = [];
  const dryRun = (params.dryRun ?? false) || settings.dryRun;
  const today = new Date(clock.now()).toISOString().slice(0, 10);
  const deadline = params.deadline ?? clock.now() + DEFAULT_MAX_RUN_MS;
  // One pacer for the sync and the dashboard's write: GitHub's write ceiling is shared.
  const pacer = params.pacer ?? createWritePacer({ clock });
  for (const { path, source } of candidates) {
    try {
      const report = await syncRepo({
        octokit: params.octokit,
        repo,
        path,
        ref: params.ref,
        dryRun,
        config: {
          ...settings.sync,
          today,
          ...(params.webUrl ? { webUrl: params.webUrl } : {}),
        },
        planConfig: settings.plan,
        cache: params.cache,
        pacer,
        clock,
        retryPolicy: params.retryPolicy,
        deadline,
        onProgress: params.onProgress,
        log: params.log,
      });
      if (!dryRun && settings.dashboard) {
        const decision = planDashboard({
          report,
          planConfig: settings.plan,
          today,
          now: clock.now(),
        });
        if (decision) {
          const octokit = withRetry({
            client: params.octokit,
            clock,
            pacer,
            policy: params.retryPolicy,
            deadline,
            log: params.log,
          });
          report.dashboard = await applyDashboard({ octokit, repo, decision });
          if (report.dashboard.status === 'failed') {
            params.log.warn(`milestone-sync: dashboard of ${path}: ${report.dashboard.error}`);
          }
        }
      }
      return { status: 'synced', settings, report, path, source, missing };
    } catch (error) {
      // A file named on the command line must exist; a configured or default one may not.
      if (!(error instanceof PlanFileMissingError) || source === 'option') throw error;
      missing.push(path);
    }
  }
  return { status: 'no-plan', settings, tried: missing };
}

function planCandidates(params: {
  file: string | undefined;
  settings: RepoSettings;
}): { path: string; source: PlanSource }[] {
  if (params.file !== undefined) return [{ path: params.file, source: 'option' }];
  if (params.settings.path !== null) return [{ path: params.settings.path, source: 'config' }];
  return DEFAULT_PLAN_FILES.map((path) => ({ path, source: 'default' as const }));
}
