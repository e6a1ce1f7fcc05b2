import type { Action, Ref } from '../sync/sync-types.js';

/** The lists an update of a milestone or an issue is shown in, by both the preview and the summary. */
export type UpdateListName = 'rename' | 'move' | 'closeNotPlanned' | 'close' | 'reopen' | 'update';

type UpdateAction = Extract<Action, { kind: 'update-milestone' | 'update-issue' }>;

/**
 * The list lines of one update, shared by the pull-request preview and the merge summary (they
 * differ only in how things are named): a rename, a move between milestones, a close (as
 * completed or not planned), a reopen, and any other changed field. The body carries the sync
 * marker, so it follows any other change: it is listed alone only. An update that changes none of
 * these is listed as a state update.
 */
export function listUpdateChanges(params: {
  action: UpdateAction;
  /** How the issue or milestone is named at the start of each line. */
  what: string;
  title: (text: string) => string;
  milestone: (ref: Ref | null | undefined) => string;
  field?: (key: string) => string;
}): { list: UpdateListName; line: string }[] {
  const { action, what, title, milestone } = params;
  const { before, after } = action;
  const field = params.field ?? ((key: string) => key);
  const out: { list: UpdateListName; line: string }[] = [];
  if (after.title !== undefined && after.title !== before.title) {
    out.push({ list: 'rename', line: `- ${what} → ${title(after.title)}` });
  }
  if (action.kind === 'update-issue' && action.after.milestone !== undefined) {
    out.push({
      list: 'move',
      line: `- ${what}: ${milestone(action.before.milestone)} → ${milestone(action.after.milestone)}`,
    });
  }
  if (after.state === 'closed' && before.state !== 'closed') {
    const notPlanned = action.kind === 'update-issue' && action.after.stateReason === 'not_planned';
    out.push({ list: notPlanned ? 'closeNotPlanned' : 'close', line: `- ${what}` });
  }
  if (after.state === 'open' && before.state === 'closed') {
    out.push({ list: 'reopen', line: `- ${what}` });
  }
  const listed = out.length > 0;
  const other = Object.keys(after).filter(
    (k) => !['title', 'milestone', 'state', 'stateReason'].includes(k) && !(listed && k === 'body'),
  );
  if (other.length > 0 || !listed) {
    out.push({ list: 'update', line: `- ${what}: ${other.map(field).join(', ') || 'state'}` });
  }
  return out;
}
