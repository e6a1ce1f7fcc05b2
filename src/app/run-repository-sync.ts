import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { Logger } from '../sync/github-client.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import type { ReadCache } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import { syncRepository } from '../sync/sync-repository.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { ConfigReader, RepoSettings } from './repo-settings.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

/** How one queued sync ended (the details are logged). */
export type SyncOutcome = 'synced' | 'no-plan' | 'invalid-config' | 'not-wanted' | 'failed';

/** What a queued sync tells its caller (e.g. to answer a command). */
export interface SyncRun {
  outcome: SyncOutcome;
  /** What happened in one line: the log line without the repository and the events. */
  summary: string;
  /** The sync's report, when it ran. */
  report: SyncReport | null;
}

/**
 * One queued sync of one repository, as the app runs it: the one use case (syncRepository in
 * src/sync/sync-repository.ts: settings, `wanted`, plan discovery, read → plan → apply → report),
 * then one log line: the report's headline, the repository and the triggering events. Never
 * throws: an invalid config or a failure is logged with the repository and the event, and
 * returned (`summary`) for whoever asked.
 */
export async function runRepositorySync(params: {
  octokit: AppOctokit & ConfigReader;
  repo: RepoRef;
  /** The events this sync answers, for the log line: `issues.closed + 2 more`. */
  trigger: string;
  wanted: (settings: RepoSettings) => boolean;
  /** A dry run (a command's preview): nothing is written, the dashboard included. */
  dryRun?: boolean;
  /** Web origin for permalinks, from the payload; null keeps the engine's default. */
  webUrl: string | null;
  cache: ReadCache;
  pacer: WritePacer;
  clock: Clock;
  log: Logger;
}): Promise<SyncRun> {
  const { octokit, repo, trigger, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  try {
    const result = await syncRepository({
      octokit: toGithubClient(octokit),
      configReader: octokit,
      repo,
      wanted: params.wanted,
      dryRun: params.dryRun,
      webUrl: params.webUrl,
      cache: params.cache,
      pacer: params.pacer,
      clock: params.clock,
      log,
    });
    switch (result.status) {
      case 'invalid-config':
        log.error(`${fullName}: ${result.error}. Not syncing (${trigger}).`);
        return { outcome: 'invalid-config', summary: `${result.error}.`, report: null };
      case 'not-wanted':
        log.debug?.(`${fullName}: ${trigger} does not touch the plan; not syncing`);
        return { outcome: 'not-wanted', summary: 'Not syncing.', report: null };
      case 'no-plan': {
        const summary = `no ${result.tried.join(', ')} on the default branch; nothing to sync`;
        log.info(`${fullName}: ${summary} (${trigger})`);
        return { outcome: 'no-plan', summary: `${capitalize(summary)}.`, report: null };
      }
      case 'synced': {
        const summary = logReport({ report: result.report, trigger, log });
        const failed = summarizeSyncReport(result.report).conclusion === 'failed';
        return { outcome: failed ? 'failed' : 'synced', summary, report: result.report };
      }
    }
  } catch (error) {
    const failure = describeHttpFailure(error);
    log.error(
      { err: error, repo: fullName, event: trigger },
      `${fullName}: sync failed (${trigger}): ${failure}`,
    );
    return { outcome: 'failed', summary: `The sync failed: ${failure}`, report: null };
  }
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * One line per sync: `Synced MILESTONES.md with acme/plan: 2 issues updated (issues.closed)`.
 * Returns the headline.
 */
function logReport(params: { report: SyncReport; trigger: string; log: Logger }): string {
  const { report, trigger, log } = params;
  const summary = summarizeSyncReport(report);
  // The rendered report's first line is its headline (`## …`).
  const headline =
    renderSyncReport({ report, maxPerGroup: 0, maxNotes: 0 })
      .split('\n')[0]
      ?.replace(/^##\s*/, '') ?? '';
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
  return headline;
}
