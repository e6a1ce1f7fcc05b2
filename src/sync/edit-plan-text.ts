import type { PlanConfig } from '../plan/plan-types.js';
import { planEdits } from '../edit/plan-edits.js';
import { applyEdits } from '../edit/apply-edits.js';
import type { EditText } from './apply-actions.js';

/**
 * The executor's file editor: wanted changes → minimal text edits (src/edit) → new text. Changes
 * that cannot be made safely are returned as problems, never guessed at.
 */
export function createEditText(params: { config?: PlanConfig; today?: string } = {}): EditText {
  return ({ text, changes }) => {
    const result = planEdits({ text, changes, config: params.config, today: params.today });
    return {
      text: applyEdits({ text, edits: result.edits }),
      problems: result.problems.map((p) => p.message),
    };
  };
}
