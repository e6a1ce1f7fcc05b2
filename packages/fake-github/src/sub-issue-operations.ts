import type { FakeContext } from './fake-context.js';
import type { FakeIssue, FakeRepo } from './fake-state.js';
import { GitHubHttpError, validationFailed } from './http-error.js';
import { findIssueById } from './render-issue.js';

/** GitHub allows at most 100 sub-issues per parent (https://docs.github.com/issues/tracking-your-work-with-issues/using-issues/adding-sub-issues). */
export const MAX_SUB_ISSUES = 100;

/**
 * Adds the issue with global id `subIssueId` (not its number) as a sub-issue
 * of `parent`. An issue has at most one parent: re-parenting needs
 * `replaceParent`. https://docs.github.com/rest/issues/sub-issues#add-sub-issue
 */
export function addSubIssue(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  parent: FakeIssue;
  subIssueId: number;
  replaceParent?: boolean;
}): FakeIssue {
  const { repo, parent } = params;
  const child = findIssueById({ repo, id: params.subIssueId });
  if (!child || child.isPullRequest) {
    throw validationFailed([
      { resource: 'Issue', field: 'sub_issue_id', code: 'invalid', value: params.subIssueId },
    ]);
  }
  if (child.id === parent.id) {
    throw validationFailed([
      {
        resource: 'Issue',
        field: 'sub_issue_id',
        code: 'custom',
        message: 'An issue cannot be its own sub-issue',
      },
    ]);
  }
  if (parent.subIssueIds.includes(child.id)) {
    throw validationFailed([{ resource: 'Issue', field: 'sub_issue_id', code: 'already_exists' }]);
  }
  if (child.parentId !== null && !params.replaceParent) {
    throw validationFailed([
      {
        resource: 'Issue',
        field: 'sub_issue_id',
        code: 'custom',
        message:
          'Issue may not contain duplicate sub-issues and Sub issue may only have one parent',
      },
    ]);
  }
  if (parent.subIssueIds.length >= MAX_SUB_ISSUES) {
    throw new GitHubHttpError({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Issue',
            field: 'sub_issue_id',
            code: 'custom',
            message: `Parent issue may not have more than ${MAX_SUB_ISSUES} sub-issues`,
          },
        ],
      },
    });
  }
  if (child.parentId !== null) {
    const oldParent = findIssueById({ repo, id: child.parentId });
    if (oldParent) oldParent.subIssueIds = oldParent.subIssueIds.filter((id) => id !== child.id);
  }
  parent.subIssueIds.push(child.id);
  child.parentId = parent.id;
  const now = params.ctx.clock.now();
  parent.updatedAt = now;
  return child;
}

/** Removes a sub-issue by id; returns it, or undefined when it was not a sub-issue of `parent`. */
export function removeSubIssue(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  parent: FakeIssue;
  subIssueId: number;
}): FakeIssue | undefined {
  if (!params.parent.subIssueIds.includes(params.subIssueId)) return undefined;
  const child = findIssueById({ repo: params.repo, id: params.subIssueId });
  params.parent.subIssueIds = params.parent.subIssueIds.filter((id) => id !== params.subIssueId);
  if (child) child.parentId = null;
  params.parent.updatedAt = params.ctx.clock.now();
  return child;
}
