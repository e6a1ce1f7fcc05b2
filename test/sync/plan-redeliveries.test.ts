import { describe, expect, it } from 'vitest';
import type { DeliveryAttempt } from '../../src/sync/plan-redeliveries.js';
import { planRedeliveries } from '../../src/sync/plan-redeliveries.js';

const SINCE = Date.parse('2026-01-01T10:00:00Z');
const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00Z`;
const attempt = (
  id: number,
  guid: string,
  statusCode: number,
  extra: Partial<DeliveryAttempt> = {},
): DeliveryAttempt => ({
  id,
  guid,
  delivered_at: at(id),
  redelivery: false,
  status_code: statusCode,
  ...extra,
});

describe('planRedeliveries', () => {
  const cases: Array<{
    name: string;
    deliveries: DeliveryAttempt[];
    alreadyRequested?: string[];
    limit?: number;
    want: Array<[string, number]>;
  }> = [
    { name: 'nothing listed', deliveries: [], want: [] },
    { name: 'a success needs nothing', deliveries: [attempt(1, 'a', 200)], want: [] },
    { name: 'a 3xx counts as delivered', deliveries: [attempt(1, 'a', 302)], want: [] },
    { name: 'a 500 is redelivered', deliveries: [attempt(1, 'a', 500)], want: [['a', 1]] },
    {
      name: 'a connection failure (502) is redelivered',
      deliveries: [attempt(1, 'a', 502)],
      want: [['a', 1]],
    },
    {
      name: 'a failure followed by a success is not',
      deliveries: [attempt(2, 'a', 200, { redelivery: true }), attempt(1, 'a', 500)],
      want: [],
    },
    {
      name: 'a redelivery already requested (even failed) is not repeated',
      deliveries: [attempt(2, 'a', 500, { redelivery: true }), attempt(1, 'a', 500)],
      want: [],
    },
    {
      name: 'a guid this process requested is skipped',
      deliveries: [attempt(1, 'a', 500)],
      alreadyRequested: ['a'],
      want: [],
    },
    {
      name: 'attempts before the window are ignored',
      deliveries: [attempt(1, 'a', 500, { delivered_at: '2026-01-01T09:59:59Z' })],
      want: [],
    },
    {
      name: 'the newest failed attempt is named, oldest event first',
      deliveries: [
        attempt(4, 'b', 500),
        attempt(3, 'a', 404),
        attempt(2, 'b', 500),
        attempt(1, 'a', 500),
      ],
      want: [
        ['a', 3],
        ['b', 4],
      ],
    },
    {
      name: 'at most `limit` per sweep, the oldest',
      deliveries: [attempt(3, 'c', 500), attempt(2, 'b', 500), attempt(1, 'a', 500)],
      limit: 2,
      want: [
        ['a', 1],
        ['b', 2],
      ],
    },
  ];
  it.each(cases)('$name', ({ deliveries, alreadyRequested = [], limit, want }) => {
    expect(
      planRedeliveries({
        deliveries,
        alreadyRequested: new Set(alreadyRequested),
        since: SINCE,
        limit,
      }).map((p) => [p.guid, p.deliveryId]),
    ).toEqual(want);
  });
});
