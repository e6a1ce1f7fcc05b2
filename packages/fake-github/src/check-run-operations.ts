import type { FakeContext } from './fake-context.js';
import type { FakeCheckRun, FakeRepo } from './fake-state.js';
import { pullHeadSha } from './pull-head.js';
import { renderCheckRun } from './render-check-run.js';
import { repoApiUrl } from './render-repository.js';

/**
 * “Re-run” of a check run in the Checks tab: emits `check_run.rerequested`
 * (https://docs.github.com/webhooks/webhook-events-and-payloads#check_run). Its `pull_requests`
 * are the open pull requests of this repository whose head is the run's commit; GitHub does not
 * look at forks: “Pushes to a branch in a forked repository are not detected and return an empty
 * `pull_requests` array and a `null` value for `head_branch`” (@octokit/openapi-webhooks,
 * check_run). Changes nothing.
 */
export function rerequestCheckRun(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  run: FakeCheckRun;
  senderLogin: string;
}): void {
  const { ctx, repo, run } = params;
  const api = repoApiUrl({ ctx, repo });
  const side = (ref: string, sha: string) => ({
    ref,
    sha,
    repo: { id: repo.id, url: api, name: repo.name },
  });
  const pulls = [...repo.pulls.values()].filter(
    (pull) =>
      !pull.fork &&
      repo.issues.get(pull.number)?.state === 'open' &&
      pullHeadSha({ repo, pull }) === run.headSha,
  );
  const pullRequests = pulls.map((pull) => ({
    id: pull.id,
    number: pull.number,
    url: `${api}/pulls/${pull.number}`,
    head: side(pull.headRef, run.headSha),
    base: side(pull.baseRef, repo.branches.get(pull.baseRef)?.headSha ?? ''),
  }));
  const branch = [...repo.branches.values()].find((b) => b.headSha === run.headSha)?.name ?? null;
  const rendered = renderCheckRun({ ctx, repo, run });
  ctx.emit({
    name: 'check_run',
    repo,
    senderLogin: params.senderLogin,
    payload: {
      action: 'rerequested',
      check_run: {
        ...rendered,
        // The webhook's check run has strings here; GitHub uses the app's page without one.
        details_url: run.detailsUrl ?? rendered.html_url,
        external_id: run.externalId ?? '',
        pull_requests: pullRequests,
        check_suite: {
          id: run.id + 1,
          head_sha: run.headSha,
          head_branch: branch,
          status: 'completed',
          conclusion: run.conclusion,
          before: null,
          after: run.headSha,
          pull_requests: pullRequests,
          url: `${api}/check-suites/${run.id + 1}`,
        },
      },
    },
  });
}
