/** A GitHub-flavoured Markdown table; `align` gives each column's alignment (default left). */
export function renderTable(params: {
  header: string[];
  rows: string[][];
  align?: ('left' | 'right')[];
}): string {
  const { header, rows } = params;
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const rule = header.map((_, i) => (params.align?.[i] === 'right' ? '---:' : '---'));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
