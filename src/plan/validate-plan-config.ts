import type { PlanConfig } from './plan-types.js';

/** Default largest plan file parsed: 10 MiB (GitHub's contents API serves up to 100 MB raw). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Checks a plan config object (from front matter or the repository config) and returns the valid
 * part plus one "Unexpected X, expected Y" message per problem. Callers decide whether a problem
 * is a diagnostic (user content) or an exception (app config, see `assertPlanConfig`).
 */
export function validatePlanConfig(input: unknown): { config: PlanConfig; problems: string[] } {
  const config: PlanConfig = {};
  const problems: string[] = [];
  if (input === null || input === undefined) return { config, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return {
      config,
      problems: [`Unexpected ${describe(input)} for milestone-sync config, expected a mapping`],
    };
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'milestoneLevel':
        if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 6) {
          config.milestoneLevel = value;
        } else {
          problems.push(
            `Unexpected milestoneLevel ${describe(value)}, expected a whole number from 1 to 6`,
          );
        }
        break;
      case 'titlePattern':
        if (typeof value === 'string' && isRegExp(value)) {
          config.titlePattern = value;
        } else {
          problems.push(
            `Unexpected titlePattern ${describe(value)}, expected a valid regular expression`,
          );
        }
        break;
      case 'startDate': {
        const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
        if (typeof text === 'string' && isIsoDate(text)) {
          config.startDate = text;
        } else {
          problems.push(`Unexpected startDate ${describe(value)}, expected a date like 2026-01-05`);
        }
        break;
      }
      case 'maxBytes':
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
          config.maxBytes = value;
        } else {
          problems.push(`Unexpected maxBytes ${describe(value)}, expected a positive whole number`);
        }
        break;
      default:
        problems.push(
          `Unexpected config key "${key}", expected one of milestoneLevel, titlePattern, startDate, maxBytes`,
        );
    }
  }
  return { config, problems };
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

function isRegExp(text: string): boolean {
  try {
    new RegExp(text, 'u');
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
