/**
 * Types of the GitHub → file direction: a wanted change to the plan, and the text edits that make
 * it. Keys always name items and milestones as parsed from the text *before* any change.
 */
import type { ItemStatus } from '../plan/plan-types.js';

export type PlanChange =
  /**
   * Checkbox: tick (`[x]`/`[X]` as the file writes it) or untick. In progress: an unticked box
   * when that reads as in progress (a trailing 🔄 on the line), else the line's own status emoji
   * swapped, else `[~]`/`[/]` when the file already uses that mark, else an unticked box (reported
   * in `approximations`: the file then reads todo). Table row: the Status cell rewritten in the
   * column's own vocabulary.
   */
  | { kind: 'set-item-status'; key: string; status: ItemStatus }
  /**
   * `title` is plain text as GitHub shows it (an issue title). Replaces only the title span with
   * Markdown that reads back, through toPlainText, as exactly that title (whitespace runs as one
   * space), escaping what would read as plan syntax (`\#1`, `\@login`, `&#80;0`, `\*`); `#12`,
   * `@alice`, `(P1)`, a trailing emoji on the line stay as they are. See edit-title.ts.
   */
  | { kind: 'rename-item'; key: string; title: string }
  /**
   * Rewrites the value after an existing `Status:` line in the file's own style. `date`
   * (`YYYY-MM-DD`, default: `today`) is written only for done and only where the file writes done
   * with a date (`✅ COMPLETED on 2026-11-22`). A milestone without a readable Status line is a
   * problem: a Status line is never added.
   */
  | { kind: 'set-milestone-status'; key: string; status: ItemStatus; date?: string }
  /**
   * Keeps the progress statement on `line` (see `Plan.progress`) true after the batch's other
   * changes: its numbers are recomputed from the plan as those changes leave it and only its
   * digits are rewritten (edit-progress-line.ts). `before` and `after` are the numbers as planned
   * (`0% (0/10)` → `10% (1/10)`), for reports and the commit message; the edit writes what is
   * true. Never made alone: in a batch whose other changes make no edit it is a problem, so a
   * progress line never gets a commit of its own.
   */
  | { kind: 'set-progress'; line: number; before: string; after: string };

/** Replace `text.slice(start, end)` (UTF-16 offsets into the text as read, BOM included). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /** 1-based line of `start`. */
  line: number;
  /**
   * Key of the item or milestone the edit is for (as parsed before the change); `progress@<line>`
   * for a progress statement.
   */
  key: string;
  /** Human-readable description, e.g. `tick “Add login”`. */
  reason: string;
}

/** A change that was not made, or made only as far as the file can say it. */
export interface ChangeNote {
  change: PlanChange;
  /** remark-lint style: "Unexpected X, expected Y". */
  message: string;
}

export interface PlanEditsResult {
  /** Sorted by `start`, non-overlapping; apply with `applyEdits`. */
  edits: TextEdit[];
  /** Changes that produced no edit because they cannot be made safely (key unknown, no span, …). */
  problems: ChangeNote[];
  /**
   * Changes carried out as closely as the file allows: in progress on a checkbox in a file with
   * no `[~]`/`[/]` mark and no status emoji on the line is an unticked box (reads todo).
   */
  approximations: ChangeNote[];
}
