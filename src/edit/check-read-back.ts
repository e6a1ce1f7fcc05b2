/**
 * The safety net of planEdits: compares the parse of the edited text with the parse before the
 * edits plus exactly the expected changes.
 *
 * Contract: every milestone and item must still be there, on the same line, with the same key,
 * title, text, status, checked, priority, labels, assignees, issue, issueRepo, description and
 * kind — except what an expectation changes: a renamed item's title (read back as the Markdown
 * written, which toPlainText shows as the wanted title), text and key (and its descendants' key
 * prefix), a
 * changed status (and `checked`), a milestone's status (and state). A milestone without a Status
 * line whose items changed status may change state (a heading emoji or its items decide it).
 * Progress statements must all still be there, on the same line, with the same label, unit, scope
 * and what they count, and the same numbers except those an expectation sets.
 * Source spans, diagnostics and `checkedMark` are not compared. Pure; never throws.
 */
import type { Item, Milestone, ParseResult, ProgressStatement } from '../plan/plan-types.js';
import { slugify } from '../plan/normalize-title.js';
import { toPlainText } from '../plan/plain-text.js';
import type { Expectation } from './edit-context.js';

/** The first difference found, as a sentence; null when the read-back is as expected. */
export function checkReadBack(params: {
  before: ParseResult;
  after: ParseResult;
  expectations: readonly Expectation[];
}): string | null {
  const { before, after } = params;
  const items = new Map<string, { status?: Item['status']; title?: string; markdown?: string }>();
  const milestones = new Map<string, Item['status']>();
  const progress = new Map<number, Extract<Expectation, { target: 'progress' }>>();
  for (const e of params.expectations) {
    if (e.target === 'milestone') {
      milestones.set(e.key, e.status);
    } else if (e.target === 'progress') {
      progress.set(e.line, e);
    } else {
      const entry = items.get(e.key) ?? {};
      if (e.status !== undefined) entry.status = e.status;
      if (e.title !== undefined) entry.title = e.title;
      if (e.markdown !== undefined) entry.markdown = e.markdown;
      items.set(e.key, entry);
    }
  }
  const f0 = before.plan.format;
  const f1 = after.plan.format;
  if (f0.bom !== f1.bom || f0.eol !== f1.eol || f0.doubleEncoded !== f1.doubleEncoded) {
    return 'the file format (BOM, line endings or encoding) would change';
  }

  let statusChanged: boolean;
  const compareItems = (list0: Item[], list1: Item[], prefix: string): string | null => {
    if (list0.length !== list1.length) {
      return `${list1.length} deliverables would be read where there are ${list0.length}`;
    }
    for (let i = 0; i < list0.length; i++) {
      const o = list0[i] as Item;
      const n = list1[i] as Item;
      const e = items.get(o.key);
      const renamed = e?.markdown !== undefined && e.markdown !== o.title;
      const title = renamed ? (e?.markdown as string) : o.title;
      if (renamed && toPlainText(n.title) !== e?.title) {
        return `line ${o.line} would show title ${JSON.stringify(toPlainText(n.title))} instead of ${JSON.stringify(e?.title)}`;
      }
      const key = renamed
        ? `${prefix}/${slugify(title)}`
        : `${prefix}${o.key.slice(o.key.lastIndexOf('/'))}`;
      const status = e?.status ?? o.status;
      if (status !== o.status) statusChanged = true;
      const checked = e?.status !== undefined ? status === 'done' : o.checked;
      const fields: [string, unknown, unknown][] = [
        ['line', n.line, o.line],
        ['title', n.title, title],
        ['key', n.key, key],
        ['status', n.status, status],
        ['checked', n.checked, checked],
        ['priority', n.priority, o.priority],
        ['labels', n.labels.join(', '), o.labels.join(', ')],
        ['assignees', n.assignees.join(', '), o.assignees.join(', ')],
        ['issue', n.issue, o.issue],
        ['issue repository', n.issueRepo, o.issueRepo],
        ['description', n.description, o.description],
        ['kind', n.source.kind, o.source.kind],
      ];
      for (const [name, actual, wanted] of fields) {
        if (actual !== wanted) {
          return `line ${o.line} would read ${name} ${JSON.stringify(actual)} instead of ${JSON.stringify(wanted)}`;
        }
      }
      const nested = compareItems(o.children, n.children, key);
      if (nested !== null) return nested;
    }
    return null;
  };

  const ms0 = before.plan.milestones;
  const ms1 = after.plan.milestones;
  if (ms0.length !== ms1.length) {
    return `${ms1.length} milestones would be read where there are ${ms0.length}`;
  }
  for (let i = 0; i < ms0.length; i++) {
    const m0 = ms0[i] as Milestone;
    const m1 = ms1[i] as Milestone;
    statusChanged = false;
    const nested = compareItems(m0.items, m1.items, m1.key);
    if (nested !== null) return nested;
    const wantedStatus = milestones.get(m0.key);
    const fields: [string, unknown, unknown][] = [
      ['milestone key', m1.key, m0.key],
      ['milestone title', m1.title, m0.title],
      ['milestone line', m1.line, m0.line],
      ['milestone context', m1.context.join(' / '), m0.context.join(' / ')],
      ['milestone due date', JSON.stringify(m1.due), JSON.stringify(m0.due)],
      ['milestone priority', m1.priority, m0.priority],
      ['milestone description', m1.description, m0.description],
      ['milestone status', m1.status?.status ?? null, wantedStatus ?? m0.status?.status ?? null],
      ['milestone status line', m1.status?.line ?? null, m0.status?.line ?? null],
    ];
    if (wantedStatus === undefined) {
      fields.push(['milestone status text', m1.status?.text ?? null, m0.status?.text ?? null]);
    }
    if (wantedStatus !== undefined) {
      fields.push(['milestone state', m1.state, wantedStatus === 'done' ? 'closed' : 'open']);
    } else if (m0.status !== null || !statusChanged) {
      fields.push(['milestone state', m1.state, m0.state]);
    }
    for (const [name, actual, wanted] of fields) {
      if (actual !== wanted) {
        return `line ${m0.line} would read ${name} ${JSON.stringify(actual)} instead of ${JSON.stringify(wanted)}`;
      }
    }
  }
  return (
    compareItems(before.plan.items, after.plan.items, '_') ??
    compareProgress({ before: before.plan.progress, after: after.plan.progress, progress })
  );
}

