import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damageText, detectDoubleEncoding, repairText } from '../../src/plan/repair-encoding.js';

const seedPath = fileURLToPath(new URL('../fixtures/seeds/eutlas-PHASES.md', import.meta.url));
const seed = readFileSync(seedPath, 'utf8');

/**
 * Mac OS Roman bytes 0x80–0xFF as listed in the Unicode consortium's ROMAN.TXT, written out
 * independently of the implementation's table.
 */
const ROMAN =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü' +
  '†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ' +
  '‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
const romanChar = (byte: number): string => ROMAN.charAt(byte - 0x80);

describe('damageText', () => {
  it.each([
    ['✅', '‚úÖ'],
    ['🔄', '\uf8ffüîÑ'],
    ['❌', '‚ùå'],
    ['📅', '\uf8ffüìÖ'],
    ['→', '‚Üí'],
    ['é', '√©'],
    ['€', '‚Ç¨'],
    ['—', '‚Äî'],
    ['Ω', 'Œ©'],
    ['中', '‰∏≠'],
    ['plain ASCII', 'plain ASCII'],
    ['', ''],
    ['Phase 0 ✅ done', 'Phase 0 ‚úÖ done'],
  ])('damages %j into %j', (input, damaged) => {
    expect(damageText(input)).toBe(damaged);
    expect(repairText(damaged)).toBe(input);
  });

  it('uses the ROMAN.TXT table for every byte UTF-8 can produce', () => {
    // Continuation bytes 0x80–0xBF: U+0080 + k is C2 (80 + k).
    for (let b = 0x80; b <= 0xbf; b++) {
      expect(damageText(String.fromCodePoint(b))).toBe(romanChar(0xc2) + romanChar(b));
    }
    // Two-byte leads C2–DF: U+((lead − C0) << 6) is lead 80.
    for (let lead = 0xc2; lead <= 0xdf; lead++) {
      expect(damageText(String.fromCodePoint((lead - 0xc0) << 6))).toBe(
        romanChar(lead) + romanChar(0x80),
      );
    }
    // Three-byte leads E1–EF: U+((lead − E0) << 12) is lead 80 80.
    for (let lead = 0xe1; lead <= 0xef; lead++) {
      const cp = (lead - 0xe0) << 12;
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      expect(damageText(String.fromCodePoint(cp))).toBe(
        romanChar(lead) + romanChar(0x80) + romanChar(0x80),
      );
    }
    // Four-byte leads F0–F4.
    expect(damageText('\u{10000}')).toBe(
      romanChar(0xf0) + romanChar(0x90) + romanChar(0x80) + romanChar(0x80),
    );
    for (let lead = 0xf1; lead <= 0xf4; lead++) {
      const cp = (lead - 0xf0) << 18;
      expect(damageText(String.fromCodePoint(cp))).toBe(
        romanChar(lead) + romanChar(0x80) + romanChar(0x80) + romanChar(0x80),
      );
    }
  });

  it('keeps lone surrogates, which UTF-8 cannot encode', () => {
    expect(damageText('a\ud800b✅')).toBe('a\ud800b‚úÖ');
    expect(repairText('a\ud800b‚úÖ')).toBe('a\ud800b✅');
  });
});

