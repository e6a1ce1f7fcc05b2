import type { FakeIssue, StateReason } from './fake-state.js';
import { checkIssueFields, checkLabelName } from './check-limits.js';
import { GitHubHttpError, validationFailed } from './http-error.js';
import type { IssuePatch } from './issue-operations.js';
import { addLabels, createIssue, removeLabel, updateIssue } from './issue-operations.js';
import { renderIssue } from './render-issue.js';
import { renderLabel } from './render-label.js';
import { ok, readEnum, requireIssue, requireRepo, sortBy } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) =>
    typeof entry === 'object' && entry !== null
      ? String((entry as { name?: unknown }).name ?? '')
      : String(entry),
  );
}

function milestoneValue(value: unknown): number | null {
  if (value === null) return null;
  const number = Number(value);
  if (!Number.isInteger(number))
    throw validationFailed([{ resource: 'Issue', field: 'milestone', code: 'invalid', value }]);
  return number;
}

/**
 * https://docs.github.com/rest/issues/issues#list-repository-issues —
 * filters `state`, `milestone` (number | `*` | `none`), `labels` (all of,
 * comma-separated), `creator`, `assignee`, `since` (updated at or after),
 * `sort` (created|updated|comments), `direction`. Pull requests are included
 * (they carry `pull_request`), exactly like GitHub.
 */
