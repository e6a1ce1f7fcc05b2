/**
 * The plan model: what a Markdown plan file says, independent of GitHub.
 *
 * Contract: every `line` is 1-based and counts lines of the file as stored (a BOM does not shift
 * lines; CRLF, LF and lone CR all end a line). Every offset (`start`, `end`) is a UTF-16 index into
 * the file text exactly as read (BOM included when present), so an edit that replaces
 * `text.slice(start, end)` touches only those characters.
 */

import type { PlanConfig } from './plan-config-schema.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** 1-based line the diagnostic is about. */
  line: number;
  severity: Severity;
  /** Human message in remark-lint style: "Unexpected X, expected Y". */
  message: string;
  /** Stable machine id of the rule that produced it, e.g. `duplicate-deliverable`. */
  rule: string;
}

export type ItemStatus = 'todo' | 'in-progress' | 'done';

/** A half-open span `[start, end)` of UTF-16 offsets into the original file text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a deliverable's editable parts live in the file. */
export type ItemSource =
  | {
      kind: 'checkbox';
      /** The single character between the brackets: ' ', 'x', 'X', '~', '/'. */
      mark: Span;
      /** The title text as written (after the checkbox, before trailing links/mentions). */
      title: Span;
    }
  | {
      kind: 'table-row';
      /** The trimmed content of the task cell. */
      title: Span;
      /** The trimmed content of the Status cell, or null when the table has no Status column. */
      status: Span | null;
      /** Whole cell (between the pipes) of the Status column, for inserting into an empty cell. */
      statusCell: Span | null;
    };

export interface Item {
  /** Stable identity within the file: survives edits elsewhere; not a line number. */
  key: string;
  /** Title as shown to people (inline Markdown kept, encoding repaired). */
  title: string;
  /**
   * The deliverable's whole text as written: everything after the checkbox (lines joined by one
   * space), or the task cell (`\|` read as `|`); encoding repaired, trimmed. Includes what the
   * title leaves out (links, mentions, priority, status emoji), for the issue body.
   */
  text: string;
  line: number;
  checked: boolean;
  status: ItemStatus;
  /** `P0`…`P3` or the Priority cell's text; null when none. */
  priority: string | null;
  /** Section labels (e.g. `backend tasks`, `acceptance criteria`). */
  labels: string[];
  /** `@login` mentions on the item's own line. */
  assignees: string[];
  /**
   * Issue number linked at the end of the item (`#N`, `[#N](…)`, `owner/repo#N` or an
   * `…/issues/N` URL); null when none. A pull request URL is never a link.
   */
  issue: number | null;
  /**
   * `owner/name` the link names, as written (a URL or `owner/repo#N`); null for a bare `#N` or
   * `[#N](#…)`, which mean this repository. Also null when `issue` is null.
   */
  issueRepo: string | null;
  /** Nested plain bullets and paragraphs, dedented Markdown. */
  description: string;
  children: Item[];
  source: ItemSource;
}

export interface MilestoneStatus {
  /** The status value as written (repaired), e.g. `⏳ PENDING`. */
  text: string;
  status: ItemStatus;
  line: number;
  /** The value after `Status:`, trimmed of surrounding spaces and emphasis markers. */
  value: Span;
}

export interface DueDate {
  /** The text the date came from, e.g. `Week 2`, `2026-03-31`. */
  text: string;
  /** Calendar day, `YYYY-MM-DD`, or null when the text is relative with no start date configured. */
  date: string | null;
  line: number;
}

export interface Milestone {
  key: string;
  title: string;
  line: number;
  /** Heading level 1–6. */
  level: number;
  /** Titles of the enclosing headings that give context, outermost first (e.g. the phase). */
  context: string[];
  state: 'open' | 'closed';
  status: MilestoneStatus | null;
  due: DueDate | null;
  priority: string | null;
  /** Section prose (success criteria, dependencies, …) as Markdown. */
  description: string;
  items: Item[];
}

/** The plan keys of front matter and the repository config, derived from their zod schema. */
export type { PlanConfig };

export interface PlanFormat {
  bom: boolean;
  eol: '\n' | '\r\n' | '\r';
  /** UTF-8 text that was once decoded as Mac Roman and saved again as UTF-8. */
  doubleEncoded: boolean;
  /** The checked mark this file uses most (`x` or `X`). */
  checkedMark: 'x' | 'X';
}

/** A number written in a progress statement: its value and where its digits are. */
export interface ProgressNumber {
  value: number;
  /** The digits only (`40` of `40%`, `4` of `4/10`); never the `%` or the `/`. */
  span: Span;
}

/**
 * What a progress statement covers: `plan`, the whole plan (written before the first milestone or
 * under a heading that holds no milestone, e.g. an overview); `section`, the milestones under a
 * heading that is not a milestone itself (a phase grouping checkpoints); `milestone`, the milestone
 * it is written in.
 */
export interface ProgressScope {
  kind: 'plan' | 'section' | 'milestone';
  /** The milestone's key for `milestone`, else null. */
  milestone: string | null;
  /**
   * Keys of the milestones a count of milestones covers: every milestone (`plan`), those under
   * the heading (`section`), those nested in the milestone (`milestone`, usually none).
   */
  milestones: string[];
}

/**
 * A line of the plan that states progress outside deliverable lines: a label ending in
 * “Progress” (`**Overall Progress**:`, `**Progress:**`, `Phase 2 Progress:`) followed by a
 * percentage, a count (`4/10`, `4 of 10`) or both (`40% (4/10 tasks completed)`).
 */
export interface ProgressStatement {
  line: number;
  /** The label as written (repaired), e.g. `Overall Progress`. */
  label: string;
  /** The word after the count as written (`checkpoints`, `tasks`), or null when there is none. */
  unit: string | null;
  scope: ProgressScope;
  /**
   * What the numbers count: milestones done (closed) or deliverables done (at every depth). Null
   * when the written total matches neither count: the line is left as written (a diagnostic says
   * so).
   */
  counts: 'milestones' | 'deliverables' | null;
  /** The percentage; `decimals` is how many digits it shows after the point. */
  percent: (ProgressNumber & { decimals: number }) | null;
  done: ProgressNumber | null;
  total: ProgressNumber | null;
}

export interface Plan {
  milestones: Milestone[];
  /** Deliverables outside any milestone. */
  items: Item[];
  /** Progress statements in document order (see ProgressStatement). */
  progress: ProgressStatement[];
  format: PlanFormat;
  config: PlanConfig;
}

export interface ParseResult {
  plan: Plan;
  diagnostics: Diagnostic[];
}
