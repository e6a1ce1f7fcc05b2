import type { Item, Milestone, Plan, PlanConfig } from '../plan/plan-types.js';
import type {
  Action,
  GithubIssue,
  GithubMilestone,
  GithubSnapshot,
  IssueFields,
  Marker,
  MarkerBase,
  MilestoneFields,
  PlanChange,
  PlannedSync,
  Ref,
  SyncConfig,
} from './sync-types.js';
import { issueStateOf } from './sync-types.js';
import { replaceMarker } from './issue-marker.js';
import type { FileLink } from './render-issue-body.js';
import {
  issueBodyHash,
  milestoneDescriptionHash,
  renderIssueBody,
  renderMilestoneDescription,
} from './render-issue-body.js';
import type { PlanEntry } from './match-github.js';
import { flattenPlan, matchIssues, matchMilestones } from './match-github.js';
import {
  holdsState,
  keysAfterRenames,
  milestoneStateAfter,
  stateAfter,
} from './predict-after-sync.js';
import type { TitleMerge } from './merge-title.js';
import { mergeTitles, titleBase } from './merge-title.js';
import { milestoneTitleOf } from './issue-title.js';
import { checkMassClose } from './check-mass-close.js';
import { desiredLabels, labelColor, planLabels } from './desired-labels.js';

/** An action not yet placed, with what it waits for. */
interface Draft {
  action: Action;
  /** Keys of milestones/issues created in this run that it needs. */
  needs: string[];
  /** Needs the file edit to have landed (a base refresh after GitHub won). */
  needsFile: boolean;
  phase: number;
}

const PHASE = {
  label: 0,
  milestone: 1,
  file: 2,
  create: 3,
  update: 4,
  link: 5,
  close: 6,
  comment: 7,
} as const;

/**
 * Decides what to do to make GitHub and the plan file agree. Pure: no I/O, same input → same
 * actions. Matching order: explicit `#N` link, identity marker, rename (similar text in the same
 * milestone), move (same text in another milestone). Each field is a three-way merge against the
 * base stored in the marker:
 * - only the file changed → the file wins; only GitHub changed → GitHub wins and the file is edited;
 * - both changed: state → GitHub wins; title → the file wins and the issue gets a comment.
 * Structure (milestone membership, parent, labels, due dates, descriptions) is the file's.
 */
