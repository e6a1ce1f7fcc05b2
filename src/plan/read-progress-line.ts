/**
 * Reads one line of prose as a progress statement: a label ending in “Progress”, bold or plain,
 * then a percentage, a count or both.
 *
 * Recognised (contract):
 * - the label starts the line (after indentation, `>` quotes, one list marker and an emoji) and
 *   ends in “progress”: `**Overall Progress**:`, `**Progress:**`, `__Progress__:`, `*Progress*:`,
 *   `Progress:`, `Phase 2 Progress:`; a plain (not emphasised) label is title case
 *   (`Overall Progress`, not `we track progress`); `In Progress` / `Work in progress` are not
 *   progress labels (they list what is under way);
 * - the value starts with `N%` (`40%`, `33.3 %`), `a/b` or `a of b`, optionally wrapped in
 *   emphasis or backticks, and holds at most one percentage and one count: `40% (4/10 tasks
 *   completed)`, `4/10 (40%)`, `0% (0/10 checkpoints completed)`, `3 of 12 milestones done`;
 *   other text around them is kept as it is;
 * - the unit is the word after the count (or after `N% of`): milestone words (milestones,
 *   checkpoints, phases, stages, sprints, epics, iterations, releases, versions) count milestones;
 *   deliverable words (tasks, items, deliverables, checkboxes, todos, issues, features, stories,
 *   goals, requirements, criteria, objectives, steps, checks) or no unit (`4/10`, `4/10 done`)
 *   count deliverables. Any other word (`3/4 weeks`, `50% of users`) or a count of what is left
 *   (`3/10 remaining`) is not a progress statement this app can keep true: not recognised.
 *
 * Pure; offsets are UTF-16 indexes into `line`.
 */

export interface RawNumber {
  value: number;
  start: number;
  end: number;
}

export interface RawProgressLine {
  label: string;
  unit: string | null;
  /** What the unit names; null when there is no unit. */
  unitKind: 'milestones' | 'deliverables' | null;
  percent: (RawNumber & { decimals: number }) | null;
  done: RawNumber | null;
  total: RawNumber | null;
}

const LABEL =
  /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\p{Extended_Pictographic}\uFE0F?[ \t]*)?(\*\*|__|\*|_)?[ \t]*(?:\p{Extended_Pictographic}\uFE0F?[ \t]*)?((?:[\p{L}\p{N}][\p{L}\p{N}.&'’-]*[ \t]+){0,5}?progress)[ \t]*(?::[ \t]*\1|\1[ \t]*:)/iu;
const UNDER_WAY = /(?:^|[ \t])in[ \t]+progress$/i;
/** Emphasis or a backtick that may wrap the value, then the value's first number. */
const VALUE_START = /^[ \t]*(?:\*\*|__|\*|_|`)?[ \t]*/;
const PERCENT = /(?<![\p{L}\p{N}.,/])(\d{1,3}(?:\.(\d{1,3}))?)[ \t]?%/gu;
const RATIO =
  /(?<![\p{L}\p{N}.,/])(\d{1,6})([ \t]*\/[ \t]*|[ \t]+of[ \t]+)(\d{1,6})(?![\p{N}/]|[.,]\d)/giu;
const WORD_AFTER = /^[ \t]+([\p{L}][\p{L}-]*)/u;
const OF_WORD_AFTER = /^[ \t]+of[ \t]+([\p{L}][\p{L}-]*)/iu;

const MILESTONE_UNIT =
  /^(?:milestones?|checkpoints?|phases?|stages?|sprints?|epics?|iterations?|releases?|versions?)$/i;
const DELIVERABLE_UNIT =
  /^(?:tasks?|sub-?tasks?|items?|deliverables?|checkbox(?:es)?|boxes|to-?dos?|issues?|features?|stor(?:y|ies)|goals?|requirements?|criteria|criterion|objectives?|steps?|checks?)$/i;
/** Words after a count that say it is a count of what is done: no unit. */
const DONE_WORD = /^(?:completed?|done|finished|closed|achieved|delivered|shipped)$/i;

export function readProgressLine(line: string): RawProgressLine | null {
  if (!/progress/i.test(line)) return null;
  const label = LABEL.exec(line);
  if (!label) return null;
  const open = label[1];
  const name = (label[2] ?? '').trim();
  if (UNDER_WAY.test(name)) return null;
  if (open === undefined && !name.split(/[ \t]+/).every((word) => /^[\p{Lu}\p{N}]/u.test(word)))
    return null;
  const valueStart =
    label[0].length + (VALUE_START.exec(line.slice(label[0].length))?.[0].length ?? 0);
  const value = line.slice(valueStart);
  const percents = [...value.matchAll(PERCENT)];
  const ratios = [...value.matchAll(RATIO)];
  if (percents.length > 1 || ratios.length > 1) return null;
  const percent = percents[0];
  const ratio = ratios[0];
  if (!percent && !ratio) return null;
  if (percent?.index !== 0 && ratio?.index !== 0) return null;

  let unit: string | null = null;
  if (ratio) {
    const after = WORD_AFTER.exec(value.slice((ratio.index ?? 0) + ratio[0].length))?.[1];
    if (after !== undefined && !DONE_WORD.test(after)) unit = after;
  }
  if (unit === null && percent) {
    unit = OF_WORD_AFTER.exec(value.slice((percent.index ?? 0) + percent[0].length))?.[1] ?? null;
  }
  let unitKind: RawProgressLine['unitKind'] = null;
  if (unit !== null) {
    if (MILESTONE_UNIT.test(unit)) unitKind = 'milestones';
    else if (DELIVERABLE_UNIT.test(unit)) unitKind = 'deliverables';
    else return null;
  }

  const at = (index: number | undefined) => valueStart + (index ?? 0);
  let done: RawNumber | null = null;
  let total: RawNumber | null = null;
  if (ratio) {
    const a = ratio[1] ?? '';
    const separator = ratio[2] ?? '';
    const b = ratio[3] ?? '';
    const start = at(ratio.index);
    done = { value: Number(a), start, end: start + a.length };
    const totalStart = start + a.length + separator.length;
    total = { value: Number(b), start: totalStart, end: totalStart + b.length };
  }
  let percentNumber: RawProgressLine['percent'] = null;
  if (percent) {
    const digits = percent[1] ?? '';
    const start = at(percent.index);
    percentNumber = {
      value: Number(digits),
      decimals: (percent[2] ?? '').length,
      start,
      end: start + digits.length,
    };
  }
  return { label: name, unit, unitKind, percent: percentNumber, done, total };
}
