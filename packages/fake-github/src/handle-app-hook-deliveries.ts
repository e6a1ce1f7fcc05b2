import { notFound } from './http-error.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './paginate-response.js';
import { ok } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

function readPerPage(value: string | null): number {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, MAX_PER_PAGE) : DEFAULT_PER_PAGE;
}

/**
 * https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 * Newest first. Cursor pagination: `cursor` is the id of the first delivery of the page, and a
 * `link` header with `rel="next"` names the next page while there is one. `status=success`
 * keeps status codes 200-399, `status=failure` 400-599. App (JWT) auth; the fake checks no JWT.
 */
function listHookDeliveries(input: RouteInput): RouteResult {
  const perPage = readPerPage(input.query.get('per_page'));
  const status = input.query.get('status');
  const cursor = input.query.get('cursor');
  let items = [...input.ctx.hookDeliveries.list()].reverse();
  if (status === 'success')
    items = items.filter((d) => d.status_code >= 200 && d.status_code < 400);
  if (status === 'failure')
    items = items.filter((d) => d.status_code >= 400 && d.status_code < 600);
  const start = cursor === null ? 0 : items.findIndex((d) => String(d.id) === cursor);
  const page = start < 0 ? [] : items.slice(start, start + perPage);
  const next = start < 0 ? undefined : items[start + perPage];
  const headers: Record<string, string> = {};
  if (next) {
    const url = new URL(`${input.ctx.urls.api}/app/hook/deliveries`);
    url.searchParams.set('per_page', String(perPage));
    if (status !== null) url.searchParams.set('status', status);
    url.searchParams.set('cursor', String(next.id));
    headers.link = `<${url.toString()}>; rel="next"`;
  }
  return { status: 200, body: page, headers };
}

/**
 * https://docs.github.com/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook
 * 202 and the same payload is POSTed again (same `X-GitHub-Delivery`) to the hook URL, listed
 * with `redelivery: true`. Unknown id → 404 (GitHub documents 400/422; it answers 404 too).
 */
function redeliverHookDelivery(input: RouteInput): RouteResult {
  const id = Number(input.params.delivery_id);
  if (!Number.isInteger(id) || !input.ctx.hookDeliveries.redeliver(id)) throw notFound();
  return ok({}, { status: 202 });
}

export const appHookDeliveryRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/app/hook/deliveries', handle: listHookDeliveries },
  {
    method: 'POST',
    template: '/app/hook/deliveries/{delivery_id}/attempts',
    handle: redeliverHookDelivery,
  },
];
