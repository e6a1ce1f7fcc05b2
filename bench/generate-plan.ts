import type { SeededRandom } from './seeded-random.js';
import { createSeededRandom } from './seeded-random.js';
import {
  CRITERIA,
  DESCRIPTIONS,
  ITEM_SUFFIXES,
  MILESTONE_NAMES,
  OBJECTS,
  PHASE_NAMES,
  PHASE_STATUS,
  PRIORITY_LINES,
  PROJECT_NAMES,
  PROSE_SENTENCES,
  QUALIFIERS,
  RISK_LINES,
  STATUS_LINES,
  TABLE_PRIORITY,
  TABLE_STATUS,
  VERBS,
} from './plan-vocabulary.js';

/**
 * The five seed styles (test/fixtures/seeds/SEEDS.md), each one kind of milestone block:
 * - `phases` (enterprise-rust): `## Phase N` containing `### MN.k` milestones with checkbox lists,
 *   plain-bullet descriptions and nested checkboxes;
 * - `checkpoints` (axum-cloudflare): `### ✅ Checkpoint N.k` with `**Status**: ⏳ PENDING`,
 *   `**Target Completion**: Day N`, a `**Deliverables**:` pseudo-heading and success criteria;
 * - `milestones` (elemta): `### Milestone N` with `**Target Date**: 2026-03-31`, a status and a
 *   priority, `**Deliverables**:` and success criteria;
 * - `tables` (eutlas): `## Phase N` as the milestone, `### Goals` checkboxes and
 *   `| Task | Priority | Status |` tables with ✅ 🔄 ❌ (written as plain UTF-8, not double-encoded);
 * - `tasks` (feature-flags): `# Milestone N — …` with `## Tasks` (deeply nested checkboxes) and
 *   `## Acceptance Criteria`. Level-1 headings would swallow the `##` phases after them, so these
 *   blocks are all written at the end of the file, as in a plan that grew by appending.
 */
export type PlanStyle = 'phases' | 'checkpoints' | 'milestones' | 'tables' | 'tasks';

export const PLAN_STYLES: readonly PlanStyle[] = [
  'phases',
  'checkpoints',
  'milestones',
  'tables',
  'tasks',
];

/** Density used when only one of `bytes` / `deliverables` is given: 10,000 deliverables per MiB. */
export const BYTES_PER_DELIVERABLE = (1024 * 1024) / 10_000;

export interface GeneratePlanOptions {
  /**
   * Target size in UTF-8 bytes. The text lands within a few hundred bytes of it unless the
   * requested deliverables alone need more room (then it is as small as the structure allows;
   * `stats.bytes` says what was written). Default: `deliverables × BYTES_PER_DELIVERABLE`.
   */
  bytes?: number;
  /**
   * Exact number of deliverables (checkboxes + task-table rows). Default:
   * `bytes / BYTES_PER_DELIVERABLE`, or 100 when neither is given.
   */
  deliverables?: number;
  /** PRNG seed; the same options always give the same text. Default 1. */
  seed?: number;
  /** Line ending. Default `\n`. */
  eol?: '\n' | '\r\n';
}

export interface GeneratedPlanStats {
  /** UTF-8 size of the text. */
  bytes: number;
  /** The size that was asked for (or derived from `deliverables`). */
  targetBytes: number;
  /** What `parsePlan` must find: every checkbox (nested ones included) plus every task-table row. */
  deliverables: number;
  checkboxes: number;
  /** Checkboxes nested under another checkbox (included in `checkboxes`). */
  nestedCheckboxes: number;
  tableRows: number;
  /** Deliverables written as done (`[x]` or ✅). */
  done: number;
  /** Headings that carry deliverables, i.e. the milestones `parsePlan` must find. */
  milestones: number;
  milestonesByStyle: Record<PlanStyle, number>;
  /** Number of lines (the text ends with a line ending). */
  lines: number;
  seed: number;
}

export interface GeneratedPlan {
  text: string;
  stats: GeneratedPlanStats;
}

/** Realistic plan Markdown of a target size; see `generatePlanWithStats`. */
export function generatePlan(options: GeneratePlanOptions = {}): string {
  return generatePlanWithStats(options).text;
}

/**
 * Deterministic, realistic plan Markdown mixing the five seed styles, plus the counts a parser
 * must find in it. Pure: depends only on `options`.
 *
 * How the size is hit: the structure (headings, metadata, every deliverable) is written first and
 * is always kept; prose, item descriptions, success criteria, risk notes and dependency lines are
 * optional blocks, taken in a seeded random order while they fit the remaining bytes; an appendix
 * of prose fills whatever is still missing.
 */
