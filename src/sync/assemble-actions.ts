import type { Action, GithubSnapshot, PlanChange } from './sync-types.js';
import type { Draft } from './planning-context.js';
import { PHASE } from './planning-context.js';

/**
 * Orders drafts by phase (labels, milestones, the file edit, creates, updates, links, closes,
 * comments), adds the one `edit-file` action carrying every GitHub → file change, and turns each
 * draft's `needs` into `dependsOn` indexes. A marker refresh that records a GitHub-side change
 * follows the file edit that carries it. Pure.
 */
export function assembleActions(params: {
  drafts: Draft[];
  fileChanges: PlanChange[];
  github: GithubSnapshot;
}): Action[] {
  const { fileChanges, github } = params;
  const drafts = [...params.drafts];
  if (fileChanges.length > 0) drafts.push(fileEditDraft({ fileChanges, github }));
  const phaseOf = (draft: Draft) =>
    draft.needsFile ? Math.max(draft.phase, PHASE.file + 0.5) : draft.phase;
  const ordered = drafts
    .map((draft, index) => ({ draft, index }))
    .sort((a, b) => phaseOf(a.draft) - phaseOf(b.draft) || a.index - b.index)
    .map(({ draft }) => draft);
  const createdAt = new Map<string, number>();
  let fileIndex = -1;
  const actions: Action[] = [];
  ordered.forEach((draft, index) => {
    const dependsOn = draft.needs
      .map((key) => createdAt.get(key))
      .filter((i): i is number => i !== undefined);
    if (draft.needsFile && fileIndex >= 0) dependsOn.push(fileIndex);
    const action = dependsOn.length > 0 ? { ...draft.action, dependsOn } : draft.action;
    actions.push(action);
    if (action.kind === 'create-milestone' || action.kind === 'create-issue')
      createdAt.set(action.key, index);
    if (action.kind === 'edit-file') fileIndex = index;
  });
  return actions;
}

function fileEditDraft(params: { fileChanges: PlanChange[]; github: GithubSnapshot }): Draft {
  const { fileChanges, github } = params;
  const count = (kind: PlanChange['kind']) => fileChanges.filter((c) => c.kind === kind).length;
  const ticks = count('set-item-status');
  const renames = count('rename-item');
  const statuses = count('set-milestone-status');
  const progress = count('set-progress');
  const parts = [
    ticks > 0 ? `${ticks} state${ticks === 1 ? '' : 's'}` : '',
    renames > 0 ? `${renames} title${renames === 1 ? '' : 's'}` : '',
    statuses > 0 ? `${statuses} milestone status${statuses === 1 ? '' : 'es'}` : '',
  ].filter((p) => p !== '');
  const follows =
    progress > 0
      ? ` (${progress} progress line${progress === 1 ? '' : 's'} follow${progress === 1 ? 's' : ''})`
      : '';
  return {
    phase: PHASE.file,
    needs: [],
    needsFile: false,
    action: {
      kind: 'edit-file',
      path: github.file.path,
      sha: github.file.sha,
      branch: github.defaultBranch,
      changes: fileChanges,
      message: `milestone-sync: update ${parts.join(', ')} from GitHub${follows}`,
      reason: `GitHub changed ${parts.join(', ')}${follows}`,
    },
  };
}
