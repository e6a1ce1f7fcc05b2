import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toPlainText } from '../../src/plan/plain-text.js';

describe('toPlainText', () => {
  it.each([
    ['plain text', 'Add login', 'Add login'],
    ['strong with underscores', '__SQL Layer__', 'SQL Layer'],
    ['strong with stars', 'Docs **updated** now', 'Docs updated now'],
    ['emphasis', '*very* _much_', 'very much'],
    ['strike-through', '~~dropped~~ kept', 'dropped kept'],
    ['link → its text', 'See [the spec](https://example.com/spec)', 'See the spec'],
    ['link text with code', '[`unknown` for generics](https://x.test/1)', '`unknown` for generics'],
    ['autolink → the URL', 'Read <https://example.com/a>', 'Read https://example.com/a'],
    ['bare URL stays', 'Read https://example.com/a_b_c', 'Read https://example.com/a_b_c'],
    ['image → alt text', '![logo *v2*](logo.png) update', 'logo v2 update'],
    [
      'inline code keeps its backticks',
      'Pin `@types/node` and `a*b*c`',
      'Pin `@types/node` and `a*b*c`',
    ],
    ['double-backtick code', 'Use `` a`b `` here', 'Use ``a`b`` here'],
    ['inline HTML tags removed', 'Make <b>this</b> work<br/>', 'Make this work'],
    [
      'backslash escapes decoded',
      '\\*not emphasis\\* \\#1 \\@octocat',
      '*not emphasis* #1 @octocat',
    ],
    ['entities decoded', 'Fish &amp; chips &lt;3 &#80;0', 'Fish & chips <3 P0'],
    ['intraword underscores stay', 'snake_case_name', 'snake_case_name'],
    ['unmatched markers stay', 'a * b _ c [d', 'a * b _ c [d'],
    ['whitespace collapsed', '  a \t b  ', 'a b'],
  ])('%s', (_name, markdown, plain) => {
    expect(toPlainText(markdown)).toBe(plain);
  });

  const SPECIALS = /[\\`*_~[\]<>&!]/;
  const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
  const piece = fc.oneof(
    word,
    word.map((w) => `*${w}*`),
    word.map((w) => `**${w}**`),
    word.map((w) => `_${w}_`),
    word.map((w) => `__${w}__`),
    word.map((w) => `~~${w}~~`),
    word.map((w) => `[${w}](https://x.test/${w})`),
    word.map((w) => `\`${w}\``),
    fc.constantFrom('&amp;', '\\*', '<i>', '</i>', '#1', '@a', '!', '[', ']', '\\', '*', '_'),
  );
  const markdown = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(' '));

  it('never throws, and is idempotent on output without Markdown specials', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), markdown), (text) => {
        const plain = toPlainText(text);
        expect(typeof plain).toBe('string');
        if (!SPECIALS.test(plain)) expect(toPlainText(plain)).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no emphasis markers around words', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('*', '**', '_', '__', '~~'),
        (words, marker) => {
          const plain = toPlainText(words.map((w) => `${marker}${w}${marker}`).join(' '));
          expect(plain).toBe(words.join(' '));
          expect(plain).not.toMatch(/[*_~]/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
