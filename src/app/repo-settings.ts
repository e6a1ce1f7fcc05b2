import type { PlanConfig } from '../plan/plan-types.js';
import { validatePlanConfig } from '../plan/validate-plan-config.js';
import type { RepoRef, SyncConfig } from '../sync/sync-types.js';
import { CONFIG_FILE, isPlanPath } from './plans-touched-by-push.js';

/** What `.github/milestone-sync.yml` says, checked. */
export interface RepoSettings {
  /** The plan file; null: the first of MILESTONES.md, ROADMAP.md, PLAN.md the repository has. */
  path: string | null;
  dryRun: boolean;
  sync: Partial<Pick<SyncConfig, 'maxCloseShare' | 'priorityLabelPrefix' | 'sectionLabelPrefix'>>;
  plan: PlanConfig;
}

export const DEFAULT_REPO_SETTINGS: RepoSettings = {
  path: null,
  dryRun: false,
  sync: {},
  plan: {},
};

const PLAN_KEYS = ['milestoneLevel', 'titlePattern', 'startDate', 'maxBytes'] as const;
const APP_KEYS = [
  'path',
  'dryRun',
  'maxCloseShare',
  'priorityLabelPrefix',
  'sectionLabelPrefix',
] as const;

/**
 * Checks the repository config (already parsed from YAML) and returns the valid part plus one
 * "Unexpected X, expected Y" message per problem, as `validatePlanConfig` does for the plan keys
 * (milestoneLevel, titlePattern, startDate, maxBytes), which it checks. Unknown keys are problems
 * too: a misspelt `dryrun: true` must not quietly sync for real.
 */
export function parseRepoSettings(input: unknown): { settings: RepoSettings; problems: string[] } {
  const settings: RepoSettings = { ...DEFAULT_REPO_SETTINGS, sync: {}, plan: {} };
  if (input === null || input === undefined) return { settings, problems: [] };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { settings, problems: [`Unexpected ${describe(input)}, expected a mapping of keys`] };
  }
  const problems: string[] = [];
  const planInput: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'path':
        if (typeof value === 'string' && isPlanPath(value)) settings.path = value;
        else {
          problems.push(
            `Unexpected path ${describe(value)}, expected MILESTONES.md, ROADMAP.md, PLAN.md or docs/<name>.md`,
          );
        }
        break;
      case 'dryRun':
        if (typeof value === 'boolean') settings.dryRun = value;
        else problems.push(`Unexpected dryRun ${describe(value)}, expected true or false`);
        break;
      case 'maxCloseShare':
        if (typeof value === 'number' && value >= 0 && value <= 1) {
          settings.sync.maxCloseShare = value;
        } else {
          problems.push(
            `Unexpected maxCloseShare ${describe(value)}, expected a number from 0 to 1`,
          );
        }
        break;
      case 'priorityLabelPrefix':
      case 'sectionLabelPrefix':
        if (typeof value === 'string' && value.length <= 40 && !/[\r\n]/.test(value)) {
          settings.sync[key] = value;
        } else {
          problems.push(
            `Unexpected ${key} ${describe(value)}, expected a one-line text of at most 40 characters`,
          );
        }
        break;
      default:
        if ((PLAN_KEYS as readonly string[]).includes(key)) planInput[key] = value;
        else {
          problems.push(
            `Unexpected config key "${key}", expected one of ${[...APP_KEYS, ...PLAN_KEYS].join(', ')}`,
          );
        }
    }
  }
  const plan = validatePlanConfig(planInput);
  settings.plan = plan.config;
  for (const problem of plan.problems) problems.push(problem);
  return { settings, problems };
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
 * Reads `.github/milestone-sync.yml` with Probot's config plugin — the repository's file, else the
 * owner's `.github` repository's, following `_extends` — and checks it. `error` names the file and
 * the keys at fault; the caller logs it and does not sync. Network failures are thrown.
 * https://github.com/probot/octokit-plugin-config
 */
export async function loadRepoSettings(params: {
  octokit: ConfigReader;
  repo: RepoRef;
}): Promise<{ settings: RepoSettings } | { error: string }> {
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
    return { error: `${CONFIG_FILE} of ${repo.owner}/${repo.repo} could not be read: ${message}` };
  }
  const sources = loaded.files.filter((file) => file.config !== null);
  if (sources.length === 0) return { settings: DEFAULT_REPO_SETTINGS };
  const { settings, problems } = parseRepoSettings(loaded.config);
  if (problems.length === 0) return { settings };
  const where = sources.map((file) => `${file.owner}/${file.repo}:${file.path}`).join(' + ');
  return { error: `Invalid ${where}: ${problems.join('; ')}` };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
