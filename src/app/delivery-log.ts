import type { Context, Logger as PinoLogger } from 'probot';

/**
 * Structured log fields naming the webhook deliveries behind every line the app logs, so one
 * delivery can be followed through its handler and the sync or preview it queued.
 *
 * Probot's `context.log` is `app.log.child({ name: 'event', id: <delivery id> })` (probot 14,
 * lib/octokit/octokit-webhooks-transform.js); `app.log` itself binds `name: 'probot'`. The app's
 * loggers are children of `app.log`, not of `context.log`: a child of `context.log` would carry
 * the delivery id twice (pino appends bindings, it does not replace them), and a sync that several
 * deliveries coalesced into must not carry the `id` of one of them. Probot's own lines (its
 * request log, its error handler) keep Probot's fields.
 *
 * Fields, on every line a delivery causes:
 * - `deliveryId`: the `X-GitHub-Delivery` header (Probot's `context.id`);
 * - `event`: `name.action`, e.g. `issues.closed` (`push` has no action);
 * - `repo`: `owner/name` — absent on handler lines of installation events, which name several;
 * - `installationId`: absent when the payload has none.
 *
 * A queued sync or preview is one request, whose log is built once when it starts. When several
 * deliveries coalesced into it, `deliveryId` and `event` are those of the first, and
 * `deliveryIds` and `events` list them all in arrival order (the first included); both are absent
 * when one delivery caused it. So the lines of delivery X are those with `deliveryId: X` or with X
 * in `deliveryIds`.
 */
export interface DeliveryLogFields {
  deliveryId: string;
  event: string;
  repo?: string;
  installationId?: number;
  deliveryIds?: string[];
  events?: string[];
}

/** The logger the app writes with: pino's (Probot's `app.log`), which can bind fields. */
export type AppLogger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/** One delivery, as a queued request remembers it. */
export interface DeliveryRef {
  id: string;
  event: string;
}

type AnyContext = Pick<Context, 'id' | 'name' | 'payload'>;

/** `issues.closed`, or the bare event name when the payload has no action (`push`). */
export function eventName(context: Pick<Context, 'name' | 'payload'>): string {
  const payload = context.payload as { action?: unknown };
  return typeof payload.action === 'string' ? `${context.name}.${payload.action}` : context.name;
}

export function deliveryOf(context: AnyContext): DeliveryRef {
  return { id: context.id, event: eventName(context) };
}

/**
 * The handler's logger for a delivery, created once per delivery (per Probot context) and bound
 * to its fields. `base` is read at each new delivery (Probot's `app.log`).
 */
export function createDeliveryLogs(base: () => AppLogger): (context: AnyContext) => AppLogger {
  const made = new WeakMap<object, AppLogger>();
  return (context) => {
    let log = made.get(context);
    if (!log) {
      const payload = context.payload as {
        repository?: { full_name?: string } | null;
        installation?: { id?: number } | null;
      };
      log = base().child(
        fieldsOf({
          deliveries: [deliveryOf(context)],
          repo: payload.repository?.full_name,
          installationId: payload.installation?.id,
        }),
      );
      made.set(context, log);
    }
    return log;
  };
}

/** The logger of one queued sync or preview: see DeliveryLogFields for coalesced deliveries. */
export function createRunLog(params: {
  base: AppLogger;
  deliveries: readonly DeliveryRef[];
  repo: string;
  installationId: number;
}): AppLogger {
  return params.base.child(fieldsOf(params));
}

function fieldsOf(params: {
  deliveries: readonly DeliveryRef[];
  repo?: string;
  installationId?: number;
}): DeliveryLogFields {
  const [first = { id: 'unknown', event: 'unknown' }] = params.deliveries;
  return {
    deliveryId: first.id,
    event: first.event,
    ...(params.repo !== undefined ? { repo: params.repo } : {}),
    ...(params.installationId !== undefined ? { installationId: params.installationId } : {}),
    ...(params.deliveries.length > 1
      ? {
          deliveryIds: params.deliveries.map((d) => d.id),
          events: params.deliveries.map((d) => d.event),
        }
      : {}),
  };
}
