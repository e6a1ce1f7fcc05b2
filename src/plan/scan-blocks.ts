import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { Diagnostic, Item, ItemStatus, Span } from './plan-types.js';
import type { LineTable } from './split-lines.js';
import { lineText } from './split-lines.js';
import { collectMentions, splitItemText } from './split-item-text.js';
import { splitTableRow } from './split-table-row.js';
import { classifyStatus } from './classify-status.js';
import type { RawProgressLine } from './read-progress-line.js';
import { readProgressLine } from './read-progress-line.js';
import { joinLines } from './join-lines.js';

/** What a source line is, for building section descriptions. */
export const LineRole = {
  prose: 0,
  deliverable: 1,
  metadata: 2,
  heading: 3,
  pseudoHeading: 4,
  rule: 5,
} as const;

export interface Section {
  kind: 'root' | 'heading' | 'pseudo';
  /** 0 for the root, 1–6 for headings, parent level + 0.5 for a bold pseudo-heading. */
  level: number;
  /** Title as written (not yet repaired or cleaned). */
  rawTitle: string;
  /** 0-based line of the heading. */
  line: number;
  /** 0-based line just past the section (filled in after the scan). */
  endLine: number;
  parent: Section | null;
  children: Section[];
  /** Top-level deliverables written directly in this section. */
  items: Item[];
  meta: MetaLine[];
  /** Progress statements written directly in this section (see read-progress-line.ts). */
  progress: ProgressLineRead[];
}

/** A progress statement as read: offsets are into the file text, `line` is 0-based. */
export interface ProgressLineRead extends RawProgressLine {
  line: number;
}

export interface MetaLine {
  /** Normalised key: `status`, `due` or `priority`. */
  key: 'status' | 'due' | 'priority';
  /** The value as written. */
  value: string;
  span: Span;
  /** 0-based line. */
  line: number;
}

export interface ScanResult {
  root: Section;
  /** All sections in document order, root first. */
  sections: Section[];
  lineRole: Uint8Array;
  diagnostics: Diagnostic[];
  /** How often `x` and `X` were used as checked marks. */
  marks: { x: number; X: number };
}

/**
 * markdown-it stops reading blocks nested deeper than `maxNesting` levels (each list level takes
 * two: the list and its item) and drops their lines silently. The commonmark preset's 20 keeps
 * only ~9 list levels; 100 reads ~49 and keeps markdown-it's recursion (one call chain per level)
 * far from the stack limit. Lines below the limit are reported, see `reportTooDeep`.
 */
const MAX_NESTING = 100;

const md = new MarkdownIt('commonmark', { html: true }).enable('table');
// A preset option @types/markdown-it does not declare (markdown-it's parser_block.mjs reads it).
(md.options as { maxNesting?: number }).maxNesting = MAX_NESTING;
// We only need block structure; inline parsing is most of markdown-it's cost.
md.core.ruler.disable(['inline', 'text_join']);