export function generatePlanWithStats(options: GeneratePlanOptions = {}): GeneratedPlan {
  const { targetBytes, deliverables } = resolveTargets(options);
  const seed = options.seed ?? 1;
  const eol = options.eol ?? '\n';
  if (eol !== '\n' && eol !== '\r\n') {
    throw new RangeError(`Unexpected eol ${JSON.stringify(eol)}, expected "\\n" or "\\r\\n"`);
  }
  const writer = new PlanWriter({ rng: createSeededRandom(seed), eolBytes: eol.length });
  writer.writeDocument({ deliverables });
  const written = writer.counts.checkboxes + writer.counts.tableRows;
  if (written !== deliverables) {
    throw new Error(`generatePlan wrote ${written} deliverables instead of ${deliverables}`);
  }
  const lines = writer.render({ targetBytes });
  const text = lines.join(eol) + eol;
  const counts = writer.counts;
  return {
    text,
    stats: {
      bytes: Buffer.byteLength(text, 'utf8'),
      targetBytes,
      deliverables: counts.checkboxes + counts.tableRows,
      checkboxes: counts.checkboxes,
      nestedCheckboxes: counts.nestedCheckboxes,
      tableRows: counts.tableRows,
      done: counts.done,
      milestones: PLAN_STYLES.reduce((n, style) => n + counts.milestonesByStyle[style], 0),
      milestonesByStyle: { ...counts.milestonesByStyle },
      lines: lines.length,
      seed,
    },
  };
}

function resolveTargets(options: GeneratePlanOptions): {
  targetBytes: number;
  deliverables: number;
} {
  const { bytes, deliverables } = options;
  if (bytes !== undefined && !(Number.isInteger(bytes) && bytes > 0)) {
    throw new RangeError(`Unexpected bytes ${bytes}, expected a positive whole number`);
  }
  if (deliverables !== undefined && !(Number.isInteger(deliverables) && deliverables >= 0)) {
    throw new RangeError(`Unexpected deliverables ${deliverables}, expected a whole number ≥ 0`);
  }
  const count =
    deliverables ??
    (bytes !== undefined ? Math.max(1, Math.round(bytes / BYTES_PER_DELIVERABLE)) : 100);
  return { targetBytes: bytes ?? Math.round(count * BYTES_PER_DELIVERABLE), deliverables: count };
}

/** A run of lines that is kept or dropped as a whole. */
interface Part {
  lines: string[];
  /** Optional parts never contain deliverables or headings that own deliverables. */
  optional: boolean;
  /** Preceded by a blank line (dropped with the part). */
  blankBefore: boolean;
}

interface Counts {
  checkboxes: number;
  nestedCheckboxes: number;
  tableRows: number;
  done: number;
  milestonesByStyle: Record<PlanStyle, number>;
}

const STYLE_WEIGHTS: readonly [PlanStyle, number][] = [
  ['phases', 0.25],
  ['checkpoints', 0.2],
  ['milestones', 0.2],
  ['tables', 0.2],
  ['tasks', 0.15],
];

const START_DAY = Date.UTC(2026, 0, 5);
const PROSE_WIDTH = 100;

class PlanWriter {
  readonly counts: Counts = {
    checkboxes: 0,
    nestedCheckboxes: 0,
    tableRows: 0,
    done: 0,
    milestonesByStyle: { phases: 0, checkpoints: 0, milestones: 0, tables: 0, tasks: 0 },
  };
  private readonly rng: SeededRandom;
  private readonly eolBytes: number;
  private readonly head: Part[] = [];
  private readonly trailing: Part[] = [];
  private target: Part[] = this.head;
  private remaining = 0;
  private phase = 0;
  private milestone = 0;
  private day = 0;
  private issue = 100;
  private titles = new Set<string>();

  constructor(params: { rng: SeededRandom; eolBytes: number }) {
    this.rng = params.rng;
    this.eolBytes = params.eolBytes;
  }

  writeDocument(params: { deliverables: number }): void {
    const { rng } = this;
    this.remaining = params.deliverables;
    this.part({ lines: [`# ${rng.pick(PROJECT_NAMES)} Roadmap`], blankBefore: false });
    this.part({ lines: this.prose(1) });
    this.part({ lines: this.prose(rng.int({ min: 1, max: 3 })), optional: true });
    this.part({
      lines: [
        '## Current Status Overview',
        '',
        '**Project Phase**: Foundation Setup',
        '**Overall Progress**: 0% (0/10 checkpoints completed)',
      ],
      optional: true,
    });
    while (this.remaining > 0) {
      const style = this.pickStyle();
      this.target = style === 'tasks' ? this.trailing : this.head;
      this.writeChapter(style);
    }
    this.target = this.head;
    this.writeTail();
  }

