/**
 * A progress statement's numbers (`**Overall Progress**: 0% (0/10 checkpoints completed)`), kept
 * true after the other edits of a batch.
 *
 * Decisions (contract):
 * - The numbers come from the plan as the batch's other edits leave it (`after`): milestones
 *   closed or deliverables done in the statement's scope (count-progress-scope.ts), whichever the
 *   statement counts. A statement that counts nothing (its total matched neither count) or whose
 *   written total no longer equals the count is left alone: its numbers are never guessed.
 * - Only the digits are replaced: the label, its emphasis, `%`, `/` or `of`, the unit word, the
 *   trailing text, spacing, hard-break spaces and the line ending stay byte-identical.
 * - The percentage is rounded down (100% only when everything is done) and keeps the number of
 *   decimals the file writes (`33%`, `33.3%`); with nothing to count (a total of 0) it stays.
 * - Numbers already true: no edit.
 */
import type { Plan, ProgressStatement } from '../plan/plan-types.js';
import { countProgressScope } from '../plan/count-progress-scope.js';
import type { TextEdit } from './edit-types.js';
import type { EditContext, Expectation } from './edit-context.js';

/** The numbers a statement shows, as text: null where the statement writes no such number. */
export interface ProgressText {
  percent: string | null;
  done: string | null;
  total: string | null;
}

export type ProgressBuilt =
  | {
      kind: 'edits';
      edits: TextEdit[];
      expect: Expectation;
      /** The numbers as written before and after, e.g. `0% (0/10)` → `10% (1/10)`. */
      before: string;
      after: string;
    }
  | { kind: 'problem'; message: string };

/**
 * The edits that make `statement` (parsed from `context.text`) true of `after`, the plan the
 * batch's other edits leave; `afterStatement` is the same statement read from that plan.
 */
export function editProgressLine(params: {
  context: EditContext;
  statement: ProgressStatement;
  afterStatement: ProgressStatement;
  after: Pick<Plan, 'milestones' | 'items'>;
}): ProgressBuilt {
  const { context, statement } = params;
  const written = writtenProgress({ text: context.text, statement });
  const wanted = trueProgress({ statement: params.afterStatement, plan: params.after, written });
  if (wanted === null) {
    return {
      kind: 'problem',
      message: `Unexpected progress on line ${statement.line} that counts nothing the plan holds, expected a total equal to its milestones or deliverables; left as written`,
    };
  }
  const before = summarizeProgress(written);
  const after = summarizeProgress(wanted);
  const edits: TextEdit[] = [];
  const parts: ['percent' | 'done' | 'total', { span: { start: number; end: number } } | null][] = [
    ['percent', statement.percent],
    ['done', statement.done],
    ['total', statement.total],
  ];
  for (const [name, number] of parts) {
    const text = wanted[name];
    if (number === null || text === null || text === written[name]) continue;
    edits.push({
      start: number.span.start,
      end: number.span.end,
      text,
      line: statement.line,
      key: `progress@${statement.line}`,
      reason: `line ${statement.line}: progress ${before} → ${after}`,
    });
  }
  const value = (text: string | null) => (text === null ? null : Number(text));
  return {
    kind: 'edits',
    edits,
    expect: {
      target: 'progress',
      line: statement.line,
      percent: value(wanted.percent),
      done: value(wanted.done),
      total: value(wanted.total),
    },
    before,
    after,
  };
}

/**
 * The numbers `statement` should show for `plan`, in the statement's own form; null when it
 * counts nothing, or its written total is not the count (then nothing it says can be kept true).
 * `written` is what the statement writes now: a percentage of nothing (a total of 0) stays so.
 */
export function trueProgress(params: {
  statement: ProgressStatement;
  plan: Pick<Plan, 'milestones' | 'items'>;
  written: ProgressText;
}): ProgressText | null {
  const { statement } = params;
  if (statement.counts === null) return null;
  const count = countProgressScope({ plan: params.plan, scope: statement.scope })[statement.counts];
  if (statement.total !== null && statement.total.value !== count.total) return null;
  const percent = statement.percent;
  return {
    percent:
      percent === null
        ? null
        : count.total === 0
          ? params.written.percent
          : formatPercent({ done: count.done, total: count.total, decimals: percent.decimals }),
    done: statement.done === null ? null : String(count.done),
    total: statement.total === null ? null : String(count.total),
  };
}

/** The numbers as the file writes them. */
export function writtenProgress(params: {
  text: string;
  statement: ProgressStatement;
}): ProgressText {
  const { text, statement } = params;
  const slice = (n: { span: { start: number; end: number } } | null) =>
    n === null ? null : text.slice(n.span.start, n.span.end);
  return {
    percent: slice(statement.percent),
    done: slice(statement.done),
    total: slice(statement.total),
  };
}

/** `10% (1/10)`, `1/10` or `10%`: the numbers of a statement, for reports. */
export function summarizeProgress(values: ProgressText): string {
  const percent = values.percent === null ? null : `${values.percent}%`;
  const ratio =
    values.done === null || values.total === null ? null : `${values.done}/${values.total}`;
  if (percent !== null && ratio !== null) return `${percent} (${ratio})`;
  return percent ?? ratio ?? '';
}

/** `done / total` as a percentage rounded down to `decimals` places. */
export function formatPercent(params: { done: number; total: number; decimals: number }): string {
  const { done, total, decimals } = params;
  const scale = 10 ** decimals;
  // Integer operands: a quotient that is a whole number comes out exact, so floor never drops one.
  const scaled = Math.floor((done * 100 * scale) / total);
  if (decimals === 0) return String(scaled);
  return `${Math.floor(scaled / scale)}.${String(scaled % scale).padStart(decimals, '0')}`;
}
