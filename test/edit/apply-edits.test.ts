import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/edit/apply-edits.js';

describe('applyEdits', () => {
  it('applies non-overlapping edits in any order', () => {
    const text = 'abcdef';
    const edits = [
      { start: 4, end: 6, text: 'XY' },
      { start: 0, end: 1, text: '' },
      { start: 2, end: 2, text: '+' },
    ];
    expect(applyEdits({ text, edits })).toBe('b+cdXY');
  });

  it('keeps touching edits and same-point insertions in array order', () => {
    expect(
      applyEdits({
        text: 'ab',
        edits: [
          { start: 1, end: 1, text: '1' },
          { start: 1, end: 1, text: '2' },
          { start: 0, end: 1, text: 'A' },
          { start: 1, end: 2, text: 'B' },
        ],
      }),
    ).toBe('A12B');
  });

  it('no edits: the text itself', () => {
    expect(applyEdits({ text: '\uFEFFx\r\n', edits: [] })).toBe('\uFEFFx\r\n');
  });

  it('rejects overlaps and spans outside the text', () => {
    expect(() =>
      applyEdits({
        text: 'abc',
        edits: [
          { start: 0, end: 2, text: '' },
          { start: 1, end: 3, text: '' },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => applyEdits({ text: 'abc', edits: [{ start: 2, end: 4, text: '' }] })).toThrow(
      'Unexpected edit span [2, 4), expected a span inside [0, 3]',
    );
    expect(() => applyEdits({ text: 'abc', edits: [{ start: 2, end: 1, text: '' }] })).toThrow(
      RangeError,
    );
  });
});