  /** Chooses the optional parts to keep and returns the document's lines. */
  render(params: { targetBytes: number }): string[] {
    const all = [...this.head, ...this.trailing];
    let budget = params.targetBytes;
    for (const part of all) if (!part.optional) budget -= this.cost(part);
    const optional = all.filter((part) => part.optional);
    const optionalBytes = optional.reduce((n, part) => n + this.cost(part), 0);
    const kept = new Set<Part>();
    if (optionalBytes <= budget) {
      for (const part of optional) kept.add(part);
      budget -= optionalBytes;
      for (const part of this.appendix({ budget })) {
        this.head.push(part);
        kept.add(part);
      }
    } else {
      for (const part of this.rng.shuffle(optional)) {
        const cost = this.cost(part);
        if (cost <= budget) {
          kept.add(part);
          budget -= cost;
        }
      }
    }
    const lines: string[] = [];
    for (const part of [...this.head, ...this.trailing]) {
      if (part.optional && !kept.has(part)) continue;
      if (part.blankBefore && lines.length > 0) lines.push('');
      for (const line of part.lines) lines.push(line);
    }
    return lines;
  }

  private cost(part: Part): number {
    let bytes = part.blankBefore ? this.eolBytes : 0;
    for (const line of part.lines) bytes += Buffer.byteLength(line, 'utf8') + this.eolBytes;
    return bytes;
  }

  private part(params: { lines: string[]; optional?: boolean; blankBefore?: boolean }): void {
    this.target.push({
      lines: params.lines,
      optional: params.optional ?? false,
      blankBefore: params.blankBefore ?? true,
    });
  }

  private pickStyle(): PlanStyle {
    let roll = this.rng.next();
    for (const [style, weight] of STYLE_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return style;
    }
    return 'phases';
  }

  /** Takes up to `max` (at least `min`) of the deliverables still to write. */
  private take(range: { min: number; max: number }): number {
    const taken = Math.min(this.remaining, this.rng.int(range));
    this.remaining -= taken;
    return taken;
  }

