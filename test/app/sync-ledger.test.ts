import { createInMemorySyncLedger } from '../../src/app/sync-ledger.js';
import { describeSyncLedgerContract } from './sync-ledger-contract.js';

describeSyncLedgerContract('in memory', () => Promise.resolve(createInMemorySyncLedger()));
