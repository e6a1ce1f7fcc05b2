/**
 * The parser's linear rewrites of regexes that were quadratic on long runs (found by
 * bench/bench-parse-fuzz.ts) read exactly as the regexes did: each is checked against the old
 * regex, kept here as the oracle, on short random strings over the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinLines } from '../../src/plan/join-lines.js';
import { cleanHeadingTitle, sectionName } from '../../src/plan/normalize-title.js';
import { collectMentions } from '../../src/plan/split-item-text.js';
import { parsePlan } from '../../src/plan/parse-plan.js';

const EMOJI = String.raw`(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\u{FE0F}|\u{200D}\p{Extended_Pictographic}|\p{Emoji_Modifier})*`;
const OLD_EDGE_EMOJI = new RegExp(String.raw`^(?:${EMOJI}\s*)+|(?:\s*${EMOJI})+$`, 'gu');

function oldCleanHeadingTitle(raw: string): string {
  const collapsed = raw.replace(/\s+/g, ' ').trim();
  const title = collapsed.replace(OLD_EDGE_EMOJI, '').trim();
  return title === '' ? collapsed : title;
}

function oldSectionName(title: string): string {
  return title
    .replace(/[*_`]/g, '')
    .replace(OLD_EDGE_EMOJI, '')
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const chars = (units: string[], maxLength = 24) =>
  fc.array(fc.constantFrom(...units), { maxLength }).map((a) => a.join(''));

describe('linear rewrites', () => {
  it('joinLines reads as replace(/[ \\t]*(?:\\r\\n?|\\n)[ \\t>]*/g, " ")', () => {
    fc.assert(
      fc.property(chars(['a', ' ', '\t', '>', '\n', '\r', '\r\n', 'b']), (part) => {
        expect(joinLines(part)).toBe(part.replace(/[ \t]*(?:\r\n?|\n)[ \t>]*/g, ' '));
      }),
      { numRuns: 2000 },
    );
  });

  it('heading titles and section names drop edge emoji as the old regex did', () => {
    const units = [
      'a',
      'B',
      ' ',
      '  ',
      ':',
      '*',
      '_',
      '🔄',
      '✅',
      '❌',
      '\uFE0F',
      '\u200D',
      '🏽',
      '🇩🇪',
      'é',
    ];
    fc.assert(
      fc.property(chars(units), (raw) => {
        expect(cleanHeadingTitle(raw).title).toBe(oldCleanHeadingTitle(raw));
        expect(sectionName(raw)).toBe(oldSectionName(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the status of heading emoji at either end', () => {
    expect(cleanHeadingTitle('🔄 Build ✅').emojiStatus).toBe('done');
    expect(cleanHeadingTitle('Build 🔄🔄 x').emojiStatus).toBe(null);
    expect(cleanHeadingTitle('Build 🔄 🚧').emojiStatus).toBe('in-progress');
  });

  it('collectMentions keeps each login once, in order of first mention', () => {
    expect(collectMentions('@b @a @b `@c` @a, @d')).toEqual(['b', 'a', 'd']);
  });

  it('an Owner cell adds its logins after the task cell’s own, each once', () => {
    const text = '## M\n\n| Task | Owner |\n|---|---|\n| Build @a @b | @b @c @a @d |\n';
    const item = parsePlan({ text }).plan.milestones[0]?.items[0];
    expect(item?.assignees).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports a duplicate front matter key as invalid YAML, at the key', () => {
    const text = '---\ntitle: x\nmilestone-sync:\n  startDate: 2026-01-05\ntitle: y\n---\n# Plan\n';
    const { diagnostics, plan } = parsePlan({ text });
    expect(plan.config).toEqual({});
    expect(diagnostics).toEqual([
      {
        line: 5,
        severity: 'error',
        rule: 'front-matter',
        message:
          'Unexpected invalid YAML in front matter (Map keys must be unique at line 4, column 1:), expected a YAML mapping; front matter ignored',
      },
    ]);
    const nested = '---\nmilestone-sync:\n  startDate: 2026-01-05\n  startDate: 2026-01-06\n---\n';
    expect(parsePlan({ text: nested }).diagnostics[0]?.line).toBe(4);
    const fine = '---\na:\n  x: 1\nb:\n  x: 2\nmilestone-sync:\n  startDate: 2026-01-05\n---\n';
    expect(parsePlan({ text: fine }).plan.config).toEqual({ startDate: '2026-01-05' });
  });
});
