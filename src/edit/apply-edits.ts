/**
 * Applies text edits. Contract: edits must lie inside the text and must not overlap (touching is
 * fine; two insertions at the same offset keep their order in the array). Every character outside
 * the edited spans is copied unchanged. Invalid edits are a programming error: RangeError.
 */
export function applyEdits(params: {
  text: string;
  edits: readonly { start: number; end: number; text: string }[];
}): string {
  const { text } = params;
  const edits = params.edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index)
    .map((entry) => entry.edit);
  const parts: string[] = [];
  let copied = 0;
  for (const edit of edits) {
    if (
      !Number.isInteger(edit.start) ||
      !Number.isInteger(edit.end) ||
      edit.start < 0 ||
      edit.end < edit.start ||
      edit.end > text.length
    ) {
      throw new RangeError(
        `Unexpected edit span [${edit.start}, ${edit.end}), expected a span inside [0, ${text.length}]`,
      );
    }
    if (edit.start < copied) {
      throw new RangeError(
        `Unexpected overlapping edit at ${edit.start}, expected edits after offset ${copied}`,
      );
    }
    parts.push(text.slice(copied, edit.start), edit.text);
    copied = edit.end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
