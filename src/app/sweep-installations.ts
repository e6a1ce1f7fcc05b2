import type { GithubClient, Logger } from '../sync/github-client.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { withRetry } from '../sync/request-with-retry.js';
import type { SyncRequest } from './app.js';
import type { ListedRepository, RecoveryCheck } from './plan-recovery-sweep.js';
import { planRecoverySweep } from './plan-recovery-sweep.js';
import type { SyncLedger } from './sync-ledger.js';
import { webOriginOf } from './web-origin.js';

/** The share of an installation's remaining core rate limit one sweep may spend. */
export const DEFAULT_SWEEP_BUDGET_SHARE = 0.1;
/**
 * What one queued sync is assumed to cost in requests: a sync that fixes a few things reads the
 * config, the plan, milestones, issues and labels (some answered 304, free) and writes a handful;
 * measured in test/app/recovery-sweep.test.ts. Conservative on purpose.
 */
export const DEFAULT_SYNC_COST = 30;
/** One check: the issues read, then the milestones read. */
export const CHECK_COST = 2;
/** Issues read per check: pull requests come in the same list and are not the app's. */
const ISSUES_PAGE = 20;

/** What one installation's sweep did (also logged). */
export interface InstallationSweep {
  installationId: number;
  /** Repositories listed. */
  listed: number;
  /** Repositories that need a sync (queued or skipped for budget). */
  changed: number;
  queued: number;
  /** Left for the next sweep: the budget was spent. */
  skipped: number;
  /** The sweep's budget in requests, and what it planned to spend of it. */
  budget: number;
  spent: number;
}

interface RepositoryItem {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string };
  html_url: string;
  pushed_at: string | null;
  archived?: boolean;
}

/**
 * One recovery sweep over every installation of the app: for lost webhooks (GitHub does not
 * redeliver them by itself), queues a sync of each repository whose plan or owned issues changed
 * since its last run (the ledger), through the app's queue (`enqueue`: the same SyncRequest an
 * event queues, so coalescing, locks and retries apply); it runs no sync itself.
 *
 * Per installation (`GET /app/installations` as the app; suspended ones skipped): the remaining
 * core budget (`GET /rate_limit`, free), the repositories (`GET /installation/repositories`, one
 * request per 100, with `pushed_at`), the ledger's entries, then planRecoverySweep: what it says
 * to check is read (issues updated since, then milestones), and what it says to sync is queued,
 * within `budgetShare` of the remaining budget. One log line per installation: listed N, changed
 * M, queued K, skipped for budget S. Entries of repositories no longer installed are forgotten.
 * A failing installation is logged and the others swept; never throws for one.
 * https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app,
 * https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation,
 * https://docs.github.com/rest/rate-limit/rate-limit
 */
export async function sweepInstallations(params: {
  /** App-authenticated (JWT). */
  appOctokit: GithubClient;
  installationOctokit: (installationId: number) => Promise<GithubClient>;
  ledger: SyncLedger;
  /** Queues a sync; false when the queue takes nothing more (stopping). */
  enqueue: (request: SyncRequest) => Promise<boolean>;
  clock: Clock;
  log: Logger;
  budgetShare?: number;
  syncCost?: number;
}): Promise<InstallationSweep[]> {
  const { clock, log } = params;
  const app = withRetry({ client: params.appOctokit, clock, log });
  const sweepId = `recovery-sweep-${new Date(clock.now()).toISOString()}`;
  const installations: Array<{ id: number; suspended_at?: string | null }> = [];
  for (let page = 1; ; page++) {
    const { data } = await app.request('GET /app/installations', { per_page: 100, page });
    for (const installation of data) installations.push(installation);
    if (data.length < 100) break;
  }
  const results: InstallationSweep[] = [];
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    try {
      const result = await sweepInstallation({
        ...params,
        installationId: installation.id,
        sweepId,
      });
      if (result) results.push(result);
    } catch (error) {
      log.warn(
        `recovery sweep: installation ${installation.id} failed: ${describeHttpFailure(error)}`,
      );
    }
  }
  return results;
}

