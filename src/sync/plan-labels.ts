import type { Plan } from '../plan/plan-types.js';
import { labelColor, planLabels } from './desired-labels.js';
import type { PlanningContext } from './planning-context.js';
import { PHASE } from './planning-context.js';

/** Creates the labels the plan uses that the repository lacks (GitHub compares names without case). */
export function planLabelActions(params: { ctx: PlanningContext; plan: Plan }): void {
  const { ctx, plan } = params;
  const existing = new Set(ctx.github.labels.map((l) => l.toLowerCase()));
  for (const name of planLabels({ plan, config: ctx.config })) {
    if (existing.has(name.toLowerCase())) continue;
    ctx.add({
      phase: PHASE.label,
      action: {
        kind: 'create-label',
        after: { name, color: labelColor(name), description: 'Managed by milestone-sync' },
        reason: `the plan uses label “${name}”`,
      },
    });
  }
}
