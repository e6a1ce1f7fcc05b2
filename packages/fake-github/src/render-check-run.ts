import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeCheckRun, FakeRepo } from './fake-state.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';

/** `check-run` (https://docs.github.com/rest/checks/runs). `app` is rendered as null (no app model). */
export function renderCheckRun(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  run: FakeCheckRun;
}): Record<string, unknown> {
  const { ctx, repo, run } = params;
  const url = `${repoApiUrl({ ctx, repo })}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId,
    url,
    html_url: `${repoWebUrl({ ctx, repo })}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: formatTimestamp(run.startedAt),
    completed_at: run.completedAt === null ? null : formatTimestamp(run.completedAt),
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: null,
    pull_requests: [],
  };
}
