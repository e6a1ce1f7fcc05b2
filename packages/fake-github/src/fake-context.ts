import type { HookDeliveryLog } from './hook-delivery-log.js';
import type { FakeClock } from './fake-clock.js';
import type { FakeRepo, FakeState } from './fake-state.js';

/** Base URLs used inside rendered resources (`url`, `html_url`, …). */
export interface FakeUrls {
  /** REST API root, e.g. `https://api.github.test`. */
  api: string;
  /** Web root, e.g. `https://github.test`. */
  web: string;
}

/** A state change worth a webhook; `emit-webhook.ts` adds repository/sender/installation. */
export interface DomainEvent {
  /** `X-GitHub-Event` name: `issues`, `milestone`, `push`, `pull_request`, `installation`. */
  name: string;
  repo: FakeRepo | null;
  senderLogin: string;
  /** Event-specific fields (`action`, `issue`, `changes`, …). */
  payload: Record<string, unknown>;
}

/** Everything an operation or handler may touch. */
export interface FakeContext {
  state: FakeState;
  clock: FakeClock;
  urls: FakeUrls;
  /** Login the REST API acts as (the app's bot user by default). */
  apiActorLogin: string;
  /** Records an event for delivery once the current request has been answered. */
  emit(event: DomainEvent): void;
  /** Deliveries to the app's hook URL(s), for `/app/hook/deliveries`. */
  hookDeliveries: HookDeliveryLog;
}
