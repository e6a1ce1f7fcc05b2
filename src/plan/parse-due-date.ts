/**
 * Due dates as plan files write them (`**Target Date**: Week 2`, `**Due**: 2026-03-31`,
 * `March 2026`, `Q1 2026`), read into a calendar day `YYYY-MM-DD`.
 *
 * Contract: pure functions, never throw, no clock: relative dates resolve only against the
 * `startDate` they are given. All dates are calendar days (no time zone).
 */

export type DueDateParse =
  | { kind: 'absolute'; date: string }
  | { kind: 'relative'; date: string | null }
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string };

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/**
 * The date must end here: at the end of the text or before a character that is neither a letter,
 * a digit, nor a date separator followed by a digit (so `2026-03` never matches a prefix of
 * `2026-03-31T10:00`).
 */
const END = '(?![\\p{L}\\p{N}]|[-/.]\\d)';

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on proleptic Gregorian days, via UTC milliseconds.

const DAY_MS = 86_400_000;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function ymd(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Epoch milliseconds of a calendar day (years 0–99 included, unlike `Date.UTC`). */
function toMs(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(0, 0, 0, 0);
  return date.getTime();
}

/** `YYYY-MM-DD` of epoch milliseconds, or null outside years 0–9999. */
function fromMs(ms: number): string | null {
  const date = new Date(ms);
  const y = date.getUTCFullYear();
  if (!Number.isFinite(ms) || Number.isNaN(y) || y < 0 || y > 9999) return null;
  return ymd(y, date.getUTCMonth() + 1, date.getUTCDate());
}

/** Parses a strict `YYYY-MM-DD` calendar day. */
function parseIso(text: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

// ---------------------------------------------------------------------------------------------

const NONE_SYMBOLS = /^[-—–?\s]+$/;
const NONE_WORDS = new RegExp(
  `^(?:tbd|tba|tbc|n/?a|none|ongoing|on-going|continuous|unknown|not set|unscheduled)${END}`,
  'iu',
);

/** Leading words that do not change the date: `by`, `due`, `end of`, `target:` … */
const LEAD_WORDS = /^(?:by|due|before|until|till|target|eta|deadline|end\s+of|eo)\s*:?\s+/i;

function normalise(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== s;) {
    previous = s;
    s = s
      .replace(/^(?:\*\*|__|[*_`])+|(?:\*\*|__|[*_`])+$/g, '')
      // Leading emoji and approximation signs: `📅 2026-03-31`, `~March 2026`.
      .replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\u200D|[~≈])+\s*/u, '')
      .trim();
    const paren = /^\((.*)\)$/.exec(s);
    if (paren !== null && !/[()]/.test(paren[1] ?? '')) s = (paren[1] ?? '').trim();
    s = s.replace(LEAD_WORDS, '');
  }
  // `Weeks 2–3`, `2026–03–31`: dashes between digits become hyphens.
  return s.replace(/(\d)\s*[–—]\s*(?=\d)/g, '$1-');
}

function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 39).trimEnd()}…` : text;
  return '`' + short.replace(/`/g, "'") + '`';
}

function unexpected(text: string): DueDateParse {
  return {
    kind: 'invalid',
    reason: `Unexpected due date ${quote(text)}, expected a date like 2026-03-31 or \`Week 2\``,
  };
}

/** A checked calendar day, or the `invalid` result explaining why it is not one. */
function day(text: string, y: number, m: number, d: number): DueDateParse {
  if (m < 1 || m > 12) {
    return {
      kind: 'invalid',
      reason: `Unexpected due date ${quote(text)}, expected a month from 1 to 12`,
    };
  }
  const last = daysInMonth(y, m);
  if (d < 1 || d > last) {
    return {
      kind: 'invalid',
      reason: `Unexpected due date ${quote(text)}, ${MONTH_NAMES[m - 1] ?? ''} ${y} has days 1 to ${last}`,
    };
  }
  return { kind: 'absolute', date: ymd(y, m, d) };
}

const endOfMonth = (text: string, y: number, m: number): DueDateParse =>
  day(text, y, m, m >= 1 && m <= 12 ? daysInMonth(y, m) : 1);

