/**
 * Which webhook deliveries were taken already, by GitHub's delivery id (the `X-GitHub-Delivery`
 * header; the same id comes again when a delivery is redelivered:
 * https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks).
 *
 * Use: `claim(id)` before handling a delivery; false means it was taken before, so it is
 * answered without being handled again. When handling fails before its work is stored (the
 * queue refused it), `release(id)` forgets it so a redelivery is handled.
 */
export interface DeliveryDedupe {
  /** Records `deliveryId`; true when it was new. */
  claim(deliveryId: string): Promise<boolean>;
  /** Forgets `deliveryId` (its handling failed). */
  release(deliveryId: string): Promise<void>;
  /** Forgets deliveries claimed more than `olderThanDays` ago; resolves with how many. */
  prune(params: { olderThanDays: number }): Promise<number>;
}

/**
 * The default `DeliveryDedupe`: in this process, the last `maxEntries` ids (default 10,000; least
 * recently claimed forgotten first). Lost on restart, like the in-process queue. Time comes from
 * `now` (ms), for `prune`.
 */
export function createInMemoryDeliveryDedupe(
  params: { maxEntries?: number; now?: () => number } = {},
): DeliveryDedupe {
  const maxEntries = Math.max(1, params.maxEntries ?? 10_000);
  const now = params.now ?? Date.now;
  /** Delivery id → when it was claimed; Map order is claim order (oldest first). */
  const seen = new Map<string, number>();
  return {
    claim: (deliveryId) => {
      if (seen.has(deliveryId)) {
        // Seen again: the most recent now, so a burst of duplicates keeps it remembered.
        const at = seen.get(deliveryId) as number;
        seen.delete(deliveryId);
        seen.set(deliveryId, at);
        return Promise.resolve(false);
      }
      seen.set(deliveryId, now());
      while (seen.size > maxEntries) seen.delete(seen.keys().next().value as string);
      return Promise.resolve(true);
    },
    release: (deliveryId) => {
      seen.delete(deliveryId);
      return Promise.resolve();
    },
    prune: ({ olderThanDays }) => {
      const cutoff = now() - olderThanDays * 86_400_000;
      let pruned = 0;
      for (const [id, at] of seen) {
        if (at < cutoff) {
          seen.delete(id);
          pruned++;
        }
      }
      return Promise.resolve(pruned);
    },
  };
}
