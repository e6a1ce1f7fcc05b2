/**
 * What every edit builder needs to know about the file: its text, the parse of that text, a line
 * table, lookups by key, and how to read and write text in the file's own encoding form.
 *
 * Contract: built once per `planEdits` call from the text and its parse; never mutated.
 */
import type { Item, ItemStatus, Milestone, ParseResult } from '../plan/plan-types.js';
import type { LineTable } from '../plan/split-lines.js';
import { splitLines } from '../plan/split-lines.js';
import { damageText, repairText } from '../plan/repair-encoding.js';
import type { TextEdit } from './edit-types.js';

export interface ItemEntry {
  item: Item;
  /** The list the item is in: its parent's children, or its milestone's (or the loose) items. */
  siblings: Item[];
  /** Key prefix the item's own key is built on: the parent's key, the milestone's key, or `_`. */
  parentKey: string;
  /** Position in document order among all items (depth first). */
  order: number;
}

export interface EditContext {
  text: string;
  parsed: ParseResult;
  lines: LineTable;
  /** The text as people read it: repaired when the file is double-encoded, else `text`. */
  readable: string;
  /** File text → readable text (repairText for double-encoded files, else identity). */
  read: (s: string) => string;
  /** Readable text → text in the file's own form (damageText for double-encoded files). */
  write: (s: string) => string;
  items: Map<string, ItemEntry>;
  /** Every item in document order (depth first), loose items last as in the model. */
  allItems: Item[];
  milestones: Map<string, Milestone>;
}

/** What the file should read as after a change, for the re-parse check in planEdits. */
export type Expectation =
  | {
      target: 'item';
      key: string;
      status?: ItemStatus;
      /** The title as GitHub shows it: toPlainText of the title read back. */
      title?: string;
      /** The Markdown written for `title` (readable form); the key is its slug. */
      markdown?: string;
    }
  | { target: 'milestone'; key: string; status: ItemStatus }
  /** A progress statement's numbers (null where it writes none). */
  | {
      target: 'progress';
      line: number;
      percent: number | null;
      done: number | null;
      total: number | null;
    };

/** The outcome of building one change: edits (none for a no-op) or a problem. */
export type Built =
  | { kind: 'edits'; edits: TextEdit[]; expect: Expectation; approximation?: string }
  | { kind: 'problem'; message: string };

export function createEditContext(params: { text: string; parsed: ParseResult }): EditContext {
  const { text, parsed } = params;
  const double = parsed.plan.format.doubleEncoded;
  const read = double ? repairText : (s: string) => s;
  const write = double ? damageText : (s: string) => s;
  const items = new Map<string, ItemEntry>();
  const allItems: Item[] = [];
  const visit = (list: Item[], parentKey: string) => {
    for (const item of list) {
      items.set(item.key, { item, siblings: list, parentKey, order: allItems.length });
      allItems.push(item);
      visit(item.children, item.key);
    }
  };
  const milestones = new Map<string, Milestone>();
  for (const milestone of parsed.plan.milestones) {
    milestones.set(milestone.key, milestone);
    visit(milestone.items, milestone.key);
  }
  visit(parsed.plan.items, '_');
  return {
    text,
    parsed,
    lines: splitLines(text),
    readable: read(text),
    read,
    write,
    items,
    allItems,
    milestones,
  };
}

/** 1-based line that contains `offset` (an offset at a line ending belongs to that line). */
export function lineAt(params: { lines: LineTable; offset: number }): number {
  const { starts } = params.lines;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= params.offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Offset just past the last character (before the line ending) of the line holding `offset`. */
export function lineEndAt(params: { lines: LineTable; offset: number }): number {
  const line = lineAt(params);
  return params.lines.ends[line - 1] ?? params.offset;
}

/** `“text”` shortened for messages. */
export function quote(text: string): string {
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}
