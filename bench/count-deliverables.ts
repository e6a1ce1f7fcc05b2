import type { Item, Plan } from '../src/plan/plan-types.js';

/** Every deliverable of a parsed plan: in milestones and outside them, nested ones included. */
export function countDeliverables(plan: Plan): number {
  const count = (items: Item[]): number =>
    items.reduce((n, item) => n + 1 + count(item.children), 0);
  return plan.milestones.reduce((n, m) => n + count(m.items), 0) + count(plan.items);
}
