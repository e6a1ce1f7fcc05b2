/**
 * Repair of double-encoded UTF-8: text whose UTF-8 bytes were once decoded as Mac Roman and the
 * result saved again as UTF-8. Every non-ASCII character then shows up as a run of two to four
 * Mac Roman characters: ✅ (E2 9C 85) becomes `‚úÖ`, 🔄 (F0 9F 94 84) becomes `üîÑ`.
 *
 * Contract: all functions are pure, never throw, and run in time linear in the length of the text.
 */

/**
 * Mac OS Roman, bytes 0x80–0xFF, as mapped by the Unicode consortium's ROMAN.TXT
 * (0xDB = U+20AC EURO SIGN, 0xBD = U+03A9 OMEGA, 0xF0 = U+F8FF Apple logo). Bytes 0x00–0x7F are ASCII.
 */
// prettier-ignore
const MAC_ROMAN_HIGH: readonly number[] = [
  0x00c4, 0x00c5, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00dc, 0x00e1, // 0x80
  0x00e0, 0x00e2, 0x00e4, 0x00e3, 0x00e5, 0x00e7, 0x00e9, 0x00e8, // 0x88
  0x00ea, 0x00eb, 0x00ed, 0x00ec, 0x00ee, 0x00ef, 0x00f1, 0x00f3, // 0x90
  0x00f2, 0x00f4, 0x00f6, 0x00f5, 0x00fa, 0x00f9, 0x00fb, 0x00fc, // 0x98
  0x2020, 0x00b0, 0x00a2, 0x00a3, 0x00a7, 0x2022, 0x00b6, 0x00df, // 0xA0
  0x00ae, 0x00a9, 0x2122, 0x00b4, 0x00a8, 0x2260, 0x00c6, 0x00d8, // 0xA8
  0x221e, 0x00b1, 0x2264, 0x2265, 0x00a5, 0x00b5, 0x2202, 0x2211, // 0xB0
  0x220f, 0x03c0, 0x222b, 0x00aa, 0x00ba, 0x03a9, 0x00e6, 0x00f8, // 0xB8
  0x00bf, 0x00a1, 0x00ac, 0x221a, 0x0192, 0x2248, 0x2206, 0x00ab, // 0xC0
  0x00bb, 0x2026, 0x00a0, 0x00c0, 0x00c3, 0x00d5, 0x0152, 0x0153, // 0xC8
  0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0x00f7, 0x25ca, // 0xD0
  0x00ff, 0x0178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02, // 0xD8
  0x2021, 0x00b7, 0x201a, 0x201e, 0x2030, 0x00c2, 0x00ca, 0x00c1, // 0xE0
  0x00cb, 0x00c8, 0x00cd, 0x00ce, 0x00cf, 0x00cc, 0x00d3, 0x00d4, // 0xE8
  0xf8ff, 0x00d2, 0x00da, 0x00db, 0x00d9, 0x0131, 0x02c6, 0x02dc, // 0xF0
  0x00af, 0x02d8, 0x02d9, 0x02da, 0x00b8, 0x02dd, 0x02db, 0x02c7, // 0xF8
];

/** Mac Roman byte → the character it decodes to (only 0x80–0xFF are used). */
const BYTE_TO_CHAR: readonly string[] = MAC_ROMAN_HIGH.map((cp) => String.fromCharCode(cp));

/**
 * UTF-16 code unit → Mac Roman byte, or 0 when the unit is ASCII or has no Mac Roman byte.
 * Every Mac Roman character is in the BMP, so one code unit suffices.
 */
const CHAR_TO_BYTE: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  MAC_ROMAN_HIGH.forEach((cp, i) => {
    table[cp] = 0x80 + i;
  });
  return table;
})();

/** Mac Roman byte of the character `unit` (a UTF-16 code unit), or 0 when it has none ≥ 0x80. */
function macRomanByte(unit: number): number {
  return CHAR_TO_BYTE[unit] ?? 0;
}

