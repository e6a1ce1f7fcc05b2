/**
 * Fuzzing parsePlan with generated plans (test/helpers/arbitrary-plan.ts) and mutated seeds
 * (test/helpers/mutate-plan.ts: lines deleted, duplicated, swapped; lone surrogates, NUL, a BOM
 * mid-file, mixed CR/CRLF/LF; unclosed fences; lists 1,000 levels deep; huge tables; long lines;
 * plan syntax spliced into other lines). Whatever the input:
 * - parsePlan never throws;
 * - every diagnostic is on a line of the file and reads "Unexpected …, expected …"
 *   (plan-types.ts: remark-lint style) with a rule id;
 * - every milestone and deliverable is on a line of the file; every span lies inside the text, a
 *   checkbox's mark span is its mark, a single-line title span reads as the title;
 * - parsing again gives the same result;
 * - planEdits (a status toggle and a rename of some deliverables) never throws: it makes an edit
 *   or reports a problem; its edits apply, touch only the deliverable's own line and keep the line
 *   count, and the result parses.
 * Timing is never asserted here: bench/bench-parse-fuzz.ts measures growth per doubling.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, ParseResult, Span } from '../../src/plan/plan-types.js';
import { repairText } from '../../src/plan/repair-encoding.js';
import { splitLines } from '../../src/plan/split-lines.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { applyEdits } from '../../src/edit/apply-edits.js';
import type { PlanChange } from '../../src/edit/edit-types.js';
import { arbitraryPlan } from '../helpers/arbitrary-plan.js';
import { applyMutations, mutationArb, nestedList, wideTable } from '../helpers/mutate-plan.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';

const DIAGNOSTIC_MESSAGE = /^Unexpected [\s\S]*\bexpected\b/;

function allItems(result: ParseResult): Item[] {
  const out: Item[] = [];
  const visit = (items: Item[]) => {
    for (const item of items) {
      out.push(item);
      visit(item.children);
    }
  };
  for (const milestone of result.plan.milestones) visit(milestone.items);
  visit(result.plan.items);
  return out;
}

function expectSpanInside(span: Span, text: string): void {
  expect(span.start).toBeGreaterThanOrEqual(0);
  expect(span.start).toBeLessThanOrEqual(span.end);
  expect(span.end).toBeLessThanOrEqual(text.length);
}

/** Lines of the file: CRLF, LF and lone CR each end one (plan-types.ts). */
function countLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** Parses `text` twice and checks every invariant of the file comment but the edits. */
function parseChecked(text: string): ParseResult {
  const result = parsePlan({ text });
  const lineCount = countLines(text);
  const onALine = (line: number) => {
    expect(Number.isInteger(line)).toBe(true);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lineCount);
  };
  for (const d of result.diagnostics) {
    onALine(d.line);
    expect(d.message).toMatch(DIAGNOSTIC_MESSAGE);
    expect(d.rule).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(['error', 'warning', 'info']).toContain(d.severity);
  }
  for (const milestone of result.plan.milestones) {
    onALine(milestone.line);
    if (milestone.status) {
      onALine(milestone.status.line);
      expectSpanInside(milestone.status.value, text);
    }
    if (milestone.due) onALine(milestone.due.line);
  }
  for (const progress of result.plan.progress) {
    onALine(progress.line);
    for (const n of [progress.percent, progress.done, progress.total]) {
      if (n) expectSpanInside(n.span, text);
    }
  }
  const items = allItems(result);
  for (const item of items) {
    onALine(item.line);
    expect(item.checked).toBe(item.status === 'done');
    const { source } = item;
    expectSpanInside(source.title, text);
    const raw = text.slice(source.title.start, source.title.end);
    if (!/[\r\n]/.test(raw)) {
      expect(result.plan.format.doubleEncoded ? repairText(raw) : raw).toBe(item.title);
    }
    if (source.kind === 'checkbox') {
      expectSpanInside(source.mark, text);
      expect(text.slice(source.mark.start, source.mark.end)).toMatch(/^[ xX~/]$/);
    } else {
      if (source.status) expectSpanInside(source.status, text);
      if (source.statusCell) expectSpanInside(source.statusCell, text);
    }
  }
  const keys = [...result.plan.milestones.map((m) => m.key), ...items.map((i) => i.key)];
  expect(new Set(keys).size).toBe(keys.length);
  expect(parsePlan({ text })).toEqual(result);
  return result;
}

