/**
 * Property-based tests of planEdits + applyEdits over the five seed plans and generated plans
 * (test/helpers/arbitrary-plan.ts): random targets, random changes, and these properties:
 * (1) every character outside the edit spans is identical, and the line count never changes;
 * (2) re-parsing gives exactly the intended model change (expectOnlyChange);
 * (3) the same change applied again gives no edit;
 * (4) tick then untick (any status change and back, any rename and back) restores the text;
 * and (1)–(2) for batches of several changes.
 * A change may only be refused where the file has no span for it (a milestone without a Status
 * line, a row without a Status cell), or where the file's encoding form rests on the text it
 * rewrites (the last damaged glyph of a double-encoded file emptied); safe titles are never
 * refused otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/edit/apply-edits.js';
import type { PlanChange, TextEdit } from '../../src/edit/edit-types.js';
import { planEdits } from '../../src/edit/plan-edits.js';
import { slugify } from '../../src/plan/normalize-title.js';
import { classifyStatus } from '../../src/plan/classify-status.js';
import { toPlainText } from '../../src/plan/plain-text.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText, detectDoubleEncoding, repairText } from '../../src/plan/repair-encoding.js';
import type { Item, ItemStatus, Milestone, ParseResult, Span } from '../../src/plan/plan-types.js';
import { splitLines } from '../../src/plan/split-lines.js';
import { arbitraryPlanOf } from '../helpers/arbitrary-plan.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';
import type { Target } from './edit-test-helpers.js';
import { expectOnlyChange, expectOnlyEditedSpansChanged, flatItems } from './edit-test-helpers.js';

const RUNS = 250;

/** A status emoji as the parser reads it at the end of a checkbox line (plain form). */
const HINT_GLYPH = /^(?:✅|✔️?|☑️?|🔄|🚧|🟡|❌|⬜|⏳)$/u;

const seedText = fc.constantFrom(...SEED_NAMES).map((name) => readSeed(name));
const generatedText = arbitraryPlanOf().map((plan) => plan.text);
/** Double-encoded plans with status emoji on most lines: read, found and written damaged. */
const damagedText = arbitraryPlanOf({ damaged: true, statusEmoji: true }).map((plan) => plan.text);

const statusArb = fc.constantFrom<ItemStatus>('todo', 'in-progress', 'done');

/**
 * Titles that must always be accepted: they start with a letter, contain no `#`, `@`, `\`,
 * control characters or status emoji, and do not end like a priority (`P1`). They do contain
 * `|` (escaped in tables), Markdown, accents, CJK and emoji, and surrounding spaces (trimmed).
 */
const SAFE_UNITS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ' ',
  ' ',
  ' ',
  '|',
  '*',
  '_',
  '`',
  '(',
  ')',
  '.',
  ',',
  '!',
  '?',
  '-',
  '&',
  'é',
  'ü',
  'ß',
  'Ω',
  '日',
  '本',
  '🎉',
  '🚀',
  '👩‍💻',
];
const safeTitleArb = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    fc.string({ unit: fc.constantFrom(...SAFE_UNITS), maxLength: 30 }),
    fc.constantFrom('', ' ', '  '),
  )
  .map(([first, rest, pad]) => `${pad}${first}${rest}${pad}`)
  .filter((title) => !/(?:^|\s)\S*P[0-4]\S*\s*$/.test(title) && !/^\s*P[0-4]\b/.test(title));

type Ref = { kind: 'item'; item: Item } | { kind: 'milestone'; milestone: Milestone };

function refsOf(parsed: ParseResult): Ref[] {
  return [
    ...parsed.plan.milestones.map((milestone) => ({ kind: 'milestone', milestone }) as const),
    ...flatItems(parsed).map((item) => ({ kind: 'item', item }) as const),
  ];
}

interface Op {
  /** Which kind of target to pick, among the kinds the file has (milestone, checkbox, row). */
  kind: number;
  pick: number;
  rename: boolean;
  status: ItemStatus;
  title: string;
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.nat(),
  pick: fc.nat(),
  rename: fc.boolean(),
  status: statusArb,
  title: safeTitleArb,
});

