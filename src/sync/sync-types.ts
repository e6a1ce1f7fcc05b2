/**
 * Types of the sync engine: what we read from GitHub (a snapshot), what we decide (actions), and
 * what happened when we applied them (results). Planning is a pure function from
 * (plan, snapshot, config) to actions; see plan-actions.ts.
 */
import type { ItemStatus } from '../plan/plan-types.js';
import type { PlanChange } from '../edit/edit-types.js';
import type { DashboardMarker } from './dashboard-marker.js';

export type { PlanChange };

export interface RepoRef {
  owner: string;
  repo: string;
}

/** What the app wrote into an issue body or milestone description last time it synced it. */
export interface Marker {
  v: 1;
  /** Plan file path the item comes from. */
  file: string;
  /** Item or milestone key (see assign-keys.ts). */
  key: string;
  /** Last synced values: the base of each three-way merge. */
  base: MarkerBase;
}

export interface MarkerBase {
  /** The GitHub title last synced (plain text, see issue-title.ts). */
  title: string;
  /**
   * The line's title in GitHub's form, only when it differs from `title`: a rename on GitHub that
   * the line could not say (links, emphasis, a cut title) is recorded here so neither side is
   * reverted (docs/decisions/0003).
   */
  fileTitle?: string;
  /** Set when the deliverable left the plan; such an issue is never revived by a similar line. */
  removed?: true;
  /** `closed` when the file had the deliverable done (or milestone closed) at the last sync. */
  state: 'open' | 'closed';
  /** Hash of the body/description text the app generated last time. */
  bodyHash: string;
  /** Managed labels the app set last time (issues only). */
  labels?: string[];
  /** Assignees from the file last time (issues only). */
  assignees?: string[];
  /** `YYYY-MM-DD` or null (milestones only). */
  due?: string | null;
}

export interface GithubMilestone {
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  /** As GitHub returns it, e.g. `2026-03-31T07:00:00Z`. */
  dueOn: string | null;
  marker: Marker | null;
}

export interface GithubIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  /** Milestone number. */
  milestone: number | null;
  /** Number of the parent issue (from `parent_issue_url`), when it is a sub-issue. */
  parent: number | null;
  marker: Marker | null;
  /** Login of the account that opened it (the app's bot for issues it created). */
  author: string | null;
}

/** Everything planning needs to know about GitHub and the file, read in one go. */
export interface GithubSnapshot {
  repo: RepoRef;
  defaultBranch: string;
  file: { path: string; sha: string; text: string; ref: string };
  milestones: GithubMilestone[];
  /**
   * Every issue (not pull request) of the repository, open and closed, except dashboards (issues
   * with a dashboard marker, see dashboard-marker.ts): those are never deliverables.
   */
  issues: GithubIssue[];
  labels: string[];
  /** The dashboard issue of this plan file (the oldest, if several); absent or null: none yet. */
  dashboard?: DashboardIssue | null;
}

/** A plan's dashboard issue as read (see src/sync/plan-dashboard.ts). */
export interface DashboardIssue {
  number: number;
  body: string;
  state: 'open' | 'closed';
  marker: DashboardMarker;
}

export interface SyncConfig {
  /** Close at most this share of the open deliverable issues because they vanished (0–1). */
  maxCloseShare: number;
  /** Refusal applies only when at least this many issues would be closed. */
  maxCloseMinimum: number;
  /** Labels the app manages get this prefix, e.g. `priority: P0`, `plan: backend tasks`. */
  priorityLabelPrefix: string;
  sectionLabelPrefix: string;
  /** Link issues of nested deliverables as sub-issues. */
  subIssues: boolean;
  /** Web base URL for permalinks, e.g. https://github.com */
  webUrl: string;
  /** Today as `YYYY-MM-DD` (for `✅ COMPLETED on <date>`); injected to keep planning pure. */
  today: string;
}

export const DEFAULT_SYNC_CONFIG: Omit<SyncConfig, 'today'> = {
  maxCloseShare: 0.5,
  maxCloseMinimum: 3,
  priorityLabelPrefix: 'priority: ',
  sectionLabelPrefix: 'plan: ',
  subIssues: true,
  webUrl: 'https://github.com',
};

/**
 * Refers to a milestone or issue that exists already (`number`, and `id` for issues: the
 * sub-issue API takes ids) or is created earlier in the same run (`key`).
 */
export type Ref = { number: number; id?: number } | { key: string };

export interface IssueFields {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  milestone: Ref | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | null;
}

export interface MilestoneFields {
  title: string;
  description: string;
  /** `YYYY-MM-DD`, sent as noon UTC so GitHub keeps the calendar day. */
  due: string | null;
  state: 'open' | 'closed';
}

interface ActionBase {
  /** Human explanation for reports only; never drives behaviour. */
  reason: string;
  /** Indexes of earlier actions this one needs; skipped when any of them failed. */
  dependsOn?: number[];
}

export type Action =
  | (ActionBase & {
      kind: 'create-label';
      after: { name: string; color: string; description: string };
    })
  | (ActionBase & { kind: 'create-milestone'; key: string; after: MilestoneFields })
  | (ActionBase & {
      kind: 'update-milestone';
      key: string;
      number: number;
      before: Partial<MilestoneFields>;
      after: Partial<MilestoneFields>;
    })
  | (ActionBase & { kind: 'create-issue'; key: string; after: IssueFields })
  | (ActionBase & {
      kind: 'update-issue';
      key: string;
      number: number;
      before: Partial<IssueFields>;
      after: Partial<IssueFields>;
    })
  | (ActionBase & {
      kind: 'link-sub-issue';
      key: string;
      parent: Ref;
      child: Ref;
      /** Current parent number when moving a sub-issue to another parent. */
      before: number | null;
    })
  | (ActionBase & { kind: 'unlink-sub-issue'; key: string; parent: number; child: Ref })
  | (ActionBase & { kind: 'comment-issue'; issue: Ref; body: string })
  | (ActionBase & {
      kind: 'edit-file';
      path: string;
      /** Blob sha the changes were planned against; the write is refused (409) if it moved on. */
      sha: string;
      branch: string;
      changes: PlanChange[];
      message: string;
    });

export interface Refusal {
  rule: 'mass-close';
  message: string;
}

export interface PlannedSync {
  actions: Action[];
  /** Set when the planner refuses to act; `actions` is then empty. */
  refusal: Refusal | null;
  /** Things worth telling people that need no action (e.g. a linked issue that does not exist). */
  notes: string[];
}

export type ActionOutcome =
  | { status: 'ok'; number?: number; id?: number; detail?: string }
  /** Dry run: everything up to the request was done; nothing was sent. */
  | { status: 'dry-run' }
  /** Done somewhere that still needs a person (a pull request); dependent actions wait. */
  | { status: 'deferred'; detail: string; number?: number }
  | { status: 'failed'; error: string; httpStatus?: number }
  | { status: 'skipped'; error: string };

export interface ActionResult {
  action: Action;
  outcome: ActionOutcome;
}

/** The status a deliverable maps to on GitHub. */
export function issueStateOf(status: ItemStatus): 'open' | 'closed' {
  return status === 'done' ? 'closed' : 'open';
}
