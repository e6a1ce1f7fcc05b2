/**
 * Helpers for the edit tests: finding keys by title, running one change end to end, and an
 * independent oracle for "re-parsing gives exactly the intended model change".
 */
import { expect } from 'vitest';
import { applyEdits } from '../../src/edit/apply-edits.js';
import type { PlanChange, PlanEditsResult, TextEdit } from '../../src/edit/edit-types.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { slugify } from '../../src/plan/normalize-title.js';
import { toPlainText } from '../../src/plan/plain-text.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type {
  Diagnostic,
  Item,
  ItemStatus,
  Milestone,
  ParseResult,
} from '../../src/plan/plan-types.js';

/** Every item in document order, depth first, loose items last (as the model orders them). */
export function flatItems(parsed: ParseResult): Item[] {
  const out: Item[] = [];
  const visit = (items: Item[]) => {
    for (const item of items) {
      out.push(item);
      visit(item.children);
    }
  };
  for (const milestone of parsed.plan.milestones) visit(milestone.items);
  visit(parsed.plan.items);
  return out;
}

export function itemByTitle(text: string, title: string): Item {
  const found = flatItems(parsePlan({ text })).filter((item) => item.title === title);
  expect(found, `exactly one item titled ${title}`).toHaveLength(1);
  return found[0] as Item;
}

export function keyOf(text: string, title: string): string {
  return itemByTitle(text, title).key;
}

export function milestoneKeyOf(text: string, title: string): string {
  const milestone = parsePlan({ text }).plan.milestones.find((m) => m.title === title);
  expect(milestone, `milestone titled ${title}`).toBeDefined();
  return (milestone as Milestone).key;
}

/** planEdits + applyEdits for one batch. */
export function run(params: { text: string; changes: PlanChange[]; today?: string }): {
  result: PlanEditsResult;
  out: string;
} {
  const result = planEdits(params);
  return { result, out: applyEdits({ text: params.text, edits: result.edits }) };
}

/**
 * Asserts that `after` equals `before` plus exactly the intended change:
 * - items: same count and order; the same line, title, status, checked, priority, labels,
 *   assignees, issue, issueRepo, description, kind, and source spans shifted by the edits; except
 *   the target's status/checked (status changes) or title (renames: the target title is what
 *   toPlainText shows of the Markdown read back), and the keys of a renamed item
 *   and its descendants, which become `<parent>/<slug(title)>` and follow the new prefix;
 * - milestones: everything equal (spans shifted) but the target's status text/status/state, and
 *   the state of a milestone without a Status line whose item changed status (heading emoji or
 *   items decide it);
 * - diagnostics: the same, except ones on edited lines, which may disappear or change wording
 *   (never appear), and the double-encoded notice, which may quote other text;
 * - format: the same, except `checkedMark` (ticks change the majority).
 */
export interface Target {
  key: string;
  status?: ItemStatus;
  title?: string;
  /** The key is a milestone's (set-milestone-status). */
  milestone?: boolean;
}

