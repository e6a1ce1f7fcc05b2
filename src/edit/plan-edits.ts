/**
 * GitHub → file: turns wanted changes to the plan into the smallest text edits.
 *
 * Contract:
 * - Pure; never throws for anything in `text` or `changes` (a change that cannot be made is a
 *   `problems` entry with an "Unexpected X, expected Y" message). Throws only when `config` is
 *   invalid (as parsePlan does).
 * - Keys name items and milestones as parsed from `text`; `parsed`, when given, must be
 *   `parsePlan({ text, config })` of this very text.
 * - Every character outside the returned edits stays as it is (BOM, line endings, spacing, emoji
 *   style); edits never add or remove a line. See the edit-*.ts files for each change's rules.
 * - Re-parsing the edited text gives the old model plus exactly the intended changes. planEdits
 *   checks this itself by parsing the result once (per batch; per change only when the batch
 *   fails): an edit that would read back differently is withheld and reported as a problem.
 * - A change already in effect yields no edit; two changes to the same text span in one batch:
 *   the later one is a problem.
 * - `set-progress` changes are made last, from the plan as the batch's other (kept) edits leave
 *   it (edit-progress-line.ts), and only when those made an edit: a progress line is never the
 *   only edit of a batch. The whole batch is then read back once more; a progress edit that would
 *   read differently is withheld.
 */
import type { ItemStatus, ParseResult, PlanConfig } from '../plan/plan-types.js';
import { parsePlan } from '../plan/parse-plan.js';
import { isIsoDate } from '../plan/validate-plan-config.js';
import type { ChangeNote, PlanChange, PlanEditsResult, TextEdit } from './edit-types.js';
import type { Built, EditContext, Expectation } from './edit-context.js';
import { createEditContext } from './edit-context.js';
import { applyEdits } from './apply-edits.js';
import { checkReadBack } from './check-read-back.js';
import { editCheckbox } from './edit-checkbox.js';
import { editStatusCell } from './edit-status-cell.js';
import { editTitle } from './edit-title.js';
import { editMilestoneStatus } from './edit-milestone-status.js';
import { editProgressLine } from './edit-progress-line.js';

export type { ChangeNote, PlanChange, PlanEditsResult, TextEdit } from './edit-types.js';

const STATUSES: readonly ItemStatus[] = ['todo', 'in-progress', 'done'];

type ProgressChange = Extract<PlanChange, { kind: 'set-progress' }>;

interface Accepted {
  change: PlanChange;
  edits: TextEdit[];
  expect: Expectation;
  approximation?: string;
}

export function planEdits(params: {
  text: string;
  changes: readonly PlanChange[];
  parsed?: ParseResult;
  /** Repository config for parsing `text` when `parsed` is not given. */
  config?: PlanConfig;
  /** `YYYY-MM-DD`: the date written for a milestone set to done without its own `date`. */
  today?: string;
}): PlanEditsResult {
  const { text } = params;
  const parsed = params.parsed ?? parsePlan({ text, config: params.config });
  const context = createEditContext({ text, parsed });
  const problems: ChangeNote[] = [];
  const accepted: Accepted[] = [];
  const progressChanges: ProgressChange[] = [];
  for (const change of params.changes) {
    if (change.kind === 'set-progress') {
      progressChanges.push(change);
      continue;
    }
    const built = buildChange({ context, change, today: params.today });
    if (built.kind === 'problem') {
      problems.push({ change, message: built.message });
      continue;
    }
    const overlap = findOverlap({ edits: built.edits, accepted });
    if (overlap !== null) {
      problems.push({
        change,
        message: `Unexpected second change to line ${overlap.line} (already: ${overlap.reason}), expected one change per target in a batch`,
      });
      continue;
    }
    accepted.push({ change, ...built });
  }

  const read = keepWhatReadsBack({ context, accepted, problems });
  const kept = read.kept;
  if (progressChanges.length > 0) {
    const progress = keepProgressTrue({
      context,
      kept,
      after: read.after,
      changes: progressChanges,
      problems,
    });
    for (const a of progress) kept.push(a);
  }
  const edits = kept.flatMap((a) => a.edits).sort((a, b) => a.start - b.start || a.end - b.end);
  const approximations: ChangeNote[] = [];
  for (const a of kept) {
    if (a.approximation !== undefined) {
      approximations.push({ change: a.change, message: a.approximation });
    }
  }
  return { edits, problems, approximations };
}

function buildChange(params: {
  context: EditContext;
  change: PlanChange;
  today: string | undefined;
}): Built {
  const { context, change } = params;
  const problem = (message: string): Built => ({ kind: 'problem', message });
  if (change.kind === 'set-item-status' || change.kind === 'set-milestone-status') {
    if (!STATUSES.includes(change.status)) {
      return problem(
        `Unexpected status \`${String(change.status)}\`, expected todo, in-progress or done`,
      );
    }
  }
  switch (change.kind) {
    case 'set-item-status':
    case 'rename-item': {
      const entry = context.items.get(change.key);
      if (!entry) {
        return problem(
          `Unexpected key \`${change.key}\`, expected the key of a deliverable in this plan`,
        );
      }
      if (change.kind === 'rename-item') {
        if (typeof change.title !== 'string') {
          return problem('Unexpected title that is not text, expected a string');
        }
        return editTitle({ context, entry, title: change.title });
      }
      return entry.item.source.kind === 'checkbox'
        ? editCheckbox({ context, entry, status: change.status })
        : editStatusCell({ context, entry, status: change.status });
    }
    case 'set-milestone-status': {
      const milestone = context.milestones.get(change.key);
      if (!milestone) {
        return problem(
          `Unexpected key \`${change.key}\`, expected the key of a milestone in this plan`,
        );
      }
      const date = change.date ?? params.today;
      if (date !== undefined && !isIsoDate(date)) {
        return problem(`Unexpected date \`${date}\`, expected a calendar day as YYYY-MM-DD`);
      }
      return editMilestoneStatus({ context, milestone, status: change.status, date });
    }
    default: {
      const kind = (change as { kind?: unknown }).kind;
      return problem(
        `Unexpected change kind \`${String(kind)}\`, expected set-item-status, rename-item, set-milestone-status or set-progress`,
      );
    }
  }
}

