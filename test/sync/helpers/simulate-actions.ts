/**
 * A pure stand-in for GitHub that applies planned actions to a snapshot the way the REST API
 * would (numbers allocated in order, labels created on use, closing sets a state reason, the
 * marker read back from the body), so planner tests can check that a second plan is empty.
 */
import { planEdits } from '../../../src/edit/plan-edits.js';
import { applyEdits } from '../../../src/edit/apply-edits.js';
import { decodeMarker, hashText } from '../../../src/sync/issue-marker.js';
import { planActions } from '../../../src/sync/plan-actions.js';
import type {
  Action,
  GithubIssue,
  GithubSnapshot,
  IssueFields,
  PlanChange,
  PlannedSync,
  Ref,
} from '../../../src/sync/sync-types.js';
import { BOT, CONFIG, TODAY, issueId, parse, snapshot } from './snapshot-builders.js';

export type EditText = (params: { text: string; changes: PlanChange[] }) => {
  text: string;
  problems: string[];
};

/** The real file editor (src/edit): the smallest edits that make the changes. */
export const editWithPlanEdits: EditText = ({ text, changes }) => {
  const result = planEdits({ text, changes, today: TODAY });
  return {
    text: applyEdits({ text, edits: result.edits }),
    problems: result.problems.map((p) => p.message),
  };
};

export interface Simulation {
  snapshot: GithubSnapshot;
  comments: { issue: number; body: string }[];
}

export function simulateActions(params: {
  snapshot: GithubSnapshot;
  actions: Action[];
  editText?: EditText;
}): Simulation {
  const editText = params.editText ?? editWithPlanEdits;
  const state: GithubSnapshot = structuredClone(params.snapshot);
  const comments: Simulation['comments'] = [];
  const created = new Map<string, number>();
  const resolve = (ref: Ref): number => {
    if ('number' in ref) return ref.number;
    const number = created.get(ref.key);
    if (number === undefined) throw new Error(`simulator: ${ref.key} was not created`);
    return number;
  };
  const issue = (number: number): GithubIssue => {
    const found = state.issues.find((i) => i.number === number);
    if (!found) throw new Error(`simulator: no issue #${number}`);
    return found;
  };
  const useLabels = (names: string[]) => {
    for (const name of names)
      if (!state.labels.some((l) => l.toLowerCase() === name.toLowerCase()))
        state.labels.push(name);
  };
  const patchIssue = (target: GithubIssue, after: Partial<IssueFields>) => {
    if (after.title !== undefined) target.title = after.title;
    if (after.body !== undefined) {
      target.body = after.body;
      target.marker = decodeMarker(after.body);
    }
    if (after.labels !== undefined) {
      useLabels(after.labels);
      target.labels = [...after.labels];
    }
    if (after.assignees !== undefined) target.assignees = [...after.assignees];
    if (after.milestone !== undefined)
      target.milestone = after.milestone === null ? null : resolve(after.milestone);
    if (after.state !== undefined && after.state !== target.state) {
      target.state = after.state;
      target.stateReason =
        after.state === 'closed' ? (after.stateReason ?? 'completed') : 'reopened';
    }
  };
  for (const action of params.actions) {
    switch (action.kind) {
      case 'create-label':
        useLabels([action.after.name]);
        break;
      case 'create-milestone': {
        const number = Math.max(0, ...state.milestones.map((m) => m.number)) + 1;
        state.milestones.push({
          number,
          title: action.after.title,
          description: action.after.description,
          state: action.after.state,
          dueOn: action.after.due === null ? null : `${action.after.due}T07:00:00Z`,
          marker: decodeMarker(action.after.description),
        });
        created.set(action.key, number);
        break;
      }
      case 'update-milestone': {
        const target = state.milestones.find((m) => m.number === action.number);
        if (!target) throw new Error(`simulator: no milestone ${action.number}`);
        const { after } = action;
        if (after.title !== undefined) target.title = after.title;
        if (after.description !== undefined) {
          target.description = after.description;
          target.marker = decodeMarker(after.description);
        }
        if (after.state !== undefined) target.state = after.state;
        if (after.due !== undefined && after.due !== null) target.dueOn = `${after.due}T07:00:00Z`;
        break;
      }
      case 'create-issue': {
        const number = Math.max(0, ...state.issues.map((i) => i.number)) + 1;
        const fresh: GithubIssue = {
          id: issueId(number),
          number,
          title: '',
          body: null,
          state: 'open',
          stateReason: null,
          labels: [],
          assignees: [],
          milestone: null,
          parent: null,
          marker: null,
          author: BOT,
        };
        state.issues.push(fresh);
        patchIssue(fresh, action.after);
        created.set(action.key, number);
        break;
      }
      case 'update-issue':
        patchIssue(issue(action.number), action.after);
        break;
      case 'link-sub-issue':
        issue(resolve(action.child)).parent = resolve(action.parent);
        break;
      case 'unlink-sub-issue':
        issue(resolve(action.child)).parent = null;
        break;
      case 'comment-issue':
        comments.push({ issue: resolve(action.issue), body: action.body });
        break;
      case 'edit-file': {
        if (action.sha !== state.file.sha) throw new Error('simulator: stale file sha (409)');
        const edited = editText({ text: state.file.text, changes: action.changes });
        if (edited.problems.length > 0)
          throw new Error(`simulator: edit problems: ${edited.problems.join('; ')}`);
        state.file = { ...state.file, text: edited.text, sha: `sha-${hashText(edited.text)}` };
        break;
      }
    }
  }
  return { snapshot: state, comments };
}

/** Plans against the snapshot's own file text. */
export function plan(github: GithubSnapshot): PlannedSync {
  return planActions({ plan: parse(github.file.text), github, config: CONFIG });
}

/** Plans against `text` as the file, keeping the rest of the snapshot. */
export function planText(text: string, github: GithubSnapshot): PlannedSync {
  return plan({ ...github, file: { ...github.file, text } });
}

/** GitHub as a first sync of `text` into an empty repository leaves it. */
export function syncedSnapshot(text: string): GithubSnapshot {
  const empty = snapshot({ text });
  const first = plan(empty);
  if (first.refusal) throw new Error(first.refusal.message);
  return simulateActions({ snapshot: empty, actions: first.actions }).snapshot;
}

/** The issue whose marker has this key; throws when none. */
export function issueByKey(github: GithubSnapshot, key: string): GithubIssue {
  const found = github.issues.find((i) => i.marker?.key === key);
  if (!found) throw new Error(`no issue with key ${key}`);
  return found;
}

/** Returns a copy of the snapshot with one issue changed (as a person on GitHub would). */
export function withIssue(
  github: GithubSnapshot,
  key: string,
  change: (issue: GithubIssue) => void,
): GithubSnapshot {
  const copy = structuredClone(github);
  change(issueByKey(copy, key));
  return copy;
}
