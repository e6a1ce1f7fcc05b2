import type { Document } from 'yaml';
import { LineCounter, isMap, isScalar, parseDocument, visit } from 'yaml';
import type { Diagnostic, PlanConfig } from './plan-types.js';
import type { LineTable } from './split-lines.js';
import { lineText } from './split-lines.js';
import { validatePlanConfig } from './validate-plan-config.js';

export interface FrontMatter {
  /** Number of lines the front matter block occupies (0 when there is none). */
  lineCount: number;
  config: PlanConfig;
  diagnostics: Diagnostic[];
}

/**
 * Reads a YAML front matter block (`---` on line 1 up to the next `---` or `...`). Only the
 * `milestone-sync:` key is ours; other keys belong to other tools (Jekyll, Hugo, …) and are left
 * alone. Problems in it are diagnostics: the file is user content, so nothing here throws.
 */
export function readFrontMatter(params: { text: string; lines: LineTable }): FrontMatter {
  const { text, lines } = params;
  const none: FrontMatter = { lineCount: 0, config: {}, diagnostics: [] };
  if (lines.count < 2 || lineText({ text, lines, index: 0 }).trimEnd() !== '---') return none;
  let close = -1;
  for (let i = 1; i < lines.count; i++) {
    const line = lineText({ text, lines, index: i }).trimEnd();
    if (line === '---' || line === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) return none;
  const yamlText = text.slice(lines.starts[1], lines.starts[close]);
  const lineCount = close + 1;
  let data: unknown;
  const lineCounter = new LineCounter();
  try {
    data = parseYaml({ text: yamlText, lineCounter });
  } catch (error) {
    const yamlLine = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    return {
      lineCount,
      config: {},
      diagnostics: [
        {
          line: yamlLine + 1,
          severity: 'error',
          rule: 'front-matter',
          message: `Unexpected invalid YAML in front matter (${firstLine(error)}), expected a YAML mapping; front matter ignored`,
        },
      ],
    };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ...none, lineCount };
  }
  const ours = (data as Record<string, unknown>)['milestone-sync'];
  if (ours === undefined) return { ...none, lineCount };
  const keyLine = findKeyLine({ text, lines, from: 1, to: close, key: 'milestone-sync' });
  const { config, problems } = validatePlanConfig(ours);
  return {
    lineCount,
    config,
    diagnostics: problems.map((message) => ({
      line: keyLine,
      severity: 'error' as const,
      rule: 'front-matter',
      message,
    })),
  };
}

/**
 * `yaml`'s `parse`, with its duplicate-key check made linear: `yaml` checks each key of a map
 * against every earlier key (`uniqueKeys`, quadratic: 32,000 keys took ~27 s), so the check is
 * switched off there and done here with a set per map. Throws what `parse` throws: the first
 * error (a `YAMLParseError`), else an error for the first duplicate key ("Map keys must be unique"),
 * both with `linePos`.
 * https://eemeli.org/yaml/#options (uniqueKeys)
 */
function parseYaml(params: { text: string; lineCounter: LineCounter }): unknown {
  const doc = parseDocument(params.text, { uniqueKeys: false, lineCounter: params.lineCounter });
  if (doc.errors.length > 0) throw doc.errors[0];
  const duplicate = findDuplicateKey(doc);
  if (duplicate !== null) {
    const pos = params.lineCounter.linePos(duplicate);
    throw Object.assign(
      new Error(`Map keys must be unique at line ${pos.line}, column ${pos.col}:`),
      {
        linePos: [pos],
      },
    );
  }
  return doc.toJS();
}

/** Offset of the first key that repeats an earlier scalar key of the same map, or null. */
function findDuplicateKey(doc: Document): number | null {
  let found: number | null = null;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          found = pair.key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return found;
}

function findKeyLine(params: {
  text: string;
  lines: LineTable;
  from: number;
  to: number;
  key: string;
}): number {
  for (let i = params.from; i < params.to; i++) {
    if (lineText({ text: params.text, lines: params.lines, index: i }).startsWith(params.key)) {
      return i + 1;
    }
  }
  return 1;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
