import type { Action, Ref } from '../../src/sync/sync-types.js';
import { showDifference } from './show-difference.js';

/** One line saying what an action does and to what, for check reports. */
export function describeAction(action: Action): string {
  return `${actionSubject(action)} (${action.reason})`;
}

function actionSubject(action: Action): string {
  switch (action.kind) {
    case 'create-label':
      return `create-label "${action.after.name}"`;
    case 'create-milestone':
      return `create-milestone "${action.after.title}"`;
    case 'update-milestone':
      return `update-milestone #${action.number} ${describeFields(action)}`;
    case 'create-issue':
      return `create-issue "${action.after.title}"`;
    case 'update-issue':
      return `update-issue #${action.number} ${describeFields(action)}`;
    case 'link-sub-issue':
      return `link-sub-issue ${ref(action.child)} under ${ref(action.parent)}`;
    case 'unlink-sub-issue':
      return `unlink-sub-issue ${ref(action.child)} from #${action.parent}`;
    case 'comment-issue':
      return `comment-issue ${ref(action.issue)}`;
    case 'edit-file':
      return `edit-file ${action.path}: ${action.changes.length} change(s)`;
  }
}

function describeFields(action: { before: object; after: object }): string {
  const before = action.before as Record<string, unknown>;
  const after = action.after as Record<string, unknown>;
  return Object.keys(after)
    .map((field) => {
      const { before: was, after: now } = showDifference({
        before: JSON.stringify(before[field]) ?? 'undefined',
        after: JSON.stringify(after[field]) ?? 'undefined',
      });
      return `${field}: ${was} → ${now}`;
    })
    .join('; ');
}

function ref(target: Ref): string {
  return 'number' in target ? `#${target.number}` : `[${target.key}]`;
}
