import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSweepLock } from '../../src/app/postgres-sweep-lock.js';
import { createPostgresSyncLedger } from '../../src/app/postgres-sync-ledger.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const PLAN = '# Plan\n\n## M1 — Foundations\n\n- [ ] Parser\n- [ ] Lexer\n';
const reachable = await databaseReachable();
let database: TestDatabase;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!reachable)('recovery sweep on PostgreSQL', () => {
  it('runs are recorded in the shared ledger; while another replica sweeps, this one skips', async () => {
    const ledger = createPostgresSyncLedger({ pool: database.pool(4, 'replica-a') });
    await ledger.ready;
    const h = await startApp({
      files: { [PATH]: PLAN },
      appOptions: { ledger, sweepLock: createPostgresSweepLock({ pool: database.pool(2) }) },
    });
    // The installation's sync was recorded where another replica reads it.
    const other = createPostgresSyncLedger({ pool: database.pool(2, 'replica-b') });
    expect(await other.list({ installationId: 77 })).toEqual([
      expect.objectContaining({ fullName: FULL_NAME, outcome: 'synced', wrote: true }),
    ]);

    h.fake.clock.advance(60_000);
    h.fake.webhooks.enabled = false;
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${PLAN}- [ ] Printer\n` });
    h.fake.webhooks.enabled = true;
    h.fake.clock.advance(60_000);

    // Replica b holds the sweep: replica a's sweep is skipped, reading nothing.
    const replicaB = createPostgresSweepLock({ pool: database.pool(2, 'replica-b-sweep') });
    h.fake.calls.reset();
    const whileHeld = await replicaB(() => h.app.sweep());
    expect(whileHeld).toEqual({ ran: true, value: null });
    expect(h.fake.calls.all()).toEqual([]);

    // Free again: a sweeps, and the push whose delivery was lost is synced.
    expect((await h.app.sweep())?.[0]).toMatchObject({ changed: 1, queued: 1 });
    await h.settle();
    expect([...h.fake.repo(FULL_NAME).issues.values()].map((i) => i.title)).toContain('Printer');
    h.fake.assertNoViolations();
  });
});
