import type { PrCheckRunOutput } from '../report/render-pr-check-run.js';
import { CHECK_RUN_NAME } from '../report/render-pr-check-run.js';
import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';

/**
 * Publishes the preview's check run on `headSha`, unless the latest `milestone-sync` run there
 * already says the same (conclusion, title and summary): a redelivered or racing delivery for
 * one head then adds no second run (one read). `fresh` skips that check: a re-run asked from the
 * Checks tab gets a new run, as GitHub expects.
 * https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
 *
 * Creates the completed `milestone-sync` check run on `headSha` with the first batch of
 * annotations, then sends each further batch (at most 50 per request, GitHub's limit) with an
 * update; GitHub appends the annotations of each update. Returns the number of requests sent.
 * https://docs.github.com/en/rest/checks/runs#create-a-check-run
 * https://docs.github.com/en/rest/checks/runs#update-a-check-run
 */
export async function publishCheckRun(params: {
  octokit: GithubClient;
  repo: RepoRef;
  headSha: string;
  output: PrCheckRunOutput;
  detailsUrl?: string;
  /** Publish a new run even when the latest one says the same (a re-run). */
  fresh?: boolean;
}): Promise<number> {
  const { octokit, repo, output } = params;
  if (!params.fresh) {
    const { data: existing } = await octokit.request(
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      { ...repo, ref: params.headSha, check_name: CHECK_RUN_NAME, filter: 'latest' },
    );
    const latest = existing.check_runs[0];
    if (
      latest?.status === 'completed' &&
      latest.conclusion === output.conclusion &&
      latest.output.title === output.title &&
      latest.output.summary === output.summary
    ) {
      return 0;
    }
  }
  const text = (annotations: PrCheckRunOutput['annotationBatches'][number] | undefined) => ({
    title: output.title,
    summary: output.summary,
    ...(annotations && annotations.length > 0 ? { annotations } : {}),
  });
  const [first, ...rest] = output.annotationBatches;
  const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    ...repo,
    name: CHECK_RUN_NAME,
    head_sha: params.headSha,
    status: 'completed',
    conclusion: output.conclusion,
    ...(params.detailsUrl ? { details_url: params.detailsUrl } : {}),
    output: text(first),
  });
  for (const batch of rest) {
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: data.id,
      output: text(batch),
    });
  }
  return 1 + rest.length;
}
