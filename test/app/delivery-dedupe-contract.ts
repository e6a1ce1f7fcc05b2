import { describe, expect, it } from 'vitest';
import type { DeliveryDedupe } from '../../src/app/delivery-dedupe.js';

/**
 * What every `DeliveryDedupe` does (src/app/delivery-dedupe.ts). `age()` makes every id claimed so far
 * look ten days old.
 */
export function describeDeliveryDedupeContract(
  label: string,
  make: () => Promise<{ log: DeliveryDedupe; age: () => Promise<void> }>,
): void {
  describe(`DeliveryDedupe contract: ${label}`, () => {
    it('a delivery id is new once; a redelivery of it is not', async () => {
      const { log } = await make();
      expect(await log.claim('d-1')).toBe(true);
      expect(await log.claim('d-1')).toBe(false);
      expect(await log.claim('d-2')).toBe(true);
    });

    it('release forgets a delivery whose handling failed, so its redelivery is handled', async () => {
      const { log } = await make();
      expect(await log.claim('d-3')).toBe(true);
      await log.release('d-3');
      expect(await log.claim('d-3')).toBe(true);
    });

    it('prune forgets only what is older than the given days', async () => {
      const { log, age } = await make();
      await log.claim('d-old');
      await age();
      await log.claim('d-new');
      expect(await log.prune({ olderThanDays: 30 })).toBe(0);
      expect(await log.prune({ olderThanDays: 7 })).toBeGreaterThanOrEqual(1);
      expect(await log.claim('d-old')).toBe(true);
      expect(await log.claim('d-new')).toBe(false);
    });
  });
}
