import type { Clock } from '../sync/pace-writes.js';
import { isTerminalJobError } from './terminal-job-error.js';

/**
 * Where webhook handlers put syncs, so a delivery is answered at once whatever runs (GitHub marks
 * a delivery failed after 10 s and never redelivers it:
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds).
 *
 * Contract, for every implementation (the in-process one below; the PostgreSQL one in
 * postgres-sync-queue.ts; both pass test/app/sync-queue-contract.ts):
 * - Per key (a repository), runs never overlap, and requests that wait merge into one: while a
 *   key's run is going, every further request merges into exactly one follow-up, which starts
 *   when the running one ends. Syncs are level-triggered, so the merged run sees everything.
 * - `delayMs` is a batching window that slides: a waiting run starts once `delayMs` has passed
 *   with no further request (each request with a window pushes the start to its own
 *   `enqueue time + delayMs`), but never later than `maxDelayMs` after the first request merged
 *   into it (default 10 × delayMs), so a person closing issues one after another costs one run
 *   and a steady stream cannot hold a run back for ever. A request without a window (0) starts
 *   the waiting run at once, with everything that waited.
 * - `enqueue` never waits for the run; failures of a run go to `onError`. A run that throws is
 *   retried with backoff while attempts remain (merged with what waits for its key meanwhile),
 *   unless the error is a `TerminalJobError` (terminal-job-error.ts): that one is never retried.
 */
export interface SyncQueue<I> {
  /**
   * Queues a run for `key`; false once the queue is closed (nothing is queued then). The
   * in-process queue answers at once with a boolean and never throws. A durable queue answers
   * with a promise that resolves once the request is committed to its store, and rejects when it
   * could not be stored: a caller that acknowledges something (a webhook delivery) awaits it first.
   */
  enqueue(params: {
    key: string;
    input: I;
    delayMs?: number;
    maxDelayMs?: number;
  }): boolean | Promise<boolean>;
  /** Resolves once no run is going or waiting (for a shared durable queue: in any process). */
  idle(): Promise<void>;
  /** Keys with a run going, and keys with a run waiting (in its batching window or behind one). */
  size(): { running: number; waiting: number };
  /**
   * Graceful shutdown: takes no more requests and resolves once the runs going in this process
   * have ended. The caller bounds the wait. What waits: the in-process queue starts it without
   * its batching window and resolves once it has run too (nothing else would run it); a durable
   * queue leaves it stored for whichever process runs next.
   */
  close(): Promise<void>;
}

/** How one failed attempt of a run ended. */
export interface SyncQueueError<I> {
  key: string;
  input: I;
  error: unknown;
  /** 1 for the first attempt of a request. */
  attempt: number;
  /** False for a terminal error and for the last attempt. */
  willRetry: boolean;
}

/** What the app gives a queue: how to run one request, and how to merge two that wait. */
export interface SyncQueueHandlers<I> {
  run: (params: { key: string; input: I }) => Promise<unknown>;
  /** Folds a new request into the waiting one's input (e.g. collect the triggering events). */
  merge: (params: { waiting: I; next: I }) => I;
  /** A run that threw (runs are expected to log their own failures; this is a last resort). */
  onError: (params: SyncQueueError<I>) => void;
}

