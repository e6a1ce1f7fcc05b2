import { describe, expect, it } from 'vitest';
import type { SyncLedger, SyncLedgerEntry } from '../../src/app/sync-ledger.js';

const entry = (over: Partial<SyncLedgerEntry> = {}): SyncLedgerEntry => ({
  repoId: 5_000_000_001,
  installationId: 77,
  fullName: 'acme/plan',
  startedAt: 1_768_496_400_000,
  finishedAt: 1_768_496_402_500,
  outcome: 'synced',
  wrote: true,
  ...over,
});

/** What every `SyncLedger` does (src/app/sync-ledger.ts); `make` gives an empty one. */
export function describeSyncLedgerContract(label: string, make: () => Promise<SyncLedger>): void {
  describe(`SyncLedger contract: ${label}`, () => {
    it('keeps the last run of each repository, by installation', async () => {
      const ledger = await make();
      expect(await ledger.list({ installationId: 77 })).toEqual([]);
      await ledger.record(entry());
      await ledger.record(entry({ repoId: 12, fullName: 'acme/other', outcome: 'no-plan' }));
      await ledger.record(entry({ repoId: 13, installationId: 78, fullName: 'beta/x' }));
      const listed = await ledger.list({ installationId: 77 });
      expect(listed.sort((a, b) => a.repoId - b.repoId)).toEqual([
        entry({ repoId: 12, fullName: 'acme/other', outcome: 'no-plan' }),
        entry(),
      ]);
      expect(await ledger.list({ installationId: 78 })).toEqual([
        entry({ repoId: 13, installationId: 78, fullName: 'beta/x' }),
      ]);
    });

    it('a later run replaces the entry; an older one recorded late does not', async () => {
      const ledger = await make();
      await ledger.record(entry());
      const later = entry({
        startedAt: entry().startedAt + 60_000,
        outcome: 'failed',
        wrote: false,
      });
      await ledger.record(later);
      await ledger.record(entry({ startedAt: entry().startedAt + 1_000, outcome: 'no-plan' }));
      expect(await ledger.list({ installationId: 77 })).toEqual([later]);
    });

    it('a repository moved to another installation is listed under the new one only', async () => {
      const ledger = await make();
      await ledger.record(entry());
      await ledger.record(entry({ installationId: 90, startedAt: entry().startedAt + 1 }));
      expect(await ledger.list({ installationId: 77 })).toEqual([]);
      expect((await ledger.list({ installationId: 90 })).map((e) => e.repoId)).toEqual([
        entry().repoId,
      ]);
    });

    it('forget drops repositories', async () => {
      const ledger = await make();
      await ledger.record(entry());
      await ledger.record(entry({ repoId: 12 }));
      await ledger.forget({ repoIds: [entry().repoId] });
      await ledger.forget({ repoIds: [] });
      expect((await ledger.list({ installationId: 77 })).map((e) => e.repoId)).toEqual([12]);
    });
  });
}
