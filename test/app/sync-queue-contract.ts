import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncQueue, SyncQueueError, SyncQueueHandlers } from '../../src/app/sync-queue.js';
import { TerminalJobError } from '../../src/app/terminal-job-error.js';

/** One queue under test, and how to let time pass for it. */
export interface ContractQueue {
  queue: SyncQueue<string[]>;
  /**
   * Lets the next pending wait (batching window, retry backoff) end: the in-process queue
   * releases its held clock; the PostgreSQL queue does nothing (real time passes).
   */
  passTime: () => void;
}

/** How the contract makes queues of one implementation. */
export interface ContractFactory {
  /**
   * True when waiting runs outlive `close()` in a store (the next queue opened on it runs them);
   * false when `close()` runs them itself before it resolves.
   */
  durable: boolean;
  /**
   * A new queue. Queues made with the same `name` share their jobs when the implementation is
   * shared (replicas); each test uses its own name.
   */
  create: (
    params: SyncQueueHandlers<string[]> & {
      name: string;
      maxRunning?: number;
      maxAttempts?: number;
    },
  ) => Promise<ContractQueue>;
}

/** A run the test finishes by hand, so every interleaving is decided by the test. */
interface Run {
  key: string;
  input: string[];
  /** Null for a run that threw at once (inputs containing 'fail-once', 'terminal', 'throw'). */
  finish: (() => void) | null;
  fail: ((error: Error) => void) | null;
}

/**
 * Runs whose input names a failure fail: 'fail-once' fails its first attempt (an Error),
 * 'terminal' throws a TerminalJobError, 'throw' throws an Error every time (synchronously).
 * Every other run waits for the test to finish it.
 */
function createRecorder() {
  const runs: Run[] = [];
  const errors: SyncQueueError<string[]>[] = [];
  const activeByKey = new Map<string, number>();
  const failedOnce = new Set<string>();
  let maxActivePerKey = 0;
  let active = 0;
  let maxActive = 0;
  const handlers: SyncQueueHandlers<string[]> = {
    run: ({ key, input }) => {
      if (input.includes('throw')) {
        runs.push({ key, input, finish: null, fail: null });
        throw new Error('thrown');
      }
      if (input.includes('terminal')) {
        runs.push({ key, input, finish: null, fail: null });
        return Promise.reject(new TerminalJobError('invalid request'));
      }
      if (input.includes('fail-once') && !failedOnce.has(key)) {
        failedOnce.add(key);
        runs.push({ key, input, finish: null, fail: null });
        return Promise.reject(new Error('flaky'));
      }
      return new Promise<void>((resolve, reject) => {
        active++;
        maxActive = Math.max(maxActive, active);
        activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
        maxActivePerKey = Math.max(maxActivePerKey, activeByKey.get(key) ?? 0);
        const end = () => {
          active--;
          activeByKey.set(key, (activeByKey.get(key) ?? 0) - 1);
        };
        runs.push({
          key,
          input,
          finish: () => {
            end();
            resolve();
          },
          fail: (error) => {
            end();
            reject(error);
          },
        });
      });
    },
    merge: ({ waiting, next }) => [...waiting, ...next],
    onError: (error) => {
      errors.push(error);
    },
  };
  return {
    handlers,
    runs,
    errors,
    inputs: (key?: string) =>
      runs
        .filter((r) => key === undefined || r.key === key)
        .map((r) => `${r.key}:${r.input.join('+')}`),
    /** Finishes the first unfinished run of `key`. */
    finish: (key: string) => {
      const run = runs.find((r) => r.key === key && r.finish !== null);
      if (!run?.finish) throw new Error(`no run of ${key} to finish`);
      const finish = run.finish;
      run.finish = run.fail = null;
      finish();
    },
    /** Fails the first unfinished run of `key`. */
    fail: (key: string, error: Error) => {
      const run = runs.find((r) => r.key === key && r.fail !== null);
      if (!run?.fail) throw new Error(`no run of ${key} to fail`);
      const fail = run.fail;
      run.finish = run.fail = null;
      fail(error);
    },
    finishAll: () => {
      for (const run of runs) {
        const finish = run.finish;
        run.finish = run.fail = null;
        finish?.();
      }
    },
    maxActive: () => maxActive,
    maxActivePerKey: () => maxActivePerKey,
  };
}

/**
 * The behaviour every `SyncQueue` shares (src/app/sync-queue.ts), run against each implementation
 * (test/app/sync-queue.test.ts, test/app/postgres-sync-queue.test.ts). Nothing here measures
 * time: every step waits for a signal (a run started, an error reported, idle).
 */