/** The target an op picks: a kind among those the file has, then one of that kind. */
function pickRef(params: { parsed: ParseResult; op: Op }): Ref | null {
  const { parsed, op } = params;
  const kindOf = (r: Ref) => (r.kind === 'milestone' ? 'milestone' : r.item.source.kind);
  const all = refsOf(parsed);
  const kinds = [...new Set(all.map(kindOf))];
  if (kinds.length === 0) return null;
  const refs = all.filter((r) => kindOf(r) === kinds[op.kind % kinds.length]);
  return refs[op.pick % refs.length] ?? null;
}

/** The change an op makes on a target, and what the file should read afterwards. */
function changeFor(params: { ref: Ref; op: Op }): { change: PlanChange; target: Target } {
  const { ref, op } = params;
  if (ref.kind === 'milestone') {
    const key = ref.milestone.key;
    return {
      change: { kind: 'set-milestone-status', key, status: op.status, date: '2026-11-22' },
      target: { key, status: op.status, milestone: true },
    };
  }
  const key = ref.item.key;
  if (op.rename) {
    // The title is plain text as GitHub shows it: whitespace runs read as one space, trimmed.
    const title = op.title.replace(/\s+/g, ' ').trim();
    return { change: { kind: 'rename-item', key, title: op.title }, target: { key, title } };
  }
  return {
    change: { kind: 'set-item-status', key, status: op.status },
    target: { key, status: op.status },
  };
}

/**
 * Why the file cannot take this change, or null when it must succeed: no span to edit (a
 * milestone without a Status line, a row without a Status cell), or a rename that would make two
 * deliverables share a key (keys are `parent/slug(title)`, numbered `~2` … in document order).
 */
function expectedRefusal(params: {
  parsed: ParseResult;
  ref: Ref;
  change: PlanChange;
  target: Target;
}): RegExp | null {
  const { parsed, ref, change, target } = params;
  if (ref.kind === 'milestone') {
    return ref.milestone.status === null ? /without a readable `Status:` line/ : null;
  }
  const source = ref.item.source;
  if (change.kind === 'set-item-status' && source.kind === 'table-row' && source.status === null) {
    return /^Unexpected table row without a Status cell/;
  }
  if (change.kind === 'rename-item' && target.title !== toPlainText(ref.item.title)) {
    const base = (key: string) => key.replace(/~\d+$/, '');
    const oldBase = base(ref.item.key);
    const newBase = `${oldBase.slice(0, oldBase.lastIndexOf('/'))}/${slugify(target.title ?? '')}`;
    if (newBase === oldBase) return null;
    const items = flatItems(parsed);
    const at = items.indexOf(ref.item);
    if (items.some((i) => i !== ref.item && base(i.key) === newBase))
      return /gives the same key as/;
    if (items.some((i, n) => n > at && base(i.key) === oldBase)) {
      return /^Unexpected rename of a duplicate deliverable/;
    }
  }
  return null;
}

/** planEdits' message when the edited file would no longer read in the same encoding form. */
const FORMAT_CHANGE =
  /^Unexpected read-back (?:after the edit|together with an earlier change in this batch) \(the file format \(BOM, line endings or encoding\) would change\)/;

/** The spans of the file a change may rewrite. */
function rewrittenSpans(params: { text: string; ref: Ref; change: PlanChange }): Span[] {
  const { text, ref, change } = params;
  if (ref.kind === 'milestone') return ref.milestone.status ? [ref.milestone.status.value] : [];
  const source = ref.item.source;
  if (change.kind === 'rename-item') return [source.title];
  if (source.kind === 'table-row') return source.statusCell ? [source.statusCell] : [];
  // The box, and what follows the title on its line (a status emoji may be swapped).
  const lines = splitLines(text);
  const lineEnd = lines.ends[lineAt({ lines, offset: source.title.end }) - 1] ?? text.length;
  return [source.mark, { start: source.title.end, end: lineEnd }];
}

/**
 * Whether the file's encoding form (double-encoded or not) rests on text inside `spans`: the rest
 * of the file alone reads in the other form. Only then may planEdits withhold an edit because the
 * file would change form (e.g. emptying the Status cell that holds a file's only damaged glyph).
 */
function formRestsOn(params: { text: string; spans: Span[]; doubleEncoded: boolean }): boolean {
  const { text, doubleEncoded } = params;
  const spans = [...params.spans].sort((a, b) => a.start - b.start);
  let outside = '';
  let at = 0;
  for (const span of spans) {
    outside += `${text.slice(at, Math.max(at, span.start))} `;
    at = Math.max(at, span.end);
  }
  outside += text.slice(at);
  return detectDoubleEncoding(outside).doubleEncoded !== doubleEncoded;
}

