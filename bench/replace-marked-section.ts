/** The markers that delimit the part of docs/BENCHMARKS.md a section owns. */
export function sectionMarkers(id: string): { start: string; end: string } {
  return { start: `<!-- bench:${id}:start -->`, end: `<!-- bench:${id}:end -->` };
}

/**
 * Replaces what lies between the section's markers (markers kept) and leaves everything else
 * byte for byte; appends the section, with its markers, when the document has none. Throws when
 * the markers are unbalanced, since guessing would risk deleting someone else's section.
 */
export function replaceMarkedSection(params: {
  document: string;
  id: string;
  content: string;
}): string {
  const { document, id } = params;
  const { start, end } = sectionMarkers(id);
  const body = `${start}\n${params.content.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 && to < 0) {
    const base = document.trimEnd();
    return `${base === '' ? '' : `${base}\n\n`}${body}\n`;
  }
  if (from < 0 || to < from || document.indexOf(start, from + 1) >= 0) {
    throw new Error(
      `Unexpected unbalanced markers for bench section "${id}", expected one ${start} before one ${end}`,
    );
  }
  return document.slice(0, from) + body + document.slice(to + end.length);
}
