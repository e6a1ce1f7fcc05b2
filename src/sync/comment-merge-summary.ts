import { MERGE_SUMMARY_MARKER, renderMergeSummary } from '../report/render-merge-summary.js';
import { findMergedPulls } from './find-merged-pulls.js';
import type { MergedPull } from './find-merged-pulls.js';
import type { GithubClient } from './github-client.js';
import type { SyncReport } from './sync-repo.js';
import type { RepoRef } from './sync-types.js';
import { findStickyComment } from './upsert-sticky-comment.js';
import { commentLandedCheck } from './find-landed-comment.js';

/** What happened on one merged pull request. */
export interface MergeSummaryOutcome {
  number: number;
  /** `exists`: a summary was posted before (a redelivered push, a second sync): left as it is. */
  comment: 'created' | 'exists';
}

/**
 * After the sync of pushes to the default branch: finds the pull requests those pushes merged
 * (one lookup per pushed head sha, findMergedPulls) and posts one summary comment on each
 * (src/report/render-merge-summary.ts): what this sync did, with links. A pull request that has
 * a summary already (found by MERGE_SUMMARY_MARKER and a bot author) gets none: the summary is
 * written once and never edited, so a redelivered push or a later sync does not touch it. Pull
 * requests merged by pushes this one sync answered together each get the summary of that sync,
 * naming the others. Cost per merged pull request: one lookup, one comment list (a page per 100
 * comments), one comment; a direct push costs the lookup only. Throws what GitHub answers.
 * https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 */
export async function commentMergeSummaries(params: {
  octokit: GithubClient;
  repo: RepoRef;
  /** Head shas (`after`) of the pushes the sync answered. */
  shas: string[];
  /** The default branch, which the pushes went to. */
  branch: string;
  report: SyncReport;
}): Promise<MergeSummaryOutcome[]> {
  const { octokit, repo, branch, report } = params;
  const pulls = new Map<number, MergedPull>();
  for (const sha of new Set(params.shas)) {
    for (const pull of await findMergedPulls({ octokit, repo, sha, branch })) {
      pulls.set(pull.number, pull);
    }
  }
  const outcomes: MergeSummaryOutcome[] = [];
  for (const pull of pulls.values()) {
    const existing = await findStickyComment({
      octokit,
      repo,
      number: pull.number,
      marker: MERGE_SUMMARY_MARKER,
    });
    if (existing) {
      outcomes.push({ number: pull.number, comment: 'exists' });
      continue;
    }
    const body = renderMergeSummary({
      summary: {
        report,
        branch,
        repoUrl: pull.repoUrl,
        alsoMerged: [...pulls.keys()].filter((n) => n !== pull.number),
      },
    });
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: pull.number,
      body,
      request: commentLandedCheck({ octokit, repo, issueNumber: pull.number, body }),
    });
    outcomes.push({ number: pull.number, comment: 'created' });
  }
  return outcomes;
}
