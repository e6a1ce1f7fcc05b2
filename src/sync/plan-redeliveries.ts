/**
 * One attempt as listed by
 * https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook (the fields the
 * decision reads).
 */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
}

/** A redelivery to request: POST /app/hook/deliveries/{deliveryId}/attempts. */
export interface PlannedRedelivery {
  guid: string;
  deliveryId: number;
}

/** At most this many redeliveries per sweep unless told otherwise. */
export const DEFAULT_REDELIVERY_LIMIT = 50;

function succeeded(attempt: DeliveryAttempt): boolean {
  return attempt.status_code >= 200 && attempt.status_code < 400;
}

/**
 * Pure decision: which guids to redeliver. A guid qualifies when every attempt of it seen at or
 * after `since` (ms epoch) failed (status code outside 200-399), none of them is a redelivery
 * (one was already requested, by us or anyone: each event is redelivered at most once), and this
 * process has not requested it before (`alreadyRequested`). The newest attempt of each is
 * redelivered; guids come oldest first (events replay in order), at most `limit` of them.
 */
export function planRedeliveries(params: {
  deliveries: readonly DeliveryAttempt[];
  alreadyRequested: ReadonlySet<string>;
  since: number;
  limit?: number;
}): PlannedRedelivery[] {
  const byGuid = new Map<string, DeliveryAttempt[]>();
  for (const attempt of params.deliveries) {
    const at = Date.parse(attempt.delivered_at);
    if (!(at >= params.since)) continue;
    const group = byGuid.get(attempt.guid);
    if (group) group.push(attempt);
    else byGuid.set(attempt.guid, [attempt]);
  }
  const planned: Array<PlannedRedelivery & { firstId: number }> = [];
  for (const [guid, attempts] of byGuid) {
    if (params.alreadyRequested.has(guid)) continue;
    if (attempts.some((a) => succeeded(a) || a.redelivery)) continue;
    const ids = attempts.map((a) => a.id);
    planned.push({ guid, deliveryId: Math.max(...ids), firstId: Math.min(...ids) });
  }
  return planned
    .sort((a, b) => a.firstId - b.firstId)
    .slice(0, params.limit ?? DEFAULT_REDELIVERY_LIMIT)
    .map(({ guid, deliveryId }) => ({ guid, deliveryId }));
}
