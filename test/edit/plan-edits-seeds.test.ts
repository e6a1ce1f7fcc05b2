/**
 * Every deliverable and milestone of every seed plan, every status, and a rename: re-parsing the
 * edited seed gives exactly the intended change (exhaustive, deterministic companion to the
 * random properties).
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/edit/apply-edits.js';
import type { PlanChange } from '../../src/edit/edit-types.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { ItemStatus } from '../../src/plan/plan-types.js';
import { splitLines } from '../../src/plan/split-lines.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';
import type { Target } from './edit-test-helpers.js';
import { expectOnlyChange, expectOnlyEditedSpansChanged, flatItems } from './edit-test-helpers.js';

const STATUSES: ItemStatus[] = ['todo', 'in-progress', 'done'];

describe.each(SEED_NAMES)('every change on %s', (name) => {
  const text = readSeed(name);
  const before = parsePlan({ text });
  const lineCount = splitLines(text).count;

  const check = (change: PlanChange, target: Target) => {
    const result = planEdits({ text, changes: [change], parsed: before });
    expect(result.problems).toEqual([]);
    const out = applyEdits({ text, edits: result.edits });
    expectOnlyEditedSpansChanged({ text, out, edits: result.edits });
    expect(splitLines(out).count).toBe(lineCount);
    const expected =
      result.approximations.length > 0 ? { ...target, status: 'todo' as const } : target;
    expectOnlyChange({
      before,
      after: parsePlan({ text: out }),
      edits: result.edits,
      targets: [expected],
    });
    return result;
  };

  it('item statuses', () => {
    let edited = 0;
    let refused = 0;
    for (const item of flatItems(before)) {
      for (const status of STATUSES) {
        const change: PlanChange = { kind: 'set-item-status', key: item.key, status };
        if (item.source.kind === 'table-row' && item.source.status === null) {
          const result = planEdits({ text, changes: [change], parsed: before });
          expect(result.problems[0]?.message).toMatch(
            /^Unexpected table row without a Status cell/,
          );
          refused++;
          continue;
        }
        if (check(change, { key: item.key, status }).edits.length > 0) edited++;
      }
    }
    // Every item with a status span has at least one status it is not in yet.
    expect(edited).toBeGreaterThanOrEqual(flatItems(before).length - refused / 3);
    expect(edited).toBeGreaterThan(0);
  });

  it('renames', () => {
    for (const [index, item] of flatItems(before).entries()) {
      const title = `Renamed ${index} — ünïcødé 🚀 | ok`;
      const change: PlanChange = { kind: 'rename-item', key: item.key, title };
      if (
        /~\d+$/.test(item.key) ||
        flatItems(before).some((o, n) => n > index && o.key === `${item.key}~2`)
      ) {
        continue; // duplicates: see edit-title.test.ts
      }
      if (/[\r\n]/.test(text.slice(item.source.title.start, item.source.title.end))) continue;
      // Table cells get `\|` written, which reads back as `|`: the title reads as given.
      check(change, { key: item.key, title });
    }
  });

  it('milestone statuses', () => {
    for (const milestone of before.plan.milestones) {
      for (const status of STATUSES) {
        const change: PlanChange = {
          kind: 'set-milestone-status',
          key: milestone.key,
          status,
          date: '2026-11-22',
        };
        if (milestone.status === null) {
          const result = planEdits({ text, changes: [change], parsed: before });
          expect(result.problems[0]?.message).toMatch(/without a readable `Status:` line/);
          continue;
        }
        check(change, { key: milestone.key, status, milestone: true });
      }
    }
  });
});