export function planActions(params: {
  plan: Plan;
  github: GithubSnapshot;
  config: SyncConfig;
  /** The repository's plan config, to check that renames of lines read back (see planEdits). */
  planConfig?: PlanConfig;
}): PlannedSync {
  const { plan, github, config } = params;
  const path = github.file.path;
  const link: FileLink = { repo: github.repo, path, ref: github.file.ref, webUrl: config.webUrl };
  const drafts: Draft[] = [];
  const fileChanges: PlanChange[] = [];
  const notes: string[] = [];
  const add = (draft: Omit<Draft, 'needs' | 'needsFile'> & Partial<Draft>) =>
    drafts.push({ needs: [], needsFile: false, ...draft });

  // Labels the plan needs that the repository lacks.
  const existingLabels = new Set(github.labels.map((l) => l.toLowerCase()));
  const entries = flattenPlan(plan);
  for (const name of planLabels({ plan, config })) {
    if (existingLabels.has(name.toLowerCase())) continue;
    add({
      phase: PHASE.label,
      action: {
        kind: 'create-label',
        after: { name, color: labelColor(name), description: 'Managed by milestone-sync' },
        reason: `the plan uses label “${name}”`,
      },
    });
  }

  // Deliverables are matched first: a milestone's state may follow its deliverables' states
  // after this sync.
  const { matches, linked, copies, duplicates } = matchIssues({ entries, github, path, notes });
  const statesAfter = new Map<Item, 'open' | 'closed'>();
  for (const { item } of entries) {
    const gh = matches.get(item);
    statesAfter.set(item, gh ? stateAfter({ item, gh, path }) : issueStateOf(item.status));
  }
  const titleMerges = mergeTitles({
    entries,
    matches,
    linked,
    path,
    text: github.file.text,
    planConfig: params.planConfig,
  });

  // Milestones.
  const milestoneRefs = new Map<string, Ref>();
  const matchedMilestones = matchMilestones({ plan, github, path });
  for (const milestone of plan.milestones) {
    const gh = matchedMilestones.get(milestone);
    const stateFromFile = milestoneStateAfter({ milestone, statesAfter });
    if (!gh) {
      const marker = milestoneMarker({ milestone, state: stateFromFile, path });
      add({
        phase: PHASE.milestone,
        action: {
          kind: 'create-milestone',
          key: milestone.key,
          after: {
            title: milestoneTitleOf(milestone.title),
            description: renderMilestoneDescription({ milestone, link, marker }),
            due: milestone.due?.date ?? null,
            state: stateFromFile,
          },
          reason: `new milestone “${milestone.title}” (line ${milestone.line})`,
        },
      });
      milestoneRefs.set(milestone.key, { key: milestone.key });
      continue;
    }
    milestoneRefs.set(milestone.key, { number: gh.number });
    mergeMilestone({ milestone, stateFromFile, gh, path, link, add, fileChanges, config });
  }
  const planMilestoneNumbers = new Set([...matchedMilestones.values()].map((gh) => gh.number));
  for (const gh of github.milestones) {
    if (gh.marker?.file !== path || planMilestoneNumbers.has(gh.number) || gh.state === 'closed')
      continue;
    add({
      phase: PHASE.close,
      action: {
        kind: 'update-milestone',
        key: gh.marker.key,
        number: gh.number,
        before: { state: 'open' },
        after: { state: 'closed' },
        reason: `milestone “${gh.title}” is no longer in ${path}`,
      },
    });
  }

  // Deliverables.
  const issueRefs = new Map<string, Ref>();
  const childCount = new Map<string, number>();
  for (const entry of entries) {
    const gh = matches.get(entry.item);
    issueRefs.set(entry.item.key, gh ? { number: gh.number, id: gh.id } : { key: entry.item.key });
  }
  const keysAfter = keysAfterRenames({ entries, titleMerges });
  const ownedNumbers = new Set(
    github.issues
      .filter((gh) => gh.marker?.file === path && !copies.has(gh.number))
      .map((gh) => gh.number),
  );
  for (const entry of entries) {
    const { item, milestone } = entry;
    const gh = matches.get(item);
    const milestoneRef = milestone ? (milestoneRefs.get(milestone.key) ?? null) : null;
    const keyAfter = keysAfter.get(item) ?? item.key;
    if (!gh) {
      createIssue({ entry, keyAfter, milestoneRef, link, path, config, add });
    } else {
      const isLinked = linked.has(item);
      mergeIssue({
        entry,
        gh,
        keyAfter,
        titleMerge: titleMerges.get(item) ?? { kind: 'same' },
        linked: isLinked,
        milestoneRef,
        link,
        path,
        config,
        add,
        fileChanges,
        notes,
      });
    }
    if (!config.subIssues) continue;
    if (!entry.parent) {
      // No longer nested: undo a sub-issue link the plan made (a parent that is one of this
      // plan's issues); links to issues outside the plan are the team's.
      if (gh && gh.parent !== null && ownedNumbers.has(gh.parent)) {
        add({
          phase: PHASE.link,
          action: {
            kind: 'unlink-sub-issue',
            key: item.key,
            parent: gh.parent,
            child: { number: gh.number, id: gh.id },
            reason: `“${item.title}” is no longer nested (line ${item.line})`,
          },
        });
      }
      continue;
    }
    {
      const parentRef = issueRefs.get(entry.parent.key) as Ref;
      const parentNumber = 'number' in parentRef ? parentRef.number : null;
      // Children already linked count toward GitHub's limit of 100 per parent too.
      const count = (childCount.get(entry.parent.key) ?? 0) + 1;
      childCount.set(entry.parent.key, count);
      if (gh && parentNumber !== null && gh.parent === parentNumber) continue;
      if (count > 100) {
        notes.push(
          `“${item.title}” (line ${item.line}) is not linked as a sub-issue: GitHub allows at most 100 sub-issues per parent`,
        );
        continue;
      }
      add({
        phase: PHASE.link,
        needs: [refKey(parentRef), refKey(issueRefs.get(item.key) as Ref)].filter((k) => k !== ''),
        action: {
          kind: 'link-sub-issue',
          key: item.key,
          parent: parentRef,
          child: issueRefs.get(item.key) as Ref,
          before: gh?.parent ?? null,
          reason: `“${item.title}” is nested under “${entry.parent.title}” (line ${item.line})`,
        },
      });
    }
  }

  // Owned issues whose deliverable left the file: close as not planned, never delete.
  const matchedNumbers = new Set([...matches.values()].map((gh) => gh.number));
  const vanished = github.issues.filter(
    (gh) => ownedNumbers.has(gh.number) && !matchedNumbers.has(gh.number) && gh.state === 'open',
  );
  const openOwned = github.issues.filter(
    (gh) => ownedNumbers.has(gh.number) && gh.state === 'open',
  ).length;
  const refusal = checkMassClose({ closing: vanished.length, open: openOwned, path, config });
  if (refusal) return { actions: [], refusal, notes };
  for (const { issue, of } of duplicates) {
    if (issue.state !== 'open') continue;
    add({
      phase: PHASE.close,
      action: {
        kind: 'update-issue',
        key: (issue.marker as Marker).key,
        number: issue.number,
        before: { state: 'open' },
        after: { state: 'closed', stateReason: 'duplicate' },
        reason: `#${issue.number} duplicates #${of.number} (the same deliverable, opened twice by the app)`,
      },
    });
    add({
      phase: PHASE.comment,
      action: {
        kind: 'comment-issue',
        issue: { number: issue.number, id: issue.id },
        body: `Duplicate of #${of.number}: milestone-sync opened this deliverable twice (a request was retried after an error although it had gone through), so it closed this copy.`,
        reason: `explain why #${issue.number} was closed`,
      },
    });
  }
  // Closed issues whose line left the plan: recorded once in the marker, so that a similar line
  // added later is a new deliverable, not this issue revived (docs/decisions/0003).
  for (const gh of github.issues) {
    const marker = gh.marker;
    if (!marker || !ownedNumbers.has(gh.number) || matchedNumbers.has(gh.number)) continue;
    if (gh.state !== 'closed' || marker.base.removed) continue;
    add({
      phase: PHASE.update,
      action: {
        kind: 'update-issue',
        key: marker.key,
        number: gh.number,
        before: { body: gh.body ?? '' },
        after: {
          body: replaceMarker({
            body: gh.body,
            marker: { ...marker, base: { ...marker.base, removed: true } },
          }),
        },
        reason: `#${gh.number} “${gh.title}” (closed) is no longer in ${path}: recorded in its marker`,
      },
    });
  }
  for (const gh of vanished) {
    const marker = gh.marker as Marker;
    add({
      phase: PHASE.close,
      action: {
        kind: 'update-issue',
        key: marker.key,
        number: gh.number,
        before: { state: 'open' },
        after: {
          state: 'closed',
          stateReason: 'not_planned',
          body: replaceMarker({
            body: gh.body,
            marker: { ...marker, base: { ...marker.base, state: 'closed', removed: true } },
          }),
        },
        reason: `“${gh.title}” was removed from ${path}`,
      },
    });
    add({
      phase: PHASE.comment,
      action: {
        kind: 'comment-issue',
        issue: { number: gh.number, id: gh.id },
        body: `This deliverable was removed from \`${path}\`, so milestone-sync closed it as not planned. Add it back to the plan to reopen it.`,
        reason: `explain why #${gh.number} was closed`,
      },
    });
  }

  return { actions: assemble({ drafts, fileChanges, github }), refusal: null, notes };
}

