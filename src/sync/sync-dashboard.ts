import type { GithubClient } from './github-client.js';
import { describeHttpFailure } from './github-client.js';
import type { DashboardDecision } from './plan-dashboard.js';
import type { RepoRef } from './sync-types.js';

/** What happened to the plan's dashboard issue in a sync (see SyncReport.dashboard). */
export type DashboardResult =
  | { status: 'created' | 'updated' | 'unchanged'; number: number }
  | { status: 'failed'; error: string; number?: number };

/**
 * Sends the one write a dashboard decision needs (none when unchanged): creating the issue with
 * its label (GitHub creates a label that does not exist yet), or editing its body in place. The
 * dashboard is never closed, reopened or retitled by the app. A failure is returned, not thrown:
 * the sync itself is done by then.
 * https://docs.github.com/en/rest/issues/issues#create-an-issue
 * https://docs.github.com/en/rest/issues/issues#update-an-issue
 */
export async function applyDashboard(params: {
  octokit: GithubClient;
  repo: RepoRef;
  decision: DashboardDecision;
}): Promise<DashboardResult> {
  const { octokit, repo, decision } = params;
  try {
    switch (decision.kind) {
      case 'none':
        return { status: 'unchanged', number: decision.number };
      case 'update':
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
          ...repo,
          issue_number: decision.number,
          body: decision.body,
        });
        return { status: 'updated', number: decision.number };
      case 'create': {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
          ...repo,
          title: decision.title,
          body: decision.body,
          labels: decision.labels,
        });
        return { status: 'created', number: data.number };
      }
    }
  } catch (error) {
    return {
      status: 'failed',
      error: describeHttpFailure(error),
      ...(decision.kind === 'create' ? {} : { number: decision.number }),
    };
  }
}
