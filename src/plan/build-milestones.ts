import type {
  Diagnostic,
  DueDate,
  Item,
  Milestone,
  MilestoneStatus,
  PlanConfig,
} from './plan-types.js';
import type { MetaLine, ScanResult, Section } from './scan-blocks.js';
import { LineRole } from './scan-blocks.js';
import type { MilestoneChoice } from './find-milestones.js';
import type { LineTable } from './split-lines.js';
import { lineText } from './split-lines.js';
import { cleanHeadingTitle } from './normalize-title.js';
import { classifyStatus } from './classify-status.js';
import { findRelativeDateInTitle, parseDueDate } from './parse-due-date.js';

/**
 * Turns the chosen milestone sections into Milestones: title, context, metadata (status, due date,
 * priority), description prose, and their deliverables with section labels.
 */
export function buildMilestones(params: {
  text: string;
  lines: LineTable;
  scan: ScanResult;
  choice: MilestoneChoice;
  config: PlanConfig;
  repair: (s: string) => string;
}): { milestones: Milestone[]; items: Item[]; diagnostics: Diagnostic[] } {
  const { scan, choice, repair, config } = params;
  const diagnostics: Diagnostic[] = [];
  const bySection = new Map<Section, Milestone>();
  const milestones: Milestone[] = [];
  const loose: Item[] = [];
  const metaBySection = new Map<Section, MetaLine[]>();
  const milestoneSections = new Set<Section>();
  for (const section of choice.owner.values()) if (section) milestoneSections.add(section);

  for (const section of scan.sections) {
    const milestoneSection = choice.owner.get(section);
    if (section.meta.length > 0 && milestoneSection) {
      const list = metaBySection.get(milestoneSection) ?? [];
      for (const meta of section.meta) list.push(meta);
      metaBySection.set(milestoneSection, list);
    }
    if (section.items.length === 0) continue;
    const labels = choice.labels.get(section) ?? [];
    for (const item of section.items) applyLabels(item, labels);
    if (!milestoneSection) {
      for (const item of section.items) loose.push(item);
      continue;
    }
    let milestone = bySection.get(milestoneSection);
    if (!milestone) {
      milestone = newMilestone({ section: milestoneSection, choice, repair });
      bySection.set(milestoneSection, milestone);
      milestones.push(milestone);
    }
    for (const item of section.items) milestone.items.push(item);
  }
  milestones.sort((a, b) => a.line - b.line);

  for (const [section, milestone] of bySection) {
    const { title, emojiStatus } = cleanHeadingTitle(repair(section.rawTitle));
    for (const meta of metaBySection.get(section) ?? []) {
      applyMeta({ milestone, meta, repair, config, diagnostics });
    }
    if (!milestone.due) milestone.due = dueFromTitle({ title, line: milestone.line, config });
    const done = milestone.items.length > 0 && milestone.items.every(isDone);
    const status = milestone.status?.status ?? emojiStatus ?? (done ? 'done' : null);
    milestone.state = status === 'done' ? 'closed' : 'open';
    milestone.description = describeSection({ ...params, section, milestoneSections });
  }
  return { milestones, items: loose, diagnostics };
}

/**
 * A date written in the heading itself: `M1.1: Core (Week 1)` (relative) or
 * `3.2 (November 2018)` (absolute). Text that is not a date is left alone, silently.
 */
function dueFromTitle(params: { title: string; line: number; config: PlanConfig }): DueDate | null {
  const { title, line, config } = params;
  const relative = findRelativeDateInTitle(title);
  const text = relative ?? /\(([^()]{4,40})\)\s*$/.exec(title)?.[1]?.trim();
  if (!text) return null;
  const parsed = parseDueDate({ text, startDate: config.startDate });
  if (parsed.kind === 'relative' || parsed.kind === 'absolute')
    return { text, date: parsed.date, line };
  return null;
}

function isDone(item: Item): boolean {
  return item.status === 'done' && item.children.every(isDone);
}

function applyLabels(item: Item, labels: string[]): void {
  item.labels = [...labels];
}