  private writeChapter(style: PlanStyle): void {
    const { rng } = this;
    this.phase++;
    const p = this.phase;
    const phaseName = rng.pick(PHASE_NAMES);
    switch (style) {
      case 'phases': {
        this.part({ lines: [`## Phase ${p}: ${phaseName} (M${p})`] });
        this.part({
          lines: [
            `**Timeframe**: ${rng.int({ min: 2, max: 6 })}-${rng.int({ min: 7, max: 9 })} weeks`,
          ],
          optional: true,
        });
        const count = rng.int({ min: 2, max: 5 });
        for (let k = 1; k <= count && this.remaining > 0; k++) {
          const week = rng.int({ min: 1, max: 8 });
          this.startMilestone(style);
          this.part({
            lines: [`### M${p}.${k}: ${rng.pick(MILESTONE_NAMES)} (Week ${week}-${week + 1})`],
          });
          this.part({ lines: this.prose(rng.int({ min: 1, max: 3 })), optional: true });
          this.checklist({ quota: this.take({ min: 2, max: 16 }), nesting: 0.3, firstBlank: true });
        }
        break;
      }
      case 'checkpoints': {
        this.part({
          lines: [`## Phase ${p}: ${phaseName} (Week ${rng.int({ min: 1, max: 12 })})`],
        });
        const count = rng.int({ min: 2, max: 4 });
        for (let k = 1; k <= count && this.remaining > 0; k++) {
          this.startMilestone(style);
          const low = rng.int({ min: 2, max: 8 });
          this.part({
            lines: [
              `### ✅ Checkpoint ${p}.${k}: ${rng.pick(MILESTONE_NAMES)}`,
              `**Status**: ${rng.pick(STATUS_LINES)}  `,
              `**Target Completion**: Day ${(this.day += rng.int({ min: 1, max: 4 }))}  `,
              `**Estimated Effort**: ${low}-${low + 2} hours`,
            ],
          });
          this.part({ lines: ['**Deliverables**:'] });
          this.checklist({ quota: this.take({ min: 2, max: 8 }), nesting: 0, firstBlank: false });
          this.criteria();
          this.part({
            lines: [
              `**Dependencies**: Checkpoint ${p}.${Math.max(1, k - 1)} completed  `,
              '**Blockers**: None identified',
            ],
            optional: true,
          });
          this.part({ lines: ['---'] });
        }
        break;
      }
      case 'milestones': {
        this.part({ lines: [`## Release ${p}: ${phaseName}`] });
        this.part({ lines: this.prose(rng.int({ min: 1, max: 2 })), optional: true });
        const count = rng.int({ min: 2, max: 6 });
        for (let k = 1; k <= count && this.remaining > 0; k++) {
          this.startMilestone(style);
          this.day += rng.int({ min: 3, max: 14 });
          this.part({
            lines: [
              `### Milestone ${this.milestone}: ${rng.pick(MILESTONE_NAMES)}`,
              `**Target Date**: ${isoDay(this.day)}  `,
              `**Status**: ${rng.pick(STATUS_LINES)}  `,
              `**Priority**: ${rng.pick(PRIORITY_LINES)}`,
            ],
          });
          this.part({ lines: ['**Deliverables**:'] });
          this.checklist({ quota: this.take({ min: 2, max: 8 }), nesting: 0, firstBlank: false });
          this.criteria();
          this.part({
            lines: [
              `**Dependencies**: Milestone ${Math.max(1, this.milestone - 1)} completion`,
              `**Risk Level**: ${rng.pick(RISK_LINES)}`,
            ],
            optional: true,
          });
          this.part({ lines: ['---'] });
        }
        break;
      }
      case 'tables': {
        this.startMilestone(style);
        const quota = this.take({ min: 6, max: 40 });
        const goals = Math.min(quota, rng.int({ min: 2, max: 6 }));
        const backend = Math.ceil((quota - goals) * 0.6);
        const frontend = quota - goals - backend;
        const weeks = rng.int({ min: 1, max: 20 });
        this.part({
          lines: [
            `## Phase ${p}: ${phaseName}`,
            `**Duration:** Weeks ${weeks}-${weeks + rng.int({ min: 1, max: 3 })}`,
            `**Status:** ${rng.pick(PHASE_STATUS)}`,
          ],
        });
        this.part({ lines: ['### Goals'] });
        this.checklist({ quota: goals, nesting: 0, firstBlank: false });
        if (backend > 0) {
          this.part({ lines: ['### Backend Tasks'] });
          this.table({ rows: backend, status: true });
        }
        if (frontend > 0) {
          this.part({ lines: ['### Frontend Tasks'] });
          this.table({ rows: frontend, status: rng.chance(0.5) });
        }
        this.part({
          lines: ['### Acceptance Criteria', ...this.bullets({ list: CRITERIA, indent: '' })],
          optional: true,
        });
        this.part({ lines: ['---'] });
        break;
      }
      case 'tasks': {
        this.startMilestone(style);
        const quota = this.take({ min: 6, max: 45 });
        const criteria = quota > 3 ? Math.min(quota - 1, rng.int({ min: 2, max: 5 })) : 0;
        this.part({ lines: [`# Milestone ${this.milestone} — ${rng.pick(MILESTONE_NAMES)}`] });
        this.part({ lines: ['## Tasks'] });
        this.checklist({ quota: quota - criteria, nesting: 0.35, firstBlank: false });
        if (criteria > 0) {
          this.part({ lines: ['## Acceptance Criteria'] });
          this.checklist({ quota: criteria, nesting: 0, firstBlank: false });
        }
        this.part({ lines: ['---'] });
        break;
      }
    }
  }

  private startMilestone(style: PlanStyle): void {
    this.milestone++;
    this.counts.milestonesByStyle[style]++;
    this.titles = new Set();
  }

  /**
   * Writes exactly `quota` checkboxes (nested ones count) as one list. With probability `nesting`
   * an item gets 2–6 checkbox children (and they, less often, grandchildren).
   */
  private checklist(params: { quota: number; nesting: number; firstBlank: boolean }): void {
    let left = params.quota;
    let first = true;
    const write = (item: { indent: string; depth: number }): void => {
      const { rng } = this;
      const done = rng.chance(0.3);
      left--;
      this.counts.checkboxes++;
      if (item.depth > 0) this.counts.nestedCheckboxes++;
      if (done) this.counts.done++;
      this.part({
        lines: [`${item.indent}- [${done ? 'x' : ' '}] ${this.title({ suffixes: true })}`],
        blankBefore: first && params.firstBlank,
      });
      first = false;
      if (rng.chance(0.45)) {
        this.part({
          lines: this.bullets({ list: DESCRIPTIONS, indent: `${item.indent}  ` }),
          optional: true,
          blankBefore: false,
        });
      }
      const nesting = item.depth === 0 ? params.nesting : item.depth === 1 ? params.nesting / 3 : 0;
      if (left > 0 && rng.chance(nesting)) {
        const children = Math.min(left, rng.int({ min: 2, max: 6 }));
        const stop = left - children;
        while (left > stop) write({ indent: `${item.indent}  `, depth: item.depth + 1 });
      }
    };
    while (left > 0) write({ indent: '', depth: 0 });
  }

