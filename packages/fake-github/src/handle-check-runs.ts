import type { FakeCheckRun } from './fake-state.js';
import { allocateId, makeNodeId } from './fake-state.js';
import { GitHubHttpError, notFound } from './http-error.js';
import { renderCheckRun } from './render-check-run.js';
import { resolveRef } from './resolve-ref.js';
import { ok, readEnum, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function applyBody(params: {
  run: FakeCheckRun;
  body: Record<string, unknown>;
  now: number;
}): void {
  const { run, body } = params;
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (typeof body.status === 'string') run.status = body.status as FakeCheckRun['status'];
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed'; // Providing a conclusion completes the run (GitHub docs).
  }
  if (typeof body.completed_at === 'string') run.completedAt = Date.parse(body.completed_at);
  if (run.status === 'completed' && run.completedAt === null) run.completedAt = params.now;
  const output = body.output as Record<string, unknown> | undefined;
  if (output) {
    run.output = {
      title: typeof output.title === 'string' ? output.title : run.output.title,
      summary: typeof output.summary === 'string' ? output.summary : run.output.summary,
      text: typeof output.text === 'string' ? output.text : run.output.text,
    };
  }
}

/**
 * https://docs.github.com/rest/checks/runs#create-a-check-run — on a commit the repository
 * serves (its own, or a fork's kept as `refs/pull/N/head`); any other `head_sha` is a 422
 * `No commit found for SHA: …`, the answer GitHub's commit-status API gives (assumed the same here).
 */
function postCheckRun(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const headSha = String(input.body.head_sha);
  if (!repo.commits.has(headSha)) {
    throw new GitHubHttpError({
      status: 422,
      body: { message: `No commit found for SHA: ${headSha}` },
    });
  }
  const id = allocateId(input.ctx.state);
  const now = input.ctx.clock.now();
  const run: FakeCheckRun = {
    id,
    nodeId: makeNodeId({ prefix: 'CR', id }),
    name: String(input.body.name),
    headSha,
    status: 'queued',
    conclusion: null,
    startedAt: typeof input.body.started_at === 'string' ? Date.parse(input.body.started_at) : now,
    completedAt: null,
    externalId: null,
    detailsUrl: null,
    output: { title: null, summary: null, text: null },
  };
  applyBody({ run, body: input.body, now });
  repo.checkRuns.set(id, run);
  return ok(renderCheckRun({ ctx: input.ctx, repo, run }), { status: 201 });
}

/** https://docs.github.com/rest/checks/runs#update-a-check-run */
function patchCheckRun(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const run = repo.checkRuns.get(Number(input.params.check_run_id));
  if (!run) throw notFound();
  applyBody({ run, body: input.body, now: input.ctx.clock.now() });
  return ok(renderCheckRun({ ctx: input.ctx, repo, run }));
}

/**
 * https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference — `check_name`,
 * `status`, `filter` (`latest`, the default: the most recent run of each name; `all`). Newest first.
 * A ref that names no commit is a 404 (`No commit found for SHA`), as on GitHub.
 */
function listCheckRunsForRef(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const commit = resolveRef({ repo, ref: input.params.ref });
  if (!commit) throw notFound();
  const filter = readEnum({
    query: input.query,
    name: 'filter',
    allowed: ['latest', 'all'] as const,
    fallback: 'latest',
  });
  const name = input.query.get('check_name');
  const status = input.query.get('status');
  const runs = [...repo.checkRuns.values()]
    .filter((run) => run.headSha === commit.sha)
    .filter((run) => name === null || run.name === name)
    .filter((run) => status === null || run.status === status)
    .sort((a, b) => b.id - a.id);
  const seen = new Set<string>();
  const kept =
    filter === 'all'
      ? runs
      : runs.filter((run) => !seen.has(run.name) && (seen.add(run.name), true));
  return ok({
    total_count: kept.length,
    check_runs: kept.map((run) => renderCheckRun({ ctx: input.ctx, repo, run })),
  });
}

export const checkRunRoutes: RouteDefinition[] = [
  { method: 'POST', template: '/repos/{owner}/{repo}/check-runs', handle: postCheckRun },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    handle: patchCheckRun,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    handle: listCheckRunsForRef,
  },
];