function refKey(ref: Ref | null | undefined): string {
  return ref && 'key' in ref ? ref.key : '';
}

function milestoneMarker(params: {
  milestone: Milestone;
  state: 'open' | 'closed';
  path: string;
}): Marker {
  const { milestone, path } = params;
  return {
    v: 1,
    file: path,
    key: milestone.key,
    base: {
      title: milestoneTitleOf(milestone.title),
      state: params.state,
      bodyHash: milestoneDescriptionHash(milestone),
      due: milestone.due?.date ?? null,
    },
  };
}

function mergeMilestone(params: {
  milestone: Milestone;
  /** The milestone's state per the file once this sync's file edits are in. */
  stateFromFile: 'open' | 'closed';
  gh: GithubMilestone;
  path: string;
  link: FileLink;
  add: (draft: Omit<Draft, 'needs' | 'needsFile'> & Partial<Draft>) => void;
  fileChanges: PlanChange[];
  config: SyncConfig;
}): void {
  const { milestone, gh, path, link, add, fileChanges, config } = params;
  const base: MarkerBase | null = gh.marker?.file === path ? gh.marker.base : null;
  const before: Partial<MilestoneFields> = {};
  const after: Partial<MilestoneFields> = {};
  const why: string[] = [];
  let needsFile = false;
  const title = milestoneTitleOf(milestone.title);
  if (gh.title !== title) {
    before.title = gh.title;
    after.title = title;
    why.push(`title is “${title}” in the plan`);
  }
  // The file sets due dates; one set on GitHub is kept when the plan has none (the API cannot
  // clear a due date anyway: `due_on` is not nullable).
  const wantDue = milestone.due?.date ?? null;
  const ghDue = gh.dueOn ? gh.dueOn.slice(0, 10) : null;
  if (wantDue !== null && wantDue !== ghDue) {
    before.due = ghDue;
    after.due = wantDue;
    why.push(`due ${wantDue} in the plan`);
  }
  const fileState = params.stateFromFile;
  let agreedState = fileState;
  if (gh.state !== fileState) {
    const githubChanged = base !== null && gh.state !== base.state;
    const fileChanged = base === null || fileState !== base.state;
    if (githubChanged && milestone.status) {
      fileChanges.push({
        kind: 'set-milestone-status',
        key: milestone.key,
        status: gh.state === 'closed' ? 'done' : 'in-progress',
        date: config.today,
      });
      agreedState = gh.state;
      needsFile = true;
    } else {
      before.state = gh.state;
      after.state = fileState;
      why.push(
        githubChanged && !fileChanged
          ? `it was ${gh.state} on GitHub, but its state comes from its deliverables (add a **Status**: line to set it by hand)`
          : `it is ${fileState === 'closed' ? 'done' : 'open'} in the plan`,
      );
    }
  }
  const marker: Marker = {
    v: 1,
    file: path,
    key: milestone.key,
    base: {
      title,
      state: agreedState,
      bodyHash: milestoneDescriptionHash(milestone),
      due: wantDue,
    },
  };
  const sameBase =
    base !== null &&
    JSON.stringify(normalizeBase(base)) === JSON.stringify(normalizeBase(marker.base));
  const textChanged =
    base === null || base.bodyHash !== marker.base.bodyHash || gh.marker?.key !== milestone.key;
  if (textChanged || !sameBase) {
    const description = textChanged
      ? renderMilestoneDescription({ milestone, link, marker })
      : replaceMarker({ body: gh.description, marker });
    if (description !== (gh.description ?? '')) {
      before.description = gh.description ?? '';
      after.description = description;
      if (textChanged) why.push('its description changed in the plan');
    }
  }
  if (Object.keys(after).length === 0) return;
  add({
    phase: PHASE.milestone,
    needsFile: needsFile && after.state === undefined,
    action: {
      kind: 'update-milestone',
      key: milestone.key,
      number: gh.number,
      before,
      after,
      reason: `milestone “${milestone.title}”: ${why.length > 0 ? why.join('; ') : 'record the synced state'}`,
    },
  });
}