/** 1-based line holding `offset`. */
function lineAt(params: { lines: ReturnType<typeof splitLines>; offset: number }): number {
  let line = 1;
  while (line < params.lines.count && (params.lines.starts[line] ?? Infinity) <= params.offset) {
    line++;
  }
  return line;
}

/** Runs one op on `text`; asserts properties (1)–(3). Returns the edited text, or null if refused. */
function checkOne(params: { text: string; op: Op; tally: Tally }): {
  out: string;
  ref: Ref;
  change: PlanChange;
} | null {
  const { text, op, tally } = params;
  const before = parsePlan({ text });
  const ref = pickRef({ parsed: before, op });
  if (ref === null) return null;
  const { change, target } = changeFor({ ref, op });
  const result = planEdits({ text, changes: [change], parsed: before });
  const what = `${change.kind} ${ref.kind === 'item' ? ref.item.source.kind : 'milestone'}`;
  const format = before.plan.format;
  if (format.doubleEncoded) tally.add('double-encoded file');
  if (format.bom) tally.add('BOM');
  if (format.eol !== '\n') tally.add('CRLF or CR');
  const refusal = expectedRefusal({ parsed: before, ref, change, target });
  if (refusal !== null) {
    expect(result.edits).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(refusal);
    tally.add(`${what}: refused`);
    return null;
  }
  if (
    result.problems.length > 0 &&
    formRestsOn({
      text,
      spans: rewrittenSpans({ text, ref, change }),
      doubleEncoded: format.doubleEncoded,
    })
  ) {
    expect(result.edits).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(FORMAT_CHANGE)]);
    tally.add('refused: the encoding form rests on the edited text');
    return null;
  }
  tally.add(`${what}: ${result.edits.length > 0 ? 'edited' : 'no-op'}`);
  if (ref.kind === 'item' && ref.item.source.kind === 'checkbox') {
    const read = format.doubleEncoded ? repairText : (s: string) => s;
    for (const edit of result.edits) {
      if (!HINT_GLYPH.test(read(edit.text))) continue;
      // A swapped status emoji is written in the file's form.
      expect(edit.text).toBe(format.doubleEncoded ? damageText(read(edit.text)) : edit.text);
      tally.add(`status emoji swapped${format.doubleEncoded ? ' in a double-encoded file' : ''}`);
    }
  }
  if (result.approximations.length > 0) tally.add('approximated');
  expect(result.problems).toEqual([]);
  const out = applyEdits({ text, edits: result.edits });

  // (1) Bytes outside the edits identical; lines never added or removed.
  expectOnlyEditedSpansChanged({ text, out, edits: result.edits });
  expect(splitLines(out).count).toBe(splitLines(text).count);
  for (const edit of result.edits) expect(edit.text).not.toMatch(/[\r\n]/);

  // (2) Exactly the intended model change. In progress on a checkbox may be approximated by an
  // unticked box (reads todo) when the file has no way to say it.
  let expected = target;
  if (result.approximations.length > 0) {
    expect(change.kind).toBe('set-item-status');
    expect(ref.kind === 'item' && ref.item.source.kind).toBe('checkbox');
    expect(target.status).toBe('in-progress');
    expected = { ...target, status: 'todo' };
  }
  const after = parsePlan({ text: out });
  expectOnlyChange({ before, after, edits: result.edits, targets: [expected] });

  // A tick is one character.
  if (
    change.kind === 'set-item-status' &&
    change.status === 'done' &&
    ref.kind === 'item' &&
    ref.item.source.kind === 'checkbox' &&
    ref.item.status !== 'done'
  ) {
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0]?.end).toBe((result.edits[0]?.start ?? 0) + 1);
    expect(result.edits[0]?.text).toMatch(/^[xX]$/);
  }

  // (3) The same change again: no edit (a renamed item is found under its new key).
  const again =
    change.kind === 'rename-item' && ref.kind === 'item'
      ? {
          ...change,
          key: flatItems(after).find((i) => i.line === ref.item.line)?.key ?? '',
        }
      : change;
  const second = planEdits({ text: out, changes: [again] });
  expect(second.problems).toEqual([]);
  expect(second.edits).toEqual([]);
  return { out, ref, change };
}

