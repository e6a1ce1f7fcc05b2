/** The three-way merge rule as a table of (base, file, GitHub) → outcome: docs/decisions/0002, 0003. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeState, whoChanged } from '../../src/sync/merge-field.js';

type S = 'open' | 'closed';

describe('whoChanged', () => {
  it.each([
    ['a', 'a', 'a', 'none'],
    ['a', 'b', 'a', 'file'],
    ['a', 'a', 'b', 'github'],
    ['a', 'b', 'c', 'both'],
    ['a', 'b', 'b', 'none'],
    [null, 'x', 'y', 'no-base'],
    [null, 'x', 'x', 'none'],
  ] as const)('base %s, file %s, GitHub %s → %s', (base, file, github, expected) => {
    expect(whoChanged<string>({ base, file, github })).toBe(expected);
  });
});

describe('mergeState', () => {
  it.each<[S | null, S, S, S, string]>([
    ['open', 'open', 'open', 'open', 'nothing changed'],
    ['open', 'closed', 'open', 'closed', 'ticked in the file → closed on GitHub'],
    ['closed', 'open', 'closed', 'open', 'unticked in the file → reopened'],
    ['open', 'open', 'closed', 'closed', 'closed on GitHub → ticked in the file'],
    ['closed', 'closed', 'open', 'open', 'reopened on GitHub → unticked'],
    ['open', 'closed', 'closed', 'closed', 'both closed: they agree'],
    [null, 'closed', 'open', 'closed', 'first adoption, ticked line: done wins (issue closed)'],
    [null, 'open', 'closed', 'closed', 'first adoption, closed issue: done wins (line ticked)'],
    [null, 'open', 'open', 'open', 'first adoption, both open'],
  ])('base %s, file %s, GitHub %s → %s (%s)', (base, file, github, expected) => {
    expect(mergeState({ base, file, github })).toBe(expected);
  });

  it('property: the result is always one of the two sides, and the agreed value when they agree', () => {
    const state = fc.constantFrom<S>('open', 'closed');
    fc.assert(
      fc.property(fc.option(state, { nil: null }), state, state, (base, file, github) => {
        const out = mergeState({ base, file, github });
        expect([file, github]).toContain(out);
        if (file === github) expect(out).toBe(file);
      }),
    );
  });
});
