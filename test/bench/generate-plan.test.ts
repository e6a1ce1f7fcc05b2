import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BYTES_PER_DELIVERABLE,
  PLAN_STYLES,
  generatePlan,
  generatePlanWithStats,
} from '../../bench/generate-plan.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, Plan } from '../../src/plan/plan-types.js';

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function allItems(plan: Plan): Item[] {
  return [...plan.milestones.flatMap((m) => flatten(m.items)), ...flatten(plan.items)];
}

const KIB = 1024;
const MIB = 1024 * KIB;

describe('generatePlan', () => {
  it('is deterministic: same options, same text; another seed, another text', () => {
    const a = generatePlan({ bytes: 32 * KIB, seed: 42 });
    const b = generatePlan({ bytes: 32 * KIB, seed: 42 });
    const c = generatePlan({ bytes: 32 * KIB, seed: 43 });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(generatePlanWithStats({ bytes: 32 * KIB, seed: 42 }).text).toBe(a);
  });

  it('defaults to seed 1, LF and 100 deliverables', () => {
    const { text, stats } = generatePlanWithStats();
    expect(text).toBe(generatePlan({ seed: 1 }));
    expect(stats.deliverables).toBe(100);
    expect(stats.seed).toBe(1);
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
  });

  it.each([8 * KIB, 64 * KIB, 256 * KIB, MIB])(
    'hits a requested size of %i bytes within 5%',
    (bytes) => {
      const { text, stats } = generatePlanWithStats({ bytes, seed: 7 });
      expect(stats.bytes).toBe(Buffer.byteLength(text, 'utf8'));
      expect(Math.abs(stats.bytes - bytes) / bytes).toBeLessThan(0.05);
      expect(stats.deliverables).toBe(Math.round(bytes / BYTES_PER_DELIVERABLE));
    },
  );

  it('writes 1 MiB with exactly 10,000 deliverables that parsePlan finds', () => {
    const { text, stats } = generatePlanWithStats({ bytes: MIB, deliverables: 10_000 });
    expect(Math.abs(stats.bytes - MIB) / MIB).toBeLessThan(0.05);
    expect(stats.deliverables).toBe(10_000);
    const { plan } = parsePlan({ text });
    expect(allItems(plan)).toHaveLength(10_000);
    expect(plan.milestones).toHaveLength(stats.milestones);
  });

  it('hits the size with CRLF line endings too, and parsePlan reads them as CRLF', () => {
    const { text, stats } = generatePlanWithStats({ bytes: 64 * KIB, seed: 3, eol: '\r\n' });
    expect(Math.abs(stats.bytes - 64 * KIB) / (64 * KIB)).toBeLessThan(0.05);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { plan } = parsePlan({ text });
    expect(plan.format.eol).toBe('\r\n');
    expect(allItems(plan)).toHaveLength(stats.deliverables);
  });

  it('reports what parsePlan finds: deliverables, done ones, milestones; no warnings', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { text, stats } = generatePlanWithStats({ bytes: 128 * KIB, seed });
      const { plan, diagnostics } = parsePlan({ text });
      const items = allItems(plan);
      expect(items, `seed ${seed}`).toHaveLength(stats.deliverables);
      expect(items.filter((i) => i.source.kind === 'table-row')).toHaveLength(stats.tableRows);
      expect(items.filter((i) => i.source.kind === 'checkbox')).toHaveLength(stats.checkboxes);
      expect(items.filter((i) => i.status === 'done')).toHaveLength(stats.done);
      expect(plan.milestones).toHaveLength(stats.milestones);
      expect(plan.items).toEqual([]);
      expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    }
  });

  it('mixes all five seed styles and the features they bring', () => {
    const { text, stats } = generatePlanWithStats({ bytes: 256 * KIB, seed: 1 });
    for (const style of PLAN_STYLES)
      expect(stats.milestonesByStyle[style], style).toBeGreaterThan(0);
    expect(stats.nestedCheckboxes).toBeGreaterThan(0);
    expect(stats.tableRows).toBeGreaterThan(0);
    for (const needle of [
      '**Status**: ⏳ PENDING',
      '**Target Date**: 2026-',
      '**Deliverables**:',
      '- [x] ',
      '- [ ] ',
      '| Task | Priority | Status |',
      '| ✅ |',
      '| 🔄 |',
      '| ❌ |',
      '\n## Tasks\n',
      '\n## Acceptance Criteria\n',
      '\n```markdown\n',
    ]) {
      expect(text, needle).toContain(needle);
    }
    expect(text).toMatch(/\n {2}- \[[ x]\] /); // nested checkbox
    expect(text).toMatch(/\n {2}- [A-Z`]/); // plain-bullet description
  });

  it('writes exactly the deliverables asked for, even when they need more than the bytes', () => {
    const { stats } = generatePlanWithStats({ bytes: 2 * KIB, deliverables: 300 });
    expect(stats.deliverables).toBe(300);
    expect(stats.bytes).toBeGreaterThan(2 * KIB);
    const only = generatePlanWithStats({ deliverables: 1 });
    expect(only.stats.deliverables).toBe(1);
    expect(allItems(parsePlan({ text: only.text }).plan)).toHaveLength(1);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generatePlan({ bytes: 0 })).toThrow(RangeError);
    expect(() => generatePlan({ bytes: 1.5 })).toThrow(RangeError);
    expect(() => generatePlan({ deliverables: -1 })).toThrow(RangeError);
    expect(() => generatePlan({ seed: Number.NaN })).toThrow(RangeError);
    expect(() => generatePlan({ eol: '\r' as '\n' })).toThrow(RangeError);
  });

  it('property: parsePlan finds the deliverables and milestones of any generated plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 500, max: 48 * KIB }),
        fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
        (seed, deliverables, bytes, eol) => {
          const { text, stats } = generatePlanWithStats({ seed, deliverables, bytes, eol });
          const { plan } = parsePlan({ text });
          expect(allItems(plan)).toHaveLength(deliverables);
          expect(plan.milestones).toHaveLength(stats.milestones);
          if (stats.bytes > bytes) {
            // Too small for the deliverables: nothing optional was kept.
            expect(generatePlanWithStats({ seed, deliverables, bytes: 1, eol }).text).toBe(text);
          } else {
            expect(bytes - stats.bytes).toBeLessThan(Math.max(400, bytes * 0.05));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