const CHECKBOX_LINE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+\[([ xX~/])\](?=[ \t]|$)/;
const CHECKBOX_CONTENT = /^\[([ xX~/])\](?:[ \t]|$)/;
/** A line that starts with list markers (any number, also on one line) and a checkbox. */
const ANY_CHECKBOX_LINE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+\[[ xX~/]\]/;
const CODE_CHECKBOX = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\](?:[ \t]|$)/;
const PSEUDO_HEADING = /^(?:\*\*|__)([^*_\n]{1,80}?)(?::[ \t]*)?(?:\*\*|__)[ \t]*(?::[ \t]*)?$/;
const PLAIN_PSEUDO_HEADING = /^([A-Z][\p{L}\p{N} &/'-]{0,40}):\s*$/u;
const META_LINE =
  /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?[ \t]*([A-Za-z][A-Za-z /-]{0,30}?)[ \t]*(?::[ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*:|:)[ \t]*(.*?)$/;

const META_KEYS: Record<string, MetaLine['key']> = {
  status: 'status',
  state: 'status',
  'current status': 'status',
  'target date': 'due',
  'target completion': 'due',
  'target completion date': 'due',
  'target release': 'due',
  target: 'due',
  due: 'due',
  'due date': 'due',
  'due by': 'due',
  deadline: 'due',
  eta: 'due',
  'end date': 'due',
  'completion date': 'due',
  'release date': 'due',
  priority: 'priority',
};

const STRONG_TASK_COLUMN =
  /^(?:tasks?|deliverables?|items?|work ?items?|features?|to-?dos?|actions?|action items?|stor(?:y|ies)|requirements?|goals?|subtasks?|checklist)$/i;
const WEAK_TASK_COLUMN = /^(?:what|description|title|name|work|scope|milestone|feature name)$/i;
const STATUS_COLUMN = /^(?:status|state|done|progress|complete[d]?)$/i;
const PRIORITY_COLUMN = /^(?:priority|prio|p|importance)$/i;
/** A column of people: its `@login`s are the row's assignees (other text in it is ignored). */
const OWNER_COLUMN = /^(?:owners?|assignees?|assigned to|who|dri|lead)$/i;

interface ListFrame {
  map: [number, number];
  level: number;
  sawFirstBlock: boolean;
  item: Item | null;
  /** First line after the item's title paragraph. */
  bodyStart: number;
  /** Line ranges of nested deliverables, excluded from this item's description. */
  childRanges: [number, number][];
}

/**
 * Walks markdown-it's block tokens once and collects sections, deliverables, metadata lines and
 * line roles. Linear in the size of the file.
 */
export function scanBlocks(params: {
  text: string;
  lines: LineTable;
  /** The text given to markdown-it: BOM removed, front matter blanked, same line count. */
  markdown: string;
  repair: (s: string) => string;
  /** The file is double-encoded: trailing status emoji are read in their damaged form. */
  doubleEncoded: boolean;
}): ScanResult {
  const { text, lines, repair, doubleEncoded } = params;
  const tokens = md.parse(params.markdown, {});
  const root: Section = newSection({ kind: 'root', level: 0, rawTitle: '', line: 0, parent: null });
  const sections: Section[] = [root];
  const lineRole = new Uint8Array(lines.count);
  const diagnostics: Diagnostic[] = [];
  const marks = { x: 0, X: 0 };
  let heading: Section = root;
  let current: Section = root;
  const listStack: ListFrame[] = [];
  const ignored: IgnoredCheckboxes = { code: [], html: [], deep: [] };

  const raw = (index: number) => lineText({ text, lines, index });

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    switch (token.type) {
      case 'heading_open': {
        if (listStack.length > 0 || !token.map) break;
        const level = Number(token.tag.slice(1));
        let parent: Section = heading;
        while (parent.kind !== 'root' && parent.level >= level) parent = parent.parent ?? root;
        const section = newSection({
          kind: 'heading',
          level,
          rawTitle: (tokens[t + 1] as Token).content,
          line: token.map[0],
          parent,
        });
        parent.children.push(section);
        sections.push(section);
        heading = section;
        current = section;
        for (let l = token.map[0]; l < token.map[1]; l++) lineRole[l] = LineRole.heading;
        break;
      }
      case 'paragraph_open': {
        if (!token.map) break;
        const content = (tokens[t + 1] as Token).content;
        const frame = listStack[listStack.length - 1];
        if (frame) {
          if (!frame.sawFirstBlock && token.level === frame.level + 1) {
            frame.sawFirstBlock = true;
            frame.bodyStart = token.map[1];
            const check = CHECKBOX_CONTENT.exec(content);
            if (!check && !findTaskFrame(listStack)) {
              // A plain bullet outside any deliverable may state progress (`- **Progress**: 3/5`).
              readProgress({ text, lines, index: token.map[0], section: current, lineRole });
            }
            if (check) {
              const item = readCheckboxItem({
                text,
                lines,
                repair,
                doubleEncoded,
                map: token.map,
                diagnostics,
                marks,
              });
              if (item) attachItem({ item, frame, listStack, section: current, lineRole });
            }
          }
          break;
        }
        const single = token.map[1] - token.map[0] === 1;
        const pseudo = single
          ? (PSEUDO_HEADING.exec(content) ?? PLAIN_PSEUDO_HEADING.exec(content))
          : null;
        if (pseudo && isListOrTableNext(tokens, t)) {
          const section = newSection({
            kind: 'pseudo',
            level: heading.level + 0.5,
            rawTitle: (pseudo[1] ?? '').trim(),
            line: token.map[0],
            parent: heading,
          });
          heading.children.push(section);
          sections.push(section);
          current = section;
          lineRole[token.map[0]] = LineRole.pseudoHeading;
          break;
        }
        for (let l = token.map[0]; l < token.map[1]; l++) {
          const meta = readMetaLine({ text, lines, index: l });
          if (meta) {
            current.meta.push(meta);
            lineRole[l] = LineRole.metadata;
          } else {
            readProgress({ text, lines, index: l, section: current, lineRole });
          }
        }
        break;
      }
      case 'blockquote_open':
      case 'list_item_open': {
        if (!token.map) break;
        if (token.level + 1 >= MAX_NESTING) {
          // markdown-it read nothing inside: every line of this block was dropped.
          for (let l = token.map[0]; l < token.map[1]; l++) {
            if (ANY_CHECKBOX_LINE.test(raw(l))) ignored.deep.push(l + 1);
          }
        }
        if (token.type === 'blockquote_open') break;
        listStack.push({
          map: [token.map[0], token.map[1]],
          level: token.level,
          sawFirstBlock: false,
          item: null,
          bodyStart: token.map[0] + 1,
          childRanges: [],
        });
        break;
      }
      case 'list_item_close': {
        const frame = listStack.pop();
        if (frame?.item) {
          frame.item.description = describeItem({ text, lines, frame, repair });
          const parent = findTaskFrame(listStack);
          parent?.childRanges.push(frame.map);
        }
        break;
      }
      case 'table_open': {
        if (listStack.length > 0) break;
        t = readTable({
          tokens,
          start: t,
          text,
          lines,
          repair,
          doubleEncoded,
          section: current,
          lineRole,
          diagnostics,
        });
        break;
      }
      case 'fence':
      case 'code_block':
      case 'html_block': {
        if (!token.map) break;
        const found = token.type === 'html_block' ? ignored.html : ignored.code;
        for (let l = token.map[0]; l < token.map[1]; l++) {
          if (CODE_CHECKBOX.test(raw(l))) found.push(l + 1);
        }
        break;
      }
      case 'hr': {
        if (token.map && listStack.length === 0) lineRole[token.map[0]] = LineRole.rule;
        break;
      }
      default:
        break;
    }
  }
  closeSections({ sections, lineCount: lines.count });
  reportIgnored({ ignored, diagnostics });
  return { root, sections, lineRole, diagnostics, marks };
}

/** 1-based lines of checkboxes that are not read, by why. */
interface IgnoredCheckboxes {
  code: number[];
  html: number[];
  deep: number[];
}

/**
 * One diagnostic per kind of ignored checkbox, on its first line, listing the lines: a file with
 * a long template in a code block gets one line of output, not one per checkbox.
 */
function reportIgnored(params: { ignored: IgnoredCheckboxes; diagnostics: Diagnostic[] }): void {
  const { ignored, diagnostics } = params;
  const listLines = (lines: number[]) =>
    lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
  const kinds = [
    {
      lines: ignored.code,
      severity: 'info' as const,
      rule: 'checkbox-in-code',
      one: 'Unexpected checkbox inside a code block, expected it outside code to count as a deliverable; ignored',
      many: (n: number, at: string) =>
        `Unexpected ${n} checkboxes inside code blocks (lines ${at}), expected them outside code to count as deliverables; ignored`,
    },
    {
      lines: ignored.html,
      severity: 'info' as const,
      rule: 'checkbox-in-code',
      one: 'Unexpected checkbox inside HTML, expected it in Markdown to count as a deliverable; ignored',
      many: (n: number, at: string) =>
        `Unexpected ${n} checkboxes inside HTML (lines ${at}), expected them in Markdown to count as deliverables; ignored`,
    },
    {
      lines: ignored.deep,
      severity: 'warning' as const,
      rule: 'nesting-too-deep',
      one: `Unexpected checkbox nested too deep (over ${MAX_NESTING} levels of lists, list items and quotes: about ${MAX_NESTING / 2 - 1} nested lists), expected a shallower list; not read`,
      many: (n: number, at: string) =>
        `Unexpected ${n} checkboxes nested too deep (lines ${at}; over ${MAX_NESTING} levels of lists, list items and quotes: about ${MAX_NESTING / 2 - 1} nested lists), expected a shallower list; not read`,
    },
  ];
  for (const kind of kinds) {
    const first = kind.lines[0];
    if (first === undefined) continue;
    diagnostics.push({
      line: first,
      severity: kind.severity,
      rule: kind.rule,
      message:
        kind.lines.length === 1 ? kind.one : kind.many(kind.lines.length, listLines(kind.lines)),
    });
  }
}

function newSection(params: {
  kind: Section['kind'];
  level: number;
  rawTitle: string;
  line: number;
  parent: Section | null;
}): Section {
  return {
    kind: params.kind,
    level: params.level,
    rawTitle: params.rawTitle,
    line: params.line,
    endLine: -1,
    parent: params.parent,
    children: [],
    items: [],
    meta: [],
    progress: [],
  };
}

function isListOrTableNext(tokens: Token[], t: number): boolean {
  // paragraph_open, inline, paragraph_close, then the next block.
  const next = tokens[t + 3];
  return (
    next !== undefined &&
    (next.type === 'bullet_list_open' ||
      next.type === 'ordered_list_open' ||
      next.type === 'table_open')
  );
}

function findTaskFrame(stack: ListFrame[]): ListFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]?.item) return stack[i];
  return undefined;
}

