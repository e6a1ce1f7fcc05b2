import { describe, expect, it } from 'vitest';
import { createInProcessSyncQueue, retryBackoffMs } from '../../src/app/sync-queue.js';
import type { HeldClock } from '../helpers/held-clock.js';
import { createHeldClock } from '../helpers/held-clock.js';
import { describeSyncQueueContract } from './sync-queue-contract.js';

describeSyncQueueContract('in-process', () => ({
  durable: false,
  create: ({ name: _name, ...params }) => {
    const clock = createHeldClock();
    const queue = createInProcessSyncQueue({ ...params, clock });
    return Promise.resolve({ queue, passTime: () => void clock.releaseNext() });
  },
}));

/** A run the test finishes by hand, so every interleaving below is exact. */
interface Gate {
  key: string;
  input: string[];
  finish: () => void;
  fail: (error: Error) => void;
}

function createQueue(params: { maxRunning?: number; clock?: HeldClock } = {}) {
  const clock = params.clock ?? createHeldClock();
  const started: Gate[] = [];
  const errors: string[] = [];
  const activeByKey = new Map<string, number>();
  let maxActivePerKey = 0;
  let active = 0;
  let maxActive = 0;
  const queue = createInProcessSyncQueue<string[]>({
    clock,
    maxRunning: params.maxRunning,
    run: ({ key, input }) =>
      new Promise<void>((resolve, reject) => {
        active++;
        maxActive = Math.max(maxActive, active);
        activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
        maxActivePerKey = Math.max(maxActivePerKey, activeByKey.get(key) ?? 0);
        const done = () => {
          active--;
          activeByKey.set(key, (activeByKey.get(key) ?? 0) - 1);
        };
        started.push({
          key,
          input,
          finish: () => {
            done();
            resolve();
          },
          fail: (error) => {
            done();
            reject(error);
          },
        });
      }),
    merge: ({ waiting, next }) => [...waiting, ...next],
    onError: ({ key, input, error }) => {
      errors.push(`${key}:${input.join('+')}: ${(error as Error).message}`);
    },
  });
  return {
    queue,
    clock,
    started,
    errors,
    inputs: () => started.map((g) => `${g.key}:${g.input.join('+')}`),
    maxActive: () => maxActive,
    maxActivePerKey: () => maxActivePerKey,
  };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function gate(started: Gate[], index: number): Gate {
  const found = started[index];
  if (!found) throw new Error(`run ${index} has not started`);
  return found;
}

describe('createInProcessSyncQueue', () => {
  it('without a window, a lone request starts at once; enqueue does not wait for it', async () => {
    const { queue, started } = createQueue();
    expect(queue.enqueue({ key: 'a', input: ['e1'] })).toBe(true);
    expect(started.map((g) => g.input)).toEqual([['e1']]);
    expect(queue.size()).toEqual({ running: 1, waiting: 0 });
    gate(started, 0).finish();
    await queue.idle();
    expect(queue.size()).toEqual({ running: 0, waiting: 0 });
  });

  it('coalesces a burst into exactly one follow-up that starts after the running one ends', async () => {
    const { queue, started, inputs, maxActivePerKey } = createQueue();
    for (const e of ['e1', 'e2', 'e3', 'e4', 'e5']) queue.enqueue({ key: 'a', input: [e] });
    expect(started).toHaveLength(1);
    expect(queue.size()).toEqual({ running: 1, waiting: 1 });
    gate(started, 0).finish();
    await settle();
    expect(inputs()).toEqual(['a:e1', 'a:e2+e3+e4+e5']);
    gate(started, 1).finish();
    await queue.idle();
    expect(started).toHaveLength(2);
    expect(maxActivePerKey()).toBe(1);
  });

  it('a request during the follow-up waits for a second follow-up', async () => {
    const { queue, started, inputs } = createQueue();
    queue.enqueue({ key: 'a', input: ['e1'] });
    queue.enqueue({ key: 'a', input: ['e2'] });
    gate(started, 0).finish();
    await settle();
    queue.enqueue({ key: 'a', input: ['e3'] });
    expect(queue.size()).toEqual({ running: 1, waiting: 1 });
    gate(started, 1).finish();
    await settle();
    gate(started, 2).finish();
    await queue.idle();
    expect(inputs()).toEqual(['a:e1', 'a:e2', 'a:e3']);
  });

  it('a batching window: requests within it become one run, which starts when it ends', async () => {
    const { queue, clock, started, inputs } = createQueue();
    queue.enqueue({ key: 'a', input: ['e1'], delayMs: 2000 });
    queue.enqueue({ key: 'a', input: ['e2'], delayMs: 2000 });
    queue.enqueue({ key: 'b', input: ['e1'], delayMs: 2000 });
    queue.enqueue({ key: 'a', input: ['e3'], delayMs: 2000 });
    await settle();
    expect(started).toHaveLength(0);
    expect(queue.size()).toEqual({ running: 0, waiting: 2 });
    // One timer per key.
    expect(clock.held()).toBe(2);
    while (clock.releaseNext()) await settle();
    expect(inputs()).toEqual(['a:e1+e2+e3', 'b:e1']);
    expect(clock.now()).toBe(2000);
    for (const g of started) g.finish();
    await queue.idle();
  });

  it('the window slides: each request pushes the start to its own end, up to the cap', async () => {
    let time = 0;
    const clock = createHeldClock({ now: () => time, advance: (ms) => (time += ms) });
    const { queue, started, inputs } = createQueue({ clock });
    // A person closing an issue every 1.5 s: each close comes before the window ends.
    for (let i = 1; i <= 4; i++) {
      queue.enqueue({ key: 'a', input: [`e${i}`], delayMs: 2000, maxDelayMs: 20_000 });
      time += 1500;
      await settle();
      expect(started).toHaveLength(0);
    }
    // Last request at 4500: the run starts at 6500, with all four.
    while (clock.releaseNext()) await settle();
    expect(inputs()).toEqual(['a:e1+e2+e3+e4']);
    expect(time).toBe(6500);
    gate(started, 0).finish();
    await queue.idle();
  });

  it('the slide stops at the cap: a steady stream still runs maxDelayMs after its first request', async () => {
    let time = 0;
    const clock = createHeldClock({ now: () => time, advance: (ms) => (time += ms) });
    const { queue, started, inputs } = createQueue({ clock });
    const enqueue = (input: string) =>
      queue.enqueue({ key: 'a', input: [input], delayMs: 2000, maxDelayMs: 5000 });
    for (let i = 1; i <= 5; i++) {
      enqueue(`e${i}`);
      time += 1000;
      await settle();
    }
    // At 5000 the cap is reached: the timers armed so far fire at or before it.
    while (started.length === 0 && clock.releaseNext()) await settle();
    expect(inputs()).toEqual(['a:e1+e2+e3+e4+e5']);
    expect(time).toBe(5000);
    gate(started, 0).finish();
    await queue.idle();
  });

  it('a request without a window starts a waiting key at once, with what waited', async () => {
    const { queue, clock, inputs, started } = createQueue();
    queue.enqueue({ key: 'a', input: ['issue'], delayMs: 2000 });
    queue.enqueue({ key: 'a', input: ['push'] });
    expect(inputs()).toEqual(['a:issue+push']);
    // The window's timer is void now: releasing it starts nothing.
    clock.releaseNext();
    await settle();
    expect(started).toHaveLength(1);
    gate(started, 0).finish();
    await queue.idle();
  });

  it('a follow-up keeps its window: it starts after the running run and its window end', async () => {
    const { queue, clock, started, inputs } = createQueue();
    queue.enqueue({ key: 'a', input: ['e1'] });
    queue.enqueue({ key: 'a', input: ['e2'], delayMs: 2000 });
    gate(started, 0).finish();
    await settle();
    expect(inputs()).toEqual(['a:e1']);
    clock.releaseNext();
    await settle();
    expect(inputs()).toEqual(['a:e1', 'a:e2']);
    gate(started, 1).finish();
    await queue.idle();
  });

  it('at most maxRunning keys run at once; the others start in arrival order', async () => {
    const { queue, started, inputs, maxActive } = createQueue({ maxRunning: 2 });
    for (const key of ['a', 'b', 'c', 'd']) queue.enqueue({ key, input: ['e'] });
    expect(inputs()).toEqual(['a:e', 'b:e']);
    expect(queue.size()).toEqual({ running: 2, waiting: 2 });
    gate(started, 1).finish();
    await settle();
    expect(inputs()).toEqual(['a:e', 'b:e', 'c:e']);
    gate(started, 0).finish();
    gate(started, 2).finish();
    await settle();
    gate(started, 3).finish();
    await queue.idle();
    expect(inputs()).toEqual(['a:e', 'b:e', 'c:e', 'd:e']);
    expect(maxActive()).toBe(2);
  });

  it('a failed run goes to onError, never to the caller; the follow-up still runs', async () => {
    const { queue, started, errors, inputs } = createQueue();
    queue.enqueue({ key: 'a', input: ['e1'] });
    queue.enqueue({ key: 'a', input: ['e2'] });
    gate(started, 0).fail(new Error('boom'));
    await settle();
    gate(started, 1).finish();
    await queue.idle();
    expect(errors).toEqual(['a:e1: boom']);
    expect(inputs()).toEqual(['a:e1', 'a:e2']);
  });

  it('a run that throws synchronously is an error like any other, not a crash', async () => {
    const errors: string[] = [];
    const queue = createInProcessSyncQueue<number>({
      clock: createHeldClock(),
      run: () => {
        throw new Error('sync throw');
      },
      merge: ({ next }) => next,
      onError: ({ error }) => errors.push((error as Error).message),
    });
    expect(queue.enqueue({ key: 'a', input: 1 })).toBe(true);
    await queue.idle();
    expect(errors).toEqual(['sync throw']);
  });

  it('idle() resolves once nothing runs or waits, windows included', async () => {
    const { queue, clock, started } = createQueue();
    await queue.idle();
    queue.enqueue({ key: 'a', input: ['e1'], delayMs: 500 });
    let idle = false;
    const done = queue.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    clock.releaseNext();
    await settle();
    expect(idle).toBe(false);
    gate(started, 0).finish();
    await done;
    expect(idle).toBe(true);
  });

  it('close(): no more requests, waiting runs start without their window, resolves when drained', async () => {
    const { queue, started, inputs } = createQueue();
    queue.enqueue({ key: 'a', input: ['e1'] });
    queue.enqueue({ key: 'a', input: ['e2'], delayMs: 60_000 });
    queue.enqueue({ key: 'b', input: ['e1'], delayMs: 60_000 });
    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    expect(queue.enqueue({ key: 'c', input: ['late'] })).toBe(false);
    expect(inputs()).toEqual(['a:e1', 'b:e1']);
    gate(started, 0).finish();
    gate(started, 1).finish();
    await settle();
    expect(inputs()).toEqual(['a:e1', 'b:e1', 'a:e2']);
    expect(closed).toBe(false);
    gate(started, 2).finish();
    await closing;
    expect(closed).toBe(true);
  });
});

describe('createInProcessSyncQueue: retries', () => {
  it('off by default: a failed run is reported once, with willRetry false', async () => {
    const errors: unknown[] = [];
    const queue = createInProcessSyncQueue<string[]>({
      clock: createHeldClock(),
      run: () => Promise.reject(new Error('boom')),
      merge: ({ next }) => next,
      onError: (error) => errors.push(error),
    });
    queue.enqueue({ key: 'a', input: ['e1'] });
    await queue.idle();
    expect(errors).toMatchObject([{ key: 'a', attempt: 1, willRetry: false }]);
  });

  it('waits retryBackoffMs(attempt) on the clock between attempts, up to maxAttempts', async () => {
    const clock = createHeldClock();
    const startedAt: number[] = [];
    const errors: { attempt: number; willRetry: boolean }[] = [];
    const queue = createInProcessSyncQueue<string[]>({
      clock,
      maxAttempts: 3,
      run: () => {
        startedAt.push(clock.now());
        return Promise.reject(new Error('down'));
      },
      merge: ({ next }) => next,
      onError: ({ attempt, willRetry }) => errors.push({ attempt, willRetry }),
    });
    queue.enqueue({ key: 'a', input: ['e1'] });
    let idle = false;
    const done = queue.idle().then(() => {
      idle = true;
    });
    while (!idle) {
      clock.releaseNext();
      await settle();
    }
    await done;
    expect(startedAt).toEqual([0, retryBackoffMs(1), retryBackoffMs(1) + retryBackoffMs(2)]);
    expect(retryBackoffMs(1)).toBe(2718);
    expect(errors).toEqual([
      { attempt: 1, willRetry: true },
      { attempt: 2, willRetry: true },
      { attempt: 3, willRetry: false },
    ]);
  });

  it('no retry once closed: close() resolves after the failed run', async () => {
    const { queue, started, errors } = createQueue();
    const failing = createInProcessSyncQueue<string[]>({
      clock: createHeldClock(),
      maxAttempts: 5,
      run: () => Promise.reject(new Error('down')),
      merge: ({ next }) => next,
      onError: ({ willRetry }) => errors.push(String(willRetry)),
    });
    failing.enqueue({ key: 'a', input: ['e1'] });
    await failing.close();
    expect(errors).toEqual(['false']);
    expect(started).toHaveLength(0);
    await queue.close();
  });
});
