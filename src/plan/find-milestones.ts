import type { Diagnostic, PlanConfig } from './plan-types.js';
import type { Section } from './scan-blocks.js';
import { sectionName } from './normalize-title.js';

/**
 * Subsection names that organise a milestone's work rather than name a milestone. A heading with
 * one of these names (or `<anything> tasks`) never becomes a milestone: its deliverables belong to
 * the nearest enclosing heading that is not generic.
 */
const GENERIC_NAMES = new Set([
  'tasks',
  'task list',
  'todo',
  'to do',
  'to-do',
  'todos',
  'goals',
  'objectives',
  'deliverables',
  'completed deliverables',
  'key deliverables',
  'acceptance criteria',
  'success criteria',
  'exit criteria',
  'done criteria',
  'definition of done',
  'checklist',
  'items',
  'work items',
  'action items',
  'subtasks',
  'sub-tasks',
  'steps',
  'requirements',
  'key results',
  'outcomes',
  'next steps',
]);

/** Generic names too broad to be worth a label on every issue. */
const UNLABELLED = new Set([
  'tasks',
  'task list',
  'todo',
  'to do',
  'to-do',
  'todos',
  'deliverables',
  'items',
  'work items',
  'checklist',
  'subtasks',
  'sub-tasks',
  'steps',
]);

export interface MilestoneChoice {
  /** For each section with deliverables: the milestone section it belongs to (null: none). */
  owner: Map<Section, Section | null>;
  /** Labels contributed by generic sections between a section and its milestone. */
  labels: Map<Section, string[]>;
  /** The document title section, when the file has one (never a milestone). */
  documentTitle: Section | null;
  isGeneric: (section: Section) => boolean;
  /** How sibling subsections were read alike (info), see `readSiblingsAlike`. */
  diagnostics: Diagnostic[];
}

/** A title that names a milestone of its own: a number (`Phase 2`, `v1.0`, `Q3`) or such a word. */
const MILESTONE_LIKE =
  /\d|^(?:milestone|phase|stage|sprint|iteration|release|version|epic|checkpoint|quarter|week|month)\b/i;

/**
 * Decides which heading each deliverable's section belongs to. Default rule: the nearest enclosing
 * heading that is not generic (see GENERIC_NAMES, plus any name repeated under two or more sibling
 * sections, like `Goals` under every phase); bold pseudo-headings are always generic. Config can
 * pin the level or a title pattern instead.
 */
export function findMilestones(params: {
  sections: Section[];
  config: PlanConfig;
  cleanTitle: (section: Section) => string;
}): MilestoneChoice {
  const { sections, config, cleanTitle } = params;
  const repeated = findRepeatedNames({ sections, cleanTitle });
  const genericCache = new Map<Section, boolean>();
  const isGenericByName = (section: Section): boolean => {
    if (section.kind === 'pseudo') return true;
    if (section.kind === 'root') return false;
    let generic = genericCache.get(section);
    if (generic === undefined) {
      const name = sectionName(cleanTitle(section));
      generic = GENERIC_NAMES.has(name) || / tasks$/.test(name) || repeated.has(section);
      genericCache.set(section, generic);
    }
    return generic;
  };
  const documentTitle = findDocumentTitle(sections);
  const pinned = config.milestoneLevel !== undefined || config.titlePattern !== undefined;
  const alike = pinned
    ? { overrides: new Map<Section, boolean>(), diagnostics: [] }
    : readSiblingsAlike({ sections, documentTitle, isGenericByName, cleanTitle });
  const isGeneric = (section: Section): boolean =>
    alike.overrides.get(section) ?? isGenericByName(section);
  const pattern = config.titlePattern ? new RegExp(config.titlePattern, 'u') : null;
  const owner = new Map<Section, Section | null>();
  const labels = new Map<Section, string[]>();
  const resolve = (section: Section): Section | null => {
    let node: Section | null = section;
    if (config.milestoneLevel !== undefined) {
      while (node && !(node.kind === 'heading' && node.level === config.milestoneLevel))
        node = node.parent;
      return node;
    }
    if (pattern) {
      while (node && !(node.kind === 'heading' && pattern.test(cleanTitle(node))))
        node = node.parent;
      return node;
    }
    while (node && isGeneric(node)) node = node.parent;
    if (!node || node.kind === 'root' || node === documentTitle) return null;
    return node;
  };
  for (const section of sections) {
    if (section.items.length === 0 && section.meta.length === 0) continue;
    const milestone = resolve(section);
    owner.set(section, milestone);
    const found: string[] = [];
    for (let node: Section | null = section; node && node !== milestone; node = node.parent) {
      if (node.kind === 'root') break;
      const name = sectionName(cleanTitle(node));
      if (isGeneric(node) && !UNLABELLED.has(name) && !found.includes(name)) found.unshift(name);
    }
    labels.set(section, found);
  }
  // A section with only metadata is not a milestone unless deliverables also resolve to it.
  const withItems = new Set<Section>();
  for (const section of sections) {
    if (section.items.length > 0) {
      const milestone = owner.get(section);
      if (milestone) withItems.add(milestone);
    }
  }
  for (const [section, milestone] of owner) {
    if (milestone && !withItems.has(milestone)) owner.set(section, null);
  }
  return { owner, labels, documentTitle, isGeneric, diagnostics: alike.diagnostics };
}