function attachItem(params: {
  item: Item;
  frame: ListFrame;
  listStack: ListFrame[];
  section: Section;
  lineRole: Uint8Array;
}): void {
  const { item, frame, listStack, section, lineRole } = params;
  frame.item = item;
  const parent = findTaskFrame(listStack.slice(0, -1));
  if (parent?.item) parent.item.children.push(item);
  else section.items.push(item);
  for (let l = frame.map[0]; l < frame.map[1]; l++) lineRole[l] = LineRole.deliverable;
}

function readCheckboxItem(params: {
  text: string;
  lines: LineTable;
  repair: (s: string) => string;
  doubleEncoded: boolean;
  map: [number, number];
  diagnostics: Diagnostic[];
  marks: { x: number; X: number };
}): Item | null {
  const { text, lines, repair, map, doubleEncoded } = params;
  const first = map[0];
  const lineStart = lines.starts[first] ?? 0;
  const match = CHECKBOX_LINE.exec(lineText({ text, lines, index: first }));
  if (!match) return null;
  const markChar = match[1] ?? ' ';
  const markEnd = lineStart + match[0].length - 1;
  const mark: Span = { start: markEnd - 1, end: markEnd };
  const bodyStart = markEnd + 1;
  const bodyEnd = lines.ends[map[1] - 1] ?? text.length;
  const body = text.slice(bodyStart, bodyEnd);
  const parts = splitItemText({ text: body, doubleEncoded });
  const title = repair(joinLines(body.slice(parts.titleStart, parts.titleEnd)));
  if (title === '') {
    params.diagnostics.push({
      line: first + 1,
      severity: 'warning',
      rule: 'empty-deliverable',
      message: 'Unexpected empty checkbox, expected the deliverable text after `[ ]`; ignored',
    });
    return null;
  }
  if (markChar === 'x') params.marks.x++;
  if (markChar === 'X') params.marks.X++;
  const checked = markChar === 'x' || markChar === 'X';
  const status: ItemStatus = checked
    ? 'done'
    : markChar === '~' || markChar === '/'
      ? 'in-progress'
      : ((parts.statusHint === 'done' ? 'todo' : parts.statusHint) ?? 'todo');
  return {
    key: '',
    title,
    text: repair(joinLines(body)).trim(),
    line: first + 1,
    checked,
    status,
    priority: parts.priority,
    labels: [],
    assignees: parts.assignees,
    issue: parts.issue,
    issueRepo: parts.issueRepo,
    description: '',
    children: [],
    source: {
      kind: 'checkbox',
      mark,
      title: { start: bodyStart + parts.titleStart, end: bodyStart + parts.titleEnd },
    },
  };
}

