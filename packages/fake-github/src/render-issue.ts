import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeIssue, FakeRepo } from './fake-state.js';
import { renderLabel } from './render-label.js';
import { renderMilestone } from './render-milestone.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';
import { renderUser } from './render-user.js';

const emptyReactions = (url: string): Record<string, unknown> => ({
  url,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  hooray: 0,
  confused: 0,
  heart: 0,
  rocket: 0,
  eyes: 0,
});

/** Looks an issue up by its global id (not its number). */
export function findIssueById(params: { repo: FakeRepo; id: number }): FakeIssue | undefined {
  for (const issue of params.repo.issues.values()) if (issue.id === params.id) return issue;
  return undefined;
}

/**
 * `issue` (https://docs.github.com/rest/issues/issues#get-an-issue). Pull
 * requests carry a `pull_request` key, exactly how clients tell them apart in
 * issue lists. Also satisfies the webhook `issues.*` payload `issue` shape.
 */
export function renderIssue(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
}): Record<string, unknown> {
  const { ctx, repo, issue } = params;
  const api = `${repoApiUrl({ ctx, repo })}/issues/${issue.number}`;
  const web = `${repoWebUrl({ ctx, repo })}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`;
  const labels = issue.labelIds.flatMap((id) => {
    const label = repo.labels.find((candidate) => candidate.id === id);
    return label ? [renderLabel({ ctx, repo, label })] : [];
  });
  const milestone =
    issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
  const assignees = issue.assigneeLogins.map((login) => renderUser({ ctx, login }));
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number);
  const subIssues = issue.subIssueIds.flatMap((id) => {
    const sub = findIssueById({ repo, id });
    return sub ? [sub] : [];
  });
  const completed = subIssues.filter((sub) => sub.state === 'closed').length;
  const rendered: Record<string, unknown> = {
    id: issue.id,
    node_id: issue.nodeId,
    url: api,
    repository_url: repoApiUrl({ ctx, repo }),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: web,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderUser({ ctx, login: issue.authorLogin }),
    labels,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? renderMilestone({ ctx, repo, milestone }) : null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: comments.length,
    closed_at: issue.closedAt === null ? null : formatTimestamp(issue.closedAt),
    created_at: formatTimestamp(issue.createdAt),
    updated_at: formatTimestamp(issue.updatedAt),
    closed_by:
      issue.closedByLogin === null ? null : renderUser({ ctx, login: issue.closedByLogin }),
    author_association: issue.authorLogin === repo.ownerLogin ? 'OWNER' : 'NONE',
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    reactions: emptyReactions(`${api}/reactions`),
    // The parent, when this is a sub-issue (GitHub renders its API URL; null otherwise).
    parent_issue_url: parentUrl({ ctx, repo, parentId: issue.parentId }),
    sub_issues_summary: {
      total: subIssues.length,
      completed,
      percent_completed:
        subIssues.length === 0 ? 0 : Math.floor((completed * 100) / subIssues.length),
    },
  };
  const pull = issue.isPullRequest ? repo.pulls.get(issue.number) : undefined;
  if (pull) {
    const pullApi = `${repoApiUrl({ ctx, repo })}/pulls/${issue.number}`;
    rendered.draft = pull.draft;
    rendered.pull_request = {
      url: pullApi,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: pull.mergedAt === null ? null : formatTimestamp(pull.mergedAt),
    };
  }
  return rendered;
}

function parentUrl(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  parentId: number | null;
}): string | null {
  const { ctx, repo, parentId } = params;
  if (parentId === null) return null;
  for (const candidate of repo.issues.values()) {
    if (candidate.id === parentId) return `${repoApiUrl({ ctx, repo })}/issues/${candidate.number}`;
  }
  return null;
}
