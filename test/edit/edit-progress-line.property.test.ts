/**
 * Property: for generated plans (test/helpers/arbitrary-plan.ts) with a progress line on top, in
 * a random style, after any batch of status changes planned the way a sync plans them
 * (planProgressChanges, then planEdits):
 * (1) when the batch edits the file, the line's numbers are the recomputed counts of the edited
 *     plan (percent rounded down, in the file's decimals); when it does not, the line is as it was;
 * (2) every byte outside the edits is unchanged, and on the progress line only digits change;
 * (3) the edited file plans no progress change and no edit for the same batch again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/edit/apply-edits.js';
import type { PlanChange } from '../../src/edit/edit-types.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { planProgressChanges } from '../../src/edit/plan-progress-changes.js';
import { countProgressScope } from '../../src/plan/count-progress-scope.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { ItemStatus } from '../../src/plan/plan-types.js';
import { arbitraryPlanOf } from '../helpers/arbitrary-plan.js';
import { expectOnlyEditedSpansChanged, flatItems } from './edit-test-helpers.js';

interface Style {
  label: string;
  percent: 'none' | 'whole' | 'decimal';
  ratio: 'none' | 'slash' | 'of';
  unit: '' | ' tasks' | ' milestones';
  trailing: string;
  /** The numbers first written, before they are made true (any may be stale). */
  done: number;
  percentValue: number;
}

const styleArb: fc.Arbitrary<Style> = fc
  .record({
    label: fc.constantFrom(
      '**Overall Progress**:',
      '**Progress:**',
      'Progress:',
      '__Overall Progress__ :',
      '- **Progress**:',
    ),
    percent: fc.constantFrom<Style['percent']>('none', 'whole', 'decimal'),
    ratio: fc.constantFrom<Style['ratio']>('none', 'slash', 'of'),
    unit: fc.constantFrom<Style['unit']>('', ' tasks', ' milestones'),
    trailing: fc.constantFrom('', ' completed', '  ', ' \\'),
    done: fc.nat({ max: 30 }),
    percentValue: fc.nat({ max: 100 }),
  })
  .filter((s) => s.percent !== 'none' || s.ratio !== 'none');

interface Op {
  pick: number;
  status: ItemStatus;
  milestone: boolean;
}

const opArb: fc.Arbitrary<Op> = fc.record({
  pick: fc.nat(),
  status: fc.constantFrom<ItemStatus>('todo', 'in-progress', 'done'),
  milestone: fc.boolean(),
});

/** The plan with the progress line written first (after a BOM), its total the right count. */
function withProgressLine(params: { text: string; style: Style }): string | null {
  const { text, style } = params;
  const { plan } = parsePlan({ text });
  const counts = countProgressScope({
    plan,
    scope: { kind: 'plan', milestone: null, milestones: plan.milestones.map((m) => m.key) },
  });
  const total = style.unit === ' milestones' ? counts.milestones.total : counts.deliverables.total;
  if (total === 0) return null;
  const percent =
    style.percent === 'none'
      ? ''
      : style.percent === 'whole'
        ? `${style.percentValue}%`
        : `${style.percentValue}.0%`;
  const done = Math.min(style.done, total);
  const ratio =
    style.ratio === 'none'
      ? ''
      : `${done}${style.ratio === 'slash' ? '/' : ' of '}${total}${style.unit}`;
  const value =
    percent !== '' && ratio !== ''
      ? `${percent} (${ratio})`
      : percent !== ''
        ? `${percent}${style.unit !== '' ? ` of${style.unit}` : ''}`
        : ratio;
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) ? '\r' : '\n';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  return `${bom}${style.label} ${value}${style.trailing}${eol}${eol}${text.slice(bom.length)}`;
}

/**
 * Status changes on the deliverables and milestones the ops pick, one per target (some may be
 * refused: a milestone without a Status line, a row without a Status cell).
 */
