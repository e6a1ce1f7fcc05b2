/**
 * Status values of plan files (`**Status**: ✅ COMPLETED`, a table's Status cell): reading them into
 * an `ItemStatus`, and writing new ones in the style the file already uses.
 *
 * Contract: pure functions over text that is already repaired (see repair-encoding.ts); they never
 * throw. Every value `formatStatus`/`formatStatusCell` produce classifies back to the requested
 * status.
 */
import type { ItemStatus } from './plan-types.js';

/** Status glyphs, most specific first (`✔️` before `✔`). Variation selectors are optional. */
const GLYPHS: readonly (readonly [glyph: string, status: ItemStatus])[] = [
  ['✅', 'done'],
  ['✔️', 'done'],
  ['✔', 'done'],
  ['☑️', 'done'],
  ['☑', 'done'],
  ['🟢', 'done'],
  ['✓', 'done'],
  ['🗸', 'done'],
  ['🔄', 'in-progress'],
  ['🔃', 'in-progress'],
  ['🚧', 'in-progress'],
  ['🏗️', 'in-progress'],
  ['🏗', 'in-progress'],
  ['🟡', 'in-progress'],
  ['▶️', 'in-progress'],
  ['▶', 'in-progress'],
  ['❌', 'todo'],
  ['✖️', 'todo'],
  ['✖', 'todo'],
  ['✗', 'todo'],
  ['✘', 'todo'],
  ['⬜', 'todo'],
  ['☐', 'todo'],
  ['🔴', 'todo'],
  ['⭕', 'todo'],
  ['⚪', 'todo'],
];

/**
 * Hourglasses: ⏳ PENDING means "not started" in real plans, ⏳ In Progress means the opposite, so
 * they only decide when no word and no other glyph does (then: todo, i.e. waiting).
 */
const WEAK_GLYPHS: readonly string[] = ['⏳', '⌛'];

/** Negations, checked before anything else so `not started` is never read as `started`. */
const NEGATIONS =
  /\b(?:not\s+(?:yet\s+)?(?:started|begun|done|complete[d]?|finished|implemented)|incomplete|unfinished|not\s+yet)\b/i;

/**
 * Status words; the earliest match in the text decides. `reusable` phrases may be written back
 * into a file; the others (`blocked`, `tbd`, …) are read but never produced.
 */
const WORDS: readonly { re: RegExp; status: ItemStatus; reusable: boolean }[] = [
  {
    re: /\b(?:done|completed?|finished|shipped|released|closed|merged|resolved|delivered|fixed|implemented|deployed)\b/gi,
    status: 'done',
    reusable: true,
  },
  {
    re: /\b(?:in[\s-]?progress|wip|ongoing|on-going|started|in\s+review|doing|active|underway|under\s+way|in\s+development)\b/gi,
    status: 'in-progress',
    reusable: true,
  },
  {
    re: /\b(?:to[\s-]?do|pending|planned|open|backlog|not\s+started|upcoming|queued|new)\b/gi,
    status: 'todo',
    reusable: true,
  },
  { re: /\b(?:blocked|tbd|on\s+hold)\b/gi, status: 'todo', reusable: false },
];

