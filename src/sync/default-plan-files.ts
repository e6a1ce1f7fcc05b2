/** Plan files looked for, in order, when none is configured (at the repository root). */
export const DEFAULT_PLAN_FILES = ['MILESTONES.md', 'ROADMAP.md', 'PLAN.md'] as const;

const PLAN_WORDS = [
  'milestone',
  'roadmap',
  'plan',
  'phase',
  'checkpoint',
  'sprint',
  'backlog',
  'todo',
  'task',
];

/** A file name (without `.md`) that says "plan": PHASES, CHECKPOINTS, roadmap-2027, sprint-plan… */
export const PLAN_FILE_NAME = new RegExp(`(?:${PLAN_WORDS.join('|')})s?\\b`, 'i');

/** `word` matched in any case, without flags (JSON Schema patterns take none). */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
}

/**
 * The paths that can hold a plan: one of the defaults, a Markdown file at the root whose name says
 * plan (PLAN_FILE_NAME: PHASES.md, CHECKPOINTS.md, sprint-plan.md), or any Markdown file directly
 * in docs/. The config's `path` must be one (schema.json carries this pattern), so a push is
 * decided from its payload alone: a push touching README.md costs no call.
 */
export const PLAN_PATH_PATTERN = new RegExp(
  `^(?:docs/[^/]+|[^/]*(?:${PLAN_WORDS.map(anyCase).join('|')})[sS]?(?![A-Za-z0-9_])[^/]*)\\.md$`,
);

export function isPlanPath(path: string): boolean {
  return PLAN_PATH_PATTERN.test(path);
}