function changesFor(params: { text: string; ops: Op[] }): PlanChange[] {
  const parsed = parsePlan({ text: params.text });
  const items = flatItems(parsed);
  const milestones = parsed.plan.milestones;
  const seen = new Set<string>();
  const once = (change: PlanChange) => {
    const key = change.kind === 'set-progress' ? '' : `${change.kind} ${change.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return params.ops
    .flatMap((op): PlanChange[] => {
      if (op.milestone && milestones.length > 0) {
        const milestone = milestones[op.pick % milestones.length];
        return milestone
          ? [
              {
                kind: 'set-milestone-status',
                key: milestone.key,
                status: op.status,
                date: '2026-11-22',
              },
            ]
          : [];
      }
      const item = items[op.pick % Math.max(items.length, 1)];
      return item ? [{ kind: 'set-item-status', key: item.key, status: op.status }] : [];
    })
    .filter(once);
}

/** The oracle: `done / total` in percent, rounded down, by integer division of BigInts. */
function percentOf(params: { done: number; total: number; decimals: number }): string {
  const scale = 10n ** BigInt(params.decimals);
  const scaled = (BigInt(params.done) * 100n * scale) / BigInt(params.total);
  const whole = (scaled / scale).toString();
  if (params.decimals === 0) return whole;
  return `${whole}.${(scaled % scale).toString().padStart(params.decimals, '0')}`;
}

describe('progress lines after a batch of status changes (property)', () => {
  it('hold the recomputed counts, change only their digits, and plan nothing the second time', () => {
    fc.assert(
      fc.property(
        arbitraryPlanOf(),
        styleArb,
        fc.array(opArb, { minLength: 1, maxLength: 5 }),
        (generated, style, ops) => {
          const text = withProgressLine({ text: generated.text, style });
          fc.pre(text !== null);
          if (text === null) return;
          const before = parsePlan({ text });
          const statement = before.plan.progress[0];
          expect(statement?.line).toBe(1);
          expect(statement?.counts).not.toBeNull();
          if (!statement) return;

          const changes = changesFor({ text, ops });
          const progress = planProgressChanges({ text, changes });
          const result = planEdits({ text, changes: [...changes, ...progress] });
          expect(result.problems.filter((p) => p.change.kind === 'set-progress')).toEqual([]);
          const out = applyEdits({ text, edits: result.edits });

          // (2) Only the edited spans changed; on line 1 only digits, for digits.
          expectOnlyEditedSpansChanged({ text, out, edits: result.edits });
          for (const edit of result.edits.filter((e) => e.line === 1)) {
            expect(text.slice(edit.start, edit.end)).toMatch(/^\d+(?:\.\d+)?$/);
            expect(edit.text).toMatch(/^\d+(?:\.\d+)?$/);
          }

          // (1) The numbers are the counts of the edited plan, or untouched without other edits.
          const after = parsePlan({ text: out });
          const line = after.plan.progress[0];
          expect(line?.line).toBe(1);
          if (!line) return;
          const contentEdits = result.edits.filter((e) => e.line !== 1);
          if (contentEdits.length === 0) {
            expect(out).toBe(text);
            return;
          }
          const count = countProgressScope({ plan: after.plan, scope: line.scope })[
            statement.counts ?? 'deliverables'
          ];
          if (line.done) expect(line.done.value).toBe(count.done);
          if (line.total) expect(line.total.value).toBe(count.total);
          if (line.percent) {
            expect(out.slice(line.percent.span.start, line.percent.span.end)).toBe(
              percentOf({
                done: count.done,
                total: count.total,
                decimals: statement.percent?.decimals ?? 0,
              }),
            );
          }

          // (3) Idempotent: nothing more to do for the same batch.
          const again = changesFor({ text: out, ops });
          expect(planProgressChanges({ text: out, changes: again })).toEqual([]);
          expect(planEdits({ text: out, changes: again }).edits).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
