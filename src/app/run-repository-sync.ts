import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { Logger } from '../sync/github-client.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import type { ReadCache } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import type { SyncRepositoryResult } from '../sync/sync-repository.js';
import { syncRepository } from '../sync/sync-repository.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { ConfigReader, RepoSettings } from './repo-settings.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

/** How one queued sync ended (the details are logged). */
export type SyncOutcome = 'synced' | 'no-plan' | 'invalid-config' | 'not-wanted' | 'failed';

/**
 * One queued sync of one repository, as the app runs it: the one use case (syncRepository in
 * src/sync/sync-repository.ts: settings, `wanted`, plan discovery, read → plan → apply → report),
 * then one log line: the report's headline, the repository and the triggering events. Never
 * throws: an invalid config or a failure is logged with the repository and the event.
 */
export async function runRepositorySync(params: {
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
  /** Runs after a sync that synced (e.g. the merge summary); its failure is logged, not thrown. */
  onSynced?: (result: Extract<SyncRepositoryResult, { status: 'synced' }>) => Promise<void>;
}): Promise<SyncOutcome> {
  const { octokit, repo, trigger, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  try {
    const result = await syncRepository({
      octokit: toGithubClient(octokit),
      configReader: octokit,
      repo,
      wanted: params.wanted,
      webUrl: params.webUrl,
      cache: params.cache,
      pacer: params.pacer,
      clock: params.clock,
      log,
    });
    switch (result.status) {
      case 'invalid-config':
        log.error(`${fullName}: ${result.error}. Not syncing (${trigger}).`);
        return 'invalid-config';
      case 'not-wanted':
        log.debug?.(`${fullName}: ${trigger} does not touch the plan; not syncing`);
        return 'not-wanted';
      case 'no-plan':
        log.info(
          `${fullName}: no ${result.tried.join(', ')} on the default branch; nothing to sync (${trigger})`,
        );
        return 'no-plan';
      case 'synced':
        logReport({ report: result.report, trigger, log });
        await runAfterSync({ run: () => params.onSynced?.(result), fullName, trigger, log });
        return summarizeSyncReport(result.report).conclusion === 'failed' ? 'failed' : 'synced';
    }
  } catch (error) {
    log.error(
      { err: error, repo: fullName, event: trigger },
      `${fullName}: sync failed (${trigger}): ${describeHttpFailure(error)}`,
    );
    return 'failed';
  }
}

async function runAfterSync(params: {
  run: () => Promise<void> | undefined;
  fullName: string;
  trigger: string;
  log: Logger;
}): Promise<void> {
  try {
    await params.run();
  } catch (error) {
    params.log.warn(
      { err: error, repo: params.fullName, event: params.trigger },
      `${params.fullName}: after the sync (${params.trigger}): ${describeHttpFailure(error)}`,
    );
  }
}

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
