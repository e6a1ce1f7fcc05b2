import type { FakeContext } from './fake-context.js';
import type { FakeIssue, FakeRepo, StateReason } from './fake-state.js';
import { allocateId, makeNodeId } from './fake-state.js';
import { validationFailed } from './http-error.js';
import { ensureLabels } from './label-operations.js';
import { renderIssue } from './render-issue.js';
import { renderLabel } from './render-label.js';
import { renderMilestone } from './render-milestone.js';

/** Emits `issues.<action>` with the issue as it is now. */
function emitIssues(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  action: string;
  extra?: Record<string, unknown>;
}): void {
  if (params.issue.isPullRequest) return; // PR edits are `pull_request` events; not modelled.
  params.ctx.emit({
    name: 'issues',
    repo: params.repo,
    senderLogin: params.actorLogin,
    payload: {
      action: params.action,
      issue: renderIssue({ ctx: params.ctx, repo: params.repo, issue: params.issue }),
      ...params.extra,
    },
  });
}

function requireMilestone(params: { repo: FakeRepo; number: number | null }): number | null {
  if (params.number === null) return null;
  if (!params.repo.milestones.has(params.number)) {
    throw validationFailed([
      { value: params.number, resource: 'Issue', field: 'milestone', code: 'invalid' },
    ]);
  }
  return params.number;
}

export interface CreateIssueParams {
  ctx: FakeContext;
  repo: FakeRepo;
  actorLogin: string;
  title: string;
  body?: string | null;
  labels?: readonly string[];
  milestone?: number | null;
  assignees?: readonly string[];
  isPullRequest?: boolean;
}

/** Creates an issue (or the issue side of a PR) with the next shared number; emits `issues.opened`. */
export function createIssue(params: CreateIssueParams): FakeIssue {
  const { ctx, repo } = params;
  const milestoneNumber = requireMilestone({ repo, number: params.milestone ?? null });
  const id = allocateId(ctx.state);
  const now = ctx.clock.now();
  const issue: FakeIssue = {
    id,
    nodeId: makeNodeId({ prefix: params.isPullRequest ? 'PR' : 'I', id }),
    number: repo.nextNumber,
    title: params.title,
    body: params.body ?? null,
    state: 'open',
    stateReason: null,
    labelIds: ensureLabels({ ctx, repo, names: params.labels ?? [] }).map((label) => label.id),
    milestoneNumber,
    assigneeLogins: [...(params.assignees ?? [])],
    authorLogin: params.actorLogin,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedByLogin: null,
    locked: false,
    parentId: null,
    subIssueIds: [],
    isPullRequest: params.isPullRequest ?? false,
  };
  repo.nextNumber += 1;
  repo.issues.set(issue.number, issue);
  emitIssues({ ctx, repo, issue, actorLogin: params.actorLogin, action: 'opened' });
  return issue;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: StateReason;
  /** Replaces all labels (names). */
  labels?: readonly string[];
  milestone?: number | null;
  assignees?: readonly string[];
}

/**
 * Applies a PATCH the way GitHub does and emits one event per kind of change:
 * `edited` (with `changes.title/body.from`), `closed`/`reopened`,
 * `labeled`/`unlabeled` per label, `milestoned`/`demilestoned`.
 * https://docs.github.com/rest/issues/issues#update-an-issue
 */
export function updateIssue(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  patch: IssuePatch;
}): FakeIssue {
  const { ctx, repo, issue, patch, actorLogin } = params;
  const now = ctx.clock.now();
  const emit = (action: string, extra?: Record<string, unknown>): void =>
    emitIssues({ ctx, repo, issue, actorLogin, action, extra });

  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? '' };
    issue.body = patch.body;
  }
  const milestoneNumber =
    patch.milestone === undefined
      ? issue.milestoneNumber
      : requireMilestone({ repo, number: patch.milestone });
  let labelDiff: { added: number[]; removed: number[] } = { added: [], removed: [] };
  if (patch.labels !== undefined) {
    const next = ensureLabels({ ctx, repo, names: patch.labels }).map((label) => label.id);
    labelDiff = {
      added: next.filter((id) => !issue.labelIds.includes(id)),
      removed: issue.labelIds.filter((id) => !next.includes(id)),
    };
    issue.labelIds = [...new Set(next)];
  }
  if (patch.assignees !== undefined) issue.assigneeLogins = [...patch.assignees];
  const previousMilestone = issue.milestoneNumber;
  issue.milestoneNumber = milestoneNumber;
  const stateChange = patch.state !== undefined && patch.state !== issue.state ? patch.state : null;
  if (stateChange === 'closed') {
    issue.state = 'closed';
    issue.stateReason = patch.state_reason ?? 'completed';
    issue.closedAt = now;
    issue.closedByLogin = actorLogin;
  } else if (stateChange === 'open') {
    issue.state = 'open';
    issue.stateReason = 'reopened';
    issue.closedAt = null;
    issue.closedByLogin = null;
  } else if (
    patch.state_reason !== undefined &&
    issue.state === 'closed' &&
    patch.state_reason !== null
  ) {
    issue.stateReason = patch.state_reason;
  }
  issue.updatedAt = now;

  if (Object.keys(changes).length > 0) emit('edited', { changes });
  if (stateChange === 'closed') emit('closed');
  if (stateChange === 'open') emit('reopened');
  for (const id of labelDiff.removed)
    emitLabelEvent({ ctx, repo, issue, actorLogin, id, action: 'unlabeled' });
  for (const id of labelDiff.added)
    emitLabelEvent({ ctx, repo, issue, actorLogin, id, action: 'labeled' });
  if (previousMilestone !== milestoneNumber) {
    if (previousMilestone !== null) {
      const old = repo.milestones.get(previousMilestone);
      emit('demilestoned', {
        milestone: old ? renderMilestone({ ctx, repo, milestone: old }) : null,
      });
    }
    if (milestoneNumber !== null) {
      const milestone = repo.milestones.get(milestoneNumber);
      if (milestone) emit('milestoned', { milestone: renderMilestone({ ctx, repo, milestone }) });
    }
  }
  return issue;
}

function emitLabelEvent(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  id: number;
  action: 'labeled' | 'unlabeled';
}): void {
  const label = params.repo.labels.find((candidate) => candidate.id === params.id);
  emitIssues({
    ...params,
    extra: label ? { label: renderLabel({ ctx: params.ctx, repo: params.repo, label }) } : {},
  });
}

/** POST /issues/{n}/labels: adds labels (creating unknown names); emits `labeled` per new label. */
export function addLabels(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  names: readonly string[];
}): void {
  const current = params.issue.labelIds
    .map((id) => params.repo.labels.find((label) => label.id === id)?.name)
    .filter((name): name is string => name !== undefined);
  updateIssue({ ...params, patch: { labels: [...current, ...params.names] } });
}

/** DELETE /issues/{n}/labels/{name}: emits `unlabeled`; 404 "Label does not exist" if not on the issue. */
export function removeLabel(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  issue: FakeIssue;
  actorLogin: string;
  name: string;
}): boolean {
  const wanted = params.name.toLowerCase();
  const remaining = params.issue.labelIds
    .map((id) => params.repo.labels.find((label) => label.id === id)?.name)
    .filter((name): name is string => name !== undefined);
  const next = remaining.filter((name) => name.toLowerCase() !== wanted);
  if (next.length === remaining.length) return false;
  updateIssue({ ...params, patch: { labels: next } });
  return true;
}
