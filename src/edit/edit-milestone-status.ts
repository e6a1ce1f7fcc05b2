/**
 * A milestone's status: the value after its `Status:` line (`**Status**: ⏳ PENDING  `,
 * `**Status:** IN PROGRESS`, `Status: Done`).
 *
 * Decisions (contract):
 * - Only the value span is replaced: the key, its emphasis, emphasis around the value and trailing
 *   hard-break spaces or backslash stay byte-identical.
 * - The new value comes from `formatStatus` with the current value as the example and the whole
 *   (repaired) file as the vocabulary, so `⏳ PENDING` becomes `🔄 IN PROGRESS` and a file that
 *   writes `✅ COMPLETED on 2026-11-22` gets a dated value for done. Extra words of the old value
 *   (notes, an old date) describe the old status and are not kept.
 * - An empty value (`**Status**:` alone) is filled after one space.
 * - A milestone without a Status line, or whose Status value could not be read (the parser
 *   reported `unknown-status`), is a problem and gets no edit: a Status line is never added —
 *   where and in what form would be a guess, and edits never invent structure.
 * - Already in the wanted status (whatever the date): no edit.
 */
import type { ItemStatus, Milestone } from '../plan/plan-types.js';
import { formatStatus } from '../plan/classify-status.js';
import type { Built, EditContext } from './edit-context.js';
import { quote } from './edit-context.js';

export function editMilestoneStatus(params: {
  context: EditContext;
  milestone: Milestone;
  status: ItemStatus;
  /** `YYYY-MM-DD`, already validated; used only for done. */
  date?: string;
}): Built {
  const { context, milestone, status } = params;
  if (milestone.status === null) {
    return {
      kind: 'problem',
      message: `Unexpected milestone ${quote(milestone.title)} without a readable \`Status:\` line, expected one to edit; a Status line is never added`,
    };
  }
  const expect = { target: 'milestone', key: milestone.key, status } as const;
  if (milestone.status.status === status) return { kind: 'edits', edits: [], expect };
  const value = formatStatus({
    status,
    like: milestone.status.text === '' ? null : milestone.status.text,
    date: status === 'done' ? params.date : undefined,
    fileText: context.readable,
  });
  const span = milestone.status.value;
  const before = context.text.charAt(span.start - 1);
  const gap = span.start === span.end && !/[ \t]/.test(before) ? ' ' : '';
  return {
    kind: 'edits',
    edits: [
      {
        start: span.start,
        end: span.end,
        text: gap + context.write(value),
        line: milestone.status.line,
        key: milestone.key,
        reason: `set the Status of milestone ${quote(milestone.title)} to ${value}`,
      },
    ],
    expect,
  };
}
