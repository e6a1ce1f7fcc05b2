import type { Item, Milestone } from '../plan/plan-types.js';
import type { GithubIssue } from './sync-types.js';
import { issueStateOf } from './sync-types.js';
import { mergeState } from './merge-field.js';

/**
 * What the plan will say once this sync's three-way merges are applied (states, titles, keys,
 * milestone states), so that planning decides each field once and markers written now match the
 * next parse. Pure.
 */

/**
 * Whether the file can say this deliverable's state: a checkbox can, a table row only when its
 * table has a Status column. Otherwise GitHub alone holds the state.
 */
export function holdsState(item: Item): boolean {
  return item.source.kind === 'checkbox' || item.source.status !== null;
}

/**
 * The state a matched deliverable will have after this sync: the file's when only the file
 * changed, GitHub's when GitHub changed (GitHub wins a conflict), done when there is no base yet.
 */
export function stateAfter(params: {
  item: Item;
  gh: GithubIssue;
  path: string;
}): 'open' | 'closed' {
  const { item, gh, path } = params;
  if (!holdsState(item)) return gh.state;
  const base = gh.marker?.file === path ? gh.marker.base.state : null;
  return mergeState({ base, file: issueStateOf(item.status), github: gh.state });
}

/**
 * A milestone's state as the file will say it after this sync: its Status line when it has one,
 * else closed when every deliverable will be done (or a status emoji in its heading says done).
 */
export function milestoneStateAfter(params: {
  milestone: Milestone;
  statesAfter: Map<Item, 'open' | 'closed'>;
}): 'open' | 'closed' {
  const { milestone, statesAfter } = params;
  if (milestone.status) return milestone.state;
  const all = (items: Item[]): Item[] => items.flatMap((i) => [i, ...all(i.children)]);
  const items = all(milestone.items);
  const doneNow = items.length > 0 && items.every((i) => i.status === 'done');
  if (milestone.state === 'closed' && !doneNow) return 'closed'; // a ✅ in the heading
  return items.length > 0 && items.every((i) => statesAfter.get(i) === 'closed')
    ? 'closed'
    : 'open';
}
