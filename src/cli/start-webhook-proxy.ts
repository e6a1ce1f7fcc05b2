import type { SmeeClient as SmeeClientClass } from 'smee-client';
import { UsageError } from './usage-error.js';

/** What the proxy logs through (Probot's logger). */
export interface ProxyLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** A running proxy; `stop` closes its connection to the channel. */
export interface WebhookProxy {
  stop(): Promise<void>;
}

/**
 * Forwards the webhooks sent to a smee.io channel (`WEBHOOK_PROXY_URL`) to this server's webhook
 * URL (`target`), for development on a machine GitHub cannot reach: the smee-client package
 * Probot's own server uses for `WEBHOOK_PROXY_URL` (https://probot.github.io/docs/development/),
 * called the way Probot calls it (`new SmeeClient({ source, target, logger }).start()`), since
 * Probot 14 keeps that helper to its own `Server`. Each delivery arrives signed as GitHub sent
 * it, so the webhook secret is checked as usual.
 *
 * Returns once the connection is under way, not once it is open: a channel that cannot be
 * reached is logged (smee-client keeps reconnecting) and the server keeps serving. Throws a
 * `UsageError` when smee-client is not installed (it is a development dependency, absent from
 * the Docker image and from `npm install milestone-sync`).
 */
export async function startWebhookProxy(params: {
  source: string;
  target: string;
  log: ProxyLogger;
}): Promise<WebhookProxy> {
  const { source, target, log } = params;
  let SmeeClient: typeof SmeeClientClass;
  try {
    ({ SmeeClient } = await import('smee-client'));
  } catch {
    throw new UsageError(
      'WEBHOOK_PROXY_URL is set but smee-client is not installed: run `npm install smee-client` (development only), or unset WEBHOOK_PROXY_URL',
    );
  }
  const client = new SmeeClient({
    source,
    target,
    logger: {
      info: (...args: unknown[]) => log.info(`webhook proxy: ${args.map(String).join(' ')}`),
      error: (...args: unknown[]) => log.warn(`webhook proxy: ${args.map(describe).join(' ')}`),
    },
  });
  client.start().catch((error: unknown) => {
    log.warn(
      `webhook proxy: cannot connect to ${source} (${describe(error)}); retrying, no webhook arrives until it connects`,
    );
  });
  return { stop: () => client.stop() };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null && 'message' in value) {
    return String((value as { message: unknown }).message);
  }
  return String(value);
}
