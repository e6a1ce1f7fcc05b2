import { createHmac } from 'node:crypto';

/**
 * `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with the
 * webhook secret (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries).
 */
export function signWebhookBody(params: { secret: string; body: string }): string {
  return `sha256=${createHmac('sha256', params.secret).update(params.body).digest('hex')}`;
}

/** Legacy `X-Hub-Signature` (HMAC-SHA1), still sent by GitHub alongside the sha256 one. */
export function signWebhookBodySha1(params: { secret: string; body: string }): string {
  return `sha1=${createHmac('sha1', params.secret).update(params.body).digest('hex')}`;
}
