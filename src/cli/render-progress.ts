import type { ActionProgress } from '../sync/apply-actions.js';
import type { Action } from '../sync/sync-types.js';

const PHASES: Record<Action['kind'], string> = {
  'create-label': 'Creating labels',
  'create-milestone': 'Creating milestones',
  'update-milestone': 'Updating milestones',
  'create-issue': 'Creating issues',
  'update-issue': 'Updating issues',
  'link-sub-issue': 'Linking sub-issues',
  'unlink-sub-issue': 'Unlinking sub-issues',
  'comment-issue': 'Commenting',
  'edit-file': 'Writing the plan file',
};

/** What a progress line says: `Creating issues 120/264`. */
export function describeProgress(progress: ActionProgress): string {
  return `${PHASES[progress.action.kind]} ${progress.done}/${progress.total}`;
}

/**
 * Renders the executor's progress on a stream (the CLI's stderr), so a first sync of a big plan,
 * paced over minutes, shows it is alive. On a terminal: one line updated in place after every
 * action and erased at the end, so the report follows on a clean line. Otherwise (a log, CI):
 * plain lines, at most one per `everyActions` actions or `everyMs` of time, whichever comes first,
 * plus a last one; a sync shorter than both prints nothing.
 */
export function renderProgress(params: {
  stream: { write: (text: string) => unknown; isTTY?: boolean };
  now?: () => number;
  everyActions?: number;
  everyMs?: number;
}): (progress: ActionProgress) => void {
  const { stream } = params;
  const now = params.now ?? Date.now;
  const everyActions = params.everyActions ?? 50;
  const everyMs = params.everyMs ?? 10_000;
  if (stream.isTTY) {
    return (progress) => {
      const last = progress.done === progress.total;
      stream.write(`\r\x1b[2K${last ? '' : `${describeProgress(progress)} …`}`);
    };
  }
  let lastDone = 0;
  let lastAt = now();
  let printed = false;
  return (progress) => {
    if (progress.done < lastDone) {
      // A new round (the file moved on and the sync re-planned): start counting again.
      lastDone = 0;
      lastAt = now();
    }
    const last = progress.done === progress.total;
    const due = progress.done - lastDone >= everyActions || now() - lastAt >= everyMs;
    if (!due && !(last && printed)) return;
    stream.write(`${describeProgress(progress)}\n`);
    printed = !last;
    lastDone = progress.done;
    lastAt = now();
  };
}
