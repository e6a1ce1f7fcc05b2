import type { Diagnostic, ParseResult, Plan, PlanConfig } from './plan-types.js';
import { splitLines } from './split-lines.js';
import { readFrontMatter } from './read-front-matter.js';
import { DEFAULT_MAX_BYTES, assertPlanConfig } from './validate-plan-config.js';
import { detectDoubleEncoding, repairText } from './repair-encoding.js';
import type { Section } from './scan-blocks.js';
import { scanBlocks } from './scan-blocks.js';
import { findMilestones } from './find-milestones.js';
import { buildMilestones } from './build-milestones.js';
import { assignKeys } from './assign-keys.js';
import { cleanHeadingTitle } from './normalize-title.js';
import { lintEmptyMilestones } from './lint-empty-milestones.js';
import { findLegend } from './find-legend.js';
import { findProgressLines } from './find-progress-lines.js';

/**
 * Parses a plan file into the plan model plus diagnostics. Never throws for anything in `text`
 * (user content); throws only when `config` (the app's or repository's config) is invalid.
 *
 * @param text the file exactly as read (a BOM, CRLF or lone CR line endings are fine)
 * @param config repository-level config; front matter in the file overrides it key by key
 */
export function parsePlan(params: { text: string; config?: PlanConfig }): ParseResult {
  const { text } = params;
  const baseConfig = params.config ? assertPlanConfig(params.config) : {};
  const lines = splitLines(text);
  const front = readFrontMatter({ text, lines });
  const config: PlanConfig = { ...baseConfig, ...front.config };
  const diagnostics: Diagnostic[] = [...front.diagnostics];
  const format = {
    bom: lines.bom,
    eol: lines.eol,
    doubleEncoded: false,
    checkedMark: 'x' as 'x' | 'X',
  };
  const empty = (): Plan => ({ milestones: [], items: [], progress: [], format, config });

  const maxBytes = config.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    diagnostics.push({
      line: 1,
      severity: 'error',
      rule: 'file-too-large',
      message: `Unexpected file of ${bytes} bytes, expected at most ${maxBytes} bytes; not parsed`,
    });
    return { plan: empty(), diagnostics };
  }

  const encoding = detectDoubleEncoding(text);
  format.doubleEncoded = encoding.doubleEncoded;
  const repair = encoding.doubleEncoded ? repairText : (s: string) => s;
  if (encoding.doubleEncoded) {
    diagnostics.push({
      line: encoding.firstLine ?? 1,
      severity: 'info',
      rule: 'double-encoded',
      message: `Unexpected double-encoded text (UTF-8 read as Mac Roman, e.g. “${encoding.samples[0] ?? ''}”), expected plain UTF-8; read as repaired text and edits keep the file's form`,
    });
  }

  const body = lines.bom ? text.slice(1) : text;
  const markdown =
    front.lineCount > 0
      ? '\n'.repeat(front.lineCount) +
        body.slice((lines.starts[front.lineCount] ?? body.length) - (lines.bom ? 1 : 0))
      : body;
  const scan = scanBlocks({ text, lines, markdown, repair, doubleEncoded: encoding.doubleEncoded });
  for (const d of scan.diagnostics) diagnostics.push(d);
  format.checkedMark = scan.marks.X > scan.marks.x ? 'X' : 'x';

  const titles = new Map<Section, string>();
  const cleanTitle = (section: Section): string => {
    let title = titles.get(section);
    if (title === undefined) {
      title = cleanHeadingTitle(repair(section.rawTitle)).title;
      titles.set(section, title);
    }
    return title;
  };
  const choice = findMilestones({ sections: scan.sections, config, cleanTitle });
  for (const d of choice.diagnostics) diagnostics.push(d);
  const built = buildMilestones({ text, lines, scan, choice, config, repair });
  for (const d of built.diagnostics) diagnostics.push(d);
  const legend = findLegend({
    root: scan.root,
    documentTitle: choice.documentTitle,
    hasMilestones: built.milestones.length > 0,
  });
  if (legend.legend.size > 0) {
    built.items = built.items.filter((item) => !legend.legend.has(item));
    for (const d of legend.diagnostics) diagnostics.push(d);
  }
  for (const d of assignKeys({ milestones: built.milestones, items: built.items }))
    diagnostics.push(d);
  const progress = findProgressLines({
    sections: scan.sections,
    documentTitle: choice.documentTitle,
    milestones: built.milestones,
    items: built.items,
    repair,
  });
  for (const d of progress.diagnostics) diagnostics.push(d);
  const empties = lintEmptyMilestones({
    sections: scan.sections,
    milestones: built.milestones,
    cleanTitle,
    hasDeliverables: (section) => hasDeliverables(section),
  });
  for (const d of empties) diagnostics.push(d);
  diagnostics.sort((a, b) => a.line - b.line);
  return {
    plan: {
      milestones: built.milestones,
      items: built.items,
      progress: progress.progress,
      format,
      config,
    },
    diagnostics,
  };
}

function hasDeliverables(section: Section): boolean {
  return section.items.length > 0 || section.children.some(hasDeliverables);
}
