import type { z } from 'zod';
import { checkConfig } from '../plan/check-config.js';
import type { PlanConfig } from '../plan/plan-config-schema.js';
import { planConfigShape } from '../plan/plan-config-schema.js';
import type { RepoRef } from '../sync/sync-types.js';
import { CONFIG_FILE } from './plans-touched-by-push.js';
import type { RepoConfig } from './repo-config-schema.js';
import { REPO_CONFIG_EXPECTED, repoConfigSchema } from './repo-config-schema.js';

/**
 * `.github/milestone-sync.yml` checked and grouped as the app uses it: `path` null means the first
 * of MILESTONES.md, ROADMAP.md, PLAN.md the repository has; `sync` goes to syncRepo's config;
 * `plan` holds the plan keys that are set (front matter overrides them key by key).
 */
const repoSettingsSchema = repoConfigSchema.transform((file) => ({
  path: file.path ?? null,
  dryRun: file.dryRun,
  dashboard: file.dashboard,
  onboarding: file.onboarding,
  sync: {
    maxCloseShare: file.maxCloseShare,
    priorityLabelPrefix: file.priorityLabelPrefix,
    sectionLabelPrefix: file.sectionLabelPrefix,
  },
  plan: pickPlanKeys(file),
}));

/** What `.github/milestone-sync.yml` says, checked, defaults applied. */
export type RepoSettings = z.output<typeof repoSettingsSchema>;

export const DEFAULT_REPO_SETTINGS: RepoSettings = repoSettingsSchema.parse({});

/**
 * Checks the repository config (already parsed from YAML) against `repoConfigSchema` and returns
 * the valid part plus one "Unexpected X, expected Y" message per problem, as `validatePlanConfig`
 * does for the plan keys. Unknown keys are problems too: a misspelt `dryrun: true` must not
 * quietly sync for real.
 */
export function parseRepoSettings(input: unknown): { settings: RepoSettings; problems: string[] } {
  const { value, problems } = checkConfig({
    schema: repoSettingsSchema,
    input,
    expected: REPO_CONFIG_EXPECTED,
    notMapping: (found) => `Unexpected ${found}, expected a mapping of keys`,
  });
  return { settings: value, problems };
}

/** What the app needs of Probot's octokit: its config plugin (`octokit.config.get`). */
export interface ConfigReader {
  config: {
    get: (params: { owner: string; repo: string; path: string }) => Promise<{
      config: Record<string, unknown>;
      files: { owner: string; repo: string; path: string; config: unknown }[];
    }>;
  };
}

/**
 * Where a repository's settings came from: its own `.github/milestone-sync.yml` (with whatever it
 * `_extends`), the owner's `.github` repository's file (the config plugin's fallback), or none
 * (defaults).
 */
export type SettingsSource = 'repository' | 'owner' | 'none';

/** Settings as read for one repository, and where they came from. */
export interface LoadedRepoSettings {
  settings: RepoSettings;
  source: SettingsSource;
}

/**
 * Whether the app syncs a repository on its own events: the repository has its own config file,
 * or its owner's `.github` repository's file says `onboarding: false`. Any other repository is
 * offered an onboarding pull request on installation and is not synced until it has a file.
 */
export function isOptedIn(loaded: LoadedRepoSettings): boolean {
  if (loaded.source === 'repository') return true;
  return loaded.source === 'owner' && !loaded.settings.onboarding;
}

/**
 * Reads `.github/milestone-sync.yml` with Probot's config plugin — the repository's file, else the
 * owner's `.github` repository's, following `_extends` — and checks it. `source` says which of
 * them there was (the plugin reads the repository's own file first: `files[0]`). `error` names
 * the file and the keys at fault; the caller logs it and does not sync. Network failures are
 * thrown.
 * https://github.com/probot/octokit-plugin-config
 */
export async function loadRepoSettings(params: {
  octokit: ConfigReader;
  repo: RepoRef;
}): Promise<LoadedRepoSettings | { error: string }> {
  const { octokit, repo } = params;
  let loaded: Awaited<ReturnType<ConfigReader['config']['get']>>;
  try {
    loaded = await octokit.config.get({ ...repo, path: CONFIG_FILE });
  } catch (error) {
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    // The plugin's own errors: invalid YAML, not a mapping, a directory, an _extends loop.
    const message = String((error as Error).message ?? error).replace(
      /^\[@probot\/octokit-plugin-config\]\s*/,
      '',
    );
    return {
      error: `${CONFIG_FILE} of ${repo.owner}/${repo.repo} could not be read: ${message}${parseErrorOf(error)}`,
    };
  }
  const sources = loaded.files.filter((file) => file.config !== null);
  if (sources.length === 0) return { settings: DEFAULT_REPO_SETTINGS, source: 'none' };
  const own = loaded.files[0];
  const isOwn =
    own !== undefined &&
    own.config !== null &&
    `${own.owner}/${own.repo}`.toLowerCase() === `${repo.owner}/${repo.repo}`.toLowerCase();
  const source: SettingsSource = isOwn ? 'repository' : 'owner';
  const { settings, problems } = parseRepoSettings(loaded.config);
  if (problems.length === 0) return { settings, source };
  const where = sources.map((file) => `${file.owner}/${file.repo}:${file.path}`).join(' + ');
  return { error: `Invalid ${where}: ${problems.join('; ')}` };
}

/**
 * The YAML parser's reason, which the plugin keeps only as the error's `cause` (its own message
 * says "invalid YAML" and no more): `: Nested mappings are not allowed in compact mappings at
 * line 3, column 7`, the first line of the `yaml` package's YAMLParseError; empty when none.
 */
function parseErrorOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (!(cause instanceof Error)) return '';
  const first = (cause.message.split('\n')[0] ?? '').trim().replace(/:$/, '');
  return first === '' ? '' : `: ${first}`;
}

function pickPlanKeys(file: RepoConfig): PlanConfig {
  const plan: Record<string, unknown> = {};
  for (const key of Object.keys(planConfigShape) as (keyof PlanConfig)[]) {
    if (file[key] !== undefined) plan[key] = file[key];
  }
  return plan as PlanConfig;
}