function describeItem(params: {
  text: string;
  lines: LineTable;
  frame: ListFrame;
  repair: (s: string) => string;
}): string {
  const { text, lines, frame } = params;
  const ranges = frame.childRanges;
  const kept: string[] = [];
  let r = 0;
  for (let l = frame.bodyStart; l < frame.map[1]; l++) {
    while (r < ranges.length && (ranges[r]?.[1] ?? 0) <= l) r++;
    const range = ranges[r];
    if (range && l >= range[0]) {
      l = range[1] - 1;
      continue;
    }
    kept.push(lineText({ text, lines, index: l }).replace(/^[ \t]*>[ \t]?/, ''));
  }
  return params.repair(dedent(kept));
}

/** Removes the common indentation and surrounding blank lines. */
function dedent(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  const body = lines.slice(start, end);
  let indent = Infinity;
  for (const line of body) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, /^[ \t]*/.exec(line)?.[0].length ?? 0);
  }
  if (!Number.isFinite(indent)) indent = 0;
  return body.map((line) => line.slice(Math.min(indent, line.length)).trimEnd()).join('\n');
}

/**
 * Records line `index` in `section` when it states progress. Like a Status line it is metadata,
 * not prose: it is left out of the milestone's description, which the app keeps on GitHub, so
 * rewriting its numbers never changes what GitHub shows.
 */
