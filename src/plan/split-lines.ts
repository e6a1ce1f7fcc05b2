/**
 * Line table of a file as stored. A line ends at CRLF, LF or a lone CR (the same rule markdown-it
 * uses), so markdown-it's 0-based `map` line numbers index this table directly once a BOM is
 * removed.
 */
export interface LineTable {
  /** Offset of the first character of each line (after the BOM for line 0). */
  starts: Int32Array;
  /** Offset just past the last character of each line, before its line ending. */
  ends: Int32Array;
  count: number;
  bom: boolean;
  /** The most common line ending; `\n` for a file with a single line. */
  eol: '\n' | '\r\n' | '\r';
}

export function splitLines(text: string): LineTable {
  const bom = text.charCodeAt(0) === 0xfeff;
  const starts: number[] = [bom ? 1 : 0];
  const ends: number[] = [];
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = bom ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      ends.push(i);
      starts.push(i + 1);
      lf++;
    } else if (c === 13) {
      ends.push(i);
      if (text.charCodeAt(i + 1) === 10) {
        i++;
        crlf++;
      } else {
        cr++;
      }
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  const eol = crlf > lf && crlf >= cr ? '\r\n' : cr > lf && cr > crlf ? '\r' : '\n';
  return {
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    count: starts.length,
    bom,
    eol,
  };
}

/** The text of 0-based line `index`, without its line ending. */
export function lineText(params: { text: string; lines: LineTable; index: number }): string {
  const { text, lines, index } = params;
  return text.slice(lines.starts[index], lines.ends[index]);
}