function compareProgress(params: {
  before: ProgressStatement[];
  after: ProgressStatement[];
  progress: Map<number, Extract<Expectation, { target: 'progress' }>>;
}): string | null {
  const { before, after } = params;
  if (before.length !== after.length) {
    return `${after.length} progress statements would be read where there are ${before.length}`;
  }
  for (let i = 0; i < before.length; i++) {
    const p0 = before[i] as ProgressStatement;
    const p1 = after[i] as ProgressStatement;
    const e = params.progress.get(p0.line);
    const scope = (p: ProgressStatement) =>
      `${p.scope.kind} ${p.scope.milestone ?? ''} ${p.scope.milestones.join(', ')}`;
    const fields: [string, unknown, unknown][] = [
      ['progress line', p1.line, p0.line],
      ['progress label', p1.label, p0.label],
      ['progress unit', p1.unit, p0.unit],
      ['progress scope', scope(p1), scope(p0)],
      ['progress counts', p1.counts, p0.counts],
      ['progress percent', p1.percent?.value ?? null, e ? e.percent : (p0.percent?.value ?? null)],
      ['progress done', p1.done?.value ?? null, e ? e.done : (p0.done?.value ?? null)],
      ['progress total', p1.total?.value ?? null, e ? e.total : (p0.total?.value ?? null)],
    ];
    for (const [name, actual, wanted] of fields) {
      if (actual !== wanted) {
        return `line ${p0.line} would read ${name} ${JSON.stringify(actual)} instead of ${JSON.stringify(wanted)}`;
      }
    }
  }
  return null;
}
