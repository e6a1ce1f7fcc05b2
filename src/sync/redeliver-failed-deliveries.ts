import type { GithubClient, Logger } from './github-client.js';
import { describeHttpFailure } from './github-client.js';
import type { DeliveryAttempt } from './plan-redeliveries.js';
import { planRedeliveries } from './plan-redeliveries.js';

/** Process-wide memory of a sweeper: guids it already asked GitHub to redeliver. */
export interface RedeliveryMemory {
  requested: Set<string>;
}

function nextCursor(link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined;
  for (const part of link.split(',')) {
    if (!/rel="next"/.test(part)) continue;
    const url = /<([^>]+)>/.exec(part)?.[1];
    if (url) return new URL(url).searchParams.get('cursor') ?? undefined;
  }
  return undefined;
}

/**
 * One sweep: lists the app's webhook deliveries newest first back to `since` (ms epoch)
 * (https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook, cursor
 * pagination) and requests one redelivery for each event whose attempts all failed
 * (https://docs.github.com/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook), as decided
 * by `planRedeliveries`. `octokit` must be app-authenticated (JWT: Probot's `app.auth()`).
 * Requested guids are added to `memory` (never requested twice by this process) and logged.
 * Returns the guids requested. A failing list or redelivery request is logged, not thrown.
 */
export async function redeliverFailedDeliveries(params: {
  octokit: GithubClient;
  log: Logger;
  memory: RedeliveryMemory;
  since: number;
  limit?: number;
}): Promise<string[]> {
  const { octokit, log, memory } = params;
  const deliveries: DeliveryAttempt[] = [];
  try {
    let cursor: string | undefined;
    for (;;) {
      const response = await octokit.request('GET /app/hook/deliveries', {
        per_page: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      const page = response.data as DeliveryAttempt[];
      for (const attempt of page) deliveries.push(attempt);
      const oldest = page.at(-1);
      cursor = nextCursor(response.headers.link);
      if (!oldest || cursor === undefined || Date.parse(oldest.delivered_at) < params.since) break;
    }
  } catch (error) {
    log.warn(`redeliver: could not list webhook deliveries: ${describeHttpFailure(error)}`);
    return [];
  }
  const planned = planRedeliveries({
    deliveries,
    alreadyRequested: memory.requested,
    since: params.since,
    limit: params.limit,
  });
  const requested: string[] = [];
  for (const { guid, deliveryId } of planned) {
    memory.requested.add(guid);
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
        delivery_id: deliveryId,
      });
      requested.push(guid);
      log.info(
        `redeliver: requested redelivery of failed webhook ${guid} (delivery ${deliveryId})`,
      );
    } catch (error) {
      log.warn(`redeliver: redelivery of ${guid} failed: ${describeHttpFailure(error)}`);
    }
  }
  return requested;
}
