import { DEFAULT_PLAN_FILES } from '../sync/default-plan-files.js';
import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { Logger } from '../sync/github-client.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import { realClock } from '../sync/pace-writes.js';
import type { ReadCache } from '../sync/read-github.js';
import { PlanFileMissingError } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import { syncRepo } from '../sync/sync-repo.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { ConfigReader, RepoSettings } from './repo-settings.js';
import { loadRepoSettings } from './repo-settings.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

/** How one queued sync ended (the details are logged). */
export type SyncOutcome = 'synced' | 'no-plan' | 'invalid-config' | 'not-wanted' | 'failed';

/**
 * One sync of one repository, as the app runs it: read `.github/milestone-sync.yml`, ask `wanted`
 * (a push needs the config to know whether it touched the plan), find the plan file (the
 * configured `path`, else the first of MILESTONES.md, ROADMAP.md, PLAN.md that exists), run
 * `syncRepo`, and log one line: the report's headline, the repository and the triggering events.
 * Never throws: an invalid config or a failure is logged with the repository and the event.
 */
export async function syncRepository(params: {
  octokit: AppOctokit & ConfigReader;
  repo: RepoRef;
  /** The events this sync answers, for the log line: `issues.closed + 2 more`. */
  trigger: string;
  wanted: (settings: RepoSettings) => boolean;
  /** Web origin for permalinks, from the payload; null keeps the engine's default. */
  webUrl: string | null;
  cache: ReadCache;
  pacer: WritePacer;
  clock: Clock;
  log: Logger;
}): Promise<SyncOutcome> {
  const { octokit, repo, trigger, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  try {
    const loaded = await loadRepoSettings({ octokit, repo });
    if ('error' in loaded) {
      log.error(`${fullName}: ${loaded.error}. Not syncing (${trigger}).`);
      return 'invalid-config';
    }
    const { settings } = loaded;
    if (!params.wanted(settings)) {
      log.debug?.(`${fullName}: ${trigger} does not touch the plan; not syncing`);
      return 'not-wanted';
    }
    const paths = settings.path !== null ? [settings.path] : [...DEFAULT_PLAN_FILES];
    const client = toGithubClient(octokit);
    for (const path of paths) {
      let report: SyncReport;
      try {
        report = await syncRepo({
          octokit: client,
          repo,
          path,
          dryRun: settings.dryRun,
          config: { ...settings.sync, ...(params.webUrl ? { webUrl: params.webUrl } : {}) },
          planConfig: settings.plan,
          log,
          cache: params.cache,
          clock: params.clock,
          pacer: params.pacer,
          // A run is bounded like the CLI's: what is left is skipped, and the next sync resumes.
          deadline: (params.clock ?? realClock).now() + MAX_RUN_MS,
        });
      } catch (error) {
        if (error instanceof PlanFileMissingError) continue;
        throw error;
      }
      logReport({ report, trigger, log });
      return summarizeSyncReport(report).conclusion === 'failed' ? 'failed' : 'synced';
    }
    log.info(
      `${fullName}: no ${paths.join(', ')} on the default branch; nothing to sync (${trigger})`,
    );
    return 'no-plan';
  } catch (error) {
    log.error(
      { err: error, repo: fullName, event: trigger },
      `${fullName}: sync failed (${trigger}): ${describeHttpFailure(error)}`,
    );
    return 'failed';
  }
}

/** Longest a sync may run in the app (the CLI's default `--max-time`). */
const MAX_RUN_MS = 3_600_000;

/** One line per sync: `Synced MILESTONES.md with acme/plan: 2 issues updated (issues.closed)`. */
function logReport(params: { report: SyncReport; trigger: string; log: Logger }): void {
  const { report, trigger, log } = params;
  const summary = summarizeSyncReport(report);
  // The rendered report's first line is its headline (`## …`).
  const headline = renderSyncReport({ report, maxPerGroup: 0, maxNotes: 0 })
    .split('\n')[0]
    ?.replace(/^##\s*/, '');
  const fields = {
    repo: `${report.repo.owner}/${report.repo.repo}`,
    path: report.path,
    event: trigger,
    conclusion: summary.conclusion,
    counts: summary.counts,
    rounds: summary.rounds,
  };
  const line = `${headline} (${trigger})`;
  if (summary.conclusion === 'failed' || summary.conclusion === 'refused') log.warn(fields, line);
  else log.info(fields, line);
}