function normalizeBase(base: MarkerBase): MarkerBase {
  return {
    title: base.title,
    state: base.state,
    bodyHash: base.bodyHash,
    labels: base.labels ? [...base.labels].sort() : undefined,
    assignees: base.assignees ? [...base.assignees].sort() : undefined,
    due: base.due,
  };
}

function issueMarker(params: {
  entry: PlanEntry;
  key: string;
  path: string;
  config: SyncConfig;
  state: 'open' | 'closed';
  titles: { title: string; fileTitle?: string };
}): Marker {
  const { entry, path, config } = params;
  return {
    v: 1,
    file: path,
    key: params.key,
    base: {
      ...params.titles,
      state: params.state,
      bodyHash: issueBodyHash({ item: entry.item, milestone: entry.milestone }),
      labels: desiredLabels({ item: entry.item, milestone: entry.milestone, config }),
      assignees: [...entry.item.assignees],
    },
  };
}

function createIssue(params: {
  entry: PlanEntry;
  /** The item's key once this sync's renames are in the file (a parent may be renamed). */
  keyAfter: string;
  milestoneRef: Ref | null;
  link: FileLink;
  path: string;
  config: SyncConfig;
  add: (draft: Omit<Draft, 'needs' | 'needsFile'> & Partial<Draft>) => void;
}): void {
  const { entry, milestoneRef, link, path, config, add } = params;
  const { item } = entry;
  const state = issueStateOf(item.status);
  const titles = titleBase({ merge: { kind: 'same' }, item, gh: null });
  const marker = issueMarker({ entry, key: params.keyAfter, path, config, state, titles });
  const after: IssueFields = {
    title: titles.title,
    body: renderIssueBody({ item, milestone: entry.milestone, link, marker }),
    labels: desiredLabels({ item, milestone: entry.milestone, config }),
    assignees: [...item.assignees],
    milestone: milestoneRef,
    state,
    stateReason: state === 'closed' ? 'completed' : null,
  };
  add({
    phase: PHASE.create,
    needs: [refKey(milestoneRef)].filter((k) => k !== ''),
    action: {
      kind: 'create-issue',
      key: item.key,
      after,
      reason: `new deliverable “${item.title}” (line ${item.line})${state === 'closed' ? ', already done' : ''}`,
    },
  });
}

