import { notFound } from './http-error.js';
import { findIssueById, renderIssue } from './render-issue.js';
import { ok, requireIssue, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';
import { addSubIssue, removeSubIssue } from './sub-issue-operations.js';

/** https://docs.github.com/rest/issues/sub-issues#list-sub-issues */
function listSubIssues(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const parent = requireIssue({ repo, value: input.params.issue_number });
  const subs = parent.subIssueIds.flatMap((id) => {
    const sub = findIssueById({ repo, id });
    return sub ? [renderIssue({ ctx: input.ctx, repo, issue: sub })] : [];
  });
  return ok(subs, { paginate: true });
}

/** https://docs.github.com/rest/issues/sub-issues#add-sub-issue — body `sub_issue_id` is the issue **id**. */
function postSubIssue(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const parent = requireIssue({ repo, value: input.params.issue_number });
  const child = addSubIssue({
    ctx: input.ctx,
    repo,
    parent,
    subIssueId: Number(input.body.sub_issue_id),
    replaceParent: input.body.replace_parent === true,
  });
  return {
    ...ok(renderIssue({ ctx: input.ctx, repo, issue: parent }), { status: 201 }),
    headers: {
      location: `${input.ctx.urls.api}/repos/${repo.ownerLogin}/${repo.name}/issues/sub-issues/${child.id}`,
    },
  };
}

/** https://docs.github.com/rest/issues/sub-issues#remove-sub-issue */
function deleteSubIssue(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const parent = requireIssue({ repo, value: input.params.issue_number });
  const removed = removeSubIssue({
    ctx: input.ctx,
    repo,
    parent,
    subIssueId: Number(input.body.sub_issue_id),
  });
  if (!removed) throw notFound();
  return ok(renderIssue({ ctx: input.ctx, repo, issue: removed }));
}

/** https://docs.github.com/rest/issues/sub-issues#get-parent-issue — 404 when the issue has no parent. */
function getParent(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const issue = requireIssue({ repo, value: input.params.issue_number });
  const parent = issue.parentId === null ? undefined : findIssueById({ repo, id: issue.parentId });
  if (!parent) throw notFound();
  return ok(renderIssue({ ctx: input.ctx, repo, issue: parent }));
}

export const subIssueRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
    handle: listSubIssues,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
    handle: postSubIssue,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issue',
    handle: deleteSubIssue,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/parent',
    handle: getParent,
  },
];
