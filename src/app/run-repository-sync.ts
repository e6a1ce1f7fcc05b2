import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { Logger } from '../sync/github-client.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { OnboardingOutcome } from '../sync/onboard-repository.js';
import { onboardRepository } from '../sync/onboard-repository.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import type { ReadCache } from '../sync/read-github.js';
import type { SyncReport } from '../sync/sync-repo.js';
import { syncRepository } from '../sync/sync-repository.js';
import type { RepoRef } from '../sync/sync-types.js';
import { CONFIG_FILE } from './plans-touched-by-push.js';
import type { ConfigReader, LoadedRepoSettings, RepoSettings } from './repo-settings.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

/** How one queued sync ended (the details are logged). */
export type SyncOutcome =
  'synced' | 'no-plan' | 'invalid-config' | 'not-wanted' | 'not-opted-in' | 'onboarding' | 'failed';

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
 * src/sync/sync-repository.ts: settings, opt-in, `wanted`, plan discovery, read → plan → apply →
 * report), then one log line: the report's headline, the repository and the triggering events.
 * A repository that has not opted in (no `.github/milestone-sync.yml` of its own, and no
 * `onboarding: false` from its owner) is not synced: with `onboard` (an installation asked) it is
 * offered an onboarding pull request (src/sync/onboard-repository.ts), otherwise the run ends
 * with a debug line. Never throws: an invalid config or a failure is logged with the repository
 * and the event, and returned (`summary`) for whoever asked.
 */
export async function runRepositorySync(params: {
  octokit: AppOctokit & ConfigReader;
  repo: RepoRef;
  /** The events this sync answers, for the log line: `issues.closed + 2 more`. */
  trigger: string;
  wanted: (settings: RepoSettings) => boolean;
  /** A dry run (a command's preview): nothing is written, the dashboard included. */
  dryRun?: boolean;
  /** An installation event asked: a repository that has not opted in gets an onboarding pull request. */
  onboard: boolean;
  /** Web origin for permalinks, from the payload; null keeps the engine's default. */
  webUrl: string | null;
  cache: ReadCache;
  pacer: WritePacer;
  clock: Clock;
  /**
   * The run's logger, already bound to the repository and the deliveries behind the run
   * (src/app/delivery-log.ts), so lines here add only their own fields.
   */
  log: Logger;
}): Promise<SyncRun> {
  const { octokit, repo, trigger, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  try {
    const result = await syncRepository({
      octokit: toGithubClient(octokit),
      configReader: octokit,
      repo,
      requireOptIn: true,
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
      case 'not-opted-in':
        if (!params.onboard) {
          const why = `not opted in (no ${CONFIG_FILE} of its own${result.source === 'owner' ? ', and the owner’s does not say onboarding: false' : ''})`;
          log.debug?.(`${fullName}: ${why}; not syncing (${trigger})`);
          return {
            outcome: 'not-opted-in',
            summary: `Not syncing: ${why}. Merge the onboarding pull request or add ${CONFIG_FILE}.`,
            report: null,
          };
        }
        return await onboard({
          octokit,
          repo,
          trigger,
          loaded: { settings: result.settings, source: result.source },
          webUrl: params.webUrl,
          cache: params.cache,
          pacer: params.pacer,
          clock: params.clock,
          log,
        });
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
    log.error({ err: error }, `${fullName}: sync failed (${trigger}): ${failure}`);
    return { outcome: 'failed', summary: `The sync failed: ${failure}`, report: null };
  }
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Onboarding of a repository that has not opted in, and one log line saying what became of it. */
async function onboard(params: {
  octokit: AppOctokit & ConfigReader;
  repo: RepoRef;
  trigger: string;
  loaded: LoadedRepoSettings;
  webUrl: string | null;
  cache: ReadCache;
  pacer: WritePacer;
  clock: Clock;
  log: Logger;
}): Promise<SyncRun> {
  const { repo, trigger, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  try {
    const outcome = await onboardRepository({
      octokit: toGithubClient(params.octokit),
      configReader: params.octokit,
      repo,
      loaded: params.loaded,
      webUrl: params.webUrl,
      cache: params.cache,
      pacer: params.pacer,
      clock: params.clock,
      log,
    });
    const summary = describeOnboarding(outcome);
    log.info(
      { repo: fullName, event: trigger, onboarding: outcome.status },
      `${fullName}: ${summary} (${trigger})`,
    );
    return { outcome: 'onboarding', summary: `${capitalize(summary)}.`, report: null };
  } catch (error) {
    const failure = describeHttpFailure(error);
    log.error(
      { err: error, repo: fullName, event: trigger },
      `${fullName}: onboarding failed (${trigger}): ${failure}`,
    );
    return { outcome: 'failed', summary: `Onboarding failed: ${failure}`, report: null };
  }
}

function describeOnboarding(outcome: OnboardingOutcome): string {
  switch (outcome.status) {
    case 'archived':
      return 'archived; no onboarding';
    case 'no-plan':
      return `no ${outcome.tried.join(', ')} on the default branch; no onboarding`;
    case 'declined':
      return `onboarding pull request #${outcome.number} was closed without merging; not syncing, not proposing again (add ${CONFIG_FILE} to sync)`;
    case 'merged':
      return `onboarding pull request #${outcome.number} was merged but ${CONFIG_FILE} is gone; not syncing (add it back to sync)`;
    case 'opened':
      return `opened onboarding pull request #${outcome.number} for ${outcome.path}; nothing syncs until it is merged`;
    case 'updated':
      return `updated the preview in onboarding pull request #${outcome.number}`;
    case 'unchanged':
      return `onboarding pull request #${outcome.number} is open and current`;
  }
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
  // `repo` and `event` are bound to the run's logger (delivery-log.ts).
  const fields = {
    path: report.path,
    conclusion: summary.conclusion,
    counts: summary.counts,
    rounds: summary.rounds,
  };
  const line = `${headline} (${trigger})`;
  if (summary.conclusion === 'failed' || summary.conclusion === 'refused') log.warn(fields, line);
  else log.info(fields, line);
  return headline;
}
