import type { GithubClient, Logger, ResponseOf } from './github-client.js';
import { asHttpError, describeHttpFailure, describeRequest } from './github-client.js';
import type {
  Action,
  ActionOutcome,
  ActionResult,
  PlanChange,
  Ref,
  RepoRef,
} from './sync-types.js';
import { applyAction } from './apply-action.js';
import { SyncStop } from './request-with-retry.js';

/** Turns wanted file changes into the new file text (src/edit), reporting what it could not do. */
export type EditText = (params: { text: string; changes: PlanChange[] }) => {
  text: string;
  problems: string[];
};

/** Reported after each action: how many of the actions are done, and the one just done. */
export interface ActionProgress {
  done: number;
  total: number;
  action: Action;
  outcome: ActionOutcome;
}

/**
 * The one executor. Applies actions in order, one request at a time, and records each as ok,
 * failed (with the error) or skipped (a dependency failed or a reference is unknown). One failure
 * never hides the others. In a dry run every action is prepared the same way but no request that
 * writes is sent: the client is swapped for one that refuses writes, so "sends no write" holds by
 * construction.
 */
export async function applyActions(params: {
  actions: Action[];
  octokit: GithubClient;
  repo: RepoRef;
  /** The plan file text the `edit-file` action's sha refers to. */
  fileText: string;
  editText: EditText;
  dryRun: boolean;
  log: Logger;
  /** Called after each action (skipped ones too); a big first sync is paced over minutes. */
  onProgress?: (progress: ActionProgress) => void;
}): Promise<ActionResult[]> {
  const { actions, repo, log, dryRun } = params;
  const octokit = dryRun ? refuseWrites(params.octokit) : params.octokit;
  const created = new Map<string, { number: number; id?: number }>();
  const results: ActionResult[] = [];
  const record = (result: ActionResult) => {
    results.push(result);
    params.onProgress?.({
      done: results.length,
      total: actions.length,
      action: result.action,
      outcome: result.outcome,
    });
  };
  let stopped: SyncStop | null = null;
  const resolve = (ref: Ref): { number: number; id?: number } => {
    if ('number' in ref) return ref;
    const found = created.get(ref.key);
    if (found) return found;
    throw new UnresolvedRef(ref.key);
  };
  // Permissions GitHub refused in this run, and the request it refused: the rest of the writes
  // that need that permission would be refused the same way, so they are skipped, not sent.
  const refused = new Map<Permission, string>();
  for (const action of actions) {
    const denied = refused.get(permissionOf(action));
    const skipped = stopped
      ? `not sent: ${stopped.message}`
      : denied !== undefined
        ? `not sent: GitHub refused ${denied} earlier in this sync (HTTP 403: the app lacks the permission)`
        : blockedBy({ action, results });
    if (skipped !== null) {
      record({ action, outcome: { status: 'skipped', error: skipped } });
      continue;
    }
    let outcome: ActionOutcome;
    try {
      outcome = await applyAction({
        action,
        ctx: { octokit, repo, resolve, fileText: params.fileText, editText: params.editText },
      });
      // A dry run reports what would be sent; what fails before sending (no edit possible) stays
      // a failure, so the dry run's report matches the real run's.
      if (dryRun && outcome.status === 'ok') outcome = { status: 'dry-run' };
      const made = madeBy({ action, outcome, index: results.length });
      if (made) created.set(made.key, made.ref);
    } catch (error) {
      if (error instanceof SyncStop) stopped = error;
      outcome = failureOf(error);
      if (outcome.status === 'failed') {
        // The request GitHub refused, e.g. `POST /repos/acme/plan/issues`: a 403 names no route.
        const request = describeRequest(error);
        if (isPermissionDenied(error)) refused.set(permissionOf(action), request ?? action.kind);
        log.warn(
          `milestone-sync: ${action.kind} failed: ${outcome.error}${request ? ` (${request})` : ''}`,
        );
      }
    }
    record({ action, outcome });
  }
  return results;
}

/** The app permission a write needs: the plan file's contents, or issues (milestones, labels,
 * sub-issues and comments included).
 * https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps */
type Permission = 'contents' | 'issues';

function permissionOf(action: Action): Permission {
  return action.kind === 'edit-file' ? 'contents' : 'issues';
}

/**
 * A 403 that says the installation lacks a permission ("Resource not accessible by
 * integration"), as opposed to one about a single resource (a locked issue) or a rate limit
 * (retried or stopped before it gets here).
 */
function isPermissionDenied(error: unknown): boolean {
  const http = asHttpError(error);
  return http?.status === 403 && /Resource not accessible by integration/i.test(http.message);
}

/** Why an action cannot run: an action it depends on did not succeed (or waits for a person). */
function blockedBy(params: { action: Action; results: ActionResult[] }): string | null {
  const { action, results } = params;
  const blocked = (action.dependsOn ?? []).find((i) => {
    const status = results[i]?.outcome.status;
    return status !== 'ok' && status !== 'dry-run';
  });
  if (blocked === undefined) return null;
  const outcome = results[blocked]?.outcome;
  return outcome?.status === 'deferred'
    ? `waits for action ${blocked + 1} (${outcome.detail})`
    : `needs action ${blocked + 1}, which did not succeed`;
}

/**
 * The milestone or issue an action created, for later actions that refer to it by key; in a
 * dry run a stand-in number (negative, never sent).
 */
function madeBy(params: {
  action: Action;
  outcome: ActionOutcome;
  index: number;
}): { key: string; ref: { number: number; id?: number } } | null {
  const { action, outcome, index } = params;
  if (action.kind !== 'create-issue' && action.kind !== 'create-milestone') return null;
  if (outcome.status === 'dry-run') {
    return { key: action.key, ref: { number: -(index + 1), id: -(index + 1) } };
  }
  if (outcome.status === 'ok' && outcome.number !== undefined) {
    return { key: action.key, ref: { number: outcome.number, id: outcome.id } };
  }
  return null;
}

/** What an action that threw becomes: skipped (unknown reference) or failed, described once. */
function failureOf(error: unknown): ActionOutcome {
  if (error instanceof UnresolvedRef) return { status: 'skipped', error: error.message };
  const http = asHttpError(error);
  return {
    status: 'failed',
    error: describeHttpFailure(error),
    ...(http ? { httpStatus: http.status } : {}),
  };
}

class UnresolvedRef extends Error {
  constructor(key: string) {
    super(`refers to “${key}”, which was not created in this run`);
  }
}

/** A client that answers writes with a synthetic response and never sends them. */
function refuseWrites(client: GithubClient): GithubClient {
  let next = 0;
  return {
    request: async (route, options) => {
      if (/^(POST|PATCH|PUT|DELETE) /.test(route)) {
        next++;
        // A stand-in answer: only `number` and `id` are read from what a write returns.
        const data = { number: -next, id: -next, dryRun: true };
        return { status: 0, headers: {}, data } as unknown as ResponseOf<typeof route>;
      }
      return client.request(route, options);
    },
  };
}
