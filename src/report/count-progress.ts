import type { Item } from '../plan/plan-types.js';

export interface Progress {
  done: number;
  inProgress: number;
  total: number;
}

/** Counts deliverables at every depth (a nested deliverable counts as one of its own). */
export function countProgress(items: Item[]): Progress {
  const progress: Progress = { done: 0, inProgress: 0, total: 0 };
  const visit = (list: Item[]) => {
    for (const item of list) {
      progress.total++;
      if (item.status === 'done') progress.done++;
      else if (item.status === 'in-progress') progress.inProgress++;
      visit(item.children);
    }
  };
  visit(items);
  return progress;
}