export function expectOnlyChange(params: {
  before: ParseResult;
  after: ParseResult;
  edits: readonly TextEdit[];
  targets: readonly Target[];
  /** Also compare source spans (shifted by the edits); default true. */
  spans?: boolean;
}): void {
  const { before, after, edits } = params;
  const itemTargets = new Map<string, Target>();
  const milestoneTargets = new Map<string, Target>();
  for (const t of params.targets) (t.milestone ? milestoneTargets : itemTargets).set(t.key, t);
  const shift = (offset: number): number => {
    let delta = 0;
    for (const edit of edits) {
      if (edit.end <= offset && !(edit.start === edit.end && edit.start === offset)) {
        delta += edit.text.length - (edit.end - edit.start);
      }
    }
    return offset + delta;
  };
  /** Overlaps an edit, or contains or lies inside one (zero-length spans included). */
  const touched = (span: { start: number; end: number }) =>
    edits.some(
      (e) =>
        (e.start < span.end && span.start < e.end) ||
        (e.start <= span.start && span.end <= e.end) ||
        (span.start <= e.start && e.end <= span.end),
    );

  expect(after.plan.format.bom).toBe(before.plan.format.bom);
  expect(after.plan.format.eol).toBe(before.plan.format.eol);
  expect(after.plan.format.doubleEncoded).toBe(before.plan.format.doubleEncoded);

  const compareItems = (list0: Item[], list1: Item[], prefix: string, inRenamed: boolean) => {
    expect(list1.map((i) => i.line)).toEqual(list0.map((i) => i.line));
    list0.forEach((o, index) => {
      const n = list1[index] as Item;
      const target = itemTargets.get(o.key);
      const renamed = target?.title !== undefined;
      // A rename gives the title as GitHub shows it; the file holds Markdown that shows it.
      const title = renamed && toPlainText(n.title) === target?.title ? n.title : o.title;
      if (renamed) expect(toPlainText(n.title), `title of line ${o.line}`).toBe(target?.title);
      const key = renamed
        ? `${prefix}/${slugify(title)}`
        : inRenamed
          ? `${prefix}${o.key.slice(o.key.lastIndexOf('/'))}`
          : o.key;
      const status = target?.status ?? o.status;
      const checked = target?.status !== undefined ? status === 'done' : o.checked;
      expect({
        key: n.key,
        title: n.title,
        status: n.status,
        checked: n.checked,
        priority: n.priority,
        labels: n.labels,
        assignees: n.assignees,
        issue: n.issue,
        issueRepo: n.issueRepo,
        description: n.description,
        kind: n.source.kind,
      }).toEqual({
        key,
        title,
        status,
        checked,
        priority: o.priority,
        labels: o.labels,
        assignees: o.assignees,
        issue: o.issue,
        issueRepo: o.issueRepo,
        description: o.description,
        kind: o.source.kind,
      });
      // Spans of parts no edit touched move with the edits and still hold the same text.
      const spans0 = spansOf(o);
      const spans1 = spansOf(n);
      for (const [name, span] of Object.entries(spans0)) {
        if (params.spans === false || span === null || touched(span)) continue;
        expect(spans1[name], `${name} span of line ${o.line}`).toEqual({
          start: shift(span.start),
          end: shift(span.end),
        });
      }
      compareItems(o.children, n.children, key, inRenamed || renamed);
    });
  };

  const ms0 = before.plan.milestones;
  const ms1 = after.plan.milestones;
  expect(ms1.map((m) => m.line)).toEqual(ms0.map((m) => m.line));
  ms0.forEach((m0, index) => {
    const m1 = ms1[index] as Milestone;
    compareItems(m0.items, m1.items, m1.key, false);
    const target = milestoneTargets.get(m0.key);
    const statusChanged = [...itemTargets.values()].some(
      (t) => t.status !== undefined && containsKey(m0.items, t.key),
    );
    expect({
      key: m1.key,
      title: m1.title,
      level: m1.level,
      context: m1.context,
      due: m1.due,
      priority: m1.priority,
      description: m1.description,
    }).toEqual({
      key: m0.key,
      title: m0.title,
      level: m0.level,
      context: m0.context,
      due: m0.due,
      priority: m0.priority,
      description: m0.description,
    });
    if (target !== undefined) {
      expect(m1.status?.status).toBe(target.status);
      expect(m1.status?.line).toBe(m0.status?.line);
      expect(m1.state).toBe(target.status === 'done' ? 'closed' : 'open');
    } else {
      expect(m1.status === null ? null : { ...m1.status, value: null }).toEqual(
        m0.status === null ? null : { ...m0.status, value: null },
      );
      if (m0.status !== null && params.spans !== false) {
        expect(m1.status?.value).toEqual({
          start: shift(m0.status.value.start),
          end: shift(m0.status.value.end),
        });
      }
      if (m0.status !== null || !statusChanged) expect(m1.state).toBe(m0.state);
    }
  });
  compareItems(before.plan.items, after.plan.items, '_', false);

  // Diagnostics: unchanged, except on edited lines, where one may disappear or quote the new
  // text. The double-encoded notice quotes the first damaged text, which an edit may replace.
  const editedLines = new Set(edits.map((e) => e.line));
  const encoding = (d: Diagnostic) => d.rule === 'double-encoded';
  expect(after.diagnostics.filter(encoding).length).toBe(
    before.diagnostics.filter(encoding).length,
  );
  const full = (d: Diagnostic) => `${d.line}\u0000${d.rule}\u0000${d.message}`;
  const where = (d: Diagnostic) => `${d.line}\u0000${d.rule}`;
  const off = (d: Diagnostic) => !encoding(d) && !editedLines.has(d.line);
  const on = (d: Diagnostic) => !encoding(d) && editedLines.has(d.line);
  expect(after.diagnostics.filter(off).map(full)).toEqual(before.diagnostics.filter(off).map(full));
  const onEdited = before.diagnostics.filter(on).map(where);
  for (const d of after.diagnostics.filter(on)) {
    const index = onEdited.indexOf(where(d));
    expect(index, `diagnostic ${full(d)} is new`).toBeGreaterThanOrEqual(0);
    onEdited.splice(index, 1);
  }
}

function containsKey(items: Item[], key: string): boolean {
  return items.some((item) => item.key === key || containsKey(item.children, key));
}

function spansOf(item: Item): Record<string, { start: number; end: number } | null> {
  const source = item.source;
  return source.kind === 'checkbox'
    ? { mark: source.mark, title: source.title }
    : { title: source.title, status: source.status, statusCell: source.statusCell };
}

/** Asserts the bytes outside the edits are identical: before the first, between, after the last. */
export function expectOnlyEditedSpansChanged(params: {
  text: string;
  out: string;
  edits: readonly TextEdit[];
}): void {
  const { text, out, edits } = params;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let from = 0;
  let at = 0;
  for (const edit of sorted) {
    expect(out.slice(at, at + edit.start - from)).toBe(text.slice(from, edit.start));
    at += edit.start - from;
    expect(out.slice(at, at + edit.text.length)).toBe(edit.text);
    at += edit.text.length;
    from = edit.end;
  }
  expect(out.slice(at)).toBe(text.slice(from));
}
