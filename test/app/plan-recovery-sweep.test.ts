import { describe, expect, it } from 'vitest';
import type { ListedRepository } from '../../src/app/plan-recovery-sweep.js';
import { CLOCK_SKEW_MS, planRecoverySweep, quietSince } from '../../src/app/plan-recovery-sweep.js';
import type { SyncLedgerEntry } from '../../src/app/sync-ledger.js';

const T = Date.parse('2026-01-15T17:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const repo = (id: number, over: Partial<ListedRepository> = {}): ListedRepository => ({
  id,
  fullName: `acme/r${id}`,
  pushedAt: iso(T - 3_600_000),
  archived: false,
  ...over,
});
const entry = (id: number, over: Partial<SyncLedgerEntry> = {}): SyncLedgerEntry => ({
  repoId: id,
  installationId: 77,
  fullName: `acme/r${id}`,
  startedAt: T,
  finishedAt: T + 5_000,
  outcome: 'synced',
  wrote: false,
  ...over,
});

const costs = { syncCost: 10, checkCost: 2 };

describe('quietSince', () => {
  it('is the run’s start (second, less the skew) when it wrote nothing, else its end plus the skew', () => {
    expect(quietSince(entry(1, { startedAt: T + 700 }))).toBe(T - CLOCK_SKEW_MS);
    expect(quietSince(entry(1, { wrote: true }))).toBe(T + 5_000 + CLOCK_SKEW_MS);
  });
});

describe('planRecoverySweep, first pass', () => {
  const cases: Array<{
    name: string;
    repository: ListedRepository;
    entry?: SyncLedgerEntry;
    expected: 'never-seen' | 'failed' | 'pushed' | 'check' | 'unchanged';
  }> = [
    { name: 'never seen', repository: repo(1), expected: 'never-seen' },
    {
      name: 'never seen but archived',
      repository: repo(1, { archived: true }),
      expected: 'unchanged',
    },
    {
      name: 'last run failed',
      repository: repo(1),
      entry: entry(1, { outcome: 'failed' }),
      expected: 'failed',
    },
    {
      name: 'pushed after a run that wrote nothing started',
      repository: repo(1, { pushedAt: iso(T + 2_000) }),
      entry: entry(1),
      expected: 'pushed',
    },
    {
      name: 'pushed during a run that wrote (its own commit)',
      repository: repo(1, { pushedAt: iso(T + 4_000) }),
      entry: entry(1, { wrote: true }),
      expected: 'check',
    },
    {
      name: 'pushed after a run that wrote ended',
      repository: repo(1, { pushedAt: iso(T + 60_000) }),
      entry: entry(1, { wrote: true }),
      expected: 'pushed',
    },
    { name: 'synced, not pushed since', repository: repo(1), entry: entry(1), expected: 'check' },
    {
      name: 'empty repository, synced',
      repository: repo(1, { pushedAt: null }),
      entry: entry(1),
      expected: 'check',
    },
    {
      name: 'no plan, not pushed since',
      repository: repo(1),
      entry: entry(1, { outcome: 'no-plan' }),
      expected: 'unchanged',
    },
    {
      name: 'no plan, pushed since (a plan may have been added)',
      repository: repo(1, { pushedAt: iso(T + 60_000) }),
      entry: entry(1, { outcome: 'no-plan' }),
      expected: 'pushed',
    },
    {
      name: 'not opted in, pushed since (a config may have been added)',
      repository: repo(1, { pushedAt: iso(T + 60_000) }),
      entry: entry(1, { outcome: 'not-opted-in' }),
      expected: 'pushed',
    },
    {
      name: 'not opted in, not pushed',
      repository: repo(1),
      entry: entry(1, { outcome: 'not-opted-in' }),
      expected: 'unchanged',
    },
    {
      name: 'archived after a sync',
      repository: repo(1, { archived: true }),
      entry: entry(1, { outcome: 'failed' }),
      expected: 'unchanged',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planRecoverySweep({
        repositories: [c.repository],
        entries: c.entry ? [c.entry] : [],
        budget: 100,
        ...costs,
      });
      const got =
        plan.sync[0]?.reason ??
        (plan.check.length > 0 ? 'check' : plan.unchanged === 1 ? 'unchanged' : 'none');
      expect(got).toBe(c.expected);
      expect(plan.skipped).toEqual([]);
    });
  }

  it('checks since the run’s quiet time', () => {
    const plan = planRecoverySweep({
      repositories: [repo(1)],
      entries: [entry(1, { wrote: true })],
      budget: 100,
      ...costs,
    });
    expect(plan.check).toEqual([{ repository: repo(1), since: T + 5_000 + CLOCK_SKEW_MS }]);
    expect(plan.spent).toBe(2);
  });
});