/**
 * planEdits on up to `picks.length` deliverables: toggles the status (or renames), then checks
 * the outcome as the file comment says.
 */
function checkEdits(params: { text: string; parsed: ParseResult; picks: number[] }): void {
  const { text, parsed } = params;
  const items = allItems(parsed);
  if (items.length === 0) return;
  const lines = splitLines(text);
  for (const [n, pick] of params.picks.entries()) {
    const item = items[pick % items.length] as Item;
    const change: PlanChange =
      n % 2 === 0
        ? {
            kind: 'set-item-status',
            key: item.key,
            status: item.status === 'done' ? 'todo' : 'done',
          }
        : { kind: 'rename-item', key: item.key, title: `Fuzzed title ${n}` };
    const result = planEdits({ text, parsed, changes: [change] });
    expect(result.edits.length > 0 || result.problems.length > 0).toBe(true);
    for (const problem of result.problems) expect(problem.message).toMatch(/^Unexpected /);
    const out = applyEdits({ text, edits: result.edits });
    expect(countLines(out)).toBe(countLines(text));
    for (const edit of result.edits) {
      expect(edit.key).toBe(item.key);
      expect(text.slice(edit.start, edit.end)).not.toMatch(/[\r\n]/);
      expect(edit.text).not.toMatch(/[\r\n]/);
      // The deliverable's own lines: its first line up to the end of its title.
      const lastLine = lineOf({ lines, offset: item.source.title.end });
      expect(edit.line).toBeGreaterThanOrEqual(item.line);
      expect(edit.line).toBeLessThanOrEqual(lastLine);
    }
    parsePlan({ text: out });
  }
}

/** 1-based line holding `offset`. */
function lineOf(params: { lines: ReturnType<typeof splitLines>; offset: number }): number {
  const { lines, offset } = params;
  let lo = 0;
  let hi = lines.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines.starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const seedArb = fc.constantFrom(...SEED_NAMES).map((name) => readSeed(name));
const picksArb = fc.array(fc.nat(), { maxLength: 2 });

describe('parsePlan fuzz', () => {
  it('generated plans: never throws, keeps its invariants, edits stay on their line', () => {
    fc.assert(
      fc.property(arbitraryPlan, picksArb, (plan, picks) => {
        const parsed = parseChecked(plan.text);
        checkEdits({ text: plan.text, parsed, picks });
      }),
      { numRuns: 200 },
    );
  });

  it('mutated seeds: never throws, keeps its invariants, edits stay on their line', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 8 }),
        picksArb,
        (seed, mutations, picks) => {
          const text = applyMutations({ text: seed, mutations });
          const parsed = parseChecked(text);
          checkEdits({ text, parsed, picks });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('mutated generated plans: never throws and keeps its invariants', () => {
    fc.assert(
      fc.property(
        arbitraryPlan,
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        picksArb,
        (plan, mutations, picks) => {
          const text = applyMutations({ text: plan.text, mutations });
          checkEdits({ text, parsed: parseChecked(text), picks });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads a list 1,000 levels deep: the top levels, a warning for the lines below the limit', () => {
    for (const style of ['staircase', 'inline', 'quote'] as const) {
      const text = `## Deep\n\n${nestedList(1000, style).join('\n')}\n`;
      const result = parseChecked(text);
      if (style === 'staircase') {
        expect(allItems(result).length).toBeGreaterThan(10);
        const deep = result.diagnostics.filter((d) => d.rule === 'nesting-too-deep');
        expect(deep).toHaveLength(1);
        expect(deep[0]?.message).toMatch(/^Unexpected \d+ checkboxes nested too deep/);
      }
    }
  });

  it('reads a table of 2,000 rows and one of 2,000 columns', () => {
    const tall = parseChecked(`## T\n\n${wideTable(2000, 1).join('\n')}\n`);
    expect(tall.plan.milestones[0]?.items).toHaveLength(2000);
    const wide = parseChecked(`## T\n\n${wideTable(3, 2000).join('\n')}\n`);
    expect(wide.plan.milestones[0]?.items.map((i) => i.status)).toEqual(['todo', 'done', 'todo']);
  });
});
