import { checkConfig } from './check-config.js';
import type { PlanConfig } from './plan-config-schema.js';
import { PLAN_CONFIG_EXPECTED, planConfigSchema } from './plan-config-schema.js';

export { DEFAULT_MAX_BYTES } from './plan-config-schema.js';

/**
 * Checks a plan config object (from front matter or the repository config) against
 * `planConfigSchema` and returns the valid part plus one "Unexpected X, expected Y" message per
 * problem. Callers decide whether a problem is a diagnostic (user content) or an exception (app
 * config, see `assertPlanConfig`).
 */
export function validatePlanConfig(input: unknown): { config: PlanConfig; problems: string[] } {
  const { value, problems } = checkConfig({
    schema: planConfigSchema,
    input: withDateText(input),
    expected: PLAN_CONFIG_EXPECTED,
    notMapping: (found) => `Unexpected ${found} for milestone-sync config, expected a mapping`,
  });
  return { config: value, problems };
}

/** App config is ours to get right: an invalid one is a programming or deployment error. */
export function assertPlanConfig(input: unknown): PlanConfig {
  const { config, problems } = validatePlanConfig(input);
  if (problems.length > 0) throw new Error(`Invalid milestone-sync config: ${problems.join('; ')}`);
  return config;
}

export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** YAML 1.1 loaders read `startDate: 2026-01-05` as a Date; the schema wants its text. */
function withDateText(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const { startDate } = input as { startDate?: unknown };
  if (!(startDate instanceof Date) || Number.isNaN(startDate.getTime())) return input;
  return { ...input, startDate: startDate.toISOString().slice(0, 10) };
}
