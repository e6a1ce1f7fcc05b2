import { findPlanCandidates } from './find-plan-candidates.js';
import type { Plan } from '../plan/plan-types.js';
import { CONFIG_FILE } from '../app/plans-touched-by-push.js';
import type { ConfigReader, LoadedRepoSettings } from '../app/repo-settings.js';
import { compareMilestoneProgress } from '../report/compare-milestone-progress.js';
import { renderOnboardingConfig } from '../report/render-onboarding-config.js';
import { ONBOARDING_TITLE, renderOnboardingPr } from '../report/render-onboarding-pr.js';
import type { GithubClient, Logger } from './github-client.js';
import { asHttpError } from './github-client.js';
import type { Clock, WritePacer } from './pace-writes.js';
import { realClock } from './pace-writes.js';
import { milestoneTitlesOf, titlesByKey } from './preview-pull-request.js';
import type { ReadCache } from './read-github.js';
import { PlanFileMissingError, createMemoryReadCache, readFile } from './read-github.js';
import { withRetry } from './request-with-retry.js';
import { syncRepository } from './sync-repository.js';
import type { RepoRef } from './sync-types.js';

/** The branch an onboarding pull request comes from (one per repository). */
export const ONBOARDING_BRANCH = 'milestone-sync/configure';

export type OnboardingOutcome =
  /** Archived repositories are read-only: nothing is proposed. */
  | { status: 'archived' }
  /** No plan file on the default branch: nothing is written, not even a branch. */
  | { status: 'no-plan'; tried: string[] }
  /** An onboarding pull request was closed without merging: the owner declined; never reopened. */
  | { status: 'declined'; number: number }
  /** An onboarding pull request was merged and the config file has since been removed. */
  | { status: 'merged'; number: number }
  | { status: 'opened' | 'updated' | 'unchanged'; number: number; path: string };

/**
 * Offers a repository that has not opted in (no `.github/milestone-sync.yml` of its own) one
 * onboarding pull request, and writes nothing else: no milestone, issue, label or dashboard.
 *
 * 1. An existing pull request from ONBOARDING_BRANCH decides first: closed without merging means
 *    the owner declined (nothing is done, ever); merged means the owner opted in once (the file
 *    has since been removed: nothing is done either). Checked before anything is created, so
 *    redelivered or racing installation events (the caller runs one per repository at a time)
 *    make one pull request.
 * 2. The first sync's preview: the one use case, syncRepository, as a dry run with the settings
 *    already read (the PR preview's way; the dry-run client sends no write). No plan file (the
 *    configured `path`, else the first of the default names): nothing at all.
 * 3. An open onboarding pull request gets its description replaced when the preview changed;
 *    otherwise the branch is created from the default branch's head (an existing branch without
 *    a pull request is reused), `.github/milestone-sync.yml` is committed to it
 *    (renderOnboardingConfig) and the pull request “Configure milestone-sync” is opened into the
 *    default branch with the preview as its description (renderOnboardingPr).
 *
 * Writes go through the write pacer and the retry policy. HTTP failures are thrown.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
 * https://docs.github.com/en/rest/git/refs#create-a-reference
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request
 * https://docs.github.com/en/rest/pulls/pulls#update-a-pull-request
 */
