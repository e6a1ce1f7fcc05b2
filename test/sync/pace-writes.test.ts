import { describe, expect, it } from 'vitest';
import { createFakeGitHub, createVirtualClock } from '@milestone-sync/fake-github';
import type { Clock } from '../../src/sync/pace-writes.js';
import {
  GITHUB_WRITE_LIMITS,
  computeWriteWait,
  createWritePacer,
} from '../../src/sync/pace-writes.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { withRetry } from '../../src/sync/request-with-retry.js';
import { describeWritePacerContract } from './write-pacer-contract.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Sends `count` writes through a fresh pacer on a virtual clock; returns when each went. */
async function pace(count: number, clock: Clock = createVirtualClock()): Promise<number[]> {
  const pacer = createWritePacer({ clock });
  const start = clock.now();
  const sent: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.beforeWrite();
    sent.push(clock.now() - start);
  }
  expect(pacer.waitedMs()).toBe(sent[sent.length - 1]);
  return sent;
}

/** The most writes in any window of `span` ms (windows are half-open, as GitHub counts). */
function busiest(sent: number[], span: number): number {
  let most = 0;
  let from = 0;
  for (let to = 0; to < sent.length; to++) {
    while ((sent[from] as number) <= (sent[to] as number) - span) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

describeWritePacerContract('createWritePacer (in memory)', {
  create: ({ clock, limits }) => createWritePacer({ clock, limits }),
  numRuns: 100,
});

describe('computeWriteWait', () => {
  const limits = { perMinute: 2, perHour: 3 };
  it.each([
    ['nothing sent', [], 0],
    ['one in the minute', [50_000], 0],
    ['the minute full: until the older leaves it', [40_000, 50_000], 40_000 + MINUTE - 70_000],
    ['in any order', [50_000, 40_000], 40_000 + MINUTE - 70_000],
    ['a send exactly a minute ago has left', [10_000, 50_000], 0],
    ['the hour full: until its oldest leaves', [-HOUR + 80_000, 0, 5_000], 10_000],
    ['a send of another process a little ahead counts', [69_000, 71_000], 69_000 + MINUTE - 70_000],
  ])('%s', (_, sent, wait) => {
    expect(computeWriteWait({ sent, now: 70_000, limits })).toBe(wait);
  });
});

describe('createWritePacer', () => {
  it('uses GitHub’s documented ceilings by default', () => {
    expect(GITHUB_WRITE_LIMITS).toEqual({ perMinute: 80, perHour: 500 });
  });

  it('sends the first 80 writes at once', async () => {
    const sent = await pace(80);
    expect(new Set(sent)).toEqual(new Set([0]));
  });

  it('200 writes take between 2 and 2.2 virtual minutes, never more than 80 a minute', async () => {
    const sent = await pace(200);
    const total = sent[199] as number;
    expect(total).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(total).toBeLessThanOrEqual(2.2 * MINUTE);
    expect(busiest(sent, MINUTE)).toBe(80);
    // Sliding window, run at the ceiling: bursts of 80 a minute apart.
    expect([sent[79], sent[80], sent[159], sent[160], sent[199]]).toEqual([
      0,
      MINUTE,
      MINUTE,
      2 * MINUTE,
      2 * MINUTE,
    ]);
  });

  it('600 writes respect 500 an hour as well as 80 a minute', async () => {
    const sent = await pace(600);
    expect(busiest(sent, HOUR)).toBe(500);
    expect(busiest(sent, MINUTE)).toBe(80);
    // The 500th goes in minute 7; the 501st waits until the first leaves the hour.
    expect(sent[499]).toBe(6 * MINUTE);
    expect(sent[500]).toBe(HOUR);
    expect(sent[599]).toBe(HOUR + MINUTE);
  });

  it('does not wait when writes are spread out already', async () => {
    const clock = createVirtualClock();
    const pacer = createWritePacer({ clock });
    for (let i = 0; i < 300; i++) {
      await pacer.beforeWrite();
      clock.advance(MINUTE / 79);
    }
    expect(pacer.waitedMs()).toBe(0);
  });

  it('honours custom limits', async () => {
    const clock = createVirtualClock();
    const pacer = createWritePacer({ clock, limits: { perMinute: 2, perHour: 3 } });
    const start = clock.now();
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.beforeWrite();
      sent.push(clock.now() - start);
    }
    expect(sent).toEqual([0, 0, MINUTE, HOUR, HOUR]);
  });

  it('keeps a client under the fake’s secondary-limit emulation: 200 writes, none refused', async () => {
    const fake = createFakeGitHub({ secondaryLimits: true });
    fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
    const client = withRetry({
      client: fake.octokit(),
      clock: fake.clock,
      pacer: createWritePacer({ clock: fake.clock }),
      log: silentLogger,
    });
    const start = fake.clock.now();
    for (let i = 0; i < 200; i++) {
      await client.request('POST /repos/{owner}/{repo}/labels', {
        owner: 'acme',
        repo: 'plan',
        name: `label ${i}`,
        color: 'ffffff',
      });
    }
    expect(fake.secondaryLimits.refused).toBe(0);
    expect(fake.calls.writes()).toHaveLength(200);
    expect(fake.clock.now() - start).toBe(2 * MINUTE);
    fake.assertNoViolations();
  });
});