describe('repairText', () => {
  it('repairs the double-encoded seed', () => {
    const repaired = repairText(seed);
    expect(repaired.split('\n')[0]).toBe('# 📅 EUTLAS Development Phase Plan');
    expect(repaired).toContain('## Phase 0: Project Setup ✅');
    expect(repaired).toContain('| Email verification flow | P0 | 🔄 |');
    expect(repaired).toContain('| Email service integration | P1 | ❌ |');
    expect(repaired).toContain('(creating → ready)');
    expect(repaired).not.toMatch(/[‚\uf8ff]/);
    expect(repaired.length).toBeLessThan(seed.length);
  });

  it('round-trips the seed: damageText(repairText(seed)) === seed', () => {
    expect(damageText(repairText(seed))).toBe(seed);
  });

  it.each([
    ['café naïve', 'café naïve'],
    ['Größe – ok', 'Größe – ok'],
    ['中文 ✅', '中文 ✅'],
    ['mixed ‚úÖ and real ✅', 'mixed ✅ and real ✅'],
    ['caf√© and √©t√©', 'café and été'],
    // A run that does not decode as a whole is kept: `é` (0x8E) then ✅'s bytes.
    ['é‚úÖ', 'é‚úÖ'],
    // Truncated sequence.
    ['‚ú', '‚ú'],
    // Overlong encoding of `/` (C0 AF) is not valid UTF-8.
    ['¿Ø', '¿Ø'],
  ])('repairs %j as %j', (input, expected) => {
    expect(repairText(input)).toBe(expected);
  });

  it('property: repairText(damageText(s)) === s for any string', () => {
    const loneSurrogate = fc
      .integer({ min: 0xd800, max: 0xdfff })
      .map((u) => String.fromCharCode(u));
    const unit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 1, minLength: 1 }),
      fc.string({ unit: 'binary-ascii', maxLength: 1, minLength: 1 }),
      fc.constantFrom('✅', '🔄', '❌', '📅', '→', 'é', '中', '\uf8ff', '‚', 'ü'),
      loneSurrogate,
    );
    fc.assert(
      fc.property(fc.string({ unit }), (s) => {
        expect(repairText(damageText(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('property: never throws and is the identity on ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(typeof repairText(s)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        const ascii = [...s].filter((c) => c.charCodeAt(0) < 0x80).join('');
        expect(repairText(ascii)).toBe(ascii);
        expect(damageText(ascii)).toBe(ascii);
      }),
    );
  });
});

describe('detectDoubleEncoding', () => {
  it('flags the seed, with the first damaged line and samples', () => {
    expect(detectDoubleEncoding(seed)).toEqual({
      doubleEncoded: true,
      firstLine: 1,
      samples: ['\uf8ffüìÖ', '‚úÖ', '\uf8ffüîÑ', '‚ùå', '‚Üí'],
    });
  });

  it('flags the seed after a BOM and reports later first lines', () => {
    expect(detectDoubleEncoding('\ufeff' + seed).doubleEncoded).toBe(true);
    expect(detectDoubleEncoding('a\r\nb\rc\n\nd ‚úÖ').firstLine).toBe(5);
  });

  it.each([
    ['Status: ‚úÖ'],
    [damageText('Café, naïve, Über, Größe')],
    [damageText('Привет, мир')],
    [damageText('使用React构建')],
    [damageText('Déjà vu — l’été “École” …')],
    [damageText('Phase ✅ 🔄 ❌ → 📅')],
    [damageText('\ufeff') + 'BOM damaged'],
  ])('flags damaged text %j', (text) => {
    expect(detectDoubleEncoding(text).doubleEncoded).toBe(true);
  });

  it.each([
    [''],
    ['plain ASCII only'],
    ['café, naïve, déjà vu, résumé'],
    ['Die Größe der Übersicht ist schön, aber die Straße ist zu schmal.'],
    ['L’école est fermée – l’été arrive… « Ça va » “École” Noël à Paris'],
    ['¿Qué tal? ¡Olé! El niño comió piñata en España.'],
    ['em — dash, en – dash, ’quotes’, ellipsis…, • bullets, © ™ ° ±'],
    ['x—élan, —à, NBSP\u00a0été, «Ça»'],
    ['中文文本，日本語のテキスト'],
    ['Real emoji ✅ 🔄 ❌'],
    ['mixed ‚úÖ damaged and real ✅ (genuine UTF-8 wins)'],
    ['µs and π and Ω'],
  ])('does not flag genuine text %j', (text) => {
    expect(detectDoubleEncoding(text)).toEqual({
      doubleEncoded: false,
      firstLine: null,
      samples: [],
    });
  });

  it('cuts long samples at a sequence boundary', () => {
    const report = detectDoubleEncoding(damageText('这是一个很长的中文句子用于测试'));
    expect(report.samples).toEqual([damageText('这是一个很')]);
  });

  it('property: damaged prose made of accents, emoji, CJK and ASCII is flagged', () => {
    const token = fc.constantFrom(
      'é',
      'ü',
      'ñ',
      '✅',
      '🔄',
      '中文',
      '→',
      '—',
      'word',
      ' ',
      '\n',
      '. ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        const s = tokens.join('');
        const damaged = damageText(s);
        expect(detectDoubleEncoding(damaged).doubleEncoded).toBe(/[^ -~\t\n\r]/.test(s));
        expect(repairText(damaged)).toBe(s);
      }),
    );
  });

  it('property: never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const report = detectDoubleEncoding(s);
        expect(typeof report.doubleEncoded).toBe('boolean');
      }),
    );
  });

  it('runs in linear time on multi-MiB input', () => {
    const block = repairText(seed);
    const big = damageText(block.repeat(Math.ceil((4 * 1024 * 1024) / block.length)));
    const t0 = performance.now();
    const report = detectDoubleEncoding(big);
    const repaired = repairText(big);
    const elapsed = performance.now() - t0;
    expect(report.doubleEncoded).toBe(true);
    expect(repaired.startsWith('# 📅 EUTLAS')).toBe(true);
    expect(elapsed).toBeLessThan(5000);
    // A single huge run is fine too.
    const run = damageText('✅'.repeat(500_000));
    expect(repairText(run)).toBe('✅'.repeat(500_000));
    expect(detectDoubleEncoding(run).samples).toEqual([damageText('✅✅✅✅✅')]);
  });
});