export async function onboardRepository(params: {
  octokit: GithubClient;
  configReader: ConfigReader;
  repo: RepoRef;
  /** The repository's settings as read (not opted in). */
  loaded: LoadedRepoSettings;
  webUrl?: string | null;
  cache?: ReadCache;
  pacer?: WritePacer;
  clock?: Clock;
  log: Logger;
}): Promise<OnboardingOutcome> {
  const { repo, loaded, log } = params;
  const clock = params.clock ?? realClock;
  const octokit = withRetry({ client: params.octokit, clock, pacer: params.pacer, log });
  const { data: repository } = await octokit.request('GET /repos/{owner}/{repo}', { ...repo });
  if (repository.archived) return { status: 'archived' };
  const base = repository.default_branch;

  const pulls = await listOnboardingPulls({ octokit, repo });
  const open = pulls.find((pull) => pull.state === 'open');
  if (!open) {
    const merged = pulls.find((pull) => pull.merged_at !== null);
    if (merged) return { status: 'merged', number: merged.number };
    const closed = pulls[0];
    if (closed) return { status: 'declined', number: closed.number };
  }

  const preview = (file?: string) =>
    syncRepository({
      octokit: params.octokit,
      configReader: params.configReader,
      repo,
      dryRun: true,
      loaded,
      ...(file === undefined ? {} : { file }),
      webUrl: params.webUrl,
      cache: params.cache,
      clock,
      log,
    });
  let result = await preview();
  if (result.status === 'no-plan' && loaded.settings.path === null) {
    // Not at a default name: a Markdown file whose name says "plan" and that holds deliverables.
    const tried = result.tried;
    for (const candidate of await findPlanCandidates({ octokit, repo })) {
      const found = await preview(candidate);
      if (found.status === 'synced' && holdsDeliverables(found.report.plan)) {
        result = found;
        break;
      }
      tried.push(candidate);
    }
  }
  if (result.status === 'no-plan') return { status: 'no-plan', tried: result.tried };
  if (result.status !== 'synced') {
    throw new Error(`onboarding ${repo.owner}/${repo.repo}: unexpected ${result.status}`);
  }
  const { report } = result;
  const extendsOwner = loaded.source === 'owner' ? repo.owner : null;
  const head = (
    await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: `heads/${base}`,
    })
  ).data.object.sha;
  const body = renderOnboardingPr({
    preview: {
      kind: 'preview',
      headSha: head,
      report,
      progress: report.plan ? compareMilestoneProgress({ before: null, after: report.plan }) : [],
      milestoneTitles: milestoneTitlesOf(report),
      titles: titlesByKey([report.plan ?? null]),
      notes: [],
    },
    configPath: CONFIG_FILE,
    planSource: result.source === 'config' ? 'config' : 'default',
    extendsOwner,
  });

  const existing = open ?? null;
  if (existing) {
    return updateBody({ octokit, repo, pull: existing, body, path: result.path });
  }
  await prepareBranch({
    octokit,
    repo,
    baseSha: head,
    text: renderOnboardingConfig({ path: result.path, extendsOwner }),
    path: result.path,
  });
  try {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      ...repo,
      title: ONBOARDING_TITLE,
      head: ONBOARDING_BRANCH,
      base,
      body,
    });
    return { status: 'opened', number: data.number, path: result.path };
  } catch (error) {
    // Opened meanwhile by another process: that one is the onboarding pull request.
    if (asHttpError(error)?.status !== 422) throw error;
    const raced = (await listOnboardingPulls({ octokit, repo })).find((p) => p.state === 'open');
    if (!raced) throw error;
    return updateBody({ octokit, repo, pull: raced, body, path: result.path });
  }
}

function holdsDeliverables(plan: Plan | undefined): boolean {
  return plan?.milestones.some((milestone) => milestone.items.length > 0) ?? false;
}

interface PullSummary {
  number: number;
  state: string;
  body: string | null;
  merged_at: string | null;
}

/** Pull requests from ONBOARDING_BRANCH of this repository, newest first, open or closed. */
async function listOnboardingPulls(params: {
  octokit: GithubClient;
  repo: RepoRef;
}): Promise<PullSummary[]> {
  const { octokit, repo } = params;
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
    ...repo,
    state: 'all',
    head: `${repo.owner}:${ONBOARDING_BRANCH}`,
    sort: 'created',
    direction: 'desc',
    per_page: 100,
  });
  return data;
}

async function updateBody(params: {
  octokit: GithubClient;
  repo: RepoRef;
  pull: PullSummary;
  body: string;
  path: string;
}): Promise<OnboardingOutcome> {
  const { octokit, repo, pull, body, path } = params;
  if (normalize(pull.body ?? '') === normalize(body)) {
    return { status: 'unchanged', number: pull.number, path };
  }
  await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...repo,
    pull_number: pull.number,
    body,
  });
  return { status: 'updated', number: pull.number, path };
}

/**
 * ONBOARDING_BRANCH at the default branch's head with the config file committed on it. A branch
 * left by an earlier attempt (no pull request from it) is reused: the file is written unless it
 * already says the same.
 */
async function prepareBranch(params: {
  octokit: GithubClient;
  repo: RepoRef;
  baseSha: string;
  text: string;
  path: string;
}): Promise<void> {
  const { octokit, repo, text } = params;
  let sha: string | undefined;
  try {
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      ...repo,
      ref: `refs/heads/${ONBOARDING_BRANCH}`,
      sha: params.baseSha,
    });
  } catch (error) {
    // 422 "Reference already exists": a branch without a pull request, from an earlier attempt.
    if (asHttpError(error)?.status !== 422) throw error;
    const current = await readBranchFile({ octokit, repo });
    if (current?.text === text) return;
    sha = current?.sha;
  }
  await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
    ...repo,
    path: CONFIG_FILE,
    message: `${ONBOARDING_TITLE}\n\nAdds ${CONFIG_FILE} with path: ${params.path}.`,
    content: Buffer.from(text, 'utf8').toString('base64'),
    branch: ONBOARDING_BRANCH,
    ...(sha ? { sha } : {}),
  });
}

async function readBranchFile(params: {
  octokit: GithubClient;
  repo: RepoRef;
}): Promise<{ sha: string; text: string } | null> {
  try {
    return await readFile({
      ...params,
      path: CONFIG_FILE,
      ref: ONBOARDING_BRANCH,
      cache: createMemoryReadCache(),
    });
  } catch (error) {
    if (error instanceof PlanFileMissingError) return null;
    throw error;
  }
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
