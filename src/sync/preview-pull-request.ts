import { CONFIG_FILE, isPlanPath, plansTouched } from '../app/plans-touched-by-push.js';
import type { ConfigReader } from '../app/repo-settings.js';
import { parsePlan } from '../plan/parse-plan.js';
import type { Plan, PlanConfig } from '../plan/plan-types.js';
import { compareMilestoneProgress } from '../report/compare-milestone-progress.js';
import { renderPrCheckRun } from '../report/render-pr-check-run.js';
import type { PrPreview } from '../report/render-pr-preview.js';
import { PR_PREVIEW_MARKER, renderPrPreview } from '../report/render-pr-preview.js';
import type { GithubClient, Logger } from './github-client.js';
import { asHttpError, describeHttpFailure } from './github-client.js';
import { listPullRequestFiles } from './list-pull-request-files.js';
import type { Clock } from './pace-writes.js';
import { publishCheckRun } from './publish-check-run.js';
import type { ReadCache } from './read-github.js';
import { PlanFileMissingError, createMemoryReadCache, readFile } from './read-github.js';
import { syncRepository } from './sync-repository.js';
import type { RepoRef } from './sync-types.js';
import type { SyncReport } from './sync-repo.js';
import { flattenPlan } from './match-github.js';
import { findStickyComment, upsertStickyComment } from './upsert-sticky-comment.js';

/** What the app knows of a pull request from its webhook (or asks for, on a re-run). */
export interface PullRequestHead {
  number: number;
  headSha: string;
  /** `owner/name` of the head repository; null when the fork was deleted. */
  headRepo: string | null;
  state: 'open' | 'closed';
  /**
   * false: into another branch than the default one, so merging it syncs nothing (known when the
   * pull request is read; the app previews pull requests into the default branch only).
   */
  intoDefault?: boolean;
}

export type PreviewOutcome =
  /** The pull request does not change the plan, and had no preview comment to update. */
  | { status: 'not-touched' }
  /** The pull request is closed: nothing is previewed. */
  | { status: 'closed' }
  /** The pull request is into another branch than the default one: nothing is previewed. */
  | { status: 'other-base' }
  | {
      status: 'previewed';
      preview: PrPreview;
      comment: 'created' | 'updated' | 'unchanged';
      /** Check-run requests sent (0 when the pull request no longer changes the plan). */
      checkRequests: number;
    };

/**
 * Previews a pull request: what merging it would do to milestones and issues. Decided like a push
 * (src/app/plans-touched-by-push.ts): only a pull request whose files include the plan file (or
 * `.github/milestone-sync.yml`) is previewed. The preview is the one sync use case,
 * syncRepository, at the head commit (`ref` = head sha) as a dry run: the executor's dry-run
 * client sends no write, so nothing from a pull request writes to issues or milestones. The
 * result is one sticky comment (created once, then edited in place; found by PR_PREVIEW_MARKER)
 * and a `milestone-sync` check run on the head commit. When a later push takes the plan changes
 * out, an existing comment says so. The config itself is read from the default branch (Probot's
 * config plugin), so a pull request that changes it is previewed with the current config and the
 * comment says so.
 *
 * Pull requests from forks: GitHub keeps a fork's head commits in the base repository
 * (`refs/pull/N/head`), so the plan is read at the head sha from the base repository with the
 * installation's token, which may not read the fork itself. When the base repository does not
 * serve that commit (no plan found there, and `GET /repos/{owner}/{repo}/commits/{sha}` answers
 * 404 or 422), the comment says so, names the plan files the pull request changes, and no check
 * run is created (GitHub refuses one on a commit the repository does not serve). GitHub names no
 * pull request in a re-run of a fork's check (see handle-pull-requests.ts). The pull request is
 * read first, so the head previewed is its current one even when `pull` (a delivery's) is older.
 * Callers serialize previews per pull request (the app's queue).
 */
