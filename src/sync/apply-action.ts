import type { GithubClient } from './github-client.js';
import { asHttpError } from './github-client.js';
import type {
  Action,
  ActionOutcome,
  IssueFields,
  MilestoneFields,
  Ref,
  RepoRef,
} from './sync-types.js';
import { writePlanFile } from './write-plan-file.js';
import { decodeMarker, replaceMarker } from './issue-marker.js';
import type { EditText } from './apply-actions.js';
import { commentLandedCheck } from './find-landed-comment.js';

/** What applying one action needs besides the action. */
export interface ApplyContext {
  octokit: GithubClient;
  repo: RepoRef;
  /** A milestone or issue by number, or created earlier in this run by key. */
  resolve: (ref: Ref) => { number: number; id?: number };
  /** The plan file text the `edit-file` action's sha refers to. */
  fileText: string;
  editText: EditText;
}

type Applier<K extends Action['kind']> = (params: {
  action: Extract<Action, { kind: K }>;
  ctx: ApplyContext;
}) => Promise<ActionOutcome>;

/**
 * Sends the requests of one action and says how it went. Throws what GitHub answered (the
 * executor records it as a failure); an `ok` outcome carries the number (and id) of what it made.
 */
export function applyAction(params: { action: Action; ctx: ApplyContext }): Promise<ActionOutcome> {
  const apply = APPLIERS[params.action.kind] as Applier<Action['kind']>;
  return apply(params);
}

const APPLIERS: { [K in Action['kind']]: Applier<K> } = {
  'create-label': createLabel,
  'create-milestone': createMilestone,
  'update-milestone': updateMilestone,
  'create-issue': createIssue,
  'update-issue': updateIssue,
  'link-sub-issue': linkSubIssue,
  'unlink-sub-issue': unlinkSubIssue,
  'comment-issue': commentIssue,
  'edit-file': editFile,
};

async function createLabel({ action, ctx }: Parameters<Applier<'create-label'>>[0]) {
  try {
    await ctx.octokit.request('POST /repos/{owner}/{repo}/labels', {
      ...ctx.repo,
      ...action.after,
    });
  } catch (error) {
    // Someone created it meanwhile: what we wanted is there.
    if (!isAlreadyExists(error)) throw error;
    return { status: 'ok', detail: 'already existed' } as const;
  }
  return { status: 'ok' } as const;
}

async function createMilestone({
  action,
  ctx,
}: Parameters<Applier<'create-milestone'>>[0]): Promise<ActionOutcome> {
  const { octokit, repo } = ctx;
  try {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/milestones', {
      ...repo,
      ...milestoneBody(action.after),
    });
    return { status: 'ok', number: data.number };
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

async function updateMilestone({ action, ctx }: Parameters<Applier<'update-milestone'>>[0]) {
  await ctx.octokit.request('PATCH /repos/{owner}/{repo}/milestones/{milestone_number}', {
    ...ctx.repo,
    milestone_number: action.number,
    ...milestoneBody(action.after),
  });
  return { status: 'ok', number: action.number } as const;
}

async function createIssue({ action, ctx }: Parameters<Applier<'create-issue'>>[0]) {
  const { octokit, repo, resolve } = ctx;
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
    // A 5xx answer does not prove the issue was not created: look for it before creating again.
    request: { landed: () => findLandedIssue({ octokit, repo, body }) },
  });
  const issue = data;
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
  return { status: 'ok', number: issue.number, id: Number(issue.id) } as const;
}

/**
 * The issue a create that was answered 5xx made anyway: among the 100 most recently created
 * issues, the one whose marker names the same file and key as `body`'s; null when none.
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
async function findLandedIssue(params: {
  octokit: GithubClient;
  repo: RepoRef;
  body: string;
}): Promise<{ data: { number: number; id: number } } | null> {
  const wanted = decodeMarker(params.body);
  if (!wanted) return null;
  const { data } = await params.octokit.request('GET /repos/{owner}/{repo}/issues', {
    ...params.repo,
    state: 'all',
    sort: 'created',
    direction: 'desc',
    per_page: 100,
  });
  const found = data.find((issue) => {
    const marker = decodeMarker(issue.body);
    return !issue.pull_request && marker?.file === wanted.file && marker.key === wanted.key;
  });
  return found ? { data: { ...found, id: Number(found.id) } } : null;
}

async function updateIssue({ action, ctx }: Parameters<Applier<'update-issue'>>[0]) {
  await ctx.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...ctx.repo,
    issue_number: action.number,
    ...issueBody({ after: action.after, resolve: ctx.resolve }),
  });
  return { status: 'ok', number: action.number } as const;
}

async function linkSubIssue({ action, ctx }: Parameters<Applier<'link-sub-issue'>>[0]) {
  const parent = ctx.resolve(action.parent);
  const child = ctx.resolve(action.child);
  if (child.id === undefined) throw new Error(`no issue id for #${child.number}`);
  // The sub-issue API takes the issue id, not its number.
  // https://docs.github.com/en/rest/issues/sub-issues#add-sub-issue
  await ctx.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
    ...ctx.repo,
    issue_number: parent.number,
    sub_issue_id: child.id,
    ...(action.before !== null ? { replace_parent: true } : {}),
  });
  return { status: 'ok', number: child.number } as const;
}

async function unlinkSubIssue({ action, ctx }: Parameters<Applier<'unlink-sub-issue'>>[0]) {
  const child = ctx.resolve(action.child);
  await ctx.octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue', {
    ...ctx.repo,
    issue_number: action.parent,
    sub_issue_id: child.id,
  });
  return { status: 'ok', number: child.number } as const;
}

async function commentIssue({ action, ctx }: Parameters<Applier<'comment-issue'>>[0]) {
  const issue = ctx.resolve(action.issue);
  await ctx.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...ctx.repo,
    issue_number: issue.number,
    body: action.body,
    // A 5xx answer does not prove the comment was not posted: look for it before posting again.
    request: commentLandedCheck({
      octokit: ctx.octokit,
      repo: ctx.repo,
      issueNumber: issue.number,
      body: action.body,
    }),
  });
  return { status: 'ok', number: issue.number } as const;
}

async function editFile({
  action,
  ctx,
}: Parameters<Applier<'edit-file'>>[0]): Promise<ActionOutcome> {
  const edited = ctx.editText({ text: ctx.fileText, changes: action.changes });
  if (edited.text === ctx.fileText) {
    return {
      status: 'failed',
      error: `no edit possible: ${edited.problems.join('; ') || 'nothing to change'}`,
    };
  }
  return writePlanFile({
    octokit: ctx.octokit,
    repo: ctx.repo,
    action,
    text: edited.text,
    problems: edited.problems,
  });
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
    const list = data;
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