/** Retries: attempts per request, and the wait before each retry. */
export interface SyncQueueRetries {
  /** Attempts per request, the first included (1: never retried). */
  maxAttempts?: number;
  /** The wait (ms) before the attempt after `attempt` failed. Default `retryBackoffMs`. */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * The default wait before a retry, the one graphile-worker uses (exp(attempt) seconds, capped at
 * exp(10)): 2.7 s, 7.4 s, 20 s, 55 s, 2.5 min… so both queues back off alike.
 */
export function retryBackoffMs(attempt: number): number {
  return Math.round(Math.exp(Math.min(attempt, 10)) * 1000);
}

interface KeyState<I> {
  running: boolean;
  /**
   * The next run: its input, its earliest start, the start the window's cap allows at the latest,
   * and which attempt it is (1: a fresh request).
   */
  waiting: { input: I; notBefore: number; latest: number; attempt: number } | null;
  /** In the list of keys due to start, waiting for a free slot. */
  due: boolean;
  /** The start time a timer is armed for, and its generation (older timers are void). */
  armedFor: number | null;
  timer: number;
}

/**
 * The default `SyncQueue`: in memory, in this process (lost on restart; the next event of a
 * person reconciles). At most `maxRunning` keys run at once (default 4), so a new installation on
 * a big organisation does not start a sync of every repository together; keys due to start wait
 * in arrival order. Time (the batching window, retry waits) comes from `clock`, so tests control
 * it. Retries are off by default (`maxAttempts` 1); a retry waits as the next request of its key
 * (a fresh request merges into it and starts it after its own window); none after `close()`.
 */
export function createInProcessSyncQueue<I>(
  params: SyncQueueHandlers<I> & SyncQueueRetries & { clock: Clock; maxRunning?: number },
): SyncQueue<I> {
  const { run, merge, onError, clock } = params;
  const maxRunning = params.maxRunning ?? 4;
  const maxAttempts = Math.max(1, params.maxAttempts ?? 1);
  const retryDelayMs = params.retryDelayMs ?? retryBackoffMs;
  const keys = new Map<string, KeyState<I>>();
  const dueKeys: string[] = [];
  let running = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const wakeIfIdle = () => {
    if (keys.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  const pump = () => {
    while (running < maxRunning && dueKeys.length > 0) {
      start(dueKeys.shift() as string);
    }
  };

  /** Starts the key's waiting run now, at its window's end, or after the running one. */
  const schedule = (key: string) => {
    const state = keys.get(key);
    if (!state?.waiting || state.running || state.due) return;
    const wait = closed ? 0 : state.waiting.notBefore - clock.now();
    if (wait <= 0) {
      state.due = true;
      state.armedFor = null;
      dueKeys.push(key);
      pump();
      return;
    }
    if (state.armedFor !== null && state.armedFor <= state.waiting.notBefore) return;
    state.armedFor = state.waiting.notBefore;
    const generation = ++state.timer;
    void clock.sleep(wait).then(() => {
      if (keys.get(key) !== state || state.timer !== generation) return;
      state.armedFor = null;
      schedule(key);
    });
  };

  const start = (key: string) => {
    const state = keys.get(key);
    if (!state?.waiting) return;
    const { input, attempt } = state.waiting;
    state.waiting = null;
    state.due = false;
    state.running = true;
    running++;
    const finish = () => {
      state.running = false;
      running--;
      if (state.waiting) schedule(key);
      else {
        state.timer++;
        keys.delete(key);
      }
      pump();
      wakeIfIdle();
    };
    // An async wrapper turns a synchronous throw into a rejection like any other failure.
    (async () => run({ key, input }))()
      .catch((error: unknown) => {
        const willRetry = !closed && attempt < maxAttempts && !isTerminalJobError(error);
        if (willRetry) {
          // The retry goes first; a request that waits already carries its window.
          const waiting = state.waiting;
          const retryAt = clock.now() + retryDelayMs(attempt);
          state.waiting = waiting
            ? { ...waiting, input: merge({ waiting: input, next: waiting.input }), attempt: 1 }
            : { input, notBefore: retryAt, latest: retryAt, attempt: attempt + 1 };
        }
        try {
          onError({ key, input, error, attempt, willRetry });
        } catch {
          // A failing error handler must not stop the queue.
        }
      })
      .finally(finish);
  };

  return {
    enqueue: ({ key, input, delayMs = 0, maxDelayMs }) => {
      if (closed) return false;
      const now = clock.now();
      const delay = Math.max(0, delayMs);
      const notBefore = now + delay;
      let state = keys.get(key);
      if (!state) {
        state = { running: false, waiting: null, due: false, armedFor: null, timer: 0 };
        keys.set(key, state);
      }
      const waiting = state.waiting;
      if (waiting) {
        waiting.input = merge({ waiting: waiting.input, next: input });
        // No window, or one already due: start as early as asked. Else the window slides, capped.
        waiting.notBefore =
          delay === 0 || waiting.notBefore <= now
            ? Math.min(waiting.notBefore, notBefore)
            : Math.min(waiting.latest, Math.max(waiting.notBefore, notBefore));
        // A fresh request resets a waiting retry's count: new information, a new try.
        waiting.attempt = 1;
      } else {
        state.waiting = {
          input,
          notBefore,
          latest: now + Math.max(delay, maxDelayMs ?? delay * 10),
          attempt: 1,
        };
      }
      schedule(key);
      return true;
    },
    idle: () =>
      keys.size === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake)),
    size: () => {
      const states = [...keys.values()];
      return {
        running: states.filter((s) => s.running).length,
        waiting: states.filter((s) => s.waiting !== null).length,
      };
    },
    close: () => {
      closed = true;
      for (const key of keys.keys()) schedule(key);
      return keys.size === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake));
    },
  };
}
