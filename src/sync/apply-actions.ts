import type { GithubClient, Logger } from './github-client.js';
import { asHttpError, describeHttpFailure } from './github-client.js';
import type {
  Action,
  ActionOutcome,
  ActionResult,
  IssueFields,
  MilestoneFields,
  PlanChange,
  Ref,
  RepoRef,
} from './sync-types.js';
import { writePlanFile } from './write-plan-file.js';
import { decodeMarker, replaceMarker } from './issue-marker.js';
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
  for (const action of actions) {
    if (stopped) {
      record({
        action,
        outcome: { status: 'skipped', error: `not sent: ${stopped.message}` },
      });
      continue;
    }
    const blocked = (action.dependsOn ?? []).find((i) => {
      const status = results[i]?.outcome.status;
      return status !== 'ok' && status !== 'dry-run';
    });
    if (blocked !== undefined) {
      const status = results[blocked]?.outcome.status;
      const error =
        status === 'deferred'
          ? `waits for action ${blocked + 1} (${(results[blocked]?.outcome as { detail: string }).detail})`
          : `needs action ${blocked + 1}, which did not succeed`;
      record({ action, outcome: { status: 'skipped', error } });
      continue;
    }
    let outcome: ActionOutcome;
    try {
      const resolve = (ref: Ref): { number: number; id?: number } => {
        if ('number' in ref) return ref;
        const found = created.get(ref.key);
        if (found) return found;
        throw new UnresolvedRef(ref.key);
      };
      outcome = await applyOne({
        action,
        octokit,
        repo,
        resolve,
        fileText: params.fileText,
        editText: params.editText,
      });
      // A dry run reports what would be sent; what fails before sending (no edit possible) stays
      // a failure, so the dry run's report matches the real run's.
      if (dryRun && outcome.status === 'ok') outcome = { status: 'dry-run' };
      if (outcome.status === 'ok' && outcome.number !== undefined && 'key' in action) {
        if (action.kind === 'create-issue' || action.kind === 'create-milestone') {
          created.set(action.key, { number: outcome.number, id: outcome.id });
        }
      }
      if (
        outcome.status === 'dry-run' &&
        (action.kind === 'create-issue' || action.kind === 'create-milestone')
      ) {
        created.set(action.key, { number: -(results.length + 1), id: -(results.length + 1) });
      }
    } catch (error) {
      if (error instanceof SyncStop) stopped = error;
      if (error instanceof UnresolvedRef) {
        outcome = { status: 'skipped', error: error.message };
      } else {
        const http = asHttpError(error);
        outcome = {
          status: 'failed',
          error: describeHttpFailure(error),
          ...(http ? { httpStatus: http.status } : {}),
        };
        log.warn(`milestone-sync: ${action.kind} failed: ${outcome.error}`);
      }
    }
    record({ action, outcome });
  }
  return results;
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
        return { status: 0, headers: {}, data: { number: -next, id: -next, dryRun: true } };
      }
      return client.request(route, options);
    },
  };
}

