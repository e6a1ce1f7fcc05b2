import type { Action, PlanChange, Ref } from '../../../src/sync/sync-types.js';

/**
 * One short line per action, so a test can compare a whole plan at once:
 * `update-issue #1 state=closed stateReason=completed body` (long texts are named, not shown).
 */
export function summarize(actions: Action[]): string[] {
  return actions.map(summarizeOne);
}

function ref(value: Ref | null): string {
  if (value === null) return 'null';
  return 'number' in value ? `#${value.number}` : `(${value.key})`;
}

function fields(after: Record<string, unknown>): string {
  return Object.entries(after)
    .map(([name, value]) => {
      if (name === 'body' || name === 'description') return name;
      if (name === 'milestone') return `milestone=${ref(value as Ref | null)}`;
      if (Array.isArray(value)) return `${name}=[${value.join(',')}]`;
      return `${name}=${String(value)}`;
    })
    .join(' ');
}

function change(c: PlanChange): string {
  if (c.kind === 'set-progress') return `set-progress line ${c.line} ${c.before} → ${c.after}`;
  return c.kind === 'rename-item'
    ? `rename-item ${c.key} “${c.title}”`
    : `${c.kind} ${c.key} ${c.status}`;
}

function summarizeOne(action: Action): string {
  switch (action.kind) {
    case 'create-label':
      return `create-label ${action.after.name}`;
    case 'create-milestone':
      return `create-milestone ${action.key} ${fields({ ...action.after })}`;
    case 'update-milestone':
      return `update-milestone #${action.number} ${fields({ ...action.after })}`;
    case 'create-issue':
      return `create-issue ${action.key} ${fields({ ...action.after })}`;
    case 'update-issue':
      return `update-issue #${action.number} ${fields({ ...action.after })}`;
    case 'link-sub-issue':
      return `link-sub-issue ${ref(action.parent)} ← ${ref(action.child)}`;
    case 'unlink-sub-issue':
      return `unlink-sub-issue #${action.parent} ← ${ref(action.child)}`;
    case 'comment-issue':
      return `comment-issue ${ref(action.issue)}`;
    case 'edit-file':
      return `edit-file ${action.changes.map(change).join('; ')}`;
  }
}
