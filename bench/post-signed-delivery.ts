import { randomUUID } from 'node:crypto';
import { signWebhookBody } from '@milestone-sync/fake-github';

/**
 * POSTs one webhook delivery as GitHub does (JSON body, `X-GitHub-Event`, `X-GitHub-Delivery`,
 * `X-Hub-Signature-256`: https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers)
 * and resolves with the time until the answer was read (ms) and its status. Gives up after
 * `timeoutMs` (default 10 s, GitHub's own limit for an answer).
 */
export async function postSignedDelivery(params: {
  url: string;
  secret: string;
  event: string;
  body: string;
  id?: string;
  timeoutMs?: number;
}): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(params.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': params.event,
      'x-github-delivery': params.id ?? randomUUID(),
      'x-hub-signature-256': signWebhookBody({ secret: params.secret, body: params.body }),
    },
    body: params.body,
    signal: AbortSignal.timeout(params.timeoutMs ?? 10_000),
  });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Runs `run` on every item with at most `limit` going at once; results in item order. */
export async function mapConcurrently<T, R>(params: {
  items: readonly T[];
  limit: number;
  run: (item: T, index: number) => Promise<R>;
}): Promise<R[]> {
  const results: R[] = new Array<R>(params.items.length);
  let next = 0;
  const worker = async () => {
    while (next < params.items.length) {
      const index = next++;
      results[index] = await params.run(params.items[index] as T, index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(params.limit, params.items.length)) }, worker),
  );
  return results;
}
