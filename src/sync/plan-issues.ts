import type { Item } from '../plan/plan-types.js';
import type { GithubIssue, IssueFields, Marker, MarkerBase, Ref } from './sync-types.js';
import { issueStateOf } from './sync-types.js';
import { replaceMarker } from './issue-marker.js';
import { issueBodyHash, renderIssueBody } from './render-issue-body.js';
import type { PlanEntry } from './match-github.js';
import { holdsState, stateAfter } from './predict-after-sync.js';
import type { TitleMerge } from './merge-title.js';
import { titleBase } from './merge-title.js';
import { desiredLabels } from './desired-labels.js';
import type { PlanningContext } from './planning-context.js';
import { PHASE, needsOf, sameBase } from './planning-context.js';

/** One deliverable as the issue planners see it. */
export interface IssuePlanInput {
  entry: PlanEntry;
  /**
   * The deliverable as the next parse will read it, once this sync's renames are in the file:
   * its key (a parent may be renamed) and text go into the marker, so one sync settles.
   */
  itemAfter: Item;
  milestoneRef: Ref | null;
}

function issueMarker(params: {
  ctx: PlanningContext;
  entry: PlanEntry;
  itemAfter: Item;
  state: 'open' | 'closed';
  titles: { title: string; fileTitle?: string };
}): Marker {
  const { ctx, entry, itemAfter } = params;
  return {
    v: 1,
    file: ctx.path,
    key: itemAfter.key,
    base: {
      ...params.titles,
      state: params.state,
      bodyHash: issueBodyHash({ item: itemAfter, milestone: entry.milestone }),
      labels: desiredLabels({ item: entry.item, milestone: entry.milestone, config: ctx.config }),
      assignees: [...entry.item.assignees],
    },
  };
}

/** A deliverable with no issue yet: one is created (closed right after when already done). */
export function createIssue(params: IssuePlanInput & { ctx: PlanningContext }): void {
  const { ctx, entry, milestoneRef } = params;
  const { item } = entry;
  const state = issueStateOf(item.status);
  const titles = titleBase({ merge: { kind: 'same' }, item, gh: null });
  const marker = issueMarker({ ctx, entry, itemAfter: params.itemAfter, state, titles });
  const after: IssueFields = {
    title: titles.title,
    body: renderIssueBody({
      item: params.itemAfter,
      milestone: entry.milestone,
      link: ctx.link,
      marker,
    }),
    labels: desiredLabels({ item, milestone: entry.milestone, config: ctx.config }),
    assignees: [...item.assignees],
    milestone: milestoneRef,
    state,
    stateReason: state === 'closed' ? 'completed' : null,
  };
  ctx.add({
    phase: PHASE.create,
    needs: needsOf(milestoneRef),
    action: {
      kind: 'create-issue',
      key: item.key,
      after,
      reason: `new deliverable “${item.title}” (line ${item.line})${state === 'closed' ? ', already done' : ''}`,
    },
  });
}

/** The fields of one issue update being built, and why. */
interface IssueUpdate {
  before: Partial<IssueFields>;
  after: Partial<IssueFields>;
  why: string[];
  /** The update records a change that the file edit carries: it must wait for that edit. */
  needsFile: boolean;
}

/** What merging one matched deliverable needs besides the planning context. */
interface MergeInput extends IssuePlanInput {
  ctx: PlanningContext;
  gh: GithubIssue;
  base: MarkerBase | null;
  titleMerge: TitleMerge;
  /** Matched through its `#N` link: the issue keeps its own title. */
  linked: boolean;
  update: IssueUpdate;
}

/**
 * A matched deliverable: each field merged (state and title three-way, see merge-field.ts and
 * merge-title.ts; milestone, labels, assignees and description from the file), then one update
 * (and a comment when a title was settled or a conflict decided).
 */
export function mergeIssue(
  params: IssuePlanInput & {
    ctx: PlanningContext;
    gh: GithubIssue;
    titleMerge: TitleMerge;
    linked: boolean;
  },
): void {
  const { ctx, gh } = params;
  const base = gh.marker?.file === ctx.path ? gh.marker.base : null;
  const input: MergeInput = {
    ...params,
    base,
    update: { before: {}, after: {}, why: [], needsFile: false },
  };
  const state = mergeIssueState(input);
  const comment = mergeIssueTitle(input);
  mergeIssueMilestone(input);
  mergeIssueLabels(input);
  mergeIssueAssignees(input);
  mergeIssueBody({ ...input, state });
  const { update, entry } = input;
  if (Object.keys(update.after).length > 0) {
    ctx.add({
      phase: PHASE.update,
      needs: needsOf(params.milestoneRef),
      needsFile: update.needsFile,
      action: {
        kind: 'update-issue',
        key: entry.item.key,
        number: gh.number,
        before: update.before,
        after: update.after,
        reason: `#${gh.number} “${entry.item.title}”: ${update.why.length > 0 ? update.why.join('; ') : 'record the synced state'}`,
      },
    });
  }
  if (comment) {
    ctx.add({
      phase: PHASE.comment,
      action: {
        kind: 'comment-issue',
        issue: { number: gh.number, id: gh.id },
        body: comment,
        reason: `title conflict on #${gh.number}`,
      },
    });
  }
}

