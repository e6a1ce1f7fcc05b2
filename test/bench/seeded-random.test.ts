import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../bench/seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = createSeededRandom(123);
    const b = createSeededRandom(123);
    const c = createSeededRandom(124);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('keeps int within its inclusive range and reaches both ends', () => {
    const random = createSeededRandom(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(random.int({ min: 2, max: 5 }));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createSeededRandom(9).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(input);
  });

  it('refuses an empty pick and a non-numeric seed', () => {
    expect(() => createSeededRandom(1).pick([])).toThrow(RangeError);
    expect(() => createSeededRandom(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