describe('planRecoverySweep, budget', () => {
  const repositories = [repo(1), repo(2), repo(3), repo(4), repo(5, { pushedAt: iso(T + 60_000) })];
  const entries = [
    entry(2, { startedAt: T - 1_000 }),
    entry(3, { startedAt: T - 2_000 }),
    entry(4, { outcome: 'failed', startedAt: T }),
    entry(5, { startedAt: T - 10_000 }),
  ];

  it('spends in order: failed and pushed (oldest first), never seen, then checks (oldest first)', () => {
    const plan = planRecoverySweep({ repositories, entries, budget: 1_000, ...costs });
    expect(plan.sync.map((p) => [p.repository.id, p.reason])).toEqual([
      [5, 'pushed'],
      [4, 'failed'],
      [1, 'never-seen'],
    ]);
    expect(plan.check.map((c) => c.repository.id)).toEqual([3, 2]);
    expect(plan.spent).toBe(34);
  });

  it('stops queuing when the budget is spent; the rest is skipped (a cheaper read may still fit)', () => {
    const plan = planRecoverySweep({ repositories, entries, budget: 23, ...costs });
    expect(plan.sync.map((p) => p.repository.id)).toEqual([5, 4]);
    expect(plan.check.map((c) => c.repository.id)).toEqual([3]);
    expect(plan.skipped.map((r) => r.id)).toEqual([1, 2]);
    expect(plan.spent).toBe(22);
    expect(plan.skipped.length + plan.sync.length + plan.check.length).toBe(5);
  });

  it('a budget of nothing queues nothing', () => {
    const plan = planRecoverySweep({ repositories, entries, budget: -5, ...costs });
    expect(plan).toMatchObject({ sync: [], check: [], spent: 0 });
    expect(plan.skipped).toHaveLength(5);
  });
});

describe('planRecoverySweep, second pass', () => {
  const repositories = [repo(1), repo(2), repo(3)];
  const entries = [entry(1), entry(2, { startedAt: T - 1 }), entry(3, { startedAt: T - 2 })];

  it('queues the checked repositories that changed, leaves the unchanged ones', () => {
    const checked = new Map([
      [1, true],
      [2, false],
      [3, true],
    ]);
    const plan = planRecoverySweep({ repositories, entries, budget: 100, checked, ...costs });
    expect(plan.sync.map((p) => [p.repository.id, p.reason])).toEqual([
      [3, 'changed'],
      [1, 'changed'],
    ]);
    expect(plan).toMatchObject({ check: [], skipped: [], unchanged: 1, spent: 26 });
  });

  it('the reads are spent first; a changed repository whose sync no longer fits is skipped', () => {
    const checked = new Map([
      [1, true],
      [3, true],
    ]);
    const plan = planRecoverySweep({ repositories, entries, budget: 15, checked, ...costs });
    expect(plan.sync.map((p) => p.repository.id)).toEqual([3]);
    expect(plan.skipped.map((r) => r.id)).toEqual([2, 1]);
  });

  it('is the first pass’s decision for the repositories that need no read', () => {
    const more = [...repositories, repo(9)];
    const first = planRecoverySweep({ repositories: more, entries, budget: 100, ...costs });
    const second = planRecoverySweep({
      repositories: more,
      entries,
      budget: 100,
      checked: new Map(),
      ...costs,
    });
    expect(second.sync).toEqual(first.sync);
  });
});
