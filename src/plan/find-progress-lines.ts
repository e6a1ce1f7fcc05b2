import type {
  Diagnostic,
  Item,
  Milestone,
  ProgressScope,
  ProgressStatement,
} from './plan-types.js';
import type { ProgressLineRead, Section } from './scan-blocks.js';
import { countProgressScope } from './count-progress-scope.js';

/**
 * The plan's progress statements (read by scan-blocks through read-progress-line.ts), each with
 * what it covers and what its numbers count.
 *
 * Decisions (contract):
 * - Scope: a statement inside a milestone's section covers that milestone; otherwise the nearest
 *   enclosing heading that holds milestones decides: the file's title, the top of the file or a
 *   heading holding every milestone → the whole plan (so an overview before the first milestone
 *   covers the plan); a heading holding some of them (a phase grouping checkpoints) → those.
 * - Counts: the unit's kind (milestones or deliverables; no unit: deliverables). When the line
 *   writes a total, it must equal the count of that kind — or else of the other kind, which is
 *   then what it counts (the number is firmer evidence than the word). A total equal to neither
 *   leaves the line as written (`counts: null`) with one info diagnostic.
 * Pure; never throws.
 */
export function findProgressLines(params: {
  sections: Section[];
  documentTitle: Section | null;
  milestones: Milestone[];
  items: Item[];
  repair: (s: string) => string;
}): { progress: ProgressStatement[]; diagnostics: Diagnostic[] } {
  const { milestones, repair } = params;
  const progress: ProgressStatement[] = [];
  const diagnostics: Diagnostic[] = [];
  const milestoneAt = new Map(milestones.map((m) => [m.line - 1, m]));
  const inside = (section: Section) =>
    milestones.filter(
      (m) => section.kind === 'root' || (m.line - 1 > section.line && m.line - 1 < section.endLine),
    );
  for (const section of params.sections) {
    for (const read of section.progress) {
      const scope = scopeOf({ section, ...params, milestoneAt, inside });
      const counts = countProgressScope({ plan: params, scope });
      const wanted = read.unitKind ?? 'deliverables';
      const other = wanted === 'milestones' ? 'deliverables' : 'milestones';
      let kind: ProgressStatement['counts'] = wanted;
      if (read.total !== null && counts[wanted].total !== read.total.value) {
        kind = counts[other].total === read.total.value ? other : null;
      }
      if (kind === null) {
        diagnostics.push({
          line: read.line + 1,
          severity: 'info',
          rule: 'progress-total-mismatch',
          message: `Unexpected progress total ${read.total?.value ?? 0} in line ${read.line + 1}, expected ${counts.milestones.total} milestone${counts.milestones.total === 1 ? '' : 's'} or ${counts.deliverables.total} deliverable${counts.deliverables.total === 1 ? '' : 's'}${describeScope(scope, milestones)}; left as written`,
        });
      }
      progress.push(toStatement({ read, scope, kind, repair }));
    }
  }
  progress.sort((a, b) => a.line - b.line);
  return { progress, diagnostics };
}

function scopeOf(params: {
  section: Section;
  documentTitle: Section | null;
  milestones: Milestone[];
  milestoneAt: Map<number, Milestone>;
  inside: (section: Section) => Milestone[];
}): ProgressScope {
  const { milestoneAt, inside } = params;
  for (let node: Section | null = params.section; node; node = node.parent) {
    const milestone = node.kind === 'heading' ? milestoneAt.get(node.line) : undefined;
    if (milestone) {
      return {
        kind: 'milestone',
        milestone: milestone.key,
        milestones: inside(node).map((m) => m.key),
      };
    }
  }
  for (let node: Section | null = params.section; node; node = node.parent) {
    if (node.kind === 'pseudo') continue;
    const held = inside(node);
    if (held.length === 0) continue;
    if (
      node.kind === 'root' ||
      node === params.documentTitle ||
      held.length === params.milestones.length
    )
      break;
    return { kind: 'section', milestone: null, milestones: held.map((m) => m.key) };
  }
  return { kind: 'plan', milestone: null, milestones: params.milestones.map((m) => m.key) };
}

function describeScope(scope: ProgressScope, milestones: Milestone[]): string {
  if (scope.kind === 'plan') return '';
  if (scope.kind === 'section') return ` under its heading`;
  const title = milestones.find((m) => m.key === scope.milestone)?.title ?? '';
  return ` in “${title}”`;
}

function toStatement(params: {
  read: ProgressLineRead;
  scope: ProgressScope;
  kind: ProgressStatement['counts'];
  repair: (s: string) => string;
}): ProgressStatement {
  const { read } = params;
  const number = (n: { value: number; start: number; end: number } | null) =>
    n === null ? null : { value: n.value, span: { start: n.start, end: n.end } };
  return {
    line: read.line + 1,
    label: params.repair(read.label),
    unit: read.unit === null ? null : params.repair(read.unit),
    scope: params.scope,
    counts: params.kind,
    percent:
      read.percent === null
        ? null
        : {
            ...(number(read.percent) as { value: number; span: { start: number; end: number } }),
            decimals: read.percent.decimals,
          },
    done: number(read.done),
    total: number(read.total),
  };
}
