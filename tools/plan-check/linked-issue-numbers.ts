import type { Item, Plan } from '../../src/plan/plan-types.js';

/**
 * Numbers of this repository's issues the plan links (`#N`, `owner/repo#N` or an issue URL naming
 * `repo`): the only pre-existing issues a sync may change. An item's `issueRepo` (`owner/name` of
 * the linked issue's repository, null for a bare `#N`) is read when the parser provides it; a
 * parser without it counts every link as this repository's.
 */
export function linkedIssueNumbers(params: { plan: Plan; repo: string }): Set<number> {
  const numbers = new Set<number>();
  const visit = (items: Item[]) => {
    for (const item of items) {
      if (item.issue !== null && linksRepo({ item, repo: params.repo })) numbers.add(item.issue);
      visit(item.children);
    }
  };
  for (const milestone of params.plan.milestones) visit(milestone.items);
  visit(params.plan.items);
  return numbers;
}

function linksRepo(params: { item: Item; repo: string }): boolean {
  const issueRepo = (params.item as Item & { issueRepo?: string | null }).issueRepo ?? null;
  return issueRepo === null || issueRepo.toLowerCase() === params.repo.toLowerCase();
}
