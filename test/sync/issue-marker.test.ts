import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  decodeMarker,
  encodeMarker,
  hashText,
  replaceMarker,
} from '../../src/sync/issue-marker.js';
import type { Marker } from '../../src/sync/sync-types.js';

/** Text that is hard to keep inside an HTML comment or a JSON string. */
const NASTY = [
  '-',
  '--',
  '-->',
  '--!>',
  '<!--',
  '>',
  '->',
  ' -->',
  '}',
  '} -->',
  '"',
  '\\',
  '\\u002d',
  '$&',
  '$1',
  '\n',
  '\u2028',
  '\ud800',
  'é',
  'ß',
  '🚀',
  '👩‍💻',
  '日本',
];

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const markerArb: fc.Arbitrary<Marker> = fc.record({
  v: fc.constant(1 as const),
  file: text,
  key: text,
  base: fc.record(
    {
      title: text,
      state: fc.constantFrom('open' as const, 'closed' as const),
      bodyHash: fc.string({
        unit: fc.constantFrom(...'0123456789abcdef'),
        minLength: 12,
        maxLength: 12,
      }),
      labels: fc.array(text, { maxLength: 3 }),
      assignees: fc.array(text, { maxLength: 3 }),
      due: fc.option(fc.constantFrom('2026-03-31', '2026-12-01'), { nil: null }),
    },
    { requiredKeys: ['title', 'state', 'bodyHash'] },
  ),
});

const md = new MarkdownIt({ html: true });

const SAMPLE: Marker = {
  v: 1,
  file: 'MILESTONES.md',
  key: 'm1/parser',
  base: { title: 'Parser --> v2', state: 'open', bodyHash: 'abcdef012345', labels: ['plan: x'] },
};

describe('issue marker', () => {
  it('round-trips any marker, whatever its keys and titles contain', () => {
    fc.assert(
      fc.property(markerArb, (marker) => {
        expect(decodeMarker(encodeMarker(marker))).toEqual(marker);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips inside a body with the user’s text around it', () => {
    fc.assert(
      fc.property(markerArb, text, text, (marker, before, after) => {
        const body = `${before}\n\n${encodeMarker(marker)}\n\n${after}`;
        // A user text can itself look like a marker; that case is covered elsewhere.
        fc.pre(!before.includes('<!-- milestone-sync'));
        expect(decodeMarker(body)).toEqual(marker);
      }),
      { numRuns: 300 },
    );
  });

  it('never breaks out of its HTML comment', () => {
    fc.assert(
      fc.property(markerArb, (marker) => {
        const encoded = encodeMarker(marker);
        expect(encoded.startsWith('<!-- milestone-sync {')).toBe(true);
        expect(encoded.endsWith('} -->')).toBe(true);
        const inner = encoded.slice('<!--'.length, -'-->'.length);
        // HTML comment text: no `--` (so no `-->`, `--!>`, `<!--`), no `>` at all, one line
        // (CommonMark line endings; U+2028 is not one), and it does not end with `-`.
        expect(inner).not.toContain('--');
        expect(inner).not.toContain('>');
        expect(inner).not.toMatch(/[\n\r]/);
        expect(inner.endsWith('-')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('renders as nothing visible in Markdown', () => {
    fc.assert(
      fc.property(markerArb, (marker) => {
        const encoded = encodeMarker(marker);
        const html = md.render(`Some text.\n\n${encoded}\n\nMore text.\n`);
        expect(html).toBe(`<p>Some text.</p>\n${encoded}\n<p>More text.</p>\n`);
      }),
      { numRuns: 200 },
    );
  });

  it('escapes exactly the characters that would end the comment', () => {
    expect(encodeMarker(SAMPLE)).toBe(
      '<!-- milestone-sync {"v":1,"file":"MILESTONES.md","key":"m1/parser","base":{"title":"Parser \\u002d-\\u003e v2","state":"open","bodyHash":"abcdef012345","labels":["plan: x"]}} -->',
    );
  });

  it.each([
    ['no body', null],
    ['empty body', ''],
    ['no marker', 'Just text <!-- a comment -->'],
    ['not JSON', '<!-- milestone-sync {not json} -->'],
    [
      'another version',
      '<!-- milestone-sync {"v":2,"file":"a","key":"b","base":{"title":"t","state":"open"}} -->',
    ],
    ['no key', '<!-- milestone-sync {"v":1,"file":"a","base":{"title":"t","state":"open"}} -->'],
    [
      'bad state',
      '<!-- milestone-sync {"v":1,"file":"a","key":"b","base":{"title":"t","state":"done"}} -->',
    ],
    ['no base', '<!-- milestone-sync {"v":1,"file":"a","key":"b"} -->'],
  ])('reads no marker from %s', (_name, body) => {
    expect(decodeMarker(body)).toBeNull();
  });

  it('replaceMarker swaps only the marker and keeps every other character of the user’s text', () => {
    fc.assert(
      fc.property(markerArb, markerArb, text, text, (old, next, before, after) => {
        fc.pre(!`${before}${after}`.includes('<!-- milestone-sync'));
        const body = `${before}\n\n${encodeMarker(old)}\n${after}`;
        expect(replaceMarker({ body, marker: next })).toBe(
          `${before}\n\n${encodeMarker(next)}\n${after}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['null', null, ''],
    ['empty', '', ''],
    ['text', 'Notes from the team.', 'Notes from the team.\n\n'],
    ['text with trailing blank lines', 'Notes.\n\n\n  ', 'Notes.\n\n'],
  ])('replaceMarker appends to a body without a marker (%s)', (_name, body, prefix) => {
    expect(replaceMarker({ body, marker: SAMPLE })).toBe(`${prefix}${encodeMarker(SAMPLE)}`);
  });

  it('replaceMarker keeps `$&` and `$1` in the new marker literally', () => {
    const marker: Marker = { ...SAMPLE, base: { ...SAMPLE.base, title: 'cost $& $1 $$' } };
    const body = replaceMarker({ body: `x\n\n${encodeMarker(SAMPLE)}`, marker });
    expect(decodeMarker(body)?.base.title).toBe('cost $& $1 $$');
  });

  it('hashText is a short stable hex hash', () => {
    expect(hashText('')).toBe('e3b0c44298fc');
    expect(hashText('a')).toMatch(/^[0-9a-f]{12}$/);
    expect(hashText('a')).not.toBe(hashText('b'));
  });
});
