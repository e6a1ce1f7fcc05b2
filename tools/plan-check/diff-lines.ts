export interface LineChange {
  /** 1-based line number. */
  line: number;
  before: string;
  after: string;
}

/**
 * Lines that differ, position by position (the engine's edits never add or remove lines, so a
 * positional diff is exact for them; a write that does shift lines shows up as many changes).
 * Lines end at CRLF, LF or a lone CR and are numbered as the plan model numbers them; each keeps
 * its line ending, so a changed ending is a change (shown without it).
 */
export function diffLines(params: { before: string; after: string }): LineChange[] {
  const before = splitKeepingEnds(params.before);
  const after = splitKeepingEnds(params.after);
  const changes: LineChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] !== after[i])
      changes.push({ line: i + 1, before: trimEnd(before[i]), after: trimEnd(after[i]) });
  }
  return changes;
}

function splitKeepingEnds(text: string): string[] {
  return text.split(/(?<=\r\n|\r(?!\n)|\n)/);
}

function trimEnd(line: string | undefined): string {
  return (line ?? '').replace(/\r?\n$|\r$/, '');
}
