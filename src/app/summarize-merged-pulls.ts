import { commentMergeSummaries } from '../sync/comment-merge-summary.js';
import type { Logger } from '../sync/github-client.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import { withRetry } from '../sync/request-with-retry.js';
import type { SyncRepositoryResult } from '../sync/sync-repository.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { PushLike } from './plans-touched-by-push.js';
import { plansTouchedByPush } from './plans-touched-by-push.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

const ZERO_SHA = /^0+$/;

/**
 * The head shas of the pushes a sync answered that touched the plan (or the config), per the
 * repository's settings: the pushes that may have merged a pull request worth a summary. A push
 * that touched no plan costs no lookup, as it cost no sync.
 */
export function mergeCandidateShas(params: {
  pushes: PushLike[];
  config: { path: string | null };
}): string[] {
  const shas = params.pushes
    .filter((payload) => plansTouchedByPush({ payload, config: params.config }).length > 0)
    .map((payload) => payload.after)
    .filter((sha): sha is string => typeof sha === 'string' && sha !== '' && !ZERO_SHA.test(sha));
  return [...new Set(shas)];
}

/**
 * After the app's sync of a repository: when pushes to the default branch that touched the plan
 * triggered it, one summary comment on each pull request they merged
 * (src/sync/comment-merge-summary.ts), through the repository's write pacer and retries. Logs
 * each comment posted; throws what GitHub answers (runRepositorySync logs it as `onSynced`).
 */
export async function summarizeMergedPulls(params: {
  octokit: AppOctokit;
  repo: RepoRef;
  pushes: PushLike[];
  result: Extract<SyncRepositoryResult, { status: 'synced' }>;
  clock: Clock;
  pacer: WritePacer;
  log: Logger;
}): Promise<void> {
  const { repo, pushes, result, log } = params;
  const shas = mergeCandidateShas({ pushes, config: result.settings });
  if (shas.length === 0) return;
  const fullName = `${repo.owner}/${repo.repo}`;
  const branch =
    pushes.find((p) => p.repository.default_branch)?.repository.default_branch ??
    result.report.runs.at(-1)?.after?.snapshot.defaultBranch;
  if (!branch) return;
  const octokit = withRetry({
    client: toGithubClient(params.octokit),
    clock: params.clock,
    pacer: params.pacer,
    log,
  });
  const outcomes = await commentMergeSummaries({
    octokit,
    repo,
    shas,
    branch,
    report: result.report,
  });
  for (const outcome of outcomes) {
    if (outcome.comment === 'created') {
      log.info(`${fullName}#${outcome.number}: merge summary posted`);
    } else {
      log.debug?.(`${fullName}#${outcome.number}: merge summary already posted; left as it is`);
    }
  }
}