export async function previewPullRequest(params: {
  octokit: GithubClient;
  configReader: ConfigReader;
  repo: RepoRef;
  /** The pull request, or only its number (a check-run re-run): then it is read. */
  pull: PullRequestHead | { number: number };
  webUrl?: string | null;
  cache?: ReadCache;
  clock?: Clock;
  log: Logger;
}): Promise<PreviewOutcome> {
  const { octokit, repo, log } = params;
  // Read even when a delivery carries the head: it may be old. With several replicas (or a late
  // redelivery) an `opened` delivery can be handled after the `synchronize` of a newer push,
  // elsewhere, and its preview would replace the newer one; the head as it is now is previewed.
  const pull = await readPull({ ...params, number: params.pull.number });
  if (pull.state !== 'open') return { status: 'closed' };
  if (pull.intoDefault === false) return { status: 'other-base' };
  const files = await listPullRequestFiles({ octokit, repo, number: pull.number });
  const fork = pull.headRepo !== `${repo.owner}/${repo.repo}`;
  const result = await syncRepository({
    octokit,
    configReader: params.configReader,
    repo,
    ref: pull.headSha,
    dryRun: true,
    wanted: (settings) => plansTouched({ changed: files, config: settings }).length > 0,
    webUrl: params.webUrl,
    cache: params.cache,
    clock: params.clock,
    log,
  })
    .catch((error: unknown) => {
      // A fork's head commit that the base repository cannot serve: say so instead of failing.
      if (fork && (error instanceof PlanFileMissingError || asHttpError(error)?.status === 404)) {
        return { status: 'fork-unreadable' as const, error: error as Error };
      }
      throw error;
    })
    .then(async (outcome) => {
      // No plan at a fork's head may mean the base repository does not serve that commit at all.
      if (!fork || outcome.status !== 'no-plan') return outcome;
      const error = await readHeadError({ octokit, repo, sha: pull.headSha });
      return error ? { status: 'fork-unreadable' as const, error } : outcome;
    });
  let preview: PrPreview;
  switch (result.status) {
    case 'not-opted-in':
      // Not asked for (no requireOptIn): previews never write issues, so they need no opt-in.
      return { status: 'not-touched' };
    case 'not-wanted': {
      const existing = await findStickyComment({
        octokit,
        repo,
        number: pull.number,
        marker: PR_PREVIEW_MARKER,
      });
      if (!existing) return { status: 'not-touched' };
      preview = { kind: 'no-plan-changes', headSha: pull.headSha };
      const body = renderPrPreview({ preview });
      const comment = await upsertStickyComment({
        octokit,
        repo,
        number: pull.number,
        marker: PR_PREVIEW_MARKER,
        body,
        existing,
      });
      return { status: 'previewed', preview, comment, checkRequests: 0 };
    }
    case 'invalid-config':
      if (!files.some((path) => isPlanPath(path) || path === CONFIG_FILE)) {
        return { status: 'not-touched' };
      }
      preview = {
        kind: 'unavailable',
        headSha: pull.headSha,
        reason: `the repository config cannot be used, so nothing would sync after merging either. ${result.error}`,
      };
      break;
    case 'fork-unreadable': {
      // What can be shown: which plan files it changes, and why the rest cannot be.
      preview = {
        kind: 'unavailable',
        headSha: pull.headSha,
        reason: `this pull request comes from ${pull.headRepo ? `the fork ${pull.headRepo}` : 'a fork that has been deleted'}, and ${repo.owner}/${repo.repo} does not serve its head commit (${describeHttpFailure(result.error)}), so the plan at the head cannot be read. It changes ${describeTouched(files)}. Nothing is written to issues or milestones; the preview runs again when the pull request is pushed to or reopened.`,
      };
      // GitHub refuses a check run on a commit the repository does not serve: the comment only.
      const body = renderPrPreview({ preview });
      const comment = await upsertStickyComment({
        octokit,
        repo,
        number: pull.number,
        marker: PR_PREVIEW_MARKER,
        body,
        existing: null,
      });
      log.info(
        `${repo.owner}/${repo.repo}#${pull.number}: head ${pull.headSha.slice(0, 7)} unreadable: ${describeHttpFailure(result.error)}`,
      );
      return { status: 'previewed', preview, comment, checkRequests: 0 };
    }
    case 'no-plan':
      preview = {
        kind: 'unavailable',
        headSha: pull.headSha,
        reason: `${result.tried.join(', ')} not found at this commit: after merging there is no plan to sync, and nothing on GitHub is changed or closed.`,
      };
      break;
    case 'synced': {
      const before = await readBasePlan({
        cache: params.cache,
        octokit,
        repo,
        path: result.path,
        planConfig: result.settings.plan,
      });
      const notes = files.includes(CONFIG_FILE)
        ? [
            `This pull request changes ${CONFIG_FILE}; the preview uses the default branch's config, the new one applies once merged.`,
          ]
        : [];
      preview = {
        kind: 'preview',
        headSha: pull.headSha,
        report: result.report,
        progress: result.report.plan
          ? compareMilestoneProgress({ before, after: result.report.plan })
          : [],
        milestoneTitles: milestoneTitlesOf(result.report),
        titles: titlesByKey([before, result.report.plan ?? null]),
        notes,
      };
      break;
    }
  }
  const body = renderPrPreview({ preview });
  const checkRequests = await publishCheckRun({
    octokit,
    repo,
    headSha: pull.headSha,
    output: renderPrCheckRun({ preview, summary: body.slice(PR_PREVIEW_MARKER.length + 1) }),
    // A re-run (number only) asks for a new run; a delivery for a head publishes once.
    fresh: !('headSha' in params.pull),
  });
  const comment = await upsertStickyComment({
    octokit,
    repo,
    number: pull.number,
    marker: PR_PREVIEW_MARKER,
    body,
    existing: null,
  });
  return { status: 'previewed', preview, comment, checkRequests };
}

