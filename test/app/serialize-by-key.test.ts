import { describe, expect, it } from 'vitest';
import { serializeByKey } from '../../src/app/serialize-by-key.js';

/** A run the test finishes by hand, so every interleaving below is exact. */
interface Gate {
  key: string;
  input: string[];
  finish: (value?: string) => void;
  fail: (error: Error) => void;
}

function createQueue() {
  const started: Gate[] = [];
  let active = 0;
  let maxActivePerKey = 0;
  const activeByKey = new Map<string, number>();
  const queue = serializeByKey<string[], string>({
    run: ({ key, input }) =>
      new Promise<string>((resolve, reject) => {
        active++;
        activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
        maxActivePerKey = Math.max(maxActivePerKey, activeByKey.get(key) ?? 0);
        const done = () => {
          active--;
          activeByKey.set(key, (activeByKey.get(key) ?? 0) - 1);
        };
        started.push({
          key,
          input,
          finish: (value) => {
            done();
            resolve(value ?? `${key}:${input.join('+')}`);
          },
          fail: (error) => {
            done();
            reject(error);
          },
        });
      }),
    merge: ({ waiting, next }) => [...waiting, ...next],
  });
  return {
    queue,
    started,
    active: () => active,
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

describe('serializeByKey', () => {
  it('runs a lone request at once and resolves with its result', async () => {
    const { queue, started } = createQueue();
    const result = queue.push({ key: 'a', input: ['e1'] });
    expect(started.map((g) => g.input)).toEqual([['e1']]);
    gate(started, 0).finish();
    await expect(result).resolves.toBe('a:e1');
    expect(queue.size()).toEqual({ running: 0, waiting: 0 });
  });

  it('coalesces a burst into exactly one follow-up that starts after the running one ends', async () => {
    const { queue, started, maxActivePerKey } = createQueue();
    const first = queue.push({ key: 'a', input: ['e1'] });
    const rest = ['e2', 'e3', 'e4', 'e5'].map((e) => queue.push({ key: 'a', input: [e] }));
    expect(started).toHaveLength(1);
    expect(queue.size()).toEqual({ running: 1, waiting: 1 });

    gate(started, 0).finish();
    await expect(first).resolves.toBe('a:e1');
    await settle();
    expect(started.map((g) => g.input)).toEqual([['e1'], ['e2', 'e3', 'e4', 'e5']]);
    gate(started, 1).finish();
    // Every coalesced request settles with the follow-up that covered it.
    await expect(Promise.all(rest)).resolves.toEqual(Array(4).fill('a:e2+e3+e4+e5'));
    expect(started).toHaveLength(2);
    expect(maxActivePerKey()).toBe(1);
    expect(queue.size()).toEqual({ running: 0, waiting: 0 });
  });

  it('a request during the follow-up waits for a second follow-up', async () => {
    const { queue, started } = createQueue();
    void queue.push({ key: 'a', input: ['e1'] });
    const second = queue.push({ key: 'a', input: ['e2'] });
    gate(started, 0).finish();
    await settle();
    const third = queue.push({ key: 'a', input: ['e3'] });
    expect(queue.size()).toEqual({ running: 1, waiting: 1 });
    gate(started, 1).finish();
    await expect(second).resolves.toBe('a:e2');
    await settle();
    gate(started, 2).finish();
    await expect(third).resolves.toBe('a:e3');
    expect(started.map((g) => g.input)).toEqual([['e1'], ['e2'], ['e3']]);
  });

  it('runs different keys side by side', async () => {
    const { queue, started, active } = createQueue();
    const a = queue.push({ key: 'a', input: ['e1'] });
    const b = queue.push({ key: 'b', input: ['e1'] });
    expect(active()).toBe(2);
    expect(queue.size()).toEqual({ running: 2, waiting: 0 });
    gate(started, 1).finish();
    await expect(b).resolves.toBe('b:e1');
    gate(started, 0).finish();
    await expect(a).resolves.toBe('a:e1');
  });

  it('a failed run rejects only its own callers; the follow-up still runs', async () => {
    const { queue, started } = createQueue();
    const first = queue.push({ key: 'a', input: ['e1'] });
    const second = queue.push({ key: 'a', input: ['e2'] });
    gate(started, 0).fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await settle();
    gate(started, 1).finish();
    await expect(second).resolves.toBe('a:e2');
  });

  it('a failed follow-up rejects every request merged into it', async () => {
    const { queue, started } = createQueue();
    void queue.push({ key: 'a', input: ['e1'] });
    const merged = [
      queue.push({ key: 'a', input: ['e2'] }),
      queue.push({ key: 'a', input: ['e3'] }),
    ];
    gate(started, 0).finish();
    await settle();
    gate(started, 1).fail(new Error('down'));
    for (const promise of merged) await expect(promise).rejects.toThrow('down');
    // The key is free again.
    const later = queue.push({ key: 'a', input: ['e4'] });
    gate(started, 2).finish();
    await expect(later).resolves.toBe('a:e4');
  });

  it('a run that throws synchronously is a rejection, not a crash', async () => {
    const queue = serializeByKey<number, number>({
      run: () => {
        throw new Error('sync throw');
      },
      merge: ({ next }) => next,
    });
    await expect(queue.push({ key: 'a', input: 1 })).rejects.toThrow('sync throw');
    await queue.idle();
  });

  it('idle() resolves once nothing runs or waits', async () => {
    const { queue, started } = createQueue();
    await queue.idle();
    void queue.push({ key: 'a', input: ['e1'] });
    void queue.push({ key: 'a', input: ['e2'] });
    let idle = false;
    const done = queue.idle().then(() => {
      idle = true;
    });
    gate(started, 0).finish();
    await settle();
    expect(idle).toBe(false);
    gate(started, 1).finish();
    await done;
    expect(idle).toBe(true);
  });
});