function listIssues(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { query } = input;
  const state = readEnum({
    query,
    name: 'state',
    allowed: ['open', 'closed', 'all'] as const,
    fallback: 'open',
  });
  const sort = readEnum({
    query,
    name: 'sort',
    allowed: ['created', 'updated', 'comments'] as const,
    fallback: 'created',
  });
  const direction = readEnum({
    query,
    name: 'direction',
    allowed: ['asc', 'desc'] as const,
    fallback: 'desc',
  });
  const milestone = query.get('milestone');
  const labels = (query.get('labels') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const creator = query.get('creator')?.toLowerCase();
  const assignee = query.get('assignee');
  const sinceRaw = query.get('since');
  const since = sinceRaw ? Date.parse(sinceRaw) : null;
  const commentCount = (issue: FakeIssue): number =>
    [...repo.comments.values()].filter((comment) => comment.issueNumber === issue.number).length;
  const matches = [...repo.issues.values()].filter((issue) => {
    if (state !== 'all' && issue.state !== state) return false;
    if (milestone === 'none' && issue.milestoneNumber !== null) return false;
    if (milestone === '*' && issue.milestoneNumber === null) return false;
    if (
      milestone &&
      milestone !== '*' &&
      milestone !== 'none' &&
      issue.milestoneNumber !== Number(milestone)
    )
      return false;
    if (creator && issue.authorLogin.toLowerCase() !== creator) return false;
    if (assignee === 'none' && issue.assigneeLogins.length > 0) return false;
    if (assignee === '*' && issue.assigneeLogins.length === 0) return false;
    if (
      assignee &&
      assignee !== '*' &&
      assignee !== 'none' &&
      !issue.assigneeLogins.some((l) => l.toLowerCase() === assignee.toLowerCase())
    )
      return false;
    if (since !== null && issue.updatedAt < since) return false;
    const names = issue.labelIds.map((id) =>
      repo.labels.find((label) => label.id === id)?.name.toLowerCase(),
    );
    return labels.every((name) => names.includes(name));
  });
  const key = (issue: FakeIssue): number =>
    sort === 'created'
      ? issue.createdAt
      : sort === 'updated'
        ? issue.updatedAt
        : commentCount(issue);
  const sorted = sortBy({ items: matches, key, direction });
  return ok(
    sorted.map((issue) => renderIssue({ ctx: input.ctx, repo, issue })),
    { paginate: true },
  );
}

/** https://docs.github.com/rest/issues/issues#create-an-issue */
function createIssueRoute(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const { body } = input;
  checkIssueFields({ title: body.title, body: body.body, labels: labelNames(body.labels) });
  const issue = createIssue({
    ctx: input.ctx,
    repo,
    actorLogin: input.ctx.apiActorLogin,
    title: String(body.title),
    body: typeof body.body === 'string' ? body.body : null,
    labels: labelNames(body.labels),
    milestone: body.milestone === undefined ? null : milestoneValue(body.milestone),
    assignees: Array.isArray(body.assignees)
      ? body.assignees.map(String)
      : typeof body.assignee === 'string'
        ? [body.assignee]
        : [],
  });
  if (issue.labelIds.length > 0 || issue.milestoneNumber !== null) {
    // GitHub follows `opened` with `labeled`/`milestoned` for values set at creation.
    const labels = issue.labelIds;
    const milestone = issue.milestoneNumber;
    issue.labelIds = [];
    issue.milestoneNumber = null;
    updateIssue({
      ctx: input.ctx,
      repo,
      issue,
      actorLogin: input.ctx.apiActorLogin,
      patch: {
        labels: labels.map((id) => repo.labels.find((label) => label.id === id)?.name ?? ''),
        milestone,
      },
    });
  }
  return ok(renderIssue({ ctx: input.ctx, repo, issue }), { status: 201 });
}

/** https://docs.github.com/rest/issues/issues#get-an-issue (PRs too, with `pull_request`). */
function getIssue(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  return ok(renderIssue({ ctx: input.ctx, repo, issue }));
}

/** https://docs.github.com/rest/issues/issues#update-an-issue */
function patchIssue(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  const { body } = input;
  checkIssueFields({
    title: body.title,
    body: body.body,
    labels: body.labels === undefined ? [] : labelNames(body.labels),
  });
  const patch: IssuePatch = {};
  if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
  if (body.body !== undefined) patch.body = body.body === null ? null : String(body.body);
  if (body.state === 'open' || body.state === 'closed') patch.state = body.state;
  if (body.state_reason !== undefined) patch.state_reason = body.state_reason as StateReason;
  if (body.labels !== undefined) patch.labels = labelNames(body.labels);
  if (body.milestone !== undefined) patch.milestone = milestoneValue(body.milestone);
  if (body.assignees !== undefined)
    patch.assignees = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
  updateIssue({ ctx: input.ctx, repo, issue, actorLogin: input.ctx.apiActorLogin, patch });
  return ok(renderIssue({ ctx: input.ctx, repo, issue }));
}

function issueLabels(input: RouteInput, issue: FakeIssue) {
  const repo = requireRepo(input);
  return issue.labelIds.flatMap((id) => {
    const label = repo.labels.find((candidate) => candidate.id === id);
    return label ? [renderLabel({ ctx: input.ctx, repo, label })] : [];
  });
}

/** https://docs.github.com/rest/issues/labels#add-labels-to-an-issue */
function addIssueLabels(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  const names = Array.isArray(input.body.labels) ? labelNames(input.body.labels) : [];
  for (const name of names) checkLabelName(name);
  addLabels({ ctx: input.ctx, repo, issue, actorLogin: input.ctx.apiActorLogin, names });
  return ok(issueLabels(input, issue));
}

/** https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue */
function removeIssueLabel(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  const removed = removeLabel({
    ctx: input.ctx,
    repo,
    issue,
    actorLogin: input.ctx.apiActorLogin,
    name: input.params.name ?? '',
  });
  if (!removed)
    throw new GitHubHttpError({ status: 404, body: { message: 'Label does not exist' } });
  return ok(issueLabels(input, issue));
}

export const issueRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/repos/{owner}/{repo}/issues', handle: listIssues },
  { method: 'POST', template: '/repos/{owner}/{repo}/issues', handle: createIssueRoute },
  { method: 'GET', template: '/repos/{owner}/{repo}/issues/{issue_number}', handle: getIssue },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/issues/{issue_number}', handle: patchIssue },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    handle: addIssueLabels,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    handle: removeIssueLabel,
  },
];