async function applyOne(params: {
  action: Action;
  octokit: GithubClient;
  repo: RepoRef;
  resolve: (ref: Ref) => { number: number; id?: number };
  fileText: string;
  editText: EditText;
}): Promise<ActionOutcome> {
  const { action, octokit, repo, resolve } = params;
  switch (action.kind) {
    case 'create-label': {
      try {
        await octokit.request('POST /repos/{owner}/{repo}/labels', { ...repo, ...action.after });
      } catch (error) {
        // Someone created it meanwhile: what we wanted is there.
        if (!isAlreadyExists(error)) throw error;
        return { status: 'ok', detail: 'already existed' };
      }
      return { status: 'ok' };
    }
    case 'create-milestone': {
      try {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/milestones', {
          ...repo,
          ...milestoneBody(action.after),
        });
        return { status: 'ok', number: (data as { number: number }).number };
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        // Titles are unique: a retried create that had landed, or a race. Adopt that milestone.
        const existing = await findMilestoneByTitle({ octokit, repo, title: action.after.title });
        if (!existing) throw error;
        return {
          status: 'ok',
          number: existing,
          detail: 'adopted the existing milestone of that title',
        };
      }
    }
    case 'update-milestone': {
      await octokit.request('PATCH /repos/{owner}/{repo}/milestones/{milestone_number}', {
        ...repo,
        milestone_number: action.number,
        ...milestoneBody(action.after),
      });
      return { status: 'ok', number: action.number };
    }
    case 'create-issue': {
      const { after } = action;
      const milestone = after.milestone ? resolve(after.milestone).number : undefined;
      // GitHub creates issues open, so until the close lands the marker says open too: a marker
      // saying closed on an open issue reads as "reopened on GitHub", and if the close failed the
      // next sync would untick the deliverable in the file instead of closing the issue.
      const closing = after.state === 'closed';
      const body = closing ? withMarkerState({ body: after.body, state: 'open' }) : after.body;
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: after.title,
        body,
        labels: after.labels,
        ...(after.assignees.length > 0 ? { assignees: after.assignees } : {}),
        ...(milestone !== undefined ? { milestone } : {}),
      });
      const issue = data as { number: number; id: number };
      if (closing) {
        // A deliverable that is already done is closed right after, with its real marker.
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
          ...repo,
          issue_number: issue.number,
          state: 'closed',
          state_reason: after.stateReason ?? 'completed',
          ...(body !== after.body ? { body: after.body } : {}),
        });
      }
      return { status: 'ok', number: issue.number, id: issue.id };
    }
    case 'update-issue': {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: action.number,
        ...issueBody({ after: action.after, resolve }),
      });
      return { status: 'ok', number: action.number };
    }
    case 'link-sub-issue': {
      const parent = resolve(action.parent);
      const child = resolve(action.child);
      if (child.id === undefined) throw new Error(`no issue id for #${child.number}`);
      // The sub-issue API takes the issue id, not its number.
      // https://docs.github.com/en/rest/issues/sub-issues#add-sub-issue
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
        ...repo,
        issue_number: parent.number,
        sub_issue_id: child.id,
        ...(action.before !== null ? { replace_parent: true } : {}),
      });
      return { status: 'ok', number: child.number };
    }
    case 'unlink-sub-issue': {
      const child = resolve(action.child);
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue', {
        ...repo,
        issue_number: action.parent,
        sub_issue_id: child.id,
      });
      return { status: 'ok', number: child.number };
    }
    case 'comment-issue': {
      const issue = resolve(action.issue);
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: issue.number,
        body: action.body,
      });
      return { status: 'ok', number: issue.number };
    }
    case 'edit-file': {
      const edited = params.editText({ text: params.fileText, changes: action.changes });
      if (edited.text === params.fileText) {
        return {
          status: 'failed',
          error: `no edit possible: ${edited.problems.join('; ') || 'nothing to change'}`,
        };
      }
      return writePlanFile({ octokit, repo, action, text: edited.text, problems: edited.problems });
    }
  }
}

/** The body with its marker's base state set to `state` (unchanged when it has no marker). */
function withMarkerState(params: { body: string; state: 'open' | 'closed' }): string {
  const marker = decodeMarker(params.body);
  if (!marker || marker.base.state === params.state) return params.body;
  return replaceMarker({
    body: params.body,
    marker: { ...marker, base: { ...marker.base, state: params.state } },
  });
}

function isAlreadyExists(error: unknown): boolean {
  const http = asHttpError(error);
  if (http?.status !== 422) return false;
  const errors =
    (http.response?.data as { errors?: { code?: string }[] } | undefined)?.errors ?? [];
  return errors.some((e) => e.code === 'already_exists') || /already[_ ]exists/i.test(http.message);
}

async function findMilestoneByTitle(params: {
  octokit: GithubClient;
  repo: RepoRef;
  title: string;
}): Promise<number | null> {
  for (let page = 1; page < 50; page++) {
    const { data } = await params.octokit.request('GET /repos/{owner}/{repo}/milestones', {
      ...params.repo,
      state: 'all',
      per_page: 100,
      page,
    });
    const list = data as { number: number; title: string; description: string | null }[];
    const found = list.find((m) => m.title === params.title);
    if (found) return found.number;
    if (list.length < 100) return null;
  }
  return null;
}

/**
 * Milestone fields as the API wants them. A due date is sent as noon UTC: GitHub keeps the
 * calendar day of the instant in US Pacific time, so midnight UTC would land on the day before.
 * https://docs.github.com/en/rest/issues/milestones#create-a-milestone
 */
function milestoneBody(fields: Partial<MilestoneFields>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (fields.title !== undefined) body.title = fields.title;
  if (fields.description !== undefined) body.description = fields.description;
  if (fields.state !== undefined) body.state = fields.state;
  // The API has no way to clear a due date (`due_on` is a string, not nullable), so null is omitted.
  if (fields.due !== undefined && fields.due !== null) body.due_on = `${fields.due}T12:00:00Z`;
  return body;
}

function issueBody(params: {
  after: Partial<IssueFields>;
  resolve: (ref: Ref) => { number: number };
}): Record<string, unknown> {
  const { after, resolve } = params;
  const body: Record<string, unknown> = {};
  if (after.title !== undefined) body.title = after.title;
  if (after.body !== undefined) body.body = after.body;
  if (after.labels !== undefined) body.labels = after.labels;
  if (after.assignees !== undefined) body.assignees = after.assignees;
  if (after.milestone !== undefined)
    body.milestone = after.milestone === null ? null : resolve(after.milestone).number;
  if (after.state !== undefined) body.state = after.state;
  if (after.stateReason !== undefined && after.stateReason !== null)
    body.state_reason = after.stateReason;
  if (after.state === 'open' && after.stateReason === undefined) body.state_reason = 'reopened';
  return body;
}
