import type { PrCheckRunOutput } from '../report/render-pr-check-run.js';
import { CHECK_RUN_NAME } from '../report/render-pr-check-run.js';
import type { GithubClient } from './github-client.js';
import type { RepoRef } from './sync-types.js';

/**
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
}): Promise<number> {
  const { octokit, repo, output } = params;
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
