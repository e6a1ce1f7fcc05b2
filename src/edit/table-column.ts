/**
 * The Status column of the table a row belongs to: its cells (for the column's vocabulary) and its
 * width (for keeping the table aligned).
 *
 * Contract: reads the raw lines around the row — the rows above it up to the delimiter row
 * (`|---|`) and its header, and the rows below it up to the first blank line or line without a
 * pipe. Pure; never throws.
 *
 * A double-encoded file may be aligned as written (`‚úÖ` three columns wide) or as it was before
 * the damage (`✅` two columns wide, so the damaged rows look ragged): the column counts as aligned
 * when either measure agrees across the rows, the written one first.
 */
import type { TableCell } from '../plan/split-table-row.js';
import { splitTableRow } from '../plan/split-table-row.js';
import type { EditContext } from './edit-context.js';
import { displayWidth } from './text-width.js';

export interface ColumnCell {
  /** 0-based line. */
  row: number;
  cell: TableCell;
  /** The cell's content as people read it (repaired in double-encoded files). */
  value: string;
}

export interface StatusColumn {
  /** 0-based index of the column in its rows. */
  index: number;
  /** All cells of the column in body rows, the target row's included, top to bottom. */
  cells: ColumnCell[];
  /**
   * The display width every row of the table (header and delimiter included) gives this column's
   * cell, when they all agree and no cell has a tab; null when the column is not aligned.
   */
  alignedWidth: number | null;
  /** Display width of file text in the measure `alignedWidth` is in (see the contract). */
  width: (fileText: string) => number;
}

const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/;

export function readStatusColumn(params: {
  context: EditContext;
  /** 0-based line of the target row. */
  row: number;
  /** Offset where the target row's Status cell starts (its `statusCell.start`). */
  cellStart: number;
}): StatusColumn | null {
  const { context, row, cellStart } = params;
  const { text, lines } = context;
  const split = (index: number): TableCell[] | null => {
    const start = lines.starts[index];
    const end = lines.ends[index];
    if (start === undefined || end === undefined) return null;
    const line = text.slice(start, end);
    if (line.trim() === '' || !line.includes('|')) return null;
    return splitTableRow({ text, start, end });
  };
  const target = split(row);
  const index = target?.findIndex((cell) => cell.cell.start === cellStart) ?? -1;
  if (!target || index < 0) return null;

  const body: number[] = [row];
  const frame: TableCell[][] = [];
  for (let l = row - 1; l >= 0; l--) {
    const cells = split(l);
    if (!cells) break;
    if (cells.every((cell) => DELIMITER_CELL.test(text.slice(cell.cell.start, cell.cell.end)))) {
      frame.push(cells);
      const header = l > 0 ? split(l - 1) : null;
      if (header) frame.push(header);
      break;
    }
    body.unshift(l);
  }
  for (let l = row + 1; l < lines.count; l++) {
    if (!split(l)) break;
    body.push(l);
  }

  const cells: ColumnCell[] = [];
  const measured: string[] = [];
  const measure = (cell: TableCell) => {
    measured.push(text.slice(cell.cell.start, cell.cell.end));
  };
  for (const l of body) {
    const cell = (l === row ? target : split(l))?.[index];
    if (!cell) continue;
    cells.push({
      row: l,
      cell,
      value: context.read(text.slice(cell.content.start, cell.content.end)),
    });
    measure(cell);
  }
  for (const rowCells of frame) {
    const cell = rowCells[index];
    if (cell) measure(cell);
  }
  const written = (s: string) => displayWidth(s);
  const readable = (s: string) => displayWidth(context.read(s));
  const tab = measured.some((raw) => raw.includes('\t'));
  for (const width of [written, readable]) {
    const widths = measured.map(width);
    const first = widths[0];
    if (!tab && first !== undefined && widths.every((w) => w === first)) {
      return { index, cells, alignedWidth: first, width };
    }
  }
  return { index, cells, alignedWidth: null, width: written };
}
