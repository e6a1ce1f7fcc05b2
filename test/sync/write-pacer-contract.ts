import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '@milestone-sync/fake-github';
import type { Clock, PaceLimits, WritePacer } from '../../src/sync/pace-writes.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** How the contract makes pacers of one implementation. */
export interface PacerFactory {
  /**
   * A pacer for `installationId` on `clock`. Pacers made for the same installation within one
   * test share their sends when the implementation is shared (replicas); every call to the
   * contract's tests uses installation ids of its own.
   */
  create: (params: {
    clock: Clock;
    limits: PaceLimits;
    installationId: number;
  }) => WritePacer | Promise<WritePacer>;
  /** Fast-check runs of the property (a database pacer is slower). */
  numRuns: number;
}

/** The most sends in any window of `span` ms (half-open windows, as GitHub counts). */
export function busiest(sent: readonly number[], span: number): number {
  const sorted = [...sent].sort((a, b) => a - b);
  let most = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while ((sorted[from] as number) <= (sorted[to] as number) - span) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

let nextInstallation = 1;
/** Installation ids no earlier test used (a shared store keeps their sends). */
function freshInstallation(): number {
  return nextInstallation++;
}

/** Sends `count` writes one after another; returns when each went, from the clock's start. */
async function pace(params: { pacer: WritePacer; clock: Clock; count: number }) {
  const { pacer, clock, count } = params;
  const start = clock.now();
  const sent: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.beforeWrite();
    sent.push(clock.now() - start);
  }
  return sent;
}

/**
 * The behaviour every `WritePacer` promises (pace-writes.ts in memory, postgres-write-pacer.ts
 * shared), on a virtual clock whose sleeps move time at once, with small limits.
 */
export function describeWritePacerContract(name: string, factory: PacerFactory): void {
  describe(`${name}: the WritePacer contract`, () => {
    it('sends a minute’s quota at once, then one each time the oldest leaves the minute', async () => {
      const clock = createVirtualClock();
      const pacer = await factory.create({
        clock,
        limits: { perMinute: 3, perHour: 100 },
        installationId: freshInstallation(),
      });
      const sent = await pace({ pacer, clock, count: 7 });
      expect(sent).toEqual([0, 0, 0, MINUTE, MINUTE, MINUTE, 2 * MINUTE]);
      expect(pacer.waitedMs()).toBe(2 * MINUTE);
    });

    it('holds the hour’s ceiling as well as the minute’s', async () => {
      const clock = createVirtualClock();
      const pacer = await factory.create({
        clock,
        limits: { perMinute: 2, perHour: 3 },
        installationId: freshInstallation(),
      });
      const sent = await pace({ pacer, clock, count: 5 });
      expect(sent).toEqual([0, 0, MINUTE, HOUR, HOUR]);
    });

    it('does not wait when writes are spread out already', async () => {
      const clock = createVirtualClock();
      const pacer = await factory.create({
        clock,
        limits: { perMinute: 3, perHour: 100 },
        installationId: freshInstallation(),
      });
      for (let i = 0; i < 12; i++) {
        await pacer.beforeWrite();
        clock.advance(21_000);
      }
      expect(pacer.waitedMs()).toBe(0);
    });

    it('pacers of different installations do not slow each other', async () => {
      const clock = createVirtualClock();
      const limits = { perMinute: 2, perHour: 100 };
      const first = await factory.create({ clock, limits, installationId: freshInstallation() });
      const second = await factory.create({ clock, limits, installationId: freshInstallation() });
      await pace({ pacer: first, clock, count: 2 });
      await pace({ pacer: second, clock, count: 2 });
      expect([first.waitedMs(), second.waitedMs()]).toEqual([0, 0]);
      await first.beforeWrite();
      expect(first.waitedMs()).toBe(MINUTE);
    });

    it('never exceeds either ceiling, and waits only while a window is full', async () => {
      const limits = { perMinute: 3, perHour: 8 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 14 }),
          async (gaps) => {
            const clock = createVirtualClock();
            const pacer = await factory.create({
              clock,
              limits,
              installationId: freshInstallation(),
            });
            const sent: number[] = [];
            for (const gap of gaps) {
              clock.advance(gap);
              const asked = clock.now();
              await pacer.beforeWrite();
              const at = clock.now();
              if (at > asked) {
                // It waited: just before it went, a window was full of the sends before it.
                const before = at - 1;
                const inMinute = sent.filter((s) => s > before - MINUTE).length;
                const inHour = sent.filter((s) => s > before - HOUR).length;
                expect(inMinute >= limits.perMinute || inHour >= limits.perHour).toBe(true);
              }
              sent.push(at);
            }
            expect(busiest(sent, MINUTE)).toBeLessThanOrEqual(limits.perMinute);
            expect(busiest(sent, HOUR)).toBeLessThanOrEqual(limits.perHour);
          },
        ),
        { numRuns: factory.numRuns },
      );
    });
  });
}