function readProgress(params: {
  text: string;
  lines: LineTable;
  index: number;
  section: Section;
  lineRole: Uint8Array;
}): void {
  const { text, lines, index } = params;
  const raw = readProgressLine(lineText({ text, lines, index }));
  if (!raw) return;
  const base = lines.starts[index] ?? 0;
  const shift = <T extends { start: number; end: number }>(n: T | null): T | null =>
    n === null ? null : { ...n, start: base + n.start, end: base + n.end };
  params.section.progress.push({
    ...raw,
    percent: shift(raw.percent),
    done: shift(raw.done),
    total: shift(raw.total),
    line: index,
  });
  params.lineRole[index] = LineRole.metadata;
}

function readMetaLine(params: { text: string; lines: LineTable; index: number }): MetaLine | null {
  const { text, lines, index } = params;
  const line = lineText({ text, lines, index });
  const match = META_LINE.exec(line);
  if (!match) return null;
  const key = META_KEYS[(match[1] ?? '').trim().toLowerCase()];
  if (!key) return null;
  const lineStart = lines.starts[index] ?? 0;
  let start = lineStart + match[0].length - (match[2] ?? '').length;
  let end = lineStart + line.length;
  // Trailing hard-break spaces or backslash, and emphasis wrapped around the value.
  while (end > start && /[ \t\\]/.test(text[end - 1] ?? '')) end--;
  for (const marker of ['**', '__', '*', '_', '`']) {
    const value = text.slice(start, end);
    if (value.length > 2 * marker.length && value.startsWith(marker) && value.endsWith(marker)) {
      start += marker.length;
      end -= marker.length;
    }
  }
  const value = text.slice(start, end);
  if (value.trim() === '' && key !== 'status') return null;
  return { key, value, span: { start, end }, line: index };
}

