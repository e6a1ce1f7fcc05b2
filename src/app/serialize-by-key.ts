/**
 * Runs work one at a time per key, coalescing: while a key's run is going, every further request
 * for that key merges into exactly one follow-up run, which starts when the running one ends.
 * Used per repository so two syncs of one repository never overlap (both could create the same
 * issue), and a burst of webhooks costs at most two syncs: the one running and one after it,
 * which sees everything the burst changed (syncs are level-triggered).
 *
 * Each request's promise settles with the run that covers it: the one it started, or the
 * follow-up it merged into. A failed run rejects only its own callers; the queue goes on.
 */
export interface KeyedQueue<I, R> {
  push(params: { key: string; input: I }): Promise<R>;
  /** Keys with a run going, and how many of them have a follow-up waiting. */
  size(): { running: number; waiting: number };
  /** Resolves once no run is going or waiting. */
  idle(): Promise<void>;
}

interface Waiting<I, R> {
  input: I;
  promise: Promise<R>;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export function serializeByKey<I, R>(params: {
  run: (params: { key: string; input: I }) => Promise<R>;
  /** Folds a new request into the waiting follow-up's input (e.g. collect the triggering events). */
  merge: (params: { waiting: I; next: I }) => I;
}): KeyedQueue<I, R> {
  const { run, merge } = params;
  /** Keys with a run going; the value is the follow-up waiting for it, if any. */
  const going = new Map<string, Waiting<I, R> | null>();
  let idleWaiters: (() => void)[] = [];

  const start = (key: string, input: I): Promise<R> => {
    // An async wrapper turns a synchronous throw into a rejection like any other failure.
    const current = (async () => run({ key, input }))();
    const next = () => {
      const waiting = going.get(key) ?? null;
      if (waiting) {
        going.set(key, null);
        start(key, waiting.input).then(waiting.resolve, waiting.reject);
        return;
      }
      going.delete(key);
      if (going.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    };
    current.then(next, next);
    return current;
  };

  return {
    push: ({ key, input }) => {
      if (!going.has(key)) {
        going.set(key, null);
        return start(key, input);
      }
      const waiting = going.get(key);
      if (waiting) {
        waiting.input = merge({ waiting: waiting.input, next: input });
        return waiting.promise;
      }
      let resolve!: (value: R) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<R>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      going.set(key, { input, promise, resolve, reject });
      return promise;
    },
    size: () => ({
      running: going.size,
      waiting: [...going.values()].filter((w) => w !== null).length,
    }),
    idle: () =>
      going.size === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake)),
  };
}
