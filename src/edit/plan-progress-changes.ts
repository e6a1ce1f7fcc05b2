/**
 * The planner's side of keeping progress lines true: which progress statements the batch's
 * changes make untrue, as `set-progress` changes to add to the same batch (one commit).
 *
 * Contract: pure; never throws for anything in `text` or `changes`. Empty when `changes` is empty
 * or makes no edit (a progress line never gets a commit of its own), when the plan has no
 * statement that counts something, or when every statement stays true. Each change's `before`
 * and `after` are the numbers as written and as they will be written (edit-progress-line.ts);
 * planEdits recomputes them when it makes the edit.
 */
import type { ParseResult, PlanConfig } from '../plan/plan-types.js';
import { parsePlan } from '../plan/parse-plan.js';
import type { PlanChange } from './edit-types.js';
import { planEdits } from './plan-edits.js';
import { applyEdits } from './apply-edits.js';
import { createEditContext } from './edit-context.js';
import { editProgressLine } from './edit-progress-line.js';

export function planProgressChanges(params: {
  text: string;
  /** The batch's other changes (ticks, unticks, renames, Status lines). */
  changes: readonly PlanChange[];
  /** `parsePlan({ text, config })` of this very text, when the caller has it. */
  parsed?: ParseResult;
  config?: PlanConfig;
  today?: string;
}): PlanChange[] {
  const { text } = params;
  const changes = params.changes.filter((c) => c.kind !== 'set-progress');
  if (changes.length === 0) return [];
  const parsed = params.parsed ?? parsePlan({ text, config: params.config });
  const counted = parsed.plan.progress.filter((p) => p.counts !== null);
  if (counted.length === 0) return [];
  const { edits } = planEdits({ text, changes, parsed, today: params.today });
  if (edits.length === 0) return [];
  const after = parsePlan({ text: applyEdits({ text, edits }), config: parsed.plan.config }).plan;
  const context = createEditContext({ text, parsed });
  const out: PlanChange[] = [];
  for (const statement of counted) {
    const afterStatement = after.progress.find((p) => p.line === statement.line);
    if (!afterStatement) continue;
    const built = editProgressLine({ context, statement, afterStatement, after });
    if (built.kind === 'edits' && built.edits.length > 0) {
      out.push({
        kind: 'set-progress',
        line: statement.line,
        before: built.before,
        after: built.after,
      });
    }
  }
  return out;
}