async function sweepInstallation(params: {
  installationOctokit: (installationId: number) => Promise<GithubClient>;
  installationId: number;
  ledger: SyncLedger;
  enqueue: (request: SyncRequest) => Promise<boolean>;
  clock: Clock;
  log: Logger;
  budgetShare?: number;
  syncCost?: number;
  sweepId: string;
}): Promise<InstallationSweep | null> {
  const { installationId, clock, log } = params;
  const syncCost = params.syncCost ?? DEFAULT_SYNC_COST;
  const octokit = withRetry({
    client: await params.installationOctokit(installationId),
    clock,
    log,
  });
  const { data: rate } = await octokit.request('GET /rate_limit');
  const remaining = rate.resources.core.remaining;
  const total = Math.floor(remaining * (params.budgetShare ?? DEFAULT_SWEEP_BUDGET_SHARE));
  let budget = total;

  const items: RepositoryItem[] = [];
  let pages = 0;
  for (let page = 1; ; page++) {
    if (budget < 1) {
      log.warn(
        `recovery sweep: installation ${installationId}: ${remaining} requests left; not sweeping this time`,
      );
      return null;
    }
    budget--;
    pages++;
    const { data } = await octokit.request('GET /installation/repositories', {
      per_page: 100,
      page,
    });
    for (const item of data.repositories as RepositoryItem[]) items.push(item);
    if (data.repositories.length < 100 || items.length >= data.total_count) break;
  }
  const repositories: ListedRepository[] = items.map((item) => ({
    id: item.id,
    fullName: item.full_name,
    pushedAt: item.pushed_at,
    archived: item.archived === true,
  }));
  const byId = new Map(items.map((item) => [item.id, item]));
  const entries = await params.ledger.list({ installationId });
  const gone = entries.filter((entry) => !byId.has(entry.repoId)).map((entry) => entry.repoId);
  if (gone.length > 0) await params.ledger.forget({ repoIds: gone });

  const planned = { repositories, entries, budget, syncCost, checkCost: CHECK_COST };
  const first = planRecoverySweep(planned);
  const checked = new Map<number, boolean>();
  for (const check of first.check) {
    const item = byId.get(check.repository.id) as RepositoryItem;
    try {
      checked.set(check.repository.id, await changedSince({ octokit, item, check }));
    } catch (error) {
      log.warn(
        `recovery sweep: ${item.full_name}: could not read its changes: ${describeHttpFailure(error)}`,
      );
    }
  }
  const plan = planRecoverySweep({ ...planned, checked });

  let queued = 0;
  for (const { repository, reason } of plan.sync) {
    const item = byId.get(repository.id) as RepositoryItem;
    const request: SyncRequest = {
      repo: { owner: item.owner.login, repo: item.name },
      fullName: item.full_name,
      repoId: item.id,
      installationId,
      deliveries: [{ id: params.sweepId, event: 'recovery-sweep' }],
      webUrl: webOriginOf(item.html_url),
      events: [`recovery-sweep.${reason}`],
      pushes: [],
      always: true,
      commands: [],
      // Never synced: offered onboarding as an installation event would.
      onboard: reason === 'never-seen',
    };
    if (!(await params.enqueue(request))) break;
    queued++;
    log.debug?.(`recovery sweep: queued ${item.full_name} (${reason})`);
  }
  const changed = plan.sync.length + plan.skipped.length;
  const result: InstallationSweep = {
    installationId,
    listed: repositories.length,
    changed,
    queued,
    skipped: plan.skipped.length + (plan.sync.length - queued),
    budget: total,
    spent: plan.spent + pages,
  };
  const line = `recovery sweep: installation ${installationId}: listed ${result.listed}, changed ${changed}, queued ${queued}, skipped for budget ${result.skipped} (budget ${result.budget} of ${remaining} requests left, planned ${result.spent})`;
  if (result.skipped > 0) {
    log.warn(
      { installationId, skipped: plan.skipped.map((r) => r.fullName) },
      `${line}; the rest waits for the next sweep`,
    );
  } else log.info({ installationId }, line);
  return result;
}

/**
 * Whether a synced repository's issues or milestones changed at or after `check.since`: one read
 * of the issues updated since (newest first; pull requests share the list and are not the app's,
 * so a page of only pull requests counts as a change only when full), then, if none, one read of
 * its milestones (no `since` filter on GitHub's side: the first 100). Owned issues carry a marker
 * in their body, not a label (issue-marker.ts), so no cheaper filter selects them.
 * https://docs.github.com/rest/issues/issues#list-repository-issues,
 * https://docs.github.com/rest/issues/milestones#list-milestones
 */
async function changedSince(params: {
  octokit: GithubClient;
  item: RepositoryItem;
  check: RecoveryCheck;
}): Promise<boolean> {
  const { octokit, item, check } = params;
  const repo = { owner: item.owner.login, repo: item.name };
  const since = new Date(Math.floor(check.since / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const { data: issues } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
    ...repo,
    state: 'all',
    since,
    sort: 'updated',
    direction: 'desc',
    per_page: ISSUES_PAGE,
  });
  if (issues.some((issue) => !issue.pull_request) || issues.length >= ISSUES_PAGE) return true;
  const { data: milestones } = await octokit.request('GET /repos/{owner}/{repo}/milestones', {
    ...repo,
    state: 'all',
    sort: 'due_on',
    direction: 'desc',
    per_page: 100,
  });
  return milestones.some((milestone) => Date.parse(milestone.updated_at) >= check.since);
}
