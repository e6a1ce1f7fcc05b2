import { createHash } from 'node:crypto';
import type { Item, Milestone, Plan } from '../plan/plan-types.js';
import type { SyncConfig } from './sync-types.js';

/**
 * Labels the plan gives a deliverable's issue: its priority (its own, else its milestone's) and
 * the sections it sits in (e.g. `plan: backend tasks`). Only labels with the configured prefixes
 * are ever added or removed by the app; other labels on an issue are the team's.
 */
export function desiredLabels(params: {
  item: Item;
  milestone: Milestone | null;
  config: Pick<SyncConfig, 'priorityLabelPrefix' | 'sectionLabelPrefix'>;
}): string[] {
  const { item, milestone, config } = params;
  const labels: string[] = [];
  const priority = item.priority ?? milestone?.priority ?? null;
  if (priority) labels.push(clip(`${config.priorityLabelPrefix}${priority}`));
  for (const section of item.labels) labels.push(clip(`${config.sectionLabelPrefix}${section}`));
  return [...new Set(labels)];
}

/**
 * Every label the plan gives any of its deliverables, once per name (GitHub compares label names
 * without case).
 */
export function planLabels(params: {
  plan: Plan;
  config: Pick<SyncConfig, 'priorityLabelPrefix' | 'sectionLabelPrefix'>;
}): string[] {
  const { plan, config } = params;
  const wanted = new Map<string, string>();
  const visit = (items: Item[], milestone: Milestone | null) => {
    for (const item of items) {
      for (const label of desiredLabels({ item, milestone, config }))
        wanted.set(label.toLowerCase(), label);
      visit(item.children, milestone);
    }
  };
  for (const milestone of plan.milestones) visit(milestone.items, milestone);
  visit(plan.items, null);
  return [...wanted.values()];
}

/** GitHub label names are at most 50 characters. */
function clip(name: string): string {
  return name.length <= 50 ? name : name.slice(0, 50).trimEnd();
}

const PRIORITY_COLORS: Record<string, string> = {
  P0: 'b60205',
  P1: 'd93f0b',
  P2: 'fbca04',
  P3: '0e8a16',
  P4: 'c5def5',
};

/** A stable colour per label (6 hex digits, as the labels API wants). */
export function labelColor(name: string): string {
  const priority = /\bP[0-4]\b/.exec(name)?.[0];
  if (priority && PRIORITY_COLORS[priority]) return PRIORITY_COLORS[priority];
  return createHash('sha1').update(name).digest('hex').slice(0, 6);
}
