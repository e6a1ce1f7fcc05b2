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

export type { ChangeNote, PlanChange, PlanEditsResult, TextEdit } from './edit-types.js';

const STATUSES: readonly ItemStatus[] = ['todo', 'in-progress', 'done'];

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
  for (const change of params.changes) {
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

  const kept = keepWhatReadsBack({ context, accepted, problems });
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
        `Unexpected change kind \`${String(kind)}\`, expected set-item-status, rename-item or set-milestone-status`,
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

/**
 * The accepted changes whose edits read back as intended: all of them when the whole batch does
 * (one parse); otherwise each change alone, then added one by one to the ones kept so far.
 * Withheld changes are added to `problems`.
 */
function keepWhatReadsBack(params: {
  context: EditContext;
  accepted: Accepted[];
  problems: ChangeNote[];
}): Accepted[] {
  const { context, accepted, problems } = params;
  const before = context.parsed;
  const check = (set: Accepted[]): string | null => {
    const edits = set.flatMap((a) => a.edits);
    if (edits.length === 0) return null;
    const after = parsePlan({
      text: applyEdits({ text: context.text, edits }),
      config: before.plan.config,
    });
    return checkReadBack({ before, after, expectations: set.map((a) => a.expect) });
  };
  if (check(accepted) === null) return accepted;
  const kept: Accepted[] = [];
  for (const a of accepted) {
    const alone = check([a]);
    const together = alone ?? check([...kept, a]);
    if (together === null) {
      kept.push(a);
    } else {
      problems.push({
        change: a.change,
        message:
          alone !== null
            ? `Unexpected read-back after the edit (${alone}), expected exactly the intended change; edit withheld`
            : `Unexpected read-back together with an earlier change in this batch (${together}), expected independent changes; edit withheld`,
      });
    }
  }
  return kept;
}
