import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import { parsePlan } from '../src/plan/parse-plan.js';
import type { BenchContext, BenchSection } from './section-types.js';
import { generatePlanWithStats } from './generate-plan.js';
import { readSeeds } from './read-seeds.js';
import { median, timeRuns } from './time-runs.js';
import { RemarkTimer } from './remark-timer.js';
import { renderTable } from './markdown-table.js';
import {
  KIB,
  MIB,
  formatBytes,
  formatCount,
  formatMibPerSecond,
  formatMs,
} from './format-units.js';

/** A remark parse longer than this is stopped, recorded, and larger inputs are skipped. */
const REMARK_LIMIT_MS = 15_000;
const GENERATOR_SEED = 1;

export const benchSection: BenchSection = {
  id: 'parser-comparison',
  title: 'Markdown parsers compared: markdown-it vs remark (for ADR 0001)',
  run: runComparison,
};

/** markdown-it exactly as src/plan/scan-blocks.ts configures it: block rules only. */
function blockOnlyMarkdownIt(): MarkdownItInstance {
  const md = new MarkdownIt('commonmark', { html: true }).enable('table');
  md.core.ruler.disable(['inline', 'text_join']);
  return md;
}

/** markdown-it with inline parsing, GFM tables and strikethrough: the full parse we avoid. */
function fullMarkdownIt(): MarkdownItInstance {
  return new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);
}

interface Input {
  label: string;
  text: string;
  bytes: number;
}

type Cell = { ms: number; runs: number } | { exceeded: true } | { skipped: true };

async function runComparison(context: BenchContext): Promise<string> {
  const { quick } = context;
  const blockMd = blockOnlyMarkdownIt();
  const fullMd = fullMarkdownIt();
  const seeds = readSeeds(context.root);
  for (let round = 0; round < (quick ? 5 : 40); round++) {
    for (const seed of seeds) {
      parsePlan({ text: seed.text });
      blockMd.parse(seed.text, {});
      fullMd.parse(seed.text, {});
    }
  }
  const remark = new RemarkTimer({
    benchDir: context.benchDir,
    warmup: [...seeds.map((s) => s.text), generatePlanWithStats({ bytes: 32 * KIB }).text],
  });
  try {
    const inputs: Input[] = [
      ...seeds.map((s) => ({ label: `\`${s.name}\``, text: s.text, bytes: s.bytes })),
      ...(quick ? [64 * KIB] : [64 * KIB, 256 * KIB, 680 * KIB, MIB]).map((bytes) => {
        const { text, stats } = generatePlanWithStats({ bytes, seed: GENERATOR_SEED });
        return { label: `generated ${formatBytes(bytes)}`, text, bytes: stats.bytes };
      }),
    ];
    const rows: string[][] = [];
    let remarkStopped = false;
    for (const input of inputs) {
      context.log(`parser-comparison: ${input.label}`);
      const small = input.bytes < 32 * KIB;
      const options = small
        ? { warmup: quick ? 3 : 10, runs: quick ? 3 : 9, minRunMs: quick ? 5 : 25 }
        : { warmup: 2, runs: quick ? 3 : 7, minRunMs: 25 };
      const plan = await timeRuns({ run: () => parsePlan({ text: input.text }), ...options });
      const block = await timeRuns({ run: () => blockMd.parse(input.text, {}), ...options });
      const full = await timeRuns({ run: () => fullMd.parse(input.text, {}), ...options });
      let remarkCell: Cell = { skipped: true };
      if (!remarkStopped) {
        const timing = await remark.measure({
          text: input.text,
          runs: small ? 9 : 3,
          maxTotalMs: quick ? 2_000 : 8_000,
          limitMs: REMARK_LIMIT_MS,
        });
        if (timing.exceeded) {
          remarkCell = { exceeded: true };
          remarkStopped = true;
        } else {
          remarkCell = { ms: median(timing.runs), runs: timing.runs.length };
        }
      }
      rows.push([
        input.label,
        formatBytes(input.bytes),
        rate({ bytes: input.bytes, ms: plan.medianMs }),
        rate({ bytes: input.bytes, ms: block.medianMs }),
        rate({ bytes: input.bytes, ms: full.medianMs }),
        remarkText({ cell: remarkCell, bytes: input.bytes }),
        'ms' in remarkCell ? `${(remarkCell.ms / block.medianMs).toFixed(0)}×` : '—',
      ]);
    }
    const out: string[] = [
      `Versions: ${versions(context.root)}.`,
      '',
      'Each cell: median ms (MiB/s). markdown-it and `parsePlan` run in the bench process after warm-up; ' +
        `remark runs in a worker thread (warmed up on the seeds and a 32 KiB plan) so that a parse over ${REMARK_LIMIT_MS / 1000} s can be stopped; ` +
        'after that, larger inputs are skipped. Small inputs are timed in batches of calls.',
      '',
      '- **markdown-it (block)**: `new MarkdownIt("commonmark", { html: true }).enable("table")` with the `inline` and `text_join` core rules disabled, exactly as `scan-blocks.ts` uses it (`md.parse`).',
      '- **markdown-it (full)**: the same with inline parsing on and GFM strikethrough: a full token stream.',
      '- **remark + GFM**: `unified().use(remarkParse).use(remarkGfm).parse(text)` (mdast with positions, inline included).',
      '- **parsePlan**: the whole plan parser (markdown-it block parse + our scan + milestones + keys).',
      '',
      renderTable({
        header: [
          'input',
          'size',
          'parsePlan',
          'markdown-it (block)',
          'markdown-it (full)',
          'remark + GFM',
          'remark ÷ md-it (block)',
        ],
        rows,
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      }),
    ];
    out.push('');
    for (const line of await scaling({ context, remark, blockMd })) out.push(line);
    return out.join('\n');
  } finally {
    await remark.close();
  }
}