/**
 * Sibling subsections with deliverables are read alike: all labels of the parent's milestone or
 * all milestones, never `Q1 › Security` beside a `Tasks` label. For the subsections with
 * deliverables of one heading (not the file's title):
 * - generic names (Tasks, Goals, …) mixed with other names: all milestones when one of the others
 *   is milestone-like (`Milestone 1.2`, `v2`, `Phase 3`), else all labels;
 * - only other names, under a heading that has deliverables of its own (a lone `#### Extra:`
 *   under `### Tasks:`): labels, unless one is milestone-like.
 * Each decision is an info diagnostic on the parent heading's line. Returns the sections whose
 * reading changes (true: generic, a label; false: a milestone).
 */
function readSiblingsAlike(params: {
  sections: Section[];
  documentTitle: Section | null;
  isGenericByName: (section: Section) => boolean;
  cleanTitle: (section: Section) => string;
}): { overrides: Map<Section, boolean>; diagnostics: Diagnostic[] } {
  const { isGenericByName, cleanTitle } = params;
  const overrides = new Map<Section, boolean>();
  const diagnostics: Diagnostic[] = [];
  const withItems = new Set<Section>();
  // Sections are in document order, children after parents: walk backwards to mark ancestors.
  for (let i = params.sections.length - 1; i >= 0; i--) {
    const section = params.sections[i] as Section;
    if (section.items.length > 0 || section.children.some((c) => withItems.has(c))) {
      withItems.add(section);
    }
  }
  const names = (list: Section[]) => list.map((s) => cleanTitle(s)).join(', ');
  for (const parent of params.sections) {
    if (parent.kind !== 'heading' || parent === params.documentTitle) continue;
    const group = parent.children.filter((c) => c.kind === 'heading' && withItems.has(c));
    if (group.length === 0) continue;
    const generic = group.filter(isGenericByName);
    const named = group.filter((s) => !isGenericByName(s));
    if (named.length === 0) continue;
    const milestoneLike = named.some((s) => MILESTONE_LIKE.test(cleanTitle(s)));
    const ownItems =
      parent.items.length > 0 ||
      parent.children.some((c) => c.kind === 'pseudo' && c.items.length > 0);
    const title = cleanTitle(parent);
    if (generic.length > 0) {
      const asMilestones = milestoneLike;
      for (const s of group) overrides.set(s, !asMilestones);
      diagnostics.push({
        line: parent.line + 1,
        severity: 'info',
        rule: 'subsections-read-alike',
        message: asMilestones
          ? `Unexpected mix of generic subsections (${names(generic)}) and milestone-like ones (${names(named)}) under “${title}”, expected one kind; all read as milestones`
          : `Unexpected mix of generic subsections (${names(generic)}) and named ones (${names(named)}) under “${title}”, expected one kind; all read as labels of the milestone they belong to`,
      });
    } else if (ownItems && !milestoneLike) {
      for (const s of named) overrides.set(s, true);
      diagnostics.push({
        line: parent.line + 1,
        severity: 'info',
        rule: 'subsections-read-alike',
        message: `Unexpected subsection${named.length > 1 ? 's' : ''} with deliverables (${names(named)}) under “${title}”, which has deliverables of its own, expected milestone-like names (Phase 2, v1.0, …) to read them as milestones; read as labels of the milestone they belong to`,
      });
    }
  }
  return { overrides, diagnostics };
}

/** Sections whose name appears under two or more different parents that are siblings. */
function findRepeatedNames(params: {
  sections: Section[];
  cleanTitle: (section: Section) => string;
}): Set<Section> {
  const groups = new Map<string, Section[]>();
  for (const section of params.sections) {
    if (section.kind !== 'heading' || !section.parent || section.parent.kind === 'root') continue;
    const name = sectionName(params.cleanTitle(section));
    const key = `${section.level}\u0000${name}`;
    const group = groups.get(key) ?? [];
    group.push(section);
    groups.set(key, group);
  }
  const repeated = new Set<Section>();
  for (const group of groups.values()) {
    const byGrandparent = new Map<Section | null, Set<Section>>();
    for (const section of group) {
      const parent = section.parent as Section;
      const parents = byGrandparent.get(parent.parent) ?? new Set<Section>();
      parents.add(parent);
      byGrandparent.set(parent.parent, parents);
    }
    for (const section of group) {
      const parents = byGrandparent.get((section.parent as Section).parent);
      if (parents && parents.size >= 2) repeated.add(section);
    }
  }
  return repeated;
}

/**
 * The file's title: its only `#` heading, when the file also has deeper headings (`##`…). It is
 * never a milestone; deliverables written directly under it are outside any milestone. A file
 * whose only headings are `#` has no title: each `#` heading can be a milestone.
 */
function findDocumentTitle(sections: Section[]): Section | null {
  let title: Section | null = null;
  let deeper = false;
  for (const s of sections) {
    if (s.kind !== 'heading') continue;
    if (s.level > 1) deeper = true;
    else if (title) return null;
    else title = s;
  }
  return deeper ? title : null;
}