/** (4) A change and its inverse restore the text. */
function checkRoundTrip(params: { text: string; op: Op; tally: Tally }): void {
  const { text, op, tally } = params;
  const first = checkOne({ text, op, tally });
  if (first === null || first.out === text) return;
  const { ref, change } = first;
  const before = parsePlan({ text });
  const after = parsePlan({ text: first.out });
  let undo: PlanChange;
  if (change.kind === 'rename-item' && ref.kind === 'item') {
    const moved = flatItems(after).find((i) => i.line === ref.item.line) as Item;
    undo = { kind: 'rename-item', key: moved.key, title: toPlainText(ref.item.title) };
  } else if (change.kind === 'set-milestone-status' && ref.kind === 'milestone') {
    undo = { ...change, status: ref.milestone.status?.status ?? 'todo' };
  } else if (change.kind === 'set-item-status' && ref.kind === 'item') {
    undo = { ...change, status: ref.item.status };
  } else {
    throw new Error('unreachable');
  }
  const back = planEdits({ text: first.out, changes: [undo] });
  if (undo.kind === 'rename-item' && ref.kind === 'item' && /~\d+$/.test(ref.item.key)) {
    // A duplicate renamed away cannot be renamed back: the title would be a duplicate again.
    expect(back.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/gives the same key as/),
    ]);
    return;
  }
  expect(back.problems).toEqual([]);
  const restored = applyEdits({ text: first.out, edits: back.edits });
  if (mustRestoreExactly({ text, ref, change })) {
    expect(restored).toBe(text);
    tally.add('restored exactly');
  } else {
    tally.add('restored as a model');
    // The model comes back even where the exact text cannot (see mustRestoreExactly); spans
    // are not compared: an emptied cell's span sits at its end, a refilled one at its content.
    expectOnlyChange({
      before,
      after: parsePlan({ text: restored }),
      edits: diffAsEdit({ from: text, to: restored }),
      spans: false,
      // A milestone's status comes back, in the wording the file now suggests.
      targets:
        ref.kind === 'milestone'
          ? [{ key: ref.milestone.key, status: ref.milestone.status?.status, milestone: true }]
          : back.approximations.length > 0
            ? [{ key: ref.item.key, status: 'todo' }]
            : change.kind === 'rename-item'
              ? [{ key: ref.item.key, title: toPlainText(ref.item.title) }]
              : [],
    });
  }
}

/** The differing middle of two texts as one edit (none when equal). */
function diffAsEdit(params: { from: string; to: string }): TextEdit[] {
  const { from, to } = params;
  if (from === to) return [];
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (
    end < from.length - start &&
    end < to.length - start &&
    from[from.length - 1 - end] === to[to.length - 1 - end]
  ) {
    end++;
  }
  const lines = splitLines(from);
  let line = 1;
  while (line < lines.count && (lines.starts[line] ?? Infinity) <= start) line++;
  return [
    {
      start,
      end: from.length - end,
      text: to.slice(start, to.length - end),
      line,
      key: '',
      reason: 'difference',
    },
  ];
}

/**
 * Where the exact text must come back:
 * - renames of a plain title (toPlainText shows it as written: it is written verbatim again);
 * - an unticked `[ ]` box without a status emoji on its line: tick/untick is one character;
 * - a non-empty Status cell whose text is, among the other rows of its table, the most common
 *   text for its status (strictly): formatStatusCell picks exactly that one.
 * Everywhere else the old form is gone once changed, and only the model must come back:
 * - a milestone Status value (`⏳ PENDING` → `✅ COMPLETED` → the file's todo wording);
 * - a `[x]`/`[X]` box: the mark comes from its siblings or the file, which may differ;
 * - `[~]`/`[/]`: gone when it was the file's last one (then in progress is approximated);
 * - a status emoji swapped on the line (⏳ → 🔄 → ❌: the family of 🔄 says ❌ for todo);
 * - a Status cell whose text the rest of its column does not use (a lone `To Do` comes back as
 *   `Not Started`, the vocabulary of `In Progress`), and an empty cell (its whitespace is gone).
 */
