import { z } from 'zod';

/** Default largest plan file parsed: 10 MiB (GitHub's contents API serves up to 100 MB raw). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The plan keys, as written under `milestone-sync:` in a plan's front matter and at the top level
 * of `.github/milestone-sync.yml`. No key has a parse-time default: an absent key inherits (front
 * matter overrides the repository file key by key, which overrides the built-in behaviour).
 */
export const planConfigShape = {
  milestoneLevel: z
    .int()
    .min(1)
    .max(6)
    .optional()
    .describe('Pin milestones to headings of exactly this level (3 for ### headings).'),
  titlePattern: z
    .string()
    .refine(isRegExp)
    .meta({ format: 'regex' })
    .optional()
    .describe(
      'Pin milestones to headings whose title matches this regular expression (JavaScript, with the u flag).',
    ),
  startDate: z.iso
    .date()
    .optional()
    .describe('The plan’s first day, YYYY-MM-DD; resolves Day N / Week N due dates.'),
  maxBytes: z.int().positive().optional().meta({
    description: 'Largest plan file parsed, in bytes; a larger one is reported, not parsed.',
    default: DEFAULT_MAX_BYTES,
  }),
};

/** What each plan key expects, for "Unexpected X, expected Y" messages. */
export const PLAN_CONFIG_EXPECTED: Record<keyof typeof planConfigShape, string> = {
  milestoneLevel: 'a whole number from 1 to 6',
  titlePattern: 'a valid regular expression',
  startDate: 'a date like 2026-01-05',
  maxBytes: 'a positive whole number',
};

export const planConfigSchema = z.strictObject(planConfigShape).meta({
  title: 'milestone-sync plan config',
  description: 'The `milestone-sync:` key of a plan file’s YAML front matter.',
});

export type PlanConfig = z.output<typeof planConfigSchema>;

/** The `u` flag: titles are matched as Unicode text (emoji, accents). */
function isRegExp(text: string): boolean {
  try {
    new RegExp(text, 'u');
    return true;
  } catch {
    return false;
  }
}