/** Replaces emphasis, code and strikethrough markers with spaces, collapses spaces, trims. */
function clean(text: string): string {
  return text
    .replace(/[*`]+|~~|(?<!\S)_+|_+(?!\S)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface GlyphHit {
  glyph: string;
  status: ItemStatus;
  index: number;
}

/** The first status glyph in `text` (weak glyphs included, flagged by `weak`). */
function findGlyph(text: string): (GlyphHit & { weak: boolean }) | null {
  let best: (GlyphHit & { weak: boolean }) | null = null;
  for (const [glyph, status] of GLYPHS) {
    const index = text.indexOf(glyph);
    if (index >= 0 && (best === null || index < best.index)) {
      best = { glyph, status, index, weak: false };
    }
  }
  if (best === null) {
    for (const glyph of WEAK_GLYPHS) {
      const index = text.indexOf(glyph);
      if (index >= 0 && (best === null || index < best.index)) {
        best = { glyph, status: 'todo', index, weak: true };
      }
    }
  }
  // Keep an emoji variation selector that follows the glyph as part of it.
  if (best !== null && !best.glyph.endsWith('\uFE0F')) {
    if (text.startsWith('\uFE0F', best.index + best.glyph.length)) best.glyph += '\uFE0F';
  }
  return best;
}

interface WordHit {
  phrase: string;
  status: ItemStatus;
  reusable: boolean;
  index: number;
}

/** The earliest status word in `text`. */
function findWord(text: string): WordHit | null {
  let best: WordHit | null = null;
  for (const { re, status, reusable } of WORDS) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m !== null && (best === null || m.index < best.index)) {
      best = { phrase: m[0], status, reusable, index: m.index };
    }
  }
  return best;
}

/**
 * Reads a status value (a table Status cell or the value after `**Status**:`), case-insensitively
 * and tolerating extra words (`✅ COMPLETED on 2026-11-22`, `Done (merged #12)`).
 * Order: empty → todo; negations (`not started`, `not done`, `incomplete`) → todo; checkbox
 * `[x]`/`[ ]`/`[~]`/`[/]`; the first status glyph (✅ 🔄 ❌ …); a percentage (100% done, 0% todo,
 * else in progress); the earliest status word; a lone ⏳/⌛ → todo. Anything else → null.
 */
export function classifyStatus(text: string): ItemStatus | null {
  const value = clean(text);
  if (value === '') return 'todo';
  if (NEGATIONS.test(value)) return 'todo';
  const box = /\[([ xX~/-])\]/.exec(value);
  if (box !== null) {
    const mark = box[1];
    return mark === 'x' || mark === 'X' ? 'done' : mark === ' ' ? 'todo' : 'in-progress';
  }
  const glyph = findGlyph(value);
  if (glyph !== null && !glyph.weak) return glyph.status;
  const percent = /(\d{1,3})\s*%/.exec(value);
  if (percent !== null) {
    const n = Number(percent[1]);
    return n >= 100 ? 'done' : n === 0 ? 'todo' : 'in-progress';
  }
  const word = findWord(value);
  if (word !== null) return word.status;
  if (glyph !== null) return glyph.status;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Writing status values

type Triple = Readonly<Record<ItemStatus, string>>;

/** Glyph families: a file that uses one glyph of a family gets the others from the same family. */
const GLYPH_FAMILIES: readonly Triple[] = [
  { done: '✅', 'in-progress': '🔄', todo: '❌' },
  { done: '✔️', 'in-progress': '🚧', todo: '⬜' },
  { done: '✔', 'in-progress': '🚧', todo: '⬜' },
  { done: '☑️', 'in-progress': '🔄', todo: '☐' },
  { done: '☑', 'in-progress': '🔄', todo: '☐' },
  { done: '🟢', 'in-progress': '🟡', todo: '🔴' },
  { done: '✓', 'in-progress': '🔄', todo: '✗' },
  { done: '✅', 'in-progress': '🚧', todo: '⬜' },
  { done: '✅', 'in-progress': '🔄', todo: '⏳' },
];
const DEFAULT_GLYPHS: Triple = { done: '✅', 'in-progress': '🔄', todo: '❌' };

/** Word vocabularies keyed by the (lower-case) phrase a value uses. */
const VOCABULARIES: Readonly<Record<string, Triple>> = {
  completed: { done: 'Completed', 'in-progress': 'In Progress', todo: 'Not Started' },
  complete: { done: 'Complete', 'in-progress': 'In Progress', todo: 'Not Started' },
  'not started': { done: 'Completed', 'in-progress': 'In Progress', todo: 'Not Started' },
  pending: { done: 'Completed', 'in-progress': 'In Progress', todo: 'Pending' },
  'in progress': { done: 'Completed', 'in-progress': 'In Progress', todo: 'Not Started' },
  'in-progress': { done: 'Done', 'in-progress': 'In-Progress', todo: 'To-Do' },
  done: { done: 'Done', 'in-progress': 'In Progress', todo: 'To Do' },
  'to do': { done: 'Done', 'in-progress': 'In Progress', todo: 'To Do' },
  'to-do': { done: 'Done', 'in-progress': 'In Progress', todo: 'To-Do' },
  todo: { done: 'Done', 'in-progress': 'In Progress', todo: 'Todo' },
  wip: { done: 'Done', 'in-progress': 'WIP', todo: 'Todo' },
  open: { done: 'Closed', 'in-progress': 'In Progress', todo: 'Open' },
  closed: { done: 'Closed', 'in-progress': 'In Progress', todo: 'Open' },
  planned: { done: 'Done', 'in-progress': 'In Progress', todo: 'Planned' },
  finished: { done: 'Finished', 'in-progress': 'In Progress', todo: 'Not Started' },
};
/** Used when `like` is null. */
const DEFAULT_WORDS: Triple = { done: 'Done', 'in-progress': 'In Progress', todo: 'Not Started' };
/** Used when `like` has words but none we know a vocabulary for. */
const FALLBACK_WORDS: Triple = VOCABULARIES['completed'] ?? DEFAULT_WORDS;

type Case = 'upper' | 'lower' | 'title' | 'sentence';

/** Words kept in capitals in Title and Sentence case. */
const ACRONYMS: ReadonlySet<string> = new Set(['WIP', 'TBD', 'QA']);

/** The letter case of the words in `text`; title case when there are no letters. */
function detectCase(text: string): Case {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters === '') return 'title';
  if (letters === letters.toUpperCase()) return 'upper';
  if (letters === letters.toLowerCase()) return 'lower';
  const words = text.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised === words.length || words.length === 0 ? 'title' : 'sentence';
}

function applyCase(phrase: string, style: Case): string {
  switch (style) {
    case 'upper':
      return phrase.toUpperCase();
    case 'lower':
      return phrase.toLowerCase();
    case 'title':
      return phrase.replace(/\p{L}+/gu, (w) =>
        ACRONYMS.has(w.toUpperCase())
          ? w.toUpperCase()
          : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
      );
    case 'sentence': {
      const lower = phrase.toLowerCase();
      return ACRONYMS.has(phrase.toUpperCase())
        ? phrase.toUpperCase()
        : lower.charAt(0).toUpperCase() + lower.slice(1);
    }
  }
}

/** What one value tells about a file's style. */
interface ValueStyle {
  status: ItemStatus;
  glyph: string | null;
  glyphFirst: boolean;
  phrase: string | null;
  /** `COMPLETED on [Date]`, `Done on 2025-01-02`: a date follows the done phrase with `on`. */
  datedOn: boolean;
}

function readStyle(text: string): ValueStyle | null {
  const value = clean(text);
  const status = classifyStatus(value);
  if (status === null || value === '') return null;
  const glyph = findGlyph(value);
  const word = findWord(value);
  const phrase = word !== null && word.reusable && word.status === status ? word.phrase : null;
  const datedOn =
    word !== null &&
    word.status === 'done' &&
    /^\s+on\s+(?:\[[^\]]*\]|\d{4}-)/i.test(value.slice(word.index + word.phrase.length));
  return {
    status,
    glyph: glyph !== null && glyph.status === status ? glyph.glyph : null,
    glyphFirst: glyph === null || word === null || glyph.index < word.index,
    phrase,
    datedOn,
  };
}

/** Status values in a file: what follows `Status:` (bold or not, in a bullet or not) on a line. */
function statusValuesOf(fileText: string): string[] {
  const values: string[] = [];
  const re =
    /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?Status(?::(?:\*\*|__)|(?:\*\*|__)?:)[ \t]*(.*)$/gim;
  for (const m of fileText.matchAll(re)) {
    const v = m[1]?.trim();
    if (v) values.push(v);
  }
  return values;
}

/** Per-status glyph and phrase a set of example values uses (first one wins). */
interface Palette {
  glyph: Partial<Record<ItemStatus, string>>;
  phrase: Partial<Record<ItemStatus, string>>;
  datedOn: boolean;
}

function paletteOf(values: readonly string[]): Palette {
  const palette: Palette = { glyph: {}, phrase: {}, datedOn: false };
  for (const v of values) {
    const style = readStyle(v);
    if (style === null) continue;
    if (style.glyph !== null) palette.glyph[style.status] ??= style.glyph;
    if (style.phrase !== null) palette.phrase[style.status] ??= style.phrase;
    if (style.datedOn) palette.datedOn = true;
  }
  return palette;
}

function familyOf(glyph: string): Triple {
  const has = (f: Triple, g: string): boolean =>
    f.done === g || f['in-progress'] === g || f.todo === g;
  const bare = glyph.replace(/\uFE0F$/, '');
  return (
    GLYPH_FAMILIES.find((f) => has(f, glyph)) ??
    GLYPH_FAMILIES.find((f) => has(f, bare)) ??
    DEFAULT_GLYPHS
  );
}

/**
 * A new status value for `status`, written in the style of `like` (an existing value of the same
 * kind in the same file; null when there is none):
 * - a glyph only when `like` has one (before or after the words, as in `like`): the glyph `like`
 *   uses when it already means `status`, else one the file's `**Status**:` values use for `status`,
 *   else the same family as `like`'s glyph (✅/🔄/❌, ✔️/🚧/⬜, 🟢/🟡/🔴 …);
 * - words only when `like` has words, in `like`'s letter case (UPPER, Title, lower, Sentence): the
 *   phrase `like` uses when it already means `status`, else the phrase the file uses for `status`
 *   in its `**Status**:` values (`fileText`), else the vocabulary that goes with `like`'s phrase
 *   (COMPLETED / IN PROGRESS / NOT STARTED, Done / In Progress / To Do, WIP, Open/Closed …);
 * - for done with a `date`: ` on <date>` when `like` or the file writes done that way
 *   (`COMPLETED on [Date]`, `Done on 2025-01-02`).
 * Extra words of `like` (notes, dates, issue refs) are not copied. `like` null → `✅ Done` style.
 * The result always classifies back to `status`.
 */
export function formatStatus(params: {
  status: ItemStatus;
  like: string | null;
  date?: string;
  fileText?: string;
}): string {
  const { status, like, date, fileText } = params;
  const file = paletteOf(fileText === undefined ? [] : statusValuesOf(fileText));
  const likeValue = like === null ? '' : clean(like);
  const likeStyle = likeValue === '' ? null : readStyle(likeValue);
  const likeGlyph = likeValue === '' ? null : findGlyph(likeValue);
  const likeWord = likeValue === '' ? null : findWord(likeValue);

  const box = /^\[([ xX~/-])\]$/.exec(likeValue);
  if (box !== null) {
    // A checkbox-style value (`[x]`, `[ ]`) stays a checkbox.
    const mark = box[1] ?? ' ';
    if (status === 'done') return mark === 'X' ? '[X]' : '[x]';
    return status === 'todo' ? '[ ]' : mark === '/' ? '[/]' : '[~]';
  }

  let glyph: string | null;
  let phrase: string | null;
  let glyphFirst = true;
  let letterCase: Case = 'title';
  if (like === null || likeValue === '' || (likeGlyph === null && likeWord === null)) {
    // No usable example: the defaults, with the file's own glyphs and words when it has some.
    glyph = file.glyph[status] ?? DEFAULT_GLYPHS[status];
    phrase = file.phrase[status] ?? DEFAULT_WORDS[status];
    if (file.phrase[status] !== undefined) letterCase = detectCase(file.phrase[status]);
  } else {
    glyphFirst = likeStyle?.glyphFirst ?? true;
    glyph = null;
    if (likeGlyph !== null) {
      glyph =
        likeGlyph.status === status
          ? likeGlyph.glyph
          : (file.glyph[status] ?? familyOf(likeGlyph.glyph)[status]);
    }
    phrase = null;
    if (likeWord !== null) {
      // `WIP` is an acronym, not a sign of an UPPER CASE file.
      letterCase = ACRONYMS.has(likeWord.phrase) ? 'title' : detectCase(likeWord.phrase);
      const likePhrase = likeWord.phrase.toLowerCase().replace(/\s+/g, ' ');
      if (likeWord.status === status && likeWord.reusable) phrase = likeWord.phrase;
      else
        phrase =
          file.phrase[status] ??
          (VOCABULARIES[likePhrase] ??
            VOCABULARIES[likePhrase.replace('-', ' ')] ??
            FALLBACK_WORDS)[status];
    }
  }

  let words = phrase === null ? null : applyCase(phrase, letterCase);
  if (words !== null && status === 'done' && date !== undefined && date !== '') {
    if (likeStyle?.datedOn === true || file.datedOn) words += ` on ${date}`;
  }
  const out =
    glyph === null
      ? (words ?? '')
      : words === null
        ? glyph
        : glyphFirst
          ? `${glyph} ${words}`
          : `${words} ${glyph}`;
  if (classifyStatus(out) === status) return out;
  // Odd examples (a phrase of another status in the file's palette): fall back to the defaults,
  // still with or without glyph and words as `like` has them.
  const fallbackWords = phrase === null ? null : applyCase(DEFAULT_WORDS[status], letterCase);
  const fallbackGlyph = glyph === null && fallbackWords !== null ? null : DEFAULT_GLYPHS[status];
  return [fallbackGlyph, fallbackWords].filter((p) => p !== null).join(' ');
}

/**
 * A new Status cell for `status` in a table whose other Status cells are `like`:
 * the most frequent non-empty cell text of that column that already means `status` (so a column of
 * ✅ 🔄 ❌ gets exactly ✅); else a value in the style of the column's first classifiable cell
 * (see formatStatus, with the column's cells as the vocabulary); else (empty column) ✅ / 🔄 / ❌.
 * The result always classifies back to `status`.
 */
export function formatStatusCell(params: { status: ItemStatus; like: string[] }): string {
  const { status, like } = params;
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  let example: string | null = null;
  for (const raw of like) {
    const cell = raw.trim();
    if (cell === '') continue;
    const s = classifyStatus(cell);
    if (s === null) continue;
    example ??= cell;
    if (s !== status) continue;
    const c = (counts.get(cell) ?? 0) + 1;
    counts.set(cell, c);
    if (c > bestCount) {
      best = cell;
      bestCount = c;
    }
  }
  if (best !== null) return best;
  if (example === null) return DEFAULT_GLYPHS[status];
  // Reuse the column's vocabulary through formatStatus by presenting the cells as `Status:` lines.
  const fileText = like.map((c) => `Status: ${c.trim()}`).join('\n');
  return formatStatus({ status, like: example, fileText });
}