function readTable(params: {
  tokens: Token[];
  start: number;
  text: string;
  lines: LineTable;
  repair: (s: string) => string;
  doubleEncoded: boolean;
  section: Section;
  lineRole: Uint8Array;
  diagnostics: Diagnostic[];
}): number {
  const { tokens, text, lines, repair, section, lineRole, doubleEncoded } = params;
  const headers: string[] = [];
  const rows: number[] = [];
  let t = params.start;
  let inHead = false;
  for (; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    if (token.type === 'table_close') break;
    if (token.type === 'thead_open') inHead = true;
    if (token.type === 'thead_close') inHead = false;
    if (inHead && token.type === 'inline')
      headers.push(repair(token.content).replace(/[*_`]/g, '').trim());
    if (!inHead && token.type === 'tr_open' && token.map) rows.push(token.map[0]);
  }
  const statusCol = headers.findIndex((h) => STATUS_COLUMN.test(h));
  let taskCol = headers.findIndex((h) => STRONG_TASK_COLUMN.test(h));
  if (taskCol < 0 && statusCol >= 0) taskCol = headers.findIndex((h) => WEAK_TASK_COLUMN.test(h));
  if (taskCol < 0) return t;
  const priorityCol = headers.findIndex((h) => PRIORITY_COLUMN.test(h));
  const ownerCol = headers.findIndex((h) => OWNER_COLUMN.test(h));
  const tableOpen = params.tokens[params.start];
  if (tableOpen?.map) {
    for (let l = tableOpen.map[0]; l < tableOpen.map[1]; l++) lineRole[l] = LineRole.deliverable;
  }
  for (const row of rows) {
    const cells = splitTableRow({ text, start: lines.starts[row] ?? 0, end: lines.ends[row] ?? 0 });
    const taskCell = cells[taskCol];
    if (!taskCell || taskCell.content.end === taskCell.content.start) continue;
    const cellText = text.slice(taskCell.content.start, taskCell.content.end);
    const parts = splitItemText({ text: cellText, doubleEncoded });
    const statusCell = statusCol >= 0 ? cells[statusCol] : undefined;
    const statusText = statusCell
      ? repair(text.slice(statusCell.content.start, statusCell.content.end))
      : '';
    let status: ItemStatus = 'todo';
    if (statusCell) {
      const classified = classifyStatus(statusText);
      if (classified === null) {
        params.diagnostics.push({
          line: row + 1,
          severity: 'warning',
          rule: 'unknown-status',
          message: `Unexpected status \`${statusText}\`, expected ✅, 🔄, ❌ or a word like Done, In progress, Todo; read as todo`,
        });
      }
      status = classified ?? 'todo';
    }
    const priorityCell = priorityCol >= 0 ? cells[priorityCol] : undefined;
    const priorityText = priorityCell
      ? repair(text.slice(priorityCell.content.start, priorityCell.content.end)).trim()
      : '';
    const ownerCell = ownerCol >= 0 ? cells[ownerCol] : undefined;
    let assignees = parts.assignees;
    if (ownerCell) {
      const owners = collectMentions(text.slice(ownerCell.content.start, ownerCell.content.end));
      // A set, not `assignees.includes`: a cell of n distinct mentions stays linear.
      if (owners.length > 0) assignees = [...new Set([...assignees, ...owners])];
    }
    section.items.push({
      key: '',
      title: repair(cellText.slice(parts.titleStart, parts.titleEnd)).replace(/\\\|/g, '|'),
      text: repair(cellText).replace(/\\\|/g, '|').trim(),
      line: row + 1,
      checked: status === 'done',
      status,
      priority: priorityText !== '' ? priorityText : parts.priority,
      labels: [],
      assignees,
      issue: parts.issue,
      issueRepo: parts.issueRepo,
      description: '',
      children: [],
      source: {
        kind: 'table-row',
        title: {
          start: taskCell.content.start + parts.titleStart,
          end: taskCell.content.start + parts.titleEnd,
        },
        status: statusCell ? statusCell.content : null,
        statusCell: statusCell ? statusCell.cell : null,
      },
    });
  }
  return t;
}

/** Fills `endLine`: a heading ends at the next heading of the same or a higher level. */
function closeSections(params: { sections: Section[]; lineCount: number }): void {
  const { sections, lineCount } = params;
  const open: Section[] = [];
  for (const section of sections) {
    if (section.kind === 'root') continue;
    while (open.length > 0) {
      const top = open[open.length - 1] as Section;
      const closes =
        section.kind === 'heading'
          ? top.level >= section.level || top.kind === 'pseudo'
          : top.kind === 'pseudo';
      if (!closes) break;
      top.endLine = section.line;
      open.pop();
    }
    open.push(section);
  }
  for (const section of open) section.endLine = lineCount;
  sections[0]!.endLine = lineCount;
}
