import { DEFAULT_PLAN_FILES, isPlanPath } from '../sync/default-plan-files.js';

/** The repository config file, read with Probot's config plugin from the default branch. */
export const CONFIG_FILE = '.github/milestone-sync.yml';

/**
 * What a push payload tells us, reduced to the fields the decision reads. Matches GitHub's `push`
 * webhook (https://docs.github.com/webhooks/webhook-events-and-payloads#push).
 */
export interface PushLike {
  ref: string;
  /** The pushed head commit (the merge commit when a pull request was merged). */
  after?: string;
  deleted?: boolean;
  forced?: boolean;
  commits: {
    added?: string[];
    modified?: string[];
    removed?: string[];
    author?: { username?: string } | null;
    committer?: { username?: string } | null;
  }[];
  repository: { default_branch?: string };
  sender?: { login: string; type?: string } | null;
}

/**
 * A push listing this many commits may not list them all (older GitHub documentation caps the
 * list at 20); the changed paths are then unknown, and a spare sync costs a few reads.
 */
export const MAX_TRUSTED_COMMITS = 20;

export { isPlanPath };

/**
 * The plan-related paths a push to the default branch may have changed, given the repository's
 * config (`path`: the configured plan file, or null for the first of MILESTONES.md, ROADMAP.md,
 * PLAN.md the repository has). The config file counts: a new `path` or new keys need a sync.
 * Empty when the push is not to the default branch, deletes it, or touches nothing of the plan.
 * A forced push, or one whose commit list may be incomplete or lacks file lists, may have
 * changed anything: every candidate is returned.
 */
export function plansTouchedByPush(params: {
  payload: PushLike;
  config: { path: string | null };
}): string[] {
  return plansTouched({ changed: changedPaths(params.payload), config: params.config });
}

/**
 * The rule shared by pushes and pull requests: of the plan candidates (the configured `path`, or
 * MILESTONES.md, ROADMAP.md, PLAN.md) and the config file, those in `changed`; every candidate
 * when `changed` is null (unknown).
 */
export function plansTouched(params: {
  changed: readonly string[] | null;
  config: { path: string | null };
}): string[] {
  const { changed } = params;
  const candidates = [
    ...(params.config.path !== null ? [params.config.path] : DEFAULT_PLAN_FILES),
    CONFIG_FILE,
  ];
  if (changed === null) return candidates;
  return candidates.filter((path) => changed.includes(path));
}

/**
 * Before the config is read: may this push have changed a plan, whatever the config says? Keeps a
 * push that touches no plan candidate (root defaults, docs/*.md, the config file) at zero API calls.
 */
export function pushMayTouchPlan(payload: PushLike): boolean {
  const changed = changedPaths(payload);
  return changed === null || changed.some((path) => isPlanPath(path) || path === CONFIG_FILE);
}

/**
 * A push the app made itself: sent by its bot and every commit authored or committed by it (its
 * tick/rename commits through the contents API). Skipping those is safe because syncs are
 * level-triggered: the commit is the result of a sync that had read everything before it, and
 * any change a person made meanwhile arrives as its own event (or made the write fail with 409).
 */
export function isOwnPush(params: { payload: PushLike; botLogin: string | null }): boolean {
  const { payload, botLogin } = params;
  if (botLogin === null || payload.sender?.login !== botLogin) return false;
  return (
    payload.commits.length > 0 &&
    payload.commits.every(
      (c) => c.author?.username === botLogin || c.committer?.username === botLogin,
    )
  );
}

/**
 * Every path the push added, modified or removed; [] when it is not a push to the default branch
 * (or deletes it); null when the payload cannot tell (forced, maybe-incomplete commit list, or
 * commits without file lists, as in GitHub Actions' copy of the payload).
 */
function changedPaths(payload: PushLike): string[] | null {
  const branch = payload.repository.default_branch;
  if (payload.deleted || branch === undefined || payload.ref !== `refs/heads/${branch}`) return [];
  if (
    payload.forced === true ||
    payload.commits.length >= MAX_TRUSTED_COMMITS ||
    payload.commits.some((c) => !c.added || !c.modified || !c.removed)
  ) {
    return null;
  }
  const out = new Set<string>();
  for (const commit of payload.commits) {
    for (const path of [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ]) {
      out.add(path);
    }
  }
  return [...out];
}