function year(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function monthOf(name: string): number {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? 0;
}

/** Absolute forms, tried in order on the normalised text; each returns null when it does not apply. */
const ABSOLUTE: readonly ((s: string, text: string) => DueDateParse | null)[] = [
  // 2026-03-31, 2026/03/31, 2026.03.31
  (s, t) => {
    const m = new RegExp(`^(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${END}`, 'u').exec(s);
    return m && day(t, Number(m[1]), Number(m[3]), Number(m[4]));
  },
  // 31.03.2026 (day first)
  (s, t) => {
    const m = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${END}`, 'u').exec(s);
    return m && day(t, Number(m[3]), Number(m[2]), Number(m[1]));
  },
  // 03/31/2026, 31/03/2026, 03-31-2026: month first unless the first part cannot be a month
  (s, t) => {
    const m = new RegExp(`^(\\d{1,2})([-/])(\\d{1,2})\\2(\\d{4})${END}`, 'u').exec(s);
    if (m === null) return null;
    const [a, b, y] = [Number(m[1]), Number(m[3]), Number(m[4])];
    return a > 12 ? day(t, y, b, a) : day(t, y, a, b);
  },
  // March 31, 2026 · Mar 31 2026 · Mar. 31st, 2026
  (s, t) => {
    const re = `^${MONTH}\\s*(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${END}`;
    const m = new RegExp(re, 'iu').exec(s);
    return m && day(t, Number(m[3]), monthOf(m[1] ?? ''), Number(m[2]));
  },
  // 31 March 2026 · 31st of March, 2026 · 31-Mar-2026
  (s, t) => {
    const re = `^(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s-]+${MONTH},?[\\s-]+(\\d{4})${END}`;
    const m = new RegExp(re, 'iu').exec(s);
    return m && day(t, Number(m[3]), monthOf(m[2] ?? ''), Number(m[1]));
  },
  // Q1 2026 · Q1 '26 · Q1-2026 · 2026 Q1 · 2026-Q1 (last day of the quarter)
  (s, t) => {
    const a = new RegExp(`^q([1-4])[\\s\\-/,]*['’]?(\\d{4}|\\d{2})${END}`, 'iu').exec(s);
    const b = new RegExp(`^(\\d{4})[\\s\\-/]*q([1-4])${END}`, 'iu').exec(s);
    const quarter = a ? Number(a[1]) : b ? Number(b[2]) : 0;
    const y = a ? year(a[2] ?? '') : b ? Number(b[1]) : 0;
    return quarter === 0 ? null : endOfMonth(t, y, quarter * 3);
  },
  // H1 2026 · 2026 H2 (June 30 / December 31)
  (s, t) => {
    const a = new RegExp(`^h([12])[\\s\\-/,]*['’]?(\\d{4}|\\d{2})${END}`, 'iu').exec(s);
    const b = new RegExp(`^(\\d{4})[\\s\\-/]*h([12])${END}`, 'iu').exec(s);
    const half = a ? Number(a[1]) : b ? Number(b[2]) : 0;
    const y = a ? year(a[2] ?? '') : b ? Number(b[1]) : 0;
    return half === 0 ? null : endOfMonth(t, y, half * 6);
  },
  // 2026-03 · 2026/03 · 03/2026 (last day of the month)
  (s, t) => {
    const a = new RegExp(`^(\\d{4})[-/](\\d{1,2})${END}`, 'u').exec(s);
    if (a) return endOfMonth(t, Number(a[1]), Number(a[2]));
    const b = new RegExp(`^(\\d{1,2})/(\\d{4})${END}`, 'u').exec(s);
    return b && endOfMonth(t, Number(b[2]), Number(b[1]));
  },
  // March 2026 · Mar 2026 · March, 2026 (last day of the month)
  (s, t) => {
    const m = new RegExp(`^${MONTH},?\\s+(\\d{4})${END}`, 'iu').exec(s);
    return m && endOfMonth(t, Number(m[2]), monthOf(m[1] ?? ''));
  },
  // 2026 (December 31)
  (s, t) => {
    const m = new RegExp(`^(\\d{4})${END}`, 'u').exec(s);
    return m && day(t, Number(m[1]), 12, 31);
  },
];

const RELATIVE = new RegExp(
  `^(day|week|month|sprint)s?\\s*(\\d+)(?:\\s*(?:-|to|through|thru|until)\\s*(?:(?:day|week|month|sprint)s?\\s*)?(\\d+))?${END}`,
  'iu',
);

/** The last day of period `n` (1-based) of `unit`, counted from `start` (`YYYY-MM-DD`). */
function resolve(unit: 'day' | 'week' | 'month', n: number, start: string): string | null {
  const s = parseIso(start);
  if (s === null) return null;
  if (unit === 'day') return fromMs(toMs(s.y, s.m, s.d) + (n - 1) * DAY_MS);
  if (unit === 'week') return fromMs(toMs(s.y, s.m, s.d) + (7 * n - 1) * DAY_MS);
  // Month N ends the day before the same day N months later; when that month is too short for the
  // day (Jan 31 + 1 month), the period ends on the last day of that month.
  const months = s.m - 1 + n;
  const y = s.y + Math.floor(months / 12);
  const m = (months % 12) + 1;
  if (y > 9999) return null;
  if (s.d > daysInMonth(y, m)) return ymd(y, m, daysInMonth(y, m));
  return fromMs(toMs(y, m, s.d) - DAY_MS);
}

/**
 * Reads a due date.
 * - absolute: `2026-03-31`, `2026/03/31`, `31.03.2026`, `03/31/2026` (month first unless the first
 *   part is over 12), `March 31, 2026`, `31 March 2026`, `Mar 31 2026`; a month (`2026-03`,
 *   `March 2026`), quarter (`Q1 2026`, `2026 Q1`, `Q1 '26`), half (`H1 2026`) or year (`2026`)
 *   means its last day. Leading `by` / `due` / `end of`, emphasis, surrounding parentheses and a
 *   leading emoji are ignored, and so are words after the date (`2026-03-31 (tentative)`).
 *   Impossible days (`2026-02-30`) are invalid.
 * - relative: `Day N`, `Days 3-5`, `Week N`, `Weeks 2-3`, `Month N`; ranges use their end. With a
 *   valid `startDate`, Day 1 is the start date, Week N ends on start + 7N − 1 days and Month N ends
 *   the day before start + N months; without one (or with an invalid one) the date is null.
 *   Numbering starts at 1; a range must not run backwards.
 * - none: empty, `TBD`, `TBA`, `N/A`, `None`, `-`, `—`, `?`, `ongoing`, and `Sprint N` (a sprint has
 *   no known length).
 * - invalid: anything else, with a remark-lint style reason for a diagnostic.
 */
export function parseDueDate(params: { text: string; startDate?: string }): DueDateParse {
  const original = params.text.replace(/\s+/g, ' ').trim();
  const s = normalise(params.text);
  if (s === '' || NONE_SYMBOLS.test(s) || NONE_WORDS.test(s)) return { kind: 'none' };

  const rel = RELATIVE.exec(s);
  if (rel !== null) {
    const unit = (rel[1] ?? '').toLowerCase();
    if (unit === 'sprint') return { kind: 'none' };
    const first = Number(rel[2]);
    const last = rel[3] === undefined ? first : Number(rel[3]);
    if (first < 1 || last < first || last > 100_000) {
      return {
        kind: 'invalid',
        reason: `Unexpected due date ${quote(original)}, expected ${unit}s counted from 1, like \`${
          unit.charAt(0).toUpperCase() + unit.slice(1)
        } 2\``,
      };
    }
    const date =
      params.startDate === undefined
        ? null
        : resolve(unit as 'day' | 'week' | 'month', last, params.startDate);
    return { kind: 'relative', date };
  }

  for (const form of ABSOLUTE) {
    const result = form(s, original);
    if (result !== null) return result;
  }
  return unexpected(original);
}

const TITLE_RELATIVE =
  /(?:^|[\s(:,\-–—])\(?\s*((?:day|week|month)s?\s+\d+(?:\s*[-–—]\s*\d+)?)\s*\)?\s*$/i;

/**
 * The relative due date a heading carries at its end, as written: `M1.1: Core Infrastructure
 * (Week 1)` → `Week 1`; also `Weeks 2-3`, `Week 1-2`, `Day 3`, `Month 2`, in parentheses or after a
 * space, colon or dash. Null when the title does not end with one.
 */
export function findRelativeDateInTitle(title: string): string | null {
  // A loop, not `replace(/[\s#*_]+$/, '')`: that rescans a run of `*` from each of its positions.
  let end = title.length;
  while (end > 0 && /[\s#*_]/.test(title[end - 1] ?? '')) end--;
  const trimmed = title.slice(0, end);
  const m = TITLE_RELATIVE.exec(trimmed);
  if (m === null) return null;
  // Parentheses must balance: `(Week 1` or `Week 1)` alone are not a date part.
  const whole = m[0];
  if (whole.includes('(') !== /\)\s*$/.test(whole)) return null;
  return (m[1] ?? '').replace(/\s+/g, ' ');
}