function mustRestoreExactly(params: { text: string; ref: Ref; change: PlanChange }): boolean {
  const { text, ref, change } = params;
  const parsed = parsePlan({ text });
  if (ref.kind === 'milestone') return false;
  // A title comes back exactly when it was plain text: it is written verbatim again.
  if (change.kind === 'rename-item') return toPlainText(ref.item.title) === ref.item.title;
  const item = ref.item;
  const source = item.source;
  if (source.kind === 'checkbox') {
    const lines = splitLines(text);
    const lineEnd = lines.ends[item.line - 1] ?? text.length;
    // A double-encoded file writes its emoji damaged (`üîÑ`): look at the line as people read it.
    const raw = text.slice(source.title.end, lineEnd);
    const rest = parsed.plan.format.doubleEncoded ? repairText(raw) : raw;
    return text.charAt(source.mark.start) === ' ' && !/✅|✔|☑|🔄|🚧|🟡|❌|⬜|⏳/u.test(rest);
  }
  if (source.status === null || source.status.start === source.status.end) return false;
  const own = text.slice(source.status.start, source.status.end);
  const counts = new Map<string, number>();
  for (const row of tableRowsOf({ parsed, item })) {
    if (row.key === item.key || row.status !== item.status || row.source.kind !== 'table-row') {
      continue;
    }
    const status = row.source.status;
    if (status === null || status.start === status.end) continue;
    const cell = text.slice(status.start, status.end);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const mine = counts.get(own) ?? 0;
  return mine > 0 && [...counts].every(([cell, count]) => cell === own || count < mine);
}

/** The table-row items on consecutive lines around `item` (its table, as far as items go). */
function tableRowsOf(params: { parsed: ParseResult; item: Item }): Item[] {
  const rows = flatItems(params.parsed).filter((i) => i.source.kind === 'table-row');
  const byLine = new Map(rows.map((row) => [row.line, row]));
  const out: Item[] = [];
  for (let line = params.item.line; byLine.has(line); line--) out.unshift(byLine.get(line) as Item);
  for (let line = params.item.line + 1; byLine.has(line); line++)
    out.push(byLine.get(line) as Item);
  return out;
}

/**
 * Several changes on distinct targets in one batch: refused exactly where each alone is refused
 * (or where the file's encoding form rests on the text they rewrite together),
 * (1) bytes outside the edits identical, (2) the model changes by exactly all accepted changes.
 */
function checkBatch(params: { text: string; ops: Op[]; tally: Tally }): void {
  const { text, ops, tally } = params;
  const before = parsePlan({ text });
  const seen = new Set<string>();
  const planned: {
    change: PlanChange;
    target: Target;
    refusal: RegExp | null;
    spans: Span[];
  }[] = [];
  ops.forEach((op, index) => {
    const ref = pickRef({ parsed: before, op });
    if (ref === null) return;
    const id = ref.kind === 'milestone' ? `milestone ${ref.milestone.key}` : ref.item.key;
    if (seen.has(id)) return;
    seen.add(id);
    // Distinct titles, so two renames never aim at one key.
    const { change, target } = changeFor({ ref, op: { ...op, title: `${op.title} ${index}` } });
    planned.push({
      change,
      target,
      refusal: expectedRefusal({ parsed: before, ref, change, target }),
      spans: rewrittenSpans({ text, ref, change }),
    });
  });
  const result = planEdits({ text, changes: planned.map((p) => p.change), parsed: before });
  // Besides the expected refusals, only a change the file's encoding form rests on (together
  // with the others) may be withheld, and only because the form would change.
  const formMayChange = formRestsOn({
    text,
    spans: planned.filter((p) => p.refusal === null).flatMap((p) => p.spans),
    doubleEncoded: before.plan.format.doubleEncoded,
  });
  const problemOf = new Map(result.problems.map((p) => [p.change, p.message]));
  expect(result.problems.map((p) => p.change)).toEqual(
    planned.filter((p) => problemOf.has(p.change)).map((p) => p.change),
  );
  for (const p of planned) {
    const message = problemOf.get(p.change);
    if (p.refusal !== null) {
      expect(message).toMatch(p.refusal);
    } else if (message !== undefined) {
      expect(formMayChange, message).toBe(true);
      expect(message).toMatch(FORMAT_CHANGE);
      tally.add('refused: the encoding form rests on the edited text');
    }
  }
  const out = applyEdits({ text, edits: result.edits });
  expectOnlyEditedSpansChanged({ text, out, edits: result.edits });
  expect(splitLines(out).count).toBe(splitLines(text).count);
  const approximated = new Set(result.approximations.map((a) => a.change));
  const targets = planned
    .filter((p) => !problemOf.has(p.change))
    .map((p) => (approximated.has(p.change) ? { ...p.target, status: 'todo' as const } : p.target));
  expectOnlyChange({ before, after: parsePlan({ text: out }), edits: result.edits, targets });
  tally.add(`batch of ${targets.length}`);
}

/** Counts the outcomes of checkOne / checkRoundTrip / checkBatch (one run's tally is read back). */
class Tally {
  readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  get(what: string): number {
    return this.counts.get(what) ?? 0;
  }
}

const kindOf = (r: Ref): string => (r.kind === 'milestone' ? 'milestone' : r.item.source.kind);

/** The status a change sets on `ref` so the file must change: the other side of a checkbox. */
function otherStatuses(ref: Ref): ItemStatus[] {
  if (ref.kind === 'milestone') {
    const now = ref.milestone.status?.status;
    return (['todo', 'in-progress', 'done'] as const).filter((s) => s !== now);
  }
  if (ref.item.source.kind === 'checkbox') return [ref.item.status === 'done' ? 'todo' : 'done'];
  return (['todo', 'in-progress', 'done'] as const).filter((s) => s !== ref.item.status);
}

/**
 * One kind of run the random properties must exercise, built so that every run is one: texts
 * of the kind, a target of the kind, and a change that must give `outcome` (checkOne's tally).
 */
interface Case {
  outcome: string;
  /** Only texts whose parse passes (e.g. with a BOM). */
  text?: (parsed: ParseResult) => boolean;
  /** Only these targets. */
  target?: (params: { ref: Ref; text: string; parsed: ParseResult }) => boolean;
  /** A rename, a status the target does not have, or any op (random). */
  change: 'rename' | 'other-status' | 'any';
  /** The statuses to set (default: those the target does not have). */
  statuses?: (params: { ref: Ref; text: string }) => ItemStatus[];
  /** Drop runs whose change is refused (a key clash) or withheld (the encoding form). */
  accepted?: boolean;
}

const hasStatusSpan = ({ ref }: { ref: Ref }) =>
  ref.kind === 'milestone'
    ? ref.milestone.status !== null
    : ref.item.source.kind === 'checkbox' || ref.item.source.status !== null;

const EDITED_CASES: Case[] = [
  {
    outcome: 'set-item-status checkbox: edited',
    target: ({ ref }) => kindOf(ref) === 'checkbox',
    change: 'other-status',
    accepted: true,
  },
  {
    outcome: 'set-item-status table-row: edited',
    target: (p) => kindOf(p.ref) === 'table-row' && hasStatusSpan(p),
    change: 'other-status',
    accepted: true,
  },
  {
    outcome: 'rename-item checkbox: edited',
    target: ({ ref }) => kindOf(ref) === 'checkbox',
    change: 'rename',
    accepted: true,
  },
  {
    outcome: 'rename-item table-row: edited',
    target: ({ ref }) => kindOf(ref) === 'table-row',
    change: 'rename',
    accepted: true,
  },
  {
    outcome: 'set-milestone-status milestone: edited',
    target: (p) => p.ref.kind === 'milestone' && hasStatusSpan(p),
    change: 'other-status',
    accepted: true,
  },
  {
    outcome: 'set-milestone-status milestone: refused',
    target: (p) => p.ref.kind === 'milestone' && !hasStatusSpan(p),
    change: 'other-status',
  },
];

const DOUBLE_ENCODED: Case = {
  outcome: 'double-encoded file',
  text: (parsed) => parsed.plan.format.doubleEncoded,
  change: 'any',
};

const GENERATED_CASES: Case[] = [
  {
    outcome: 'set-item-status table-row: refused',
    target: (p) => kindOf(p.ref) === 'table-row' && !hasStatusSpan(p),
    change: 'other-status',
  },
  { outcome: 'BOM', text: (parsed) => parsed.plan.format.bom, change: 'any' },
  { outcome: 'CRLF or CR', text: (parsed) => parsed.plan.format.eol !== '\n', change: 'any' },
];

/** The status the emoji after a checkbox title says, in a double-encoded file (else null). */
function emojiStatus(params: { ref: Ref; text: string }): ItemStatus | null {
  const { ref, text } = params;
  if (ref.kind !== 'item' || ref.item.source.kind !== 'checkbox') return null;
  const lines = splitLines(text);
  const end = lines.ends[ref.item.line - 1] ?? text.length;
  const glyph = /✅|✔|☑|🔄|🚧|🟡|❌|⬜|⏳/u.exec(
    repairText(text.slice(ref.item.source.title.end, end)),
  );
  return glyph ? classifyStatus(glyph[0]) : null;
}

/**
 * A status change that must swap a checkbox line's status emoji (edit-checkbox.ts): to todo under
 * an in-progress glyph (🔄 → ❌), to in progress under any other glyph (⏳ → 🔄).
 */
const EMOJI_SWAPPED: Case = {
  outcome: 'status emoji swapped in a double-encoded file',
  text: (parsed) => parsed.plan.format.doubleEncoded,
  target: ({ ref, text }) => emojiStatus({ ref, text }) !== null,
  statuses: ({ ref, text }) => {
    const now = ref.kind === 'item' ? ref.item.status : null;
    const to = emojiStatus({ ref, text }) === 'in-progress' ? 'todo' : 'in-progress';
    return to === now ? [] : [to];
  },
  change: 'other-status',
  accepted: true,
};

/** Texts and ops such that every run is an instance of `c`. */
function caseArb(params: { texts: fc.Arbitrary<string>; c: Case }): fc.Arbitrary<[string, Op]> {
  const { texts, c } = params;
  return texts
    .map((text) => ({ text, parsed: parsePlan({ text }) }))
    .filter(({ parsed }) => c.text?.(parsed) ?? true)
    .map(({ text, parsed }) => {
      const all = refsOf(parsed);
      const candidates = all.filter(
        (ref) =>
          (c.target?.({ ref, text, parsed }) ?? true) &&
          (c.statuses?.({ ref, text }) ?? otherStatuses(ref)).length > 0,
      );
      return { text, parsed, all, candidates };
    })
    .filter(({ candidates }) => candidates.length > 0)
    .chain(({ text, parsed, all, candidates }) =>
      fc
        .record({ ref: fc.constantFrom(...candidates), op: opArb, which: fc.nat() })
        .map(({ ref, op, which }): [string, Op, ParseResult, Ref] => {
          // The op that makes pickRef return `ref`.
          const kinds = [...new Set(all.map(kindOf))];
          const ofKind = all.filter((r) => kindOf(r) === kindOf(ref));
          const others = c.statuses?.({ ref, text }) ?? otherStatuses(ref);
          return [
            text,
            {
              ...op,
              kind: kinds.indexOf(kindOf(ref)),
              pick: ofKind.indexOf(ref),
              rename: c.change === 'any' ? op.rename : c.change === 'rename',
              status: c.change === 'any' ? op.status : (others[which % others.length] ?? op.status),
            },
            parsed,
            ref,
          ];
        }),
    )
    .filter(([text, op, parsed, ref]) => {
      if (c.accepted !== true) return true;
      const { change, target } = changeFor({ ref, op });
      if (expectedRefusal({ parsed, ref, change, target }) !== null) return false;
      if (change.kind === 'rename-item' && target.title === (ref.kind === 'item' && ref.item.title))
        return false;
      const spans = rewrittenSpans({ text, ref, change });
      return !formRestsOn({ text, spans, doubleEncoded: parsed.plan.format.doubleEncoded });
    })
    .map(([text, op]) => [text, op]);
}

const CASE_RUNS = 10;

describe.each([
  {
    name: 'the seed plans',
    texts: seedText,
    cases: [...EDITED_CASES, DOUBLE_ENCODED],
    damaged: false,
  },
  {
    name: 'generated plans',
    texts: generatedText,
    cases: [...EDITED_CASES, DOUBLE_ENCODED, ...GENERATED_CASES],
    damaged: false,
  },
  {
    name: 'generated double-encoded plans',
    texts: damagedText,
    cases: [...EDITED_CASES, ...GENERATED_CASES, EMOJI_SWAPPED],
    damaged: true,
  },
])('planEdits properties on $name', ({ texts, cases, damaged }) => {
  it(`single changes: (1) bytes outside edits, (2) exact model change, (3) idempotent — ${RUNS} runs`, () => {
    fc.assert(
      fc.property(texts, opArb, (text, op) => {
        checkOne({ text, op, tally: new Tally() });
      }),
      { numRuns: RUNS },
    );
  });

  // Coverage by construction: each kind of run is drawn on purpose, never counted after the fact.
  it.each(cases.map((c) => [c.outcome, c] as const))(
    `single changes cover: %s — ${CASE_RUNS} runs`,
    (outcome, c) => {
      fc.assert(
        fc.property(caseArb({ texts, c }), ([text, op]) => {
          const tally = new Tally();
          checkOne({ text, op, tally });
          expect([...tally.counts.keys()]).toContain(outcome);
        }),
        { numRuns: CASE_RUNS },
      );
    },
  );

  if (damaged) {
    it(`a damaged plan reads as double-encoded exactly when it has non-ASCII text — ${RUNS} runs`, () => {
      fc.assert(
        fc.property(texts, (text) => {
          const plain = repairText(text.replace(/^\uFEFF/, ''));
          expect(parsePlan({ text }).plan.format.doubleEncoded).toBe(/[^\t\n\r -~]/.test(plain));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`(4) change and change back restore the text — ${RUNS} runs`, () => {
    fc.assert(
      fc.property(texts, opArb, (text, op) => {
        checkRoundTrip({ text, op, tally: new Tally() });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    // A rename is undone to the very text only when the old title was plain (no Markdown).
    [
      'restored exactly',
      {
        ...(EDITED_CASES[2] as Case),
        target: ({ ref }) =>
          ref.kind === 'item' &&
          kindOf(ref) === 'checkbox' &&
          toPlainText(ref.item.title) === ref.item.title,
      } as Case,
    ],
    ['restored as a model', EDITED_CASES[4] as Case],
  ])(`(4) covers: %s — ${CASE_RUNS} runs`, (outcome, c) => {
    fc.assert(
      fc.property(caseArb({ texts, c }), ([text, op]) => {
        const tally = new Tally();
        checkRoundTrip({ text, op, tally });
        expect([...tally.counts.keys()]).toContain(outcome);
      }),
      { numRuns: CASE_RUNS },
    );
  });

  it(`batches of up to four changes: (1) and (2) for all of them at once — ${RUNS} runs`, () => {
    fc.assert(
      fc.property(texts, fc.array(opArb, { minLength: 1, maxLength: 4 }), (text, ops) => {
        checkBatch({ text, ops, tally: new Tally() });
      }),
      { numRuns: RUNS },
    );
  });

  it(`batches cover: three or four accepted changes at once — ${CASE_RUNS} runs`, () => {
    // Distinct targets with a span for their status, each set to a status it does not have.
    const batchArb = texts
      .map((text) => ({ text, parsed: parsePlan({ text }) }))
      .map(({ text, parsed }) => {
        const all = refsOf(parsed);
        const kinds = [...new Set(all.map(kindOf))];
        const ops = all
          .filter((ref) => hasStatusSpan({ ref }))
          .map((ref) => ({
            kind: kinds.indexOf(kindOf(ref)),
            pick: all.filter((r) => kindOf(r) === kindOf(ref)).indexOf(ref),
            rename: false,
            status: otherStatuses(ref)[0] as ItemStatus,
            title: 'unused',
          }));
        return { text, parsed, ops };
      })
      .filter(({ ops }) => ops.length >= 3)
      .chain(({ text, parsed, ops }) =>
        fc
          .shuffledSubarray(ops, { minLength: 3, maxLength: Math.min(4, ops.length) })
          .map((picked) => ({ text, parsed, ops: picked })),
      )
      .filter(({ text, parsed, ops }) => {
        // Not a batch whose edits the file's encoding form rests on (then some are withheld).
        const spans = ops.flatMap((op) => {
          const ref = pickRef({ parsed, op }) as Ref;
          return rewrittenSpans({ text, ref, change: changeFor({ ref, op }).change });
        });
        return !formRestsOn({ text, spans, doubleEncoded: parsed.plan.format.doubleEncoded });
      });
    fc.assert(
      fc.property(batchArb, ({ text, ops }) => {
        const tally = new Tally();
        checkBatch({ text, ops, tally });
        expect([...tally.counts.keys()]).toContain(`batch of ${ops.length}`);
      }),
      { numRuns: CASE_RUNS },
    );
  });
});
