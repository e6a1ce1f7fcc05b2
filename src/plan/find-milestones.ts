import type { PlanConfig } from './plan-types.js';
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
}

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
  const isGeneric = (section: Section): boolean => {
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
  return { owner, labels, documentTitle, isGeneric };
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
 * The file's title: the first heading, when it is the only level-1 heading and has subsections.
 * Deliverables written directly under it are outside any milestone.
 */
function findDocumentTitle(sections: Section[]): Section | null {
  const headings = sections.filter((s) => s.kind === 'heading');
  const first = headings[0];
  if (!first || first.level !== 1) return null;
  if (headings.filter((s) => s.level === 1).length !== 1) return null;
  return first.children.some((c) => c.kind === 'heading') ? first : null;
}