/**
 * Strictly decodes the Mac Roman bytes of `text.slice(start, end)` as UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). Every character in the range must have a Mac Roman byte ≥ 0x80.
 * Returns the code points, or null when the bytes are not valid UTF-8 as a whole.
 * `boundaries`, when given, receives the end offset of every decoded sequence.
 */
function decodeRun(
  text: string,
  start: number,
  end: number,
  boundaries?: number[],
): number[] | null {
  const cps: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = macRomanByte(text.charCodeAt(i));
    let need: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lo = 0xa0;
      if (b0 === 0xed) hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lo = 0x90;
      if (b0 === 0xf4) hi = 0x8f;
    } else {
      return null;
    }
    if (i + need >= end) return null; // truncated sequence
    for (let k = 1; k <= need; k++) {
      const b = macRomanByte(text.charCodeAt(i + k));
      if (b < lo || b > hi) return null;
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
    }
    cps.push(cp);
    i += need + 1;
    boundaries?.push(i);
  }
  return cps;
}

/** Appends code points to `parts` as strings, in bounded chunks (no huge argument lists). */
function pushCodePoints(parts: string[], cps: readonly number[]): void {
  const CHUNK = 4096;
  for (let i = 0; i < cps.length; i += CHUNK) {
    parts.push(String.fromCodePoint(...cps.slice(i, i + CHUNK)));
  }
}

const COMBINING_MARK = /^\p{M}$/u;
const LETTER = /^\p{L}$/u;
const LATIN_OR_GREEK = /^[\p{Script=Latin}\p{Script=Greek}]$/u;

function isAsciiAlnum(unit: number): boolean {
  return (
    (unit >= 0x30 && unit <= 0x39) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    (unit >= 0x61 && unit <= 0x7a)
  );
}

/**
 * Whether a decoded run looks like text someone meant to write, rather than a coincidence in genuine
 * Mac-Roman-representable text (`l’été` → `’é` decodes to Armenian `Վ`, `“École` → `“É` to a combining
 * mark). `before`/`after` are the code units next to the run (-1 at the ends of the text).
 */
function isPlausible(cps: readonly number[], before: number, after: number): boolean {
  for (const cp of cps) {
    if (cp <= 0x9f) return false; // C1 controls
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false; // noncharacters
  }
  const first = cps[0];
  const last = cps[cps.length - 1];
  if (first === undefined || last === undefined) return false;
  const firstChar = String.fromCodePoint(first);
  if (COMBINING_MARK.test(firstChar)) return false;
  if (first >= 0x0250 && first <= 0x02af) return false; // IPA extensions
  // A two-byte letter of another script glued to an ASCII letter or digit (`l’été`, `–élan`).
  const foreignLetter = (cp: number): boolean => {
    const ch = String.fromCodePoint(cp);
    return cp < 0x800 && LETTER.test(ch) && !LATIN_OR_GREEK.test(ch);
  };
  if (before >= 0 && isAsciiAlnum(before) && foreignLetter(first)) return false;
  if (after >= 0 && isAsciiAlnum(after) && foreignLetter(last)) return false;
  return true;
}

export interface DoubleEncodingReport {
  /** True when the text looks like UTF-8 that was decoded as Mac Roman and saved as UTF-8. */
  doubleEncoded: boolean;
  /** 1-based line of the first damaged run when `doubleEncoded`, else null. */
  firstLine: number | null;
  /**
   * Up to five distinct damaged runs as they appear in the text (e.g. `‚úÖ`, long runs cut at a
   * sequence boundary), in order of first appearance, when `doubleEncoded`; else empty.
   * `repairText(sample)` gives the intended characters.
   */
  samples: string[];
}

const MAX_SAMPLES = 5;
const MAX_SAMPLE_LENGTH = 16;

