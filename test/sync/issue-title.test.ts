import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_ISSUE_TITLE,
  cutTitle,
  isRewritableTitle,
  issueTitleOf,
} from '../../src/sync/issue-title.js';

describe('issueTitleOf', () => {
  it.each([
    ['Write the parser', 'Write the parser'],
    [
      'Make sure the [release team file](https://example.com/f) is **updated**',
      'Make sure the release team file is updated',
    ],
    ['__SQL Layer__', 'SQL Layer'],
    ['Use `fetch` here', 'Use `fetch` here'],
  ])('%s → %s', (markdown, title) => {
    expect(issueTitleOf(markdown)).toBe(title);
  });
});

describe('cutTitle', () => {
  it('keeps a title that fits', () => {
    const text = 'a'.repeat(MAX_ISSUE_TITLE);
    expect(cutTitle({ text, max: MAX_ISSUE_TITLE })).toBe(text);
  });

  it('cuts at a word boundary and adds …', () => {
    const text = `${'word '.repeat(80)}end`;
    const cut = cutTitle({ text, max: MAX_ISSUE_TITLE });
    expect(cut.length).toBeLessThanOrEqual(MAX_ISSUE_TITLE);
    expect(cut).toMatch(/word…$/);
  });

  it('property: never over the limit, a prefix of the text plus …, no broken surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 600 }),
        fc.integer({ min: 10, max: 300 }),
        (text, max) => {
          const cut = cutTitle({ text, max });
          expect(cut.length).toBeLessThanOrEqual(
            Math.max(max, text.length <= max ? text.length : 0),
          );
          if (text.length <= max) expect(cut).toBe(text);
          else {
            expect(cut.endsWith('…')).toBe(true);
            expect(text.startsWith(cut.slice(0, -1))).toBe(true);
            expect(/[\uD800-\uDBFF]$/.test(cut.slice(0, -1))).toBe(false);
          }
        },
      ),
    );
  });
});

describe('isRewritableTitle', () => {
  it.each([
    ['Write the parser', true],
    ['Use `fetch` here', true],
    ['Parse snake_case names', true],
    ['See [docs](https://example.com)', false],
    ['Make it **bold**', false],
    ['Use <kbd>Ctrl</kbd>', false],
    ['x'.repeat(300), false],
  ])('%s → %s', (title, expected) => {
    expect(isRewritableTitle(title)).toBe(expected);
  });
});
