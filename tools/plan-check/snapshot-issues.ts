import type { FakeIssue, FakeRepo } from '@milestone-sync/fake-github';
import type { IssueChange } from './check-types.js';

/**
 * What a person sees of an issue (or of a pull request's issue side): every field a sync could
 * touch. Plain data, deep-copied out of the fake, so a later sync cannot change a snapshot.
 */
export interface IssueSnapshot {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  /** Label names in the order the issue holds them. */
  labels: string[];
  /** Milestone title and number (`Community backlog (#1)`), or null. */
  milestone: string | null;
  assignees: string[];
  /** Number of the parent issue when this is a sub-issue. */
  parent: number | null;
  /** Numbers of its sub-issues, in order. */
  sub_issues: number[];
  comments: number;
  locked: boolean;
}

/** Snapshots of every issue and pull request of the fake repository, by number. */
export function snapshotIssues(repo: FakeRepo): Map<number, IssueSnapshot> {
  const numberById = new Map<number, number>();
  for (const issue of repo.issues.values()) numberById.set(issue.id, issue.number);
  const comments = new Map<number, number>();
  for (const comment of repo.comments.values())
    comments.set(comment.issueNumber, (comments.get(comment.issueNumber) ?? 0) + 1);
  const snapshots = new Map<number, IssueSnapshot>();
  for (const issue of repo.issues.values())
    snapshots.set(issue.number, snapshotIssue({ repo, issue, numberById, comments }));
  return snapshots;
}

function snapshotIssue(params: {
  repo: FakeRepo;
  issue: FakeIssue;
  numberById: Map<number, number>;
  comments: Map<number, number>;
}): IssueSnapshot {
  const { repo, issue, numberById } = params;
  const milestone =
    issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    labels: issue.labelIds.map(
      (id) => repo.labels.find((label) => label.id === id)?.name ?? `(label id ${id})`,
    ),
    milestone:
      issue.milestoneNumber === null
        ? null
        : `${milestone?.title ?? '(deleted)'} (#${issue.milestoneNumber})`,
    assignees: [...issue.assigneeLogins],
    parent: issue.parentId === null ? null : (numberById.get(issue.parentId) ?? -1),
    sub_issues: issue.subIssueIds.map((id) => numberById.get(id) ?? -1),
    comments: params.comments.get(issue.number) ?? 0,
    locked: issue.locked,
  };
}

/**
 * Every field of every issue in `before` (minus `exempt` numbers) that is not identical in
 * `after`, in number then field order. An issue missing afterwards is one change of field
 * `(issue)`.
 */
export function compareIssueSnapshots(params: {
  before: Map<number, IssueSnapshot>;
  after: Map<number, IssueSnapshot>;
  exempt: ReadonlySet<number>;
}): IssueChange[] {
  const changes: IssueChange[] = [];
  const numbers = [...params.before.keys()].sort((a, b) => a - b);
  for (const number of numbers) {
    if (params.exempt.has(number)) continue;
    const before = params.before.get(number) as IssueSnapshot;
    const after = params.after.get(number);
    if (!after) {
      changes.push({ number, field: '(issue)', before: 'present', after: 'missing' });
      continue;
    }
    for (const field of Object.keys(before) as (keyof IssueSnapshot)[]) {
      const was = JSON.stringify(before[field]);
      const now = JSON.stringify(after[field]);
      if (was !== now) changes.push({ number, field, before: was, after: now });
    }
  }
  return changes;
}
