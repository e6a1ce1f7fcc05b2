import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeMilestone, FakeRepo } from './fake-state.js';
import { repoApiUrl, repoWebUrl } from './render-repository.js';
import { renderUser } from './render-user.js';

/** Open/closed counts over issues *and* pull requests assigned to the milestone, as GitHub counts them. */
export function countMilestoneIssues(params: { repo: FakeRepo; number: number }): {
  open: number;
  closed: number;
} {
  let open = 0;
  let closed = 0;
  for (const issue of params.repo.issues.values()) {
    if (issue.milestoneNumber !== params.number) continue;
    if (issue.state === 'open') open += 1;
    else closed += 1;
  }
  return { open, closed };
}

/** `milestone` (https://docs.github.com/rest/issues/milestones); counts are derived, so always current. */
export function renderMilestone(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  milestone: FakeMilestone;
}): Record<string, unknown> {
  const { ctx, repo, milestone } = params;
  const api = `${repoApiUrl({ ctx, repo })}/milestones/${milestone.number}`;
  const counts = countMilestoneIssues({ repo, number: milestone.number });
  return {
    url: api,
    html_url: `${repoWebUrl({ ctx, repo })}/milestone/${milestone.number}`,
    labels_url: `${api}/labels`,
    id: milestone.id,
    node_id: milestone.nodeId,
    number: milestone.number,
    title: milestone.title,
    description: milestone.description,
    creator: renderUser({ ctx, login: milestone.creatorLogin }),
    open_issues: counts.open,
    closed_issues: counts.closed,
    state: milestone.state,
    created_at: formatTimestamp(milestone.createdAt),
    updated_at: formatTimestamp(milestone.updatedAt),
    due_on: milestone.dueOn,
    closed_at: milestone.closedAt === null ? null : formatTimestamp(milestone.closedAt),
  };
}