/**
 * Decides whether `text` is double-encoded. Every maximal run of non-ASCII characters that all have
 * a Mac Roman byte is mapped back to bytes and decoded as UTF-8. The text is double-encoded when
 * - it contains no non-ASCII character outside Mac Roman (genuine emoji, CJK, `→` … are strong
 *   evidence that the text is proper UTF-8; a BOM at offset 0 is ignored), and
 * - at least one run decodes to plausible characters (so there is a complete sequence ≥ U+0080), and
 * - such runs outnumber the runs that fail to decode or decode to implausible characters (genuine
 *   `café`, `naïve`, `–`, `’`, `…` do not decode on their own).
 * Linear time; one pass plus the decoding of each run.
 */
export function detectDoubleEncoding(text: string): DoubleEncodingReport {
  let plausible = 0;
  let rejected = 0;
  let firstLine: number | null = null;
  const samples: string[] = [];
  let line = 1;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (unit === 0x0a || (unit === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
      i++;
      continue;
    }
    if (macRomanByte(unit) === 0) {
      // A character Mac Roman cannot represent: the file is genuine UTF-8.
      return { doubleEncoded: false, firstLine: null, samples: [] };
    }
    const start = i;
    while (i < n && macRomanByte(text.charCodeAt(i)) !== 0) i++;
    const boundaries: number[] = [];
    const cps = decodeRun(text, start, i, boundaries);
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const after = i < n ? text.charCodeAt(i) : -1;
    if (cps !== null && isPlausible(cps, before, after)) {
      plausible++;
      firstLine ??= line;
      if (samples.length < MAX_SAMPLES) {
        let cut = boundaries[0] ?? i;
        for (const b of boundaries) if (b - start <= MAX_SAMPLE_LENGTH) cut = b;
        const sample = text.slice(start, cut);
        if (!samples.includes(sample)) samples.push(sample);
      }
    } else {
      rejected++;
    }
  }
  if (plausible > 0 && plausible > rejected) {
    return { doubleEncoded: true, firstLine, samples };
  }
  return { doubleEncoded: false, firstLine: null, samples: [] };
}

/**
 * Replaces every maximal run of non-ASCII Mac Roman characters whose bytes form valid UTF-8 as a
 * whole with the decoded text; everything else (ASCII, characters outside Mac Roman, runs that do
 * not decode) is kept as is. Call it on text that `detectDoubleEncoding` flagged (or that is known
 * to be damaged): on genuine text a run such as `“É` would also decode.
 * Guarantees `repairText(damageText(s)) === s` for every string `s`.
 */
export function repairText(text: string): string {
  const parts: string[] = [];
  const n = text.length;
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (macRomanByte(text.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && macRomanByte(text.charCodeAt(i)) !== 0) i++;
    const cps = decodeRun(text, start, i);
    if (cps !== null) {
      parts.push(text.slice(copied, start));
      pushCodePoints(parts, cps);
      copied = i;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Damages text the way a double-encoding round trip does: each code point ≥ U+0080 is encoded as
 * UTF-8 and every byte is replaced by its Mac Roman character (`damageText('✅') === '‚úÖ'`).
 * ASCII is unchanged; lone surrogates (which UTF-8 cannot encode) are kept as they are.
 * Use it to write edits into a double-encoded file in the file's own style.
 */
export function damageText(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    const width = cp > 0xffff ? 2 : 1;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      i += width; // lone surrogate: no UTF-8 form
      continue;
    }
    parts.push(text.slice(copied, i));
    const bytes: number[] =
      cp < 0x800
        ? [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)]
        : cp < 0x10000
          ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
          : [
              0xf0 | (cp >> 18),
              0x80 | ((cp >> 12) & 0x3f),
              0x80 | ((cp >> 6) & 0x3f),
              0x80 | (cp & 0x3f),
            ];
    for (const b of bytes) parts.push(BYTE_TO_CHAR[b - 0x80] ?? '');
    i += width;
    copied = i;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