function newMilestone(params: {
  section: Section;
  choice: MilestoneChoice;
  repair: (s: string) => string;
}): Milestone {
  const { section, choice, repair } = params;
  const context: string[] = [];
  for (let node = section.parent; node && node.kind !== 'root'; node = node.parent) {
    if (node === choice.documentTitle) break;
    context.unshift(cleanHeadingTitle(repair(node.rawTitle)).title);
  }
  return {
    key: '',
    title: cleanHeadingTitle(repair(section.rawTitle)).title,
    line: section.line + 1,
    level: section.level,
    context,
    state: 'open',
    status: null,
    due: null,
    priority: null,
    description: '',
    items: [],
  };
}

function applyMeta(params: {
  milestone: Milestone;
  meta: MetaLine;
  repair: (s: string) => string;
  config: PlanConfig;
  diagnostics: Diagnostic[];
}): void {
  const { milestone, meta, repair, config, diagnostics } = params;
  const value = repair(meta.value).trim();
  const line = meta.line + 1;
  if (meta.key === 'status') {
    if (milestone.status) return;
    const status = classifyStatus(value);
    if (status === null) {
      diagnostics.push({
        line,
        severity: 'warning',
        rule: 'unknown-status',
        message: `Unexpected status \`${value}\`, expected a value like ✅ COMPLETED, IN PROGRESS or ❌ Not Started`,
      });
      return;
    }
    const parsed: MilestoneStatus = { text: value, status, line, value: meta.span };
    milestone.status = parsed;
  } else if (meta.key === 'due') {
    if (milestone.due) return;
    const parsed = parseDueDate({ text: value, startDate: config.startDate });
    if (parsed.kind === 'invalid') {
      diagnostics.push({ line, severity: 'warning', rule: 'invalid-date', message: parsed.reason });
      return;
    }
    if (parsed.kind === 'none') return;
    const due: DueDate = { text: value, date: parsed.date, line };
    milestone.due = due;
  } else if (!milestone.priority) {
    milestone.priority = /\bP[0-4]\b/.exec(value)?.[0] ?? (value === '' ? null : value);
  }
}

/**
 * The milestone's prose as Markdown: its section minus deliverables, consumed metadata lines,
 * horizontal rules, nested milestones, and subsection headings left with nothing under them.
 */
function describeSection(params: {
  text: string;
  lines: LineTable;
  scan: ScanResult;
  section: Section;
  milestoneSections: Set<Section>;
  repair: (s: string) => string;
}): string {
  const { text, lines, scan, section, milestoneSections } = params;
  const excluded: [number, number][] = [];
  const collect = (node: Section) => {
    for (const child of node.children) {
      if (milestoneSections.has(child)) excluded.push([child.line, child.endLine]);
      else collect(child);
    }
  };
  collect(section);
  excluded.sort((a, b) => a[0] - b[0]);
  const kept: { text: string; role: number }[] = [];
  let e = 0;
  for (let l = section.line + 1; l < section.endLine; l++) {
    while (e < excluded.length && (excluded[e]?.[1] ?? 0) <= l) e++;
    const range = excluded[e];
    if (range && l >= range[0]) {
      l = range[1] - 1;
      continue;
    }
    const role = scan.lineRole[l] ?? LineRole.prose;
    if (role === LineRole.deliverable || role === LineRole.metadata || role === LineRole.rule)
      continue;
    kept.push({ text: lineText({ text, lines, index: l }).trimEnd(), role });
  }
  // Drop subsection headings with no prose before the next heading.
  const out: string[] = [];
  for (let i = 0; i < kept.length; i++) {
    const entry = kept[i] as { text: string; role: number };
    if (entry.role === LineRole.heading || entry.role === LineRole.pseudoHeading) {
      let j = i + 1;
      while (j < kept.length && (kept[j] as { text: string }).text.trim() === '') j++;
      const next = kept[j];
      if (!next || next.role === LineRole.heading || next.role === LineRole.pseudoHeading) continue;
    }
    const previous = out[out.length - 1];
    if (entry.text === '' && (previous === undefined || previous === '')) continue;
    out.push(entry.text);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return params.repair(out.join('\n'));
}