/** Time per item as a document grows, for two list shapes, to expose super-linear parsers. */
async function scaling(params: {
  context: BenchContext;
  remark: RemarkTimer;
  blockMd: MarkdownItInstance;
}): Promise<string[]> {
  const { context, remark, blockMd } = params;
  const shapes = [
    {
      name: 'one long task list',
      unit: 'item',
      counts: context.quick ? [500, 1_000] : [1_000, 2_000, 4_000, 8_000, 16_000],
      make: (n: number) => taskList(n),
    },
    {
      name: 'many short task lists (`### Milestone n` + 3 checkboxes each)',
      unit: 'milestone',
      counts: context.quick ? [250, 500] : [500, 1_000, 2_000, 4_000],
      make: (n: number) => shortLists(n),
    },
  ];
  const out: string[] = [
    '### Scaling on long task lists',
    '',
    'Median ms of one parse and µs per unit; "×" is the time ratio to the previous row (the input doubles each row, so ≈ 2× is linear, ≈ 4× is quadratic). ' +
      `remark: one to three runs per row, stopped after ${REMARK_LIMIT_MS / 1000} s.`,
  ];
  for (const shape of shapes) {
    const rows: string[][] = [];
    let last: { plan: number; md: number; remark: number | null } | null = null;
    let remarkStopped = false;
    for (const n of shape.counts) {
      context.log(`parser-comparison: ${shape.name} × ${n}`);
      const text = shape.make(n);
      const bytes = Buffer.byteLength(text, 'utf8');
      const plan = await timeRuns({ run: () => parsePlan({ text }), warmup: 1, runs: 3 });
      const md = await timeRuns({ run: () => blockMd.parse(text, {}), warmup: 1, runs: 3 });
      let remarkMs: number | null = null;
      let remarkText = 'skipped';
      if (!remarkStopped) {
        const timing = await remark.measure({
          text,
          runs: 3,
          maxTotalMs: 1_500,
          limitMs: REMARK_LIMIT_MS,
        });
        if (timing.exceeded) {
          remarkStopped = true;
          remarkText = `> ${REMARK_LIMIT_MS / 1000} s, stopped`;
        } else {
          remarkMs = median(timing.runs);
          remarkText = `${formatMs(remarkMs)} ms`;
        }
      }
      const growth = (now: number, before: number | null | undefined) =>
        before ? ` (${(now / before).toFixed(1)}×)` : '';
      rows.push([
        formatCount(n),
        formatBytes(bytes),
        `${formatMs(plan.medianMs)} ms${growth(plan.medianMs, last?.plan)}`,
        `${((plan.medianMs * 1000) / n).toFixed(1)}`,
        `${formatMs(md.medianMs)} ms${growth(md.medianMs, last?.md)}`,
        remarkMs === null ? remarkText : `${remarkText}${growth(remarkMs, last?.remark)}`,
        remarkMs === null ? '—' : `${((remarkMs * 1000) / n).toFixed(0)}`,
      ]);
      last = { plan: plan.medianMs, md: md.medianMs, remark: remarkMs };
    }
    out.push(
      '',
      `**${shape.name}**`,
      '',
      renderTable({
        header: [
          `${shape.unit}s`,
          'size',
          'parsePlan',
          `parsePlan µs/${shape.unit}`,
          'markdown-it (block)',
          'remark + GFM',
          `remark µs/${shape.unit}`,
        ],
        rows,
        align: ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
      }),
    );
  }
  return out;
}

function taskList(n: number): string {
  const lines: string[] = ['# Tasks', ''];
  for (let i = 1; i <= n; i++)
    lines.push(`- [${i % 3 === 0 ? 'x' : ' '}] Implement task ${i} of the plan`);
  return `${lines.join('\n')}\n`;
}

function shortLists(n: number): string {
  const lines: string[] = ['# Plan', ''];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `### Milestone ${i}`,
      '',
      `- [ ] Design step ${i}`,
      `- [x] Build step ${i}`,
      `- [ ] Ship step ${i}`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

function rate(params: { bytes: number; ms: number }): string {
  return `${formatMs(params.ms)} (${formatMibPerSecond(params)})`;
}

function remarkText(params: { cell: Cell; bytes: number }): string {
  const { cell } = params;
  if ('exceeded' in cell) return `> ${REMARK_LIMIT_MS / 1000} s, stopped; larger inputs skipped`;
  if ('skipped' in cell) return 'skipped';
  return rate({ bytes: params.bytes, ms: cell.ms });
}

function versions(root: string): string {
  return ['markdown-it', 'unified', 'remark-parse', 'remark-gfm', 'micromark']
    .map((name) => {
      try {
        const manifest = readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8');
        return `${name} ${(JSON.parse(manifest) as { version: string }).version}`;
      } catch {
        return `${name} (version unknown)`;
      }
    })
    .join(', ');
}
