/**
 * One attempt to deliver a webhook to the app's hook URL, shaped like GitHub's
 * "Simple webhook delivery" (`hook-delivery-item`):
 * https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 */
export interface HookDeliveryItem {
  id: number;
  /** The `X-GitHub-Delivery` guid, shared by the first delivery and its redeliveries. */
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  /** Seconds spent delivering. */
  duration: number;
  /** `OK`, `Invalid HTTP Response: 500`, or `failed to connect`. */
  status: string;
  /** The target's HTTP status; 502 when it could not be reached (as in GitHub's example). */
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

/** What the app-webhook routes read and do; implemented by `WebhookEmitter`. */
export interface HookDeliveryLog {
  /** Every attempt so far, oldest first. */
  list(): readonly HookDeliveryItem[];
  /** Queues a redelivery of attempt `id` (same body and guid); false when no such attempt. */
  redeliver(id: number): boolean;
}

/** The `status` text GitHub shows for an answer (or no answer) from the hook URL. */
export function describeDeliveryStatus(statusCode: number | undefined): string {
  if (statusCode === undefined) return 'failed to connect';
  if (statusCode >= 200 && statusCode < 300) return 'OK';
  return `Invalid HTTP Response: ${statusCode}`;
}