/**
 * Why the repository does not serve commit `sha` (404, or 422 `No commit found for SHA`), or null
 * when it does. https://docs.github.com/en/rest/commits/commits#get-a-commit
 */
async function readHeadError(params: {
  octokit: GithubClient;
  repo: RepoRef;
  sha: string;
}): Promise<Error | null> {
  try {
    await params.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      ...params.repo,
      ref: params.sha,
    });
    return null;
  } catch (error) {
    const status = asHttpError(error)?.status;
    if (status === 404 || status === 422) return error as Error;
    throw error;
  }
}

/** The plan-relevant files a pull request changes, for a message. */
function describeTouched(files: readonly string[]): string {
  const touched = files.filter((path) => isPlanPath(path) || path === CONFIG_FILE);
  return touched.length > 0 ? touched.join(', ') : files.slice(0, 3).join(', ') || 'no file';
}

/** https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request */
async function readPull(params: {
  octokit: GithubClient;
  repo: RepoRef;
  number: number;
}): Promise<PullRequestHead> {
  const { data } = await params.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...params.repo,
    pull_number: params.number,
  });
  return {
    number: data.number,
    headSha: data.head.sha,
    headRepo: data.head.repo?.full_name ?? null,
    state: data.state === 'open' ? 'open' : 'closed',
    intoDefault: data.base.ref === data.base.repo.default_branch,
  };
}

/** The plan on the default branch (the "before" of progress); null when it is not there. */
async function readBasePlan(params: {
  octokit: GithubClient;
  repo: RepoRef;
  path: string;
  planConfig: PlanConfig;
  cache?: ReadCache;
}): Promise<Plan | null> {
  try {
    const file = await readFile({ ...params, cache: params.cache ?? createMemoryReadCache() });
    return parsePlan({ text: file.text, config: params.planConfig }).plan;
  } catch (error) {
    if (error instanceof PlanFileMissingError) return null;
    throw error;
  }
}

/** Milestone and deliverable titles by plan key; later plans win. */
export function titlesByKey(plans: (Plan | null)[]): Record<string, string> {
  const titles: Record<string, string> = {};
  for (const plan of plans) {
    if (!plan) continue;
    for (const milestone of plan.milestones) titles[milestone.key] = milestone.title;
    for (const { item } of flattenPlan(plan)) titles[item.key] = item.title;
  }
  return titles;
}

/**
 * Milestone titles by number, to name the milestones deliverables would move between: from the
 * milestones the sync already read (no second listing).
 */
export function milestoneTitlesOf(report: SyncReport): Record<number, string> {
  const milestones = report.runs[report.runs.length - 1]?.after?.snapshot.milestones ?? [];
  return Object.fromEntries(milestones.map((m) => [m.number, m.title]));
}
