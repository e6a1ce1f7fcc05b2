import type { Diagnostic, Milestone } from './plan-types.js';
import type { Section } from './scan-blocks.js';

const SHAPE = /^(\p{L}+)[\s-]*\d/u;

/**
 * Headings shaped like the file's milestones (`Phase 6: …` beside `Phase 1: …`) that have no
 * deliverables. At the milestones' own level this is likely a mistake (warning); elsewhere, such
 * as a "Future Phases" list, it is worth knowing but often intended (info).
 */
export function lintEmptyMilestones(params: {
  sections: Section[];
  milestones: Milestone[];
  cleanTitle: (section: Section) => string;
  hasDeliverables: (section: Section) => boolean;
}): Diagnostic[] {
  const shapes = new Map<string, Set<number>>();
  for (const milestone of params.milestones) {
    const word = SHAPE.exec(milestone.title)?.[1]?.toLowerCase();
    if (!word) continue;
    const levels = shapes.get(word) ?? new Set<number>();
    levels.add(milestone.level);
    shapes.set(word, levels);
  }
  const milestoneLines = new Set(params.milestones.map((m) => m.line));
  const diagnostics: Diagnostic[] = [];
  for (const section of params.sections) {
    if (section.kind !== 'heading' || milestoneLines.has(section.line + 1)) continue;
    const title = params.cleanTitle(section);
    const word = SHAPE.exec(title)?.[1]?.toLowerCase();
    const levels = word ? shapes.get(word) : undefined;
    if (!levels || params.hasDeliverables(section)) continue;
    const sameLevel = levels.has(section.level);
    diagnostics.push({
      line: section.line + 1,
      severity: sameLevel ? 'warning' : 'info',
      rule: 'milestone-without-deliverables',
      message: `Unexpected milestone-like heading “${title}” without deliverables, expected \`- [ ]\` items under it to track it`,
    });
  }
  return diagnostics;
}