/** The first accepted edit that overlaps one of `edits` (a shared insertion point counts). */
function findOverlap(params: { edits: TextEdit[]; accepted: Accepted[] }): TextEdit | null {
  for (const edit of params.edits) {
    for (const a of params.accepted) {
      for (const other of a.edits) {
        const overlaps =
          (edit.start < other.end && other.start < edit.end) || edit.start === other.start;
        if (overlaps) return other;
      }
    }
  }
  return null;
}

/** The parse of the text with `set`'s edits applied, and what reads back differently (or null). */
function readBack(params: { context: EditContext; set: Accepted[] }): {
  problem: string | null;
  after: ParseResult | null;
} {
  const { context, set } = params;
  const edits = set.flatMap((a) => a.edits);
  if (edits.length === 0) return { problem: null, after: null };
  const before = context.parsed;
  const after = parsePlan({
    text: applyEdits({ text: context.text, edits }),
    config: before.plan.config,
  });
  const problem = checkReadBack({ before, after, expectations: set.map((a) => a.expect) });
  return { problem, after };
}

/**
 * The accepted changes whose edits read back as intended: all of them when the whole batch does
 * (one parse); otherwise each change alone, then added one by one to the ones kept so far.
 * Withheld changes are added to `problems`. `after` is the parse of the kept edits (null when
 * they make no edit).
 */
function keepWhatReadsBack(params: {
  context: EditContext;
  accepted: Accepted[];
  problems: ChangeNote[];
}): { kept: Accepted[]; after: ParseResult | null } {
  const { context, accepted, problems } = params;
  const check = (set: Accepted[]) => readBack({ context, set });
  const all = check(accepted);
  if (all.problem === null) return { kept: [...accepted], after: all.after };
  const kept: Accepted[] = [];
  let after: ParseResult | null = null;
  for (const a of accepted) {
    const alone = check([a]).problem;
    const together = alone !== null ? null : check([...kept, a]);
    if (together !== null && together.problem === null) {
      kept.push(a);
      after = together.after ?? after;
    } else {
      problems.push({
        change: a.change,
        message:
          alone !== null
            ? `Unexpected read-back after the edit (${alone}), expected exactly the intended change; edit withheld`
            : `Unexpected read-back together with an earlier change in this batch (${together?.problem}), expected independent changes; edit withheld`,
      });
    }
  }
  return { kept, after };
}

/**
 * The progress changes, made from `after` (the plan as the kept edits leave it), when the kept
 * edits change the file at all; each a problem otherwise. The kept and progress edits are read
 * back together: if that fails, every progress edit is withheld (the others stand).
 */
function keepProgressTrue(params: {
  context: EditContext;
  kept: Accepted[];
  after: ParseResult | null;
  changes: ProgressChange[];
  problems: ChangeNote[];
}): Accepted[] {
  const { context, kept, changes, problems } = params;
  const after = params.after;
  if (after === null) {
    for (const change of changes) {
      problems.push({
        change,
        message: `Unexpected progress edit on line ${change.line} without another edit in the batch, expected it beside the ticks, renames or Status changes it follows; left as written`,
      });
    }
    return [];
  }
  const accepted: Accepted[] = [];
  for (const change of changes) {
    const statement = context.parsed.plan.progress.find((p) => p.line === change.line);
    const afterStatement = after.plan.progress.find((p) => p.line === change.line);
    if (!statement || !afterStatement) {
      problems.push({
        change,
        message: `Unexpected progress edit on line ${change.line}, expected the line of a progress statement in this plan`,
      });
      continue;
    }
    const built = editProgressLine({ context, statement, afterStatement, after: after.plan });
    if (built.kind === 'problem') {
      problems.push({ change, message: built.message });
      continue;
    }
    const overlap = findOverlap({ edits: built.edits, accepted: [...kept, ...accepted] });
    if (overlap !== null) {
      problems.push({
        change,
        message: `Unexpected second change to line ${overlap.line} (already: ${overlap.reason}), expected one change per target in a batch`,
      });
      continue;
    }
    accepted.push({
      change,
      edits: built.edits,
      expect: built.expect,
      ...(built.after !== change.after
        ? {
            approximation: `Unexpected progress ${built.after} on line ${change.line} after the batch's edits, expected ${change.after} as planned; wrote ${built.after}, what the plan now says`,
          }
        : {}),
    });
  }
  if (accepted.every((a) => a.edits.length === 0)) return accepted;
  const checked = readBack({ context, set: [...kept, ...accepted] });
  if (checked.problem === null) return accepted;
  for (const a of accepted) {
    problems.push({
      change: a.change,
      message: `Unexpected read-back after the progress edit (${checked.problem}), expected exactly the new numbers; edit withheld`,
    });
  }
  return [];
}