function mergeIssue(params: {
  entry: PlanEntry;
  gh: GithubIssue;
  /** The item's key once this sync's renames are in the file. */
  keyAfter: string;
  titleMerge: TitleMerge;
  /** Matched through its `#N` link: the issue keeps its own title. */
  linked: boolean;
  milestoneRef: Ref | null;
  link: FileLink;
  path: string;
  config: SyncConfig;
  add: (draft: Omit<Draft, 'needs' | 'needsFile'> & Partial<Draft>) => void;
  fileChanges: PlanChange[];
  notes: string[];
}): void {
  const { entry, gh, milestoneRef, link, path, config, add, fileChanges, notes } = params;
  const { item } = entry;
  const base: MarkerBase | null = gh.marker?.file === path ? gh.marker.base : null;
  const { linked } = params;
  const before: Partial<IssueFields> = {};
  const after: Partial<IssueFields> = {};
  const why: string[] = [];
  let needsFile = false;

  // State and title after this sync (see predict-after-sync.ts); whichever side differs from
  // that is changed: GitHub by this update, the file by an edit.
  const agreedState = stateAfter({ item, gh, path });
  if (agreedState !== gh.state) {
    before.state = gh.state;
    after.state = agreedState;
    after.stateReason = agreedState === 'closed' ? 'completed' : null;
    why.push(
      base === null
        ? `ticked in the plan (first sync of #${gh.number}: done wins)`
        : agreedState === 'closed'
          ? 'ticked in the plan'
          : 'unticked in the plan',
    );
  } else if (holdsState(item) && agreedState !== issueStateOf(item.status)) {
    fileChanges.push({
      kind: 'set-item-status',
      key: item.key,
      status: agreedState === 'closed' ? 'done' : 'todo',
    });
    needsFile = true;
    if (base === null) {
      notes.push(
        `line ${item.line}: #${gh.number} is closed on GitHub, so its line is ticked (first sync of a linked issue: done wins)`,
      );
    }
  }

  // Titles: see merge-title.ts. Linked issues keep their own titles.
  const { titleMerge } = params;
  let comment: string | null = null;
  if (titleMerge.kind === 'push') {
    before.title = gh.title;
    after.title = titleMerge.title;
    why.push(`titled “${titleMerge.title}” in the plan`);
    if (titleMerge.conflict) {
      comment = `This issue was renamed here and in \`${path}\` at the same time; the plan's title “${titleMerge.title}” wins (it was “${gh.title}” here).`;
    }
  } else if (titleMerge.kind === 'pull') {
    fileChanges.push({ kind: 'rename-item', key: item.key, title: titleMerge.title });
    needsFile = true;
  } else if (titleMerge.kind === 'keep' && titleMerge.announce) {
    comment = `This issue was renamed here to “${gh.title}”. Its line in \`${path}\` (line ${item.line}) ${titleMerge.why ?? 'has links or formatting that a plain title cannot carry'}, so milestone-sync left the line as written; both titles stay as they are. Rename the line in the plan to change both.`;
  }
  const agreedTitles = titleBase({ merge: titleMerge, item, gh });

  // Milestone membership is the file's.
  // A milestone created in this run (`{ key }`) is never the issue's current one.
  const inPlace =
    milestoneRef === null
      ? gh.milestone === null || linked
      : 'number' in milestoneRef && milestoneRef.number === gh.milestone;
  if (!inPlace) {
    before.milestone = gh.milestone === null ? null : { number: gh.milestone };
    after.milestone = milestoneRef;
    why.push(
      entry.milestone
        ? `it belongs to “${entry.milestone.title}”`
        : 'it is outside any milestone in the plan',
    );
    if (linked && gh.author !== null && base === null) {
      notes.push(
        `line ${item.line} links #${gh.number} (opened by @${gh.author}): it is moved into ${entry.milestone ? `“${entry.milestone.title}”` : 'no milestone'}`,
      );
    }
  }

  // Labels: add what the plan newly wants, remove what we set earlier and it no longer wants;
  // a managed label someone removed on GitHub stays removed until the plan changes it.
  const wantLabels = desiredLabels({ item, milestone: entry.milestone, config });
  const baseLabels = base?.labels ?? [];
  const has = new Set(gh.labels.map((l) => l.toLowerCase()));
  const toAdd = wantLabels.filter((l) => !has.has(l.toLowerCase()) && !baseLabels.includes(l));
  const toRemove = gh.labels.filter((l) => baseLabels.includes(l) && !wantLabels.includes(l));
  if (toAdd.length > 0 || toRemove.length > 0) {
    before.labels = gh.labels;
    after.labels = [...gh.labels.filter((l) => !toRemove.includes(l)), ...toAdd];
    why.push(`labels ${[...toAdd.map((l) => `+${l}`), ...toRemove.map((l) => `-${l}`)].join(' ')}`);
  }
  const baseAssignees = base?.assignees ?? [];
  const newAssignees = item.assignees.filter(
    (a) => !gh.assignees.includes(a) && !baseAssignees.includes(a),
  );
  if (newAssignees.length > 0) {
    before.assignees = gh.assignees;
    after.assignees = [...gh.assignees, ...newAssignees];
    why.push(`assigned to ${newAssignees.map((a) => `@${a}`).join(', ')} in the plan`);
  }

  // Body: regenerated when the file's text changed; otherwise only the marker is refreshed.
  const marker = issueMarker({
    entry,
    key: params.keyAfter,
    path,
    config,
    state: agreedState,
    titles: linked ? { title: base?.title ?? gh.title } : agreedTitles,
  });
  const textChanged = !linked && (base === null || base.bodyHash !== marker.base.bodyHash);
  const sameBase =
    base !== null &&
    gh.marker?.key === marker.key &&
    JSON.stringify(normalizeBase(base)) === JSON.stringify(normalizeBase(marker.base));
  if (textChanged || !sameBase) {
    const body = textChanged
      ? renderIssueBody({ item, milestone: entry.milestone, link, marker })
      : replaceMarker({ body: gh.body, marker });
    if (body !== (gh.body ?? '')) {
      before.body = gh.body ?? '';
      after.body = body;
      if (textChanged && base !== null) why.push('its description changed in the plan');
    }
  }
  if (Object.keys(after).length > 0) {
    add({
      phase: PHASE.update,
      needs: [refKey(milestoneRef)].filter((k) => k !== ''),
      needsFile,
      action: {
        kind: 'update-issue',
        key: item.key,
        number: gh.number,
        before,
        after,
        reason: `#${gh.number} “${item.title}”: ${why.length > 0 ? why.join('; ') : 'record the synced state'}`,
      },
    });
  }
  if (comment) {
    add({
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

/** Orders drafts by phase, adds the file edit, and turns `needs` into action indexes. */
function assemble(params: {
  drafts: Draft[];
  fileChanges: PlanChange[];
  github: GithubSnapshot;
}): Action[] {
  const { drafts, fileChanges, github } = params;
  if (fileChanges.length > 0) {
    const ticks = fileChanges.filter((c) => c.kind === 'set-item-status').length;
    const renames = fileChanges.filter((c) => c.kind === 'rename-item').length;
    const statuses = fileChanges.filter((c) => c.kind === 'set-milestone-status').length;
    const parts = [
      ticks > 0 ? `${ticks} state${ticks === 1 ? '' : 's'}` : '',
      renames > 0 ? `${renames} title${renames === 1 ? '' : 's'}` : '',
      statuses > 0 ? `${statuses} milestone status${statuses === 1 ? '' : 'es'}` : '',
    ].filter((p) => p !== '');
    drafts.push({
      phase: PHASE.file,
      needs: [],
      needsFile: false,
      action: {
        kind: 'edit-file',
        path: github.file.path,
        sha: github.file.sha,
        branch: github.defaultBranch,
        changes: fileChanges,
        message: `milestone-sync: update ${parts.join(', ')} from GitHub`,
        reason: `GitHub changed ${parts.join(', ')}`,
      },
    });
  }
  // A marker refresh that records a GitHub-side change must follow the file edit that carries it.
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
