import type { Item, Milestone, ProgressScope } from './plan-types.js';
import { countProgress } from '../report/count-progress.js';

export interface ScopeCounts {
  /** Milestones closed (their Status line, heading emoji or deliverables say done) of all. */
  milestones: { done: number; total: number };
  /** Deliverables done of all, at every depth: the counts the dashboard shows. */
  deliverables: { done: number; total: number };
}

/**
 * What a progress statement's scope holds: its milestones (closed of all) and its deliverables
 * (done of all, nested ones counted, as countProgress counts them for the dashboard): the whole
 * plan (loose deliverables included), the milestones of a section, or one milestone's
 * deliverables. Pure.
 */
export function countProgressScope(params: {
  plan: { milestones: Milestone[]; items: Item[] };
  scope: ProgressScope;
}): ScopeCounts {
  const { plan, scope } = params;
  const byKey = new Map(plan.milestones.map((m) => [m.key, m]));
  const counted = scope.milestones
    .map((key) => byKey.get(key))
    .filter((m): m is Milestone => m !== undefined);
  let items: Item[];
  if (scope.kind === 'plan') {
    items = [...plan.milestones.flatMap((m) => m.items), ...plan.items];
  } else if (scope.kind === 'section') {
    items = counted.flatMap((m) => m.items);
  } else {
    items = (scope.milestone !== null ? byKey.get(scope.milestone)?.items : undefined) ?? [];
  }
  const deliverables = countProgress(items);
  return {
    milestones: {
      done: counted.filter((m) => m.state === 'closed').length,
      total: counted.length,
    },
    deliverables: { done: deliverables.done, total: deliverables.total },
  };
}
