import { describe, expect, it } from 'vitest';
import { createInMemoryDeliveryDedupe } from '../../src/app/delivery-dedupe.js';
import { describeDeliveryDedupeContract } from './delivery-dedupe-contract.js';

describeDeliveryDedupeContract('in memory', () => {
  let now = 0;
  return Promise.resolve({
    log: createInMemoryDeliveryDedupe({ now: () => now }),
    age: () => {
      now += 10 * 86_400_000;
      return Promise.resolve();
    },
  });
});

describe('createInMemoryDeliveryDedupe', () => {
  it('keeps the last maxEntries ids: the least recently claimed is forgotten first', async () => {
    const log = createInMemoryDeliveryDedupe({ maxEntries: 2 });
    expect(await log.claim('a')).toBe(true);
    expect(await log.claim('b')).toBe(true);
    expect(await log.claim('a')).toBe(false); // a duplicate of 'a' makes it the most recent
    expect(await log.claim('c')).toBe(true); // forgets 'b'
    expect(await log.claim('a')).toBe(false);
    expect(await log.claim('b')).toBe(true);
  });

  it('prune forgets ids older than the given days', async () => {
    let now = 0;
    const log = createInMemoryDeliveryDedupe({ now: () => now });
    await log.claim('old');
    now = 8 * 86_400_000;
    await log.claim('new');
    expect(await log.prune({ olderThanDays: 7 })).toBe(1);
    expect(await log.claim('old')).toBe(true);
    expect(await log.claim('new')).toBe(false);
  });
});
