import type { Plan } from '../plan/plan-types.js';
import { countProgress } from './count-progress.js';
import type { MilestoneProgressChange } from './render-pr-preview.js';

/**
 * Milestones whose deliverable counts differ between two plans (base and head of a pull
 * request), matched by milestone key: head order first, then milestones only the base has.
 * A milestone renamed so that its key changes shows as one removed and one new.
 */
export function compareMilestoneProgress(params: {
  before: Plan | null;
  after: Plan;
}): MilestoneProgressChange[] {
  const before = new Map((params.before?.milestones ?? []).map((m) => [m.key, m]));
  const out: MilestoneProgressChange[] = [];
  const seen = new Set<string>();
  for (const milestone of params.after.milestones) {
    seen.add(milestone.key);
    const old = before.get(milestone.key);
    const was = old ? countProgress(old.items) : null;
    const now = countProgress(milestone.items);
    if (was && was.done === now.done && was.total === now.total) continue;
    out.push({ title: milestone.title, before: was, after: now });
  }
  for (const [key, milestone] of before) {
    if (!seen.has(key)) {
      out.push({ title: milestone.title, before: countProgress(milestone.items), after: null });
    }
  }
  return out;
}
