import { applyEdits } from '../edit/apply-edits.js';
import { planEdits } from '../edit/plan-edits.js';
import type { PlanConfig } from '../plan/plan-types.js';
import type { EditText } from '../sync/apply-actions.js';

/**
 * The sync engine's `editText` built from src/edit: plan the smallest text edits for the wanted
 * changes, apply them, and report the changes that could not be made. Approximations (e.g. “in
 * progress” written as an unticked box because the file has no mark for it) are applied and not
 * reported as problems: the engine reports problems as “not applied”.
 */
export function createEditText(params: { today?: string; config?: PlanConfig } = {}): EditText {
  return ({ text, changes }) => {
    const planned = planEdits({ text, changes, today: params.today, config: params.config });
    return {
      text: planned.edits.length > 0 ? applyEdits({ text, edits: planned.edits }) : text,
      problems: planned.problems.map((problem) => problem.message),
    };
  };
}
