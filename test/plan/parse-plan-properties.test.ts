import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, ParseResult } from '../../src/plan/plan-types.js';
import { repairText } from '../../src/plan/repair-encoding.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';

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

/** Invariants any parse must satisfy, whatever the input. */
function checkInvariants(text: string, result: ParseResult): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const items = allItems(result);
  const keys = [...result.plan.milestones.map((m) => m.key), ...items.map((i) => i.key)];
  expect(new Set(keys).size).toBe(keys.length);
  for (const item of items) {
    expect(item.line).toBeGreaterThanOrEqual(1);
    expect(item.line).toBeLessThanOrEqual(lineCount);
    expect(item.checked).toBe(item.status === 'done');
    const { title } = item.source;
    expect(title.start).toBeLessThanOrEqual(title.end);
    expect(title.end).toBeLessThanOrEqual(text.length);
    // A single-line title is exactly the text of its span (repaired when double-encoded).
    const raw = text.slice(title.start, title.end);
    if (!/[\r\n]/.test(raw)) {
      expect(result.plan.format.doubleEncoded ? repairText(raw) : raw).toBe(item.title);
    }
    if (item.source.kind === 'checkbox') {
      expect(text.slice(item.source.mark.start, item.source.mark.end)).toMatch(/^[ xX~/]$/);
    }
  }
  for (const diagnostic of result.diagnostics) {
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.line).toBeLessThanOrEqual(lineCount);
    expect(diagnostic.message).toMatch(/^Unexpected /);
  }
}

const line = fc.oneof(
  fc.constantFrom(
    '# Plan',
    '## Phase 1',
    '### Milestone 2: Things',
    '### Tasks',
    '**Deliverables**:',
    '**Status**: ⏳ PENDING',
    'Status: done',
    '**Target Date**: Week 2',
    'Due: 2026-02-30',
    '| Task | Priority | Status |',
    '|---|---|---|',
    '| Build | P0 | ✅ |',
    '| Test | P1 |  |',
    '```',
    '<!--',
    '-->',
    '---',
    '> - [ ] quoted',
    '',
    '    - [ ] code?',
  ),
  fc
    .tuple(
      fc.constantFrom('', '  ', '    ', '\t'),
      fc.constantFrom('- ', '* ', '+ ', '1. ', '2) '),
      fc.constantFrom('[ ] ', '[x] ', '[X] ', '[~] ', ''),
      fc.string({ maxLength: 20 }),
    )
    .map(([indent, bullet, box, rest]) => `${indent}${bullet}${box}${rest}`),
  fc.string({ maxLength: 30 }),
);

describe('parsePlan properties', () => {
  it('never throws and keeps its invariants on arbitrary Markdown-ish input', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        (lines, eol, bom) => {
          const text = (bom ? '\uFEFF' : '') + lines.join(eol);
          checkInvariants(text, parsePlan({ text }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps its invariants on every seed', () => {
    for (const name of SEED_NAMES) {
      const text = readSeed(name);
      checkInvariants(text, parsePlan({ text }));
    }
  });

  it('gives the same model for LF, CRLF and BOM variants of each seed', () => {
    const strip = (result: ParseResult) =>
      JSON.parse(
        JSON.stringify(result.plan.milestones, (key, value: unknown) =>
          key === 'source' || key === 'value' ? undefined : value,
        ),
      ) as unknown;
    for (const name of SEED_NAMES) {
      const text = readSeed(name);
      const crlf = '\uFEFF' + text.replace(/\n/g, '\r\n');
      const a = parsePlan({ text });
      const b = parsePlan({ text: crlf });
      const normalize = (value: unknown) => JSON.stringify(value).replace(/\\r/g, '');
      expect(normalize(strip(b)), name).toBe(normalize(strip(a)));
      expect(b.plan.format).toMatchObject({ bom: true, eol: '\r\n' });
    }
  });

  it('keeps every key when an unrelated paragraph is inserted anywhere between sections', () => {
    const text = readSeed('feature-flags-MILESTONES.md');
    const lines = text.split('\n');
    const headingLines = lines.flatMap((l, i) => (/^#/.test(l) ? [i] : []));
    const keys = (t: string) => allItems(parsePlan({ text: t })).map((i) => i.key);
    const before = keys(text);
    fc.assert(
      fc.property(fc.constantFrom(...headingLines), fc.string({ maxLength: 40 }), (at, words) => {
        const prose = `Some notes ${words.replace(/[\r\n#|`*_[\]<>!-]/g, ' ')}`.trim();
        const edited = [...lines.slice(0, at), '', prose, '', ...lines.slice(at)].join('\n');
        expect(keys(edited)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });
});
