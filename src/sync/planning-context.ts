import type {
  Action,
  GithubSnapshot,
  MarkerBase,
  PlanChange,
  Ref,
  SyncConfig,
} from './sync-types.js';
import type { FileLink } from './render-issue-body.js';

/**
 * What the per-resource planners (plan-labels, plan-milestones, plan-issues, plan-sub-issues,
 * plan-removals) share while planning one sync: the inputs, and where they put what they decide.
 * Planning stays pure: the context only collects data.
 */

/** An action not yet placed, with what it waits for. */
export interface Draft {
  action: Action;
  /** Keys of milestones/issues created in this run that it needs. */
  needs: string[];
  /** Needs the file edit to have landed (a base refresh after GitHub won). */
  needsFile: boolean;
  phase: number;
}

export type DraftInput = Omit<Draft, 'needs' | 'needsFile'> & Partial<Draft>;

/** The order actions are applied in; see assemble-actions.ts. */
export const PHASE = {
  label: 0,
  milestone: 1,
  file: 2,
  create: 3,
  update: 4,
  link: 5,
  close: 6,
  comment: 7,
} as const;

export interface PlanningContext {
  github: GithubSnapshot;
  config: SyncConfig;
  /** The plan file's path (the `file` of every marker this sync writes). */
  path: string;
  link: FileLink;
  drafts: Draft[];
  /** GitHub → file changes, made in one commit (one `edit-file` action). */
  fileChanges: PlanChange[];
  /** Things worth telling people that need no action. */
  notes: string[];
  add: (draft: DraftInput) => void;
}

export function createPlanningContext(params: {
  github: GithubSnapshot;
  config: SyncConfig;
}): PlanningContext {
  const { github, config } = params;
  const path = github.file.path;
  const drafts: Draft[] = [];
  return {
    github,
    config,
    path,
    link: { repo: github.repo, path, ref: github.file.ref, webUrl: config.webUrl },
    drafts,
    fileChanges: [],
    notes: [],
    add: (draft) => drafts.push({ needs: [], needsFile: false, ...draft }),
  };
}

/** The key of a milestone or issue created in this run, or '' for one that exists. */
function refKey(ref: Ref | null | undefined): string {
  return ref && 'key' in ref ? ref.key : '';
}

/** Keys of created things an action needs (see `Draft.needs`). */
export function needsOf(...refs: (Ref | null | undefined)[]): string[] {
  return refs.map(refKey).filter((k) => k !== '');
}

/** Whether two bases record the same synced values (order of labels and assignees aside). */
export function sameBase(a: MarkerBase, b: MarkerBase): boolean {
  return JSON.stringify(normalizeBase(a)) === JSON.stringify(normalizeBase(b));
}

function normalizeBase(base: MarkerBase): MarkerBase {
  return {
    title: base.title,
    fileTitle: base.fileTitle,
    state: base.state,
    bodyHash: base.bodyHash,
    labels: base.labels ? [...base.labels].sort() : undefined,
    assignees: base.assignees ? [...base.assignees].sort() : undefined,
    due: base.due,
    removed: base.removed,
  };
}
