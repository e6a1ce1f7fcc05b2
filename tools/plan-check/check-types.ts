/**
 * Types of `npm run check-plans`: what one plan file's check found. A file is `settled` when every
 * sync behaved (dry run wrote nothing, the second sync planned and wrote nothing, a person's close
 * was ticked on exactly its line and the sync after it did nothing, no action failed, no schema
 * violation) and no pre-existing issue the plan does not link changed.
 */
import type { Severity } from '../../src/plan/plan-types.js';

/** One plan to check: `name` is shown and used as the file's path in the fake repository. */
export interface PlanFile {
  name: string;
  /** Where it was read from (shown in `--json`). */
  path: string;
  text: string;
}

/** Which stage of the check a problem belongs to. */
export type CheckStep =
  | 'dry-run'
  | 'first-sync'
  | 'second-sync'
  | 'tick'
  | 'after-tick'
  | 'foreign-issues'
  | 'schema'
  | 'crash';

export interface CheckProblem {
  step: CheckStep;
  /** One line: what went wrong. */
  message: string;
  /** Evidence, one entry per line (the first few actions, calls, changed fields, …). */
  details: string[];
}

/** Records a problem of the file being checked. */
export type AddProblem = (step: CheckStep, message: string, details?: string[]) => void;

/** A field of a pre-existing issue that differs after the syncs. */
export interface IssueChange {
  number: number;
  field: string;
  /** JSON of the value before and after. */
  before: string;
  after: string;
}

export interface FileCheck {
  name: string;
  path: string;
  status: 'settled' | 'failed' | 'skipped';
  /** Why a file was skipped, or why a step was not run (e.g. no deliverable to tick). */
  notes: string[];
  milestones: number;
  deliverables: number;
  diagnostics: Record<Severity, number>;
  /** Write calls of the first sync; null when it did not run. */
  firstSyncWrites: number | null;
  /** Numbers of pre-existing issues the plan links in this repository: allowed to change. */
  linkedIssues: number[];
  /** The issue a person closed for the tick check, and the line it sits on; null when not run. */
  ticked: { number: number; line: number } | null;
  /** Changes to pre-existing issues the plan does not link: each one is a failure. */
  foreignChanges: IssueChange[];
  /** Changes to pre-existing issues the plan links (allowed; shown as notes). */
  linkedChanges: IssueChange[];
  problems: CheckProblem[];
}

export interface CheckSummary {
  files: FileCheck[];
  settled: number;
  failed: number;
  skipped: number;
  /** True when no file failed (skipped files are fine). */
  ok: boolean;
}
