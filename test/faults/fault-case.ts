/**
 * One fault case of the fault suite: a fault injected into the fake GitHub while the real Probot
 * app (src/app/app.ts) handles signed deliveries, and what the app did about it. The same cases
 * run in vitest (test/faults/fault-suite.test.ts) and in `npm run bench -- --only faults`
 * (bench/bench-faults.ts, which writes their table into docs/BENCHMARKS.md).
 */
export interface FaultCheck {
  /** What is checked, e.g. `no duplicate issues`. */
  name: string;
  ok: boolean;
  /** What was observed (counts, titles, lines), whether the check passed or not. */
  detail: string;
}

/** The invariants every case reports on, by name (the table's duplicates and lost columns). */
export type CheckKind = 'duplicates' | 'lost' | 'outcome' | 'idempotent' | 'schema';

export interface KindedCheck extends FaultCheck {
  kind: CheckKind;
}

export interface FaultResult {
  /** The fault as injected, in one line. */
  injected: string;
  /** One sentence: what the app did, built from what was observed (logs, calls, state). */
  did: string;
  checks: KindedCheck[];
  /** API calls the app made during the case (the fake's call log). */
  calls?: number;
  /** Virtual time the app spent waiting on retries and rate limits (ms). */
  waitedMs?: number;
  /** Facts a test asserts on besides the checks (counts, messages). */
  facts?: Record<string, unknown>;
}

export interface FaultCase {
  /** Stable id: lower-case letters, digits and `-`. */
  id: string;
  title: string;
  run(): Promise<FaultResult>;
}
