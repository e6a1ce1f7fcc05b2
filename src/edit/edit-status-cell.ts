/**
 * Status of a table-row deliverable: its Status cell.
 *
 * Decisions (contract):
 * - The new value comes from `formatStatusCell` with every cell of the column as the example
 *   (the target's own included: a lone `Done` row becomes `To Do`, not ❌). Exception: todo in a
 *   column that says todo with empty cells (some other cell is empty, no non-empty cell reads
 *   todo) empties the cell — unless it is the row's last cell without a closing pipe, where an
 *   empty cell would vanish.
 * - Padding: when every row of the table (header and delimiter included) gives the column the
 *   same display width, the cell keeps that width (the right padding absorbs the difference); when
 *   the new value does not fit, or the column is not aligned, only the content is replaced and
 *   the padding is kept. An empty cell gets one space each side when the row's other cells are
 *   padded. An emptied cell keeps the column width, or copies the column's other empty cells.
 * - Double-encoded files get the value written through `damageText`; their columns may be aligned
 *   as written or as read before the damage (see table-column), and keep that alignment.
 * - A row without a Status cell (no column, or a short row) is a problem: no cell is added.
 */
import type { ItemStatus } from '../plan/plan-types.js';
import { classifyStatus, formatStatusCell } from '../plan/classify-status.js';
import { splitTableRow } from '../plan/split-table-row.js';
import type { Built, EditContext, ItemEntry } from './edit-context.js';
import { quote } from './edit-context.js';
import { readStatusColumn } from './table-column.js';

export function editStatusCell(params: {
  context: EditContext;
  entry: ItemEntry;
  status: ItemStatus;
}): Built {
  const { context, entry, status } = params;
  const { item } = entry;
  const { text, lines } = context;
  const source = item.source;
  if (source.kind !== 'table-row') {
    return { kind: 'problem', message: 'Unexpected checkbox, expected a table row' };
  }
  if (source.status === null || source.statusCell === null) {
    return {
      kind: 'problem',
      message:
        'Unexpected table row without a Status cell, expected a Status column to edit; a column is never added',
    };
  }
  const expect = { target: 'item', key: item.key, status } as const;
  if (item.status === status) return { kind: 'edits', edits: [], expect };

  const row = item.line - 1;
  const cell = source.statusCell;
  const content = source.status;
  const column = readStatusColumn({ context, row, cellStart: cell.start });
  if (column === null) {
    return {
      kind: 'problem',
      message: `Unexpected table row on line ${item.line} that does not split into cells, expected a GFM table row`,
    };
  }
  const rowCells = splitTableRow({
    text,
    start: lines.starts[row] ?? 0,
    end: lines.ends[row] ?? 0,
  });
  const padded = rowCells.some(
    (c, i) =>
      i !== column.index && c.cell.end > c.cell.start && /^[ \t]/.test(text[c.cell.start] ?? ''),
  );
  const others = column.cells.filter((c) => c.row !== row);
  const emptyTodo =
    status === 'todo' &&
    others.some((c) => c.value.trim() === '') &&
    !column.cells.some((c) => c.value.trim() !== '' && classifyStatus(c.value) === 'todo') &&
    text.charAt(cell.end) === '|';
  const value = emptyTodo
    ? ''
    : formatStatusCell({ status, like: column.cells.map((c) => c.value) });
  const raw = context.write(value);
  const width = column.alignedWidth;
  /** Display width in the measure the column is aligned in (written or as read, see table-column). */
  const measure = column.width;

  let start = cell.start;
  let end = cell.end;
  let replacement: string;
  if (raw === '') {
    // Empty the cell: the column's width, or the shape of its other empty cells.
    replacement =
      width !== null
        ? ' '.repeat(width)
        : (mostCommon(
            others
              .filter((c) => c.value.trim() === '')
              .map((c) => text.slice(c.cell.cell.start, c.cell.cell.end)),
          ) ?? (padded ? ' ' : ''));
  } else if (content.start === content.end) {
    // Fill an empty cell.
    const pad = padded ? ' ' : '';
    const right = width === null ? -1 : width - pad.length - measure(raw);
    replacement = pad + raw + (right >= pad.length ? ' '.repeat(right) : pad);
  } else {
    // Replace the content; keep the left padding, and the cell width when the column is aligned.
    start = content.start;
    const rightPad = text.slice(content.end, cell.end);
    const right =
      width === null ? -1 : width - measure(text.slice(cell.start, content.start)) - measure(raw);
    if (right >= Math.min(1, rightPad.length) && right !== measure(rightPad)) {
      replacement = raw + ' '.repeat(right);
    } else {
      end = content.end;
      replacement = raw;
    }
  }
  const shown = value === '' ? 'empty (todo)' : value;
  return {
    kind: 'edits',
    edits: [
      {
        start,
        end,
        text: replacement,
        line: item.line,
        key: item.key,
        reason: `set the Status cell of ${quote(item.title)} to ${shown}`,
      },
    ],
    expect,
  };
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
