import type { Span } from './plan-types.js';

export interface TableCell {
  /** Between the pipes, spaces included. */
  cell: Span;
  /** The cell's content without surrounding spaces (empty span for an empty cell). */
  content: Span;
}

/**
 * Splits one GFM table row into cells with absolute offsets. Follows the GFM rule that only an
 * unescaped `|` separates cells (also inside code spans); leading/trailing pipes are optional and
 * a blockquote prefix (`> `) is skipped. https://github.github.com/gfm/#tables-extension-
 */
export function splitTableRow(params: { text: string; start: number; end: number }): TableCell[] {
  const { text, end } = params;
  let i = params.start;
  while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '>')) i++;
  let lineEnd = end;
  while (lineEnd > i && (text[lineEnd - 1] === ' ' || text[lineEnd - 1] === '\t')) lineEnd--;
  if (text[i] === '|') i++;
  if (lineEnd > i && text[lineEnd - 1] === '|' && text[lineEnd - 2] !== '\\') lineEnd--;
  const cells: TableCell[] = [];
  let cellStart = i;
  for (let j = i; j <= lineEnd; j++) {
    if (j === lineEnd || (text[j] === '|' && text[j - 1] !== '\\')) {
      cells.push({ cell: { start: cellStart, end: j }, content: trimSpan(text, cellStart, j) });
      cellStart = j + 1;
    }
  }
  return cells;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { start, end };
}
