import { z } from 'zod';
import { PLAN_CONFIG_EXPECTED, planConfigShape } from '../plan/plan-config-schema.js';
import { DEFAULT_PLAN_FILES } from '../sync/default-plan-files.js';
import { DEFAULT_SYNC_CONFIG } from '../sync/sync-types.js';

/** The paths `isPlanPath` accepts: a root default plan file or a Markdown file directly in docs/. */
export const PLAN_PATH_PATTERN = new RegExp(
  `^(?:${DEFAULT_PLAN_FILES.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}|docs/[^/]+\\.md)$`,
);

/** A label prefix: one line, short enough to leave room in GitHub's 50-character label names. */
const labelPrefix = z
  .string()
  .max(40)
  .regex(/^[^\r\n]*$/);

/**
 * `.github/milestone-sync.yml` as written: the app's keys, then the plan keys of front matter at
 * the top level. Strict: an unknown key is an error (a misspelt `dryrun: true` must not quietly
 * sync for real). Defaults apply at parse; an absent `path` or plan key means "not pinned".
 */
const repoConfigShape = {
  path: z
    .string()
    .regex(PLAN_PATH_PATTERN)
    .optional()
    .describe(
      `The plan file: ${DEFAULT_PLAN_FILES.join(', ')} or docs/<name>.md. Default: the first of ${DEFAULT_PLAN_FILES.join(', ')} the repository has.`,
    ),
  dryRun: z.boolean().default(false).describe('Plan and log, write nothing.'),
  dashboard: z
    .boolean()
    .default(true)
    .describe(
      'Keep a dashboard issue per plan file (progress, milestones, last sync), edited in place.',
    ),
  onboarding: z
    .boolean()
    .default(true)
    .describe(
      'In the owner’s .github repository: open an onboarding pull request in repositories that have no config file of their own; false: sync them at once with these settings.',
    ),
  maxCloseShare: z
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_SYNC_CONFIG.maxCloseShare)
    .describe(
      'Refuse to close more than this share (0 to 1) of the open deliverable issues at once because their lines are gone from the plan.',
    ),
  priorityLabelPrefix: labelPrefix
    .default(DEFAULT_SYNC_CONFIG.priorityLabelPrefix)
    .describe('Prefix of the priority labels the app manages, e.g. "priority: " → "priority: P0".'),
  sectionLabelPrefix: labelPrefix
    .default(DEFAULT_SYNC_CONFIG.sectionLabelPrefix)
    .describe(
      'Prefix of the section labels the app manages, e.g. "plan: " → "plan: backend tasks".',
    ),
  ...planConfigShape,
};

/** What each key expects, in the order unknown-key messages list them. */
export const REPO_CONFIG_EXPECTED: Record<keyof typeof repoConfigShape, string> = {
  path: `${DEFAULT_PLAN_FILES.join(', ')} or docs/<name>.md`,
  dryRun: 'true or false',
  dashboard: 'true or false',
  onboarding: 'true or false',
  maxCloseShare: 'a number from 0 to 1',
  priorityLabelPrefix: 'a one-line text of at most 40 characters',
  sectionLabelPrefix: 'a one-line text of at most 40 characters',
  ...PLAN_CONFIG_EXPECTED,
};

export const repoConfigSchema = z.strictObject(repoConfigShape).meta({
  title: 'milestone-sync repository config',
  description:
    'The .github/milestone-sync.yml file of a repository (or of its owner’s .github repository) read by the milestone-sync GitHub App and CLI.',
});

/** The file's keys, defaults applied. */
export type RepoConfig = z.output<typeof repoConfigSchema>;