export function describeSyncQueueContract(label: string, getFactory: () => ContractFactory): void {
  describe(`SyncQueue contract: ${label}`, () => {
    const open: { queue: SyncQueue<string[]>; recorder: ReturnType<typeof createRecorder> }[] = [];
    let names = 0;

    afterEach(async () => {
      for (const { queue, recorder } of open.splice(0)) {
        recorder.finishAll();
        await queue.close().catch(() => undefined);
      }
    });

    const start = async (options: { maxRunning?: number; maxAttempts?: number } = {}) => {
      const recorder = createRecorder();
      const name = `contract-${process.pid}-${++names}`;
      const made = await getFactory().create({ ...recorder.handlers, ...options, name });
      open.push({ queue: made.queue, recorder });
      /** Waits for `condition`, letting time pass when `passTime` is set. */
      const until = (condition: () => boolean, params: { passTime?: boolean } = {}) =>
        vi.waitFor(
          () => {
            if (!condition()) {
              if (params.passTime) made.passTime();
              throw new Error('not yet');
            }
          },
          { timeout: 20_000, interval: 5 },
        );
      /** Opens another queue on the same name (a restart, or a second replica). */
      const reopen = async () => {
        const again = await getFactory().create({ ...recorder.handlers, ...options, name });
        open.push({ queue: again.queue, recorder });
        return again;
      };
      return { ...made, recorder, until, reopen };
    };

    it('runs of one key never overlap; requests waiting behind a run merge into exactly one follow-up', async () => {
      const { queue, recorder, until } = await start();
      expect(await queue.enqueue({ key: 'a', input: ['e1'] })).toBe(true);
      await until(() => recorder.runs.length === 1);
      for (const e of ['e2', 'e3', 'e4']) await queue.enqueue({ key: 'a', input: [e] });
      // Another key runs meanwhile: the queue is taking work, and still none for 'a'.
      await queue.enqueue({ key: 'b', input: ['x'] });
      await until(() => recorder.inputs('b').length === 1);
      recorder.finish('b');
      expect(recorder.inputs('a')).toEqual(['a:e1']);
      recorder.finish('a');
      await until(() => recorder.inputs('a').length === 2);
      expect(recorder.inputs('a')).toEqual(['a:e1', 'a:e2+e3+e4']);
      recorder.finish('a');
      await queue.idle();
      expect(recorder.inputs('a')).toHaveLength(2);
      expect(recorder.maxActivePerKey()).toBe(1);
    });

    it('different keys run at the same time, up to maxRunning', async () => {
      const { queue, recorder, until } = await start({ maxRunning: 3 });
      for (const key of ['a', 'b', 'c']) await queue.enqueue({ key, input: ['e'] });
      await until(() => recorder.runs.length === 3);
      expect(recorder.maxActive()).toBe(3);
      recorder.finishAll();
      await queue.idle();
      expect(recorder.inputs().sort()).toEqual(['a:e', 'b:e', 'c:e']);
    });

    it('a batching window holds a run back; a request without one starts it at once with what waited', async () => {
      const { queue, recorder, until } = await start();
      await queue.enqueue({ key: 'a', input: ['e1'], delayMs: 60_000 });
      await queue.enqueue({ key: 'b', input: ['x'] });
      await until(() => recorder.inputs('b').length === 1);
      recorder.finish('b');
      expect(recorder.inputs('a')).toEqual([]);
      await queue.enqueue({ key: 'a', input: ['e2'] });
      await until(() => recorder.inputs('a').length === 1);
      expect(recorder.inputs('a')).toEqual(['a:e1+e2']);
      recorder.finish('a');
      await queue.idle();
    });

    it('a run whose window ends starts with everything that came within it', async () => {
      const { queue, recorder, until } = await start();
      await queue.enqueue({ key: 'a', input: ['e1'], delayMs: 300 });
      await queue.enqueue({ key: 'a', input: ['e2'], delayMs: 300 });
      await until(() => recorder.runs.length === 1, { passTime: true });
      expect(recorder.inputs()).toEqual(['a:e1+e2']);
      recorder.finish('a');
      await queue.idle();
    });

    it('idle() resolves at once when empty, and only once the last run has ended', async () => {
      const { queue, recorder, until } = await start();
      await queue.idle();
      await queue.enqueue({ key: 'a', input: ['e1'] });
      await until(() => recorder.runs.length === 1);
      let idle = false;
      const done = queue.idle().then(() => {
        idle = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(idle).toBe(false);
      recorder.finish('a');
      await done;
      expect(queue.size()).toEqual({ running: 0, waiting: 0 });
    });

    it('close(): no more requests; resolves once the running run ends; nothing that waited is lost', async () => {
      const factory = getFactory();
      const { queue, recorder, until, reopen } = await start();
      await queue.enqueue({ key: 'a', input: ['e1'] });
      await until(() => recorder.runs.length === 1);
      await queue.enqueue({ key: 'a', input: ['e2'], delayMs: 60_000 });
      let closed = false;
      const closing = queue.close().then(() => {
        closed = true;
      });
      expect(await queue.enqueue({ key: 'c', input: ['late'] })).toBe(false);
      expect(closed).toBe(false);
      recorder.finish('a');
      if (factory.durable) {
        // The running run ended; what waited stays stored for the next process.
        await closing;
        expect(recorder.inputs('a')).toEqual(['a:e1']);
        const next = await reopen();
        await next.queue.enqueue({ key: 'a', input: ['e3'] });
        await until(() => recorder.inputs('a').length === 2);
        expect(recorder.inputs('a')).toEqual(['a:e1', 'a:e2+e3']);
        recorder.finish('a');
        await next.queue.idle();
      } else {
        // Nothing else would run it: it starts without its window, and close waits for it.
        await until(() => recorder.inputs('a').length === 2);
        expect(recorder.inputs('a')).toEqual(['a:e1', 'a:e2']);
        expect(closed).toBe(false);
        recorder.finish('a');
        await closing;
      }
      expect(recorder.inputs('c')).toEqual([]);
    });

    it('a failed run goes to onError and does not wedge its key', async () => {
      const { queue, recorder, until } = await start({ maxAttempts: 1 });
      await queue.enqueue({ key: 'a', input: ['throw'] });
      await until(() => recorder.errors.length === 1);
      expect(recorder.errors[0]).toMatchObject({
        key: 'a',
        input: ['throw'],
        attempt: 1,
        willRetry: false,
      });
      expect((recorder.errors[0]?.error as Error).message).toBe('thrown');
      await queue.enqueue({ key: 'a', input: ['e2'] });
      await until(() => recorder.inputs('a').length === 2);
      recorder.finish('a');
      await queue.idle();
      expect(recorder.inputs('a')).toEqual(['a:throw', 'a:e2']);
    });

    it('a failed run is retried after a backoff, with the same input, and then succeeds', async () => {
      const { queue, recorder, until } = await start({ maxAttempts: 3 });
      await queue.enqueue({ key: 'a', input: ['fail-once'] });
      await until(() => recorder.errors.length === 1);
      expect(recorder.errors[0]).toMatchObject({ key: 'a', attempt: 1, willRetry: true });
      await until(() => recorder.runs.length === 2, { passTime: true });
      recorder.finish('a');
      await queue.idle();
      expect(recorder.inputs()).toEqual(['a:fail-once', 'a:fail-once']);
      expect(recorder.errors).toHaveLength(1);
    });

    it("a run that fails with a request waiting is retried once, within that request's run", async () => {
      const { queue, recorder, until } = await start({ maxAttempts: 3 });
      await queue.enqueue({ key: 'a', input: ['e1'] });
      await until(() => recorder.runs.length === 1);
      await queue.enqueue({ key: 'a', input: ['e2'] });
      recorder.fail('a', new Error('lost the race'));
      await until(() => recorder.runs.length === 2, { passTime: true });
      expect(recorder.errors).toMatchObject([
        { key: 'a', input: ['e1'], attempt: 1, willRetry: true },
      ]);
      // One follow-up carries both (in an order of the implementation's choosing).
      expect(recorder.runs[1]?.input.slice().sort()).toEqual(['e1', 'e2']);
      recorder.finish('a');
      await queue.idle();
      expect(recorder.runs).toHaveLength(2);
      expect(recorder.maxActivePerKey()).toBe(1);
    });

    it('a terminal error is reported once and never retried', async () => {
      const { queue, recorder, until } = await start({ maxAttempts: 3 });
      await queue.enqueue({ key: 'a', input: ['terminal'] });
      await until(() => recorder.errors.length === 1);
      expect(recorder.errors[0]).toMatchObject({ key: 'a', attempt: 1, willRetry: false });
      expect(recorder.errors[0]?.error).toBeInstanceOf(TerminalJobError);
      await queue.idle();
      // Another key's run afterwards: the queue went on, and 'a' did not run again.
      await queue.enqueue({ key: 'b', input: ['x'] });
      await until(() => recorder.inputs('b').length === 1);
      recorder.finish('b');
      await queue.idle();
      expect(recorder.inputs('a')).toEqual(['a:terminal']);
      expect(recorder.errors).toHaveLength(1);
    });
  });
}
