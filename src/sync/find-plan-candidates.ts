import type { GithubClient } from './github-client.js';
import { asHttpError } from './github-client.js';
import { DEFAULT_PLAN_FILES } from './default-plan-files.js';
import type { RepoRef } from './sync-types.js';

/** Folders looked in, besides the root. */
const PLAN_FOLDERS = ['docs'] as const;
/** Names that say "plan": MILESTONES.md, PHASES.md, docs/roadmap.md, CHECKPOINTS.md, … */
const PLAN_NAME = /(milestone|roadmap|plan|phase|checkpoint|sprint|backlog|todo|tasks)s?\b/i;

/**
 * Markdown files of the default branch that may hold the plan, for onboarding a repository whose
 * plan is not at one of the default names (the eutlas seed keeps its phases in PHASES.md; many
 * teams write docs/roadmap.md): `.md` files at the root and in docs/ whose name says "plan"
 * (PLAN_NAME), root first, then by name; the default names are left out (the caller tried them).
 * Costs one listing per folder (a missing folder is a 404, not an error). The caller decides by
 * parsing which one is a plan.
 * https://docs.github.com/rest/repos/contents#get-repository-content
 */
export async function findPlanCandidates(params: {
  octokit: GithubClient;
  repo: RepoRef;
}): Promise<string[]> {
  const { octokit, repo } = params;
  const found: string[] = [];
  for (const folder of ['', ...PLAN_FOLDERS]) {
    let entries: unknown;
    try {
      ({ data: entries } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
        ...repo,
        path: folder,
      }));
    } catch (error) {
      if (asHttpError(error)?.status === 404) continue;
      throw error;
    }
    if (!Array.isArray(entries)) continue;
    const names = entries
      .filter(
        (entry): entry is { type: string; name: string; path: string } =>
          typeof entry === 'object' &&
          entry !== null &&
          (entry as { type?: unknown }).type === 'file',
      )
      .filter((entry) => /\.md$/i.test(entry.name) && PLAN_NAME.test(entry.name.slice(0, -3)))
      .filter((entry) => !(DEFAULT_PLAN_FILES as readonly string[]).includes(entry.path))
      .map((entry) => entry.path)
      .sort((a, b) => a.localeCompare(b));
    for (const name of names) found.push(name);
  }
  return found;
}
