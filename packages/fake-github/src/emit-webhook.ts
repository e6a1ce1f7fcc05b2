import { randomUUID } from 'node:crypto';
import type { DomainEvent, FakeContext } from './fake-context.js';
import { formatTimestamp } from './fake-clock.js';
import type { HookDeliveryItem, HookDeliveryLog } from './hook-delivery-log.js';
import { describeDeliveryStatus } from './hook-delivery-log.js';
import { makeNodeId } from './fake-state.js';
import { renderRepository } from './render-repository.js';
import { renderUser } from './render-user.js';
import { signWebhookBody, signWebhookBodySha1 } from './sign-webhook.js';
import { validateWebhookPayload } from './validate-webhook-payload.js';

/** One signed delivery, as a receiver would get it. */
export interface WebhookDelivery {
  id: string;
  /** `X-GitHub-Event`. */
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** Raw JSON body (what the signature covers). */
  body: string;
  headers: Record<string, string>;
}

export type WebhookSubscriber = (delivery: WebhookDelivery) => void | Promise<void>;

export interface WebhookEmitterOptions {
  ctx: () => FakeContext;
  secret: string;
  /** What to do when a payload does not match `@octokit/openapi-webhooks`: throw (default), record, or skip checking. */
  validate: 'throw' | 'record' | 'off';
  onViolation: (message: string) => void;
  appId: number;
}

/**
 * Turns state changes into signed webhook deliveries shaped per
 * https://docs.github.com/webhooks/webhook-events-and-payloads and delivers
 * them, in order and asynchronously, to subscriber callbacks and optional
 * URL targets (POSTed with the same headers GitHub sends). `idle()` resolves
 * when everything emitted so far has been delivered.
 */
export class WebhookEmitter implements HookDeliveryLog {
  readonly deliveries: WebhookDelivery[] = [];
  /** Every POST to a URL target, as GitHub lists them at `GET /app/hook/deliveries`. */
  readonly attempts: HookDeliveryItem[] = [];
  private readonly attemptSources = new Map<number, { delivery: WebhookDelivery; url: string }>();
  private readonly subscribers = new Set<WebhookSubscriber>();
  private readonly targets = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private errors: unknown[] = [];
  /** Set false to stop emitting (state still changes). */
  enabled = true;

  constructor(private readonly options: WebhookEmitterOptions) {}

  /** Registers a callback for every delivery; returns an unsubscribe function. */
  subscribe(subscriber: WebhookSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Also POST every delivery to `url` (e.g. a local Probot at `http://127.0.0.1:3000/api/github/webhooks`). */
  addTarget(url: string): () => void {
    this.targets.add(url);
    return () => this.targets.delete(url);
  }

  /** Deliveries of one event (and optionally action) so far. */
  of(event: string, action?: string): WebhookDelivery[] {
    return this.deliveries.filter(
      (d) => d.event === event && (action === undefined || d.action === action),
    );
  }

  emit(event: DomainEvent): WebhookDelivery | undefined {
    if (!this.enabled) return undefined;
    const ctx = this.options.ctx();
    const repo = event.repo;
    const payload: Record<string, unknown> = { ...event.payload };
    if (repo) {
      payload.repository = renderRepository({
        ctx,
        repo,
        timestampStyle: event.name === 'push' ? 'epoch' : 'iso',
      });
    }
    payload.sender = renderUser({ ctx, login: event.senderLogin });
    const installationId =
      repo?.installationId ?? (payload.installation as { id?: number } | undefined)?.id;
    if (installationId !== undefined && installationId !== null && event.name !== 'installation') {
      payload.installation = {
        id: installationId,
        node_id: makeNodeId({ prefix: 'MDIz', id: installationId }),
      };
    }
    if (this.options.validate !== 'off') {
      const check = validateWebhookPayload({ event: event.name, payload });
      if (!check.valid) {
        const message = `webhook ${event.name}.${String(payload.action ?? '')} payload violates @octokit/openapi-webhooks: ${check.message}`;
        this.options.onViolation(message);
        if (this.options.validate === 'throw') throw new Error(message);
      }
    }
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const delivery: WebhookDelivery = {
      id,
      event: event.name,
      action: typeof payload.action === 'string' ? payload.action : undefined,
      payload,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/fake',
        'x-github-event': event.name,
        'x-github-delivery': id,
        'x-github-hook-id': '1',
        'x-github-hook-installation-target-id': String(this.options.appId),
        'x-github-hook-installation-target-type': 'integration',
        'x-hub-signature': signWebhookBodySha1({ secret: this.options.secret, body }),
        'x-hub-signature-256': signWebhookBody({ secret: this.options.secret, body }),
      },
    };
    this.deliveries.push(delivery);
    this.chain = this.chain.then(() => this.dispatch(delivery));
    return delivery;
  }

  private async dispatch(delivery: WebhookDelivery): Promise<void> {
    for (const subscriber of [...this.subscribers]) {
      try {
        await subscriber(delivery);
      } catch (error) {
        this.errors.push(error);
      }
    }
    for (const url of [...this.targets]) {
      await this.post({ delivery, url, redelivery: false });
    }
  }

  /** POSTs `delivery` to `url` and records the attempt (status, duration) in `attempts`. */
  private async post(params: {
    delivery: WebhookDelivery;
    url: string;
    redelivery: boolean;
  }): Promise<void> {
    const { delivery, url } = params;
    const started = performance.now();
    let statusCode: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      await response.arrayBuffer();
      statusCode = response.status;
      if (!response.ok)
        this.errors.push(new Error(`webhook POST ${url} answered ${response.status}`));
    } catch (error) {
      this.errors.push(error);
    }
    const repository = delivery.payload.repository as { id?: number } | undefined;
    const installation = delivery.payload.installation as { id?: number } | undefined;
    const id = this.attempts.length + 1;
    this.attempts.push({
      id,
      guid: delivery.id,
      delivered_at: formatTimestamp(this.options.ctx().clock.now()),
      redelivery: params.redelivery,
      duration: Math.round(performance.now() - started) / 1000,
      status: describeDeliveryStatus(statusCode),
      status_code: statusCode ?? 502,
      event: delivery.event,
      action: delivery.action ?? null,
      installation_id: installation?.id ?? null,
      repository_id: repository?.id ?? null,
      throttled_at: null,
    });
    this.attemptSources.set(id, { delivery, url });
  }

  list(): readonly HookDeliveryItem[] {
    return this.attempts;
  }

  /**
   * Queues a redelivery of attempt `id` to the same URL with the same body and headers (so the
   * same `X-GitHub-Delivery` guid), listed with `redelivery: true`. Subscribers are not called.
   */
  redeliver(id: number): boolean {
    const source = this.attemptSources.get(id);
    if (!source) return false;
    this.chain = this.chain.then(() => this.post({ ...source, redelivery: true }));
    return true;
  }

  /**
   * Resolves once every delivery emitted so far (including ones emitted by
   * subscribers while handling) has been dispatched. Rejects with an
   * AggregateError if any subscriber or target failed since the last call.
   */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
    if (this.errors.length > 0) {
      const errors = this.errors;
      this.errors = [];
      throw new AggregateError(
        errors,
        `${errors.length} webhook delivery failure(s): ${String(errors[0])}`,
      );
    }
  }
}