/** State after this sync: whichever side differs is changed (GitHub by the update, the file by an edit). */
function mergeIssueState(input: MergeInput): 'open' | 'closed' {
  const { ctx, entry, gh, base, update } = input;
  const { item } = entry;
  const agreed = stateAfter({ item, gh, path: ctx.path });
  if (agreed !== gh.state) {
    update.before.state = gh.state;
    update.after.state = agreed;
    update.after.stateReason = agreed === 'closed' ? 'completed' : null;
    update.why.push(
      base === null
        ? `ticked in the plan (first sync of #${gh.number}: done wins)`
        : agreed === 'closed'
          ? 'ticked in the plan'
          : 'unticked in the plan',
    );
  } else if (holdsState(item) && agreed !== issueStateOf(item.status)) {
    ctx.fileChanges.push({
      kind: 'set-item-status',
      key: item.key,
      status: agreed === 'closed' ? 'done' : 'todo',
    });
    update.needsFile = true;
    if (base === null) {
      ctx.notes.push(
        `line ${item.line}: #${gh.number} is closed on GitHub, so its line is ticked (first sync of a linked issue: done wins)`,
      );
    }
  }
  return agreed;
}

/** Title (see merge-title.ts); returns the comment to post, if any. */
function mergeIssueTitle(input: MergeInput): string | null {
  const { ctx, entry, gh, titleMerge, update } = input;
  const { item } = entry;
  switch (titleMerge.kind) {
    case 'push':
      update.before.title = gh.title;
      update.after.title = titleMerge.title;
      update.why.push(`titled “${titleMerge.title}” in the plan`);
      return titleMerge.conflict
        ? `This issue was renamed here and in \`${ctx.path}\` at the same time; the plan's title “${titleMerge.title}” wins (it was “${gh.title}” here).`
        : null;
    case 'pull':
      ctx.fileChanges.push({ kind: 'rename-item', key: item.key, title: titleMerge.title });
      update.needsFile = true;
      return null;
    case 'keep':
      return titleMerge.announce
        ? `This issue was renamed here to “${gh.title}”. Its line in \`${ctx.path}\` (line ${item.line}) ${titleMerge.why ?? 'has links or formatting that a plain title cannot carry'}, so milestone-sync left the line as written; both titles stay as they are. Rename the line in the plan to change both.`
        : null;
    default:
      return null;
  }
}

/** Milestone membership is the file's. A milestone created in this run is never the current one. */
function mergeIssueMilestone(input: MergeInput): void {
  const { ctx, entry, gh, base, linked, milestoneRef, update } = input;
  const inPlace =
    milestoneRef === null
      ? gh.milestone === null || linked
      : 'number' in milestoneRef && milestoneRef.number === gh.milestone;
  if (inPlace) return;
  const where = entry.milestone ? `“${entry.milestone.title}”` : 'no milestone';
  update.before.milestone = gh.milestone === null ? null : { number: gh.milestone };
  update.after.milestone = milestoneRef;
  update.why.push(
    entry.milestone ? `it belongs to ${where}` : 'it is outside any milestone in the plan',
  );
  if (linked && gh.author !== null && base === null) {
    ctx.notes.push(
      `line ${entry.item.line} links #${gh.number} (opened by @${gh.author}): it is moved into ${where}`,
    );
  }
}

/**
 * Labels: add what the plan newly wants, remove what the app set earlier and the plan no longer
 * wants; a managed label someone removed on GitHub stays removed until the plan changes it.
 */
function mergeIssueLabels(input: MergeInput): void {
  const { ctx, entry, gh, base, update } = input;
  const want = desiredLabels({ item: entry.item, milestone: entry.milestone, config: ctx.config });
  const baseLabels = base?.labels ?? [];
  const has = new Set(gh.labels.map((l) => l.toLowerCase()));
  const toAdd = want.filter((l) => !has.has(l.toLowerCase()) && !baseLabels.includes(l));
  const toRemove = gh.labels.filter((l) => baseLabels.includes(l) && !want.includes(l));
  if (toAdd.length === 0 && toRemove.length === 0) return;
  update.before.labels = gh.labels;
  update.after.labels = [...gh.labels.filter((l) => !toRemove.includes(l)), ...toAdd];
  update.why.push(
    `labels ${[...toAdd.map((l) => `+${l}`), ...toRemove.map((l) => `-${l}`)].join(' ')}`,
  );
}

/** Assignees the plan newly names are added; the app never unassigns anyone. */
function mergeIssueAssignees(input: MergeInput): void {
  const { entry, gh, base, update } = input;
  const baseAssignees = base?.assignees ?? [];
  const added = entry.item.assignees.filter(
    (a) => !gh.assignees.includes(a) && !baseAssignees.includes(a),
  );
  if (added.length === 0) return;
  update.before.assignees = gh.assignees;
  update.after.assignees = [...gh.assignees, ...added];
  update.why.push(`assigned to ${added.map((a) => `@${a}`).join(', ')} in the plan`);
}

/**
 * Body: regenerated when the file's text changed (never for a linked issue, whose body is its
 * author's: only the marker is written); otherwise only the marker is refreshed when the base moved.
 */
function mergeIssueBody(input: MergeInput & { state: 'open' | 'closed' }): void {
  const { ctx, entry, gh, base, linked, update } = input;
  const titles = linked
    ? { title: base?.title ?? gh.title }
    : titleBase({ merge: input.titleMerge, item: entry.item, gh });
  const { itemAfter } = input;
  const marker = issueMarker({ ctx, entry, itemAfter, state: input.state, titles });
  const textChanged = !linked && (base === null || base.bodyHash !== marker.base.bodyHash);
  const settled = base !== null && gh.marker?.key === marker.key && sameBase(base, marker.base);
  if (!textChanged && settled) return;
  const body = textChanged
    ? renderIssueBody({ item: itemAfter, milestone: entry.milestone, link: ctx.link, marker })
    : replaceMarker({ body: gh.body, marker });
  if (body === (gh.body ?? '')) return;
  update.before.body = gh.body ?? '';
  update.after.body = body;
  if (textChanged && base !== null) update.why.push('its description changed in the plan');
}
