/** Plan files looked for, in order, when none is configured (at the repository root). */
export const DEFAULT_PLAN_FILES = ['MILESTONES.md', 'ROADMAP.md', 'PLAN.md'] as const;
