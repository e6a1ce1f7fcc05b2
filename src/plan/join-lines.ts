/**
 * The lines of a multi-line deliverable as one line: each line ending, with the spaces and tabs
 * before it and the spaces, tabs and `>` after it, becomes one space. Linear in the length of
 * `part` (the equivalent `replace(/[ \t]*(?:\r\n?|\n)[ \t>]*\/g, ' ')` rescans a long run of
 * spaces from each of its positions: quadratic).
 */
export function joinLines(part: string): string {
  if (!/[\r\n]/.test(part)) return part;
  const pieces = part.split(/\r\n?|\n/);
  const last = pieces.length - 1;
  return pieces
    .map((piece, i) => {
      let start = 0;
      let end = piece.length;
      if (i > 0) while (start < end && /[ \t>]/.test(piece[start] ?? '')) start++;
      if (i < last) while (end > start && /[ \t]/.test(piece[end - 1] ?? '')) end--;
      return piece.slice(start, end);
    })
    .join(' ');
}