  private table(params: { rows: number; status: boolean }): void {
    const { rng } = this;
    const lines = params.status
      ? ['| Task | Priority | Status |', '|------|----------|--------|']
      : ['| Task | Priority |', '|------|----------|'];
    for (let r = 0; r < params.rows; r++) {
      const title = this.title({ suffixes: false });
      const priority = rng.pick(TABLE_PRIORITY);
      if (params.status) {
        const status = rng.pick(TABLE_STATUS);
        if (status === '✅') this.counts.done++;
        lines.push(`| ${title} | ${priority} | ${status} |`);
      } else {
        lines.push(`| ${title} | ${priority} |`);
      }
    }
    this.counts.tableRows += params.rows;
    this.part({ lines, blankBefore: false });
  }

  private criteria(): void {
    this.part({
      lines: ['**Success Criteria**:', ...this.bullets({ list: CRITERIA, indent: '' })],
      optional: true,
    });
  }

  private writeTail(): void {
    const { rng } = this;
    this.part({ lines: ['## Milestone Completion Template'] });
    this.part({ lines: ['When completing a milestone, update this file with the block below.'] });
    this.part({
      lines: [
        '```markdown',
        '### ✅ Checkpoint X.Y: [Name]',
        '**Status**: ✅ COMPLETED on [Date]',
        '**Actual Effort**: [Hours]',
        '',
        '**Completed Deliverables**:',
        '- [x] All deliverable items checked off',
        '```',
      ],
    });
    this.part({
      lines: [
        '## Risk Log',
        '',
        '**Active Risks**:',
        ...this.bullets({ list: PROSE_SENTENCES, indent: '' }),
      ],
      optional: true,
    });
    this.part({ lines: ['## Notes'], optional: true });
    for (let i = rng.int({ min: 1, max: 3 }); i > 0; i--) {
      this.part({ lines: this.prose(rng.int({ min: 2, max: 5 })), optional: true });
    }
  }

  /** Prose paragraphs that fill `budget` bytes as closely as whole sentences allow. */
  private appendix(params: { budget: number }): Part[] {
    const heading: Part = {
      lines: ['## Appendix: Design Notes'],
      optional: false,
      blankBefore: true,
    };
    let budget = params.budget - this.cost(heading);
    const parts: Part[] = [];
    while (budget > 0) {
      const sentences: string[] = [];
      let paragraph: Part | null = null;
      for (let n = this.rng.int({ min: 3, max: 8 }); n > 0; n--) {
        const candidate = [...sentences, this.rng.pick(PROSE_SENTENCES)];
        const part: Part = { lines: wrap(candidate.join(' ')), optional: false, blankBefore: true };
        if (this.cost(part) > budget) break;
        sentences.push(candidate[candidate.length - 1] as string);
        paragraph = part;
      }
      if (!paragraph) break;
      parts.push(paragraph);
      budget -= this.cost(paragraph);
    }
    return parts.length > 0 ? [heading, ...parts] : [];
  }

  private prose(sentences: number): string[] {
    const chosen: string[] = [];
    for (let i = 0; i < sentences; i++) chosen.push(this.rng.pick(PROSE_SENTENCES));
    return wrap(chosen.join(' '));
  }

  private bullets(params: { list: readonly string[]; indent: string }): string[] {
    const count = this.rng.int({ min: 1, max: 4 });
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(`${params.indent}- ${this.rng.pick(params.list)}`);
    return lines;
  }

  /** A deliverable title, distinct within the current milestone. */
  private title(params: { suffixes: boolean }): string {
    const { rng } = this;
    let title = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      title = `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`;
      if (rng.chance(0.4)) title += ` ${rng.pick(QUALIFIERS)}`;
      if (!this.titles.has(title)) break;
    }
    if (this.titles.has(title)) title += ` (part ${this.titles.size + 1})`;
    this.titles.add(title);
    if (params.suffixes && rng.chance(0.12)) {
      title += ` ${rng.pick(ITEM_SUFFIXES).replace('{n}', String(this.issue++))}`;
    }
    return title;
  }
}

function isoDay(day: number): string {
  return new Date(START_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

/** Wraps prose at word boundaries to lines of at most PROSE_WIDTH characters. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > PROSE_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
