import { describe, expect, it } from 'vitest';
import { FAULT_CASES } from './all-cases.js';
import type { FaultResult } from './fault-case.js';

/**
 * Every fault case end to end through the Probot app against the fake GitHub (test/faults/cases):
 * each check a case reports must hold, and each case's own facts are asserted below. The same
 * cases write the table in docs/BENCHMARKS.md (`npm run bench -- --only faults`).
 */
const SPECIFIC: Record<string, (result: FaultResult) => void> = {
  'server-error-landed': (r) => {
    // 24 deliverables + the dashboard, plus the fault's own create: 26 POSTs, 25 issues.
    expect(r.facts).toEqual({ adopted: 1, posts: 26 });
  },
  'duplicated-deliveries': (r) => {
    expect(r.facts).toEqual({ deliveries: 2, duplicates: 2, runs: 2 });
  },
  'reordered-deliveries': (r) => {
    expect(r.facts).toEqual({ deliveries: 5, puts: 1 });
  },
  'malformed-config': (r) => {
    // The push of the broken file and the close each asked for a sync; both were refused.
    expect(r.facts).toMatchObject({ refused: 2, writes: 0 });
    expect(r.facts?.firstError).toMatch(
      /^acme\/plan: \.github\/milestone-sync\.yml of acme\/plan could not be read: .*\(invalid YAML\): Nested mappings are not allowed in compact mappings at line 3, column \d+\. Not syncing \(push\)\.$/,
    );
  },
  'plan-deleted': (r) => {
    expect(r.facts).toEqual({
      writesAfterDelete: 0,
      why: 'acme/plan: no MILESTONES.md, ROADMAP.md, PLAN.md on the default branch; nothing to sync (push)',
    });
  },
  'plan-binary': (r) => {
    expect(r.facts?.writes).toBe(0);
    expect(r.facts?.diagnostic).toBe(
      'acme/plan: sync failed (push): MILESTONES.md on the default branch is not UTF-8 text (byte 0x89 at offset 0, line 1): a binary file or another encoding; not syncing it',
    );
  },
  'plan-not-utf8': (r) => {
    expect(r.facts?.writes).toBe(0);
    expect(r.facts?.diagnostic).toMatch(/not UTF-8 text \(byte 0xdc at offset \d+, line 207\)/);
  },
  'plan-over-1mb': (r) => {
    expect(r.facts).toEqual({ blobReads: 1, changed: 1 });
  },
  'plan-over-100mb': (r) => {
    expect(r.facts?.writes).toBe(0);
    expect(r.facts?.problem).toBe(
      "acme/plan: sync failed (push): MILESTONES.md on the default branch is larger than GitHub's API serves (100 MB, contents and blob APIs alike); not syncing it",
    );
  },
  'server-error-burst': (r) => {
    expect(r.facts).toMatchObject({ retries: 3, faulted: 3 });
    expect(r.waitedMs).toBe(7_000);
  },
  'stale-write-race': (r) => {
    expect(r.facts).toEqual({ conflicts: 1, puts: 2, replans: 1 });
  },
  'secondary-rate-limit': (r) => {
    // Waited at least retry-after (90 s, 45 s) on the fake's clock, and not much more.
    const [first = 0, second = 0] = r.facts?.gaps as number[];
    expect(first).toBeGreaterThanOrEqual(90_000);
    expect(second).toBeGreaterThanOrEqual(45_000);
    expect(first + second).toBeLessThan(200_000);
    expect(r.facts?.retries).toBe(2);
  },
  'primary-limit-wait': (r) => {
    expect(r.facts).toMatchObject({ refused: 1, retries: 1 });
    // Until x-ratelimit-reset (4 minutes away) plus the second GitHub asks to add.
    expect(r.facts?.elapsed).toBeGreaterThanOrEqual(240_000);
  },
  'primary-limit-defer': (r) => {
    expect(r.facts?.stops).toBeGreaterThanOrEqual(1);
    // Some issues were created before the limit ran out, the rest by the next sync.
    expect(r.facts?.issuesAfterFirst).toBeGreaterThan(0);
    expect(r.facts?.issuesAfterFirst).toBeLessThan(24);
  },
  'permission-denied': (r) => {
    // Five issues landed; the sixth create was refused, the other 18 issue writes were not sent
    // (same permission), and the dashboard (its own write, after the sync) was refused once.
    expect(r.facts).toMatchObject({ refused: 2, issuesAfterFirst: 5 });
    expect((r.facts?.errors as string[])[0]).toMatch(
      /^milestone-sync: create-issue failed: HTTP 403: Resource not accessible by integration.* \(POST \/repos\/acme\/plan\/issues\)$/,
    );
  },
};

describe('fault suite', () => {
  it('has a case-specific assertion for every case', () => {
    expect(Object.keys(SPECIFIC).sort()).toEqual(FAULT_CASES.map((c) => c.id).sort());
  });

  it.each(FAULT_CASES.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, faultCase) => {
      const result = await faultCase.run();
      const failed = result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
      expect(failed).toEqual([]);
      expect(result.checks.map((c) => c.kind)).toEqual(
        expect.arrayContaining(['outcome', 'duplicates', 'schema', 'idempotent']),
      );
      SPECIFIC[faultCase.id]?.(result);
      // The 100 MB plan alone takes ~20 s: building, hashing and serving it.
    },
    180_000,
  );
});
