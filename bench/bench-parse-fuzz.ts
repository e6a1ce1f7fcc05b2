/**
 * Linearity of parsePlan on adversarial inputs (`npm run bench -- --only parse-fuzz`): every
 * family of bench/adversarial-shapes.ts parsed at n, 2n, 4n, 8n and 16n, and the growth of the
 * parse time per doubling (2 is linear, 4 quadratic); then a grid of one-line runs (each unit ×
 * each context) at n and 16n. Times are CPU time of this process (`process.cpuUsage`), not wall
 * time, so other work on the machine disturbs them less. Tests never assert timings; this is where
 * super-linear growth shows up (test/plan/parse-plan.fuzz.test.ts checks the same inputs for
 * crashes and invariants).
 */
import { parsePlan } from '../src/plan/parse-plan.js';
import type { BenchContext, BenchSection } from './section-types.js';
import { RUN_CONTEXTS, RUN_UNITS, adversarialFamilies } from './adversarial-shapes.js';
import { readSeeds } from './read-seeds.js';
import { median, yieldToEventLoop } from './time-runs.js';
import { renderTable } from './markdown-table.js';
import { KIB, formatBytes, formatCount, formatMs } from './format-units.js';

/** Growth per doubling above which a family counts as super-linear (when it holds). */
const SUPER_LINEAR = 2.5;

export const benchSection: BenchSection = {
  id: 'parse-fuzz',
  title: 'Parser fuzz: growth of parse time per doubling on adversarial inputs',
  run: runParseFuzzBench,
};

let sink: unknown;

/** CPU ms of one `parsePlan`: median of runs, each a batch of calls lasting ≥ `minRunMs`. */
async function cpuTime(params: { text: string; runs: number; minRunMs: number }): Promise<number> {
  const { text } = params;
  const once = () => {
    const before = process.cpuUsage();
    sink = parsePlan({ text });
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  once();
  const first = Math.max(once(), 0.01);
  const iterations = Math.min(1000, Math.max(1, Math.ceil(params.minRunMs / first)));
  const perCall: number[] = [];
  for (let r = 0; r < params.runs; r++) {
    await yieldToEventLoop();
    const before = process.cpuUsage();
    for (let i = 0; i < iterations; i++) sink = parsePlan({ text });
    const used = process.cpuUsage(before);
    perCall.push((used.user + used.system) / 1000 / iterations);
  }
  return median(perCall);
}

/** The count whose file is about `bytes` long (sizes grow linearly with the count). */
function countFor(params: { make: (n: number) => string; bytes: number }): number {
  const small = params.make(100).length;
  const large = params.make(200).length;
  const perUnit = Math.max(1, (large - small) / 100);
  return Math.max(1, Math.round(params.bytes / perUnit));
}

/**
 * Super-linear: the median growth and the growth of both last doublings (the largest inputs,
 * where fixed costs and timer noise matter least) exceed SUPER_LINEAR.
 */
const verdict = (ratios: number[]) =>
  median(ratios) > SUPER_LINEAR && ratios.slice(-2).every((r) => r > SUPER_LINEAR)
    ? '**super-linear**'
    : 'linear';

async function runParseFuzzBench(context: BenchContext): Promise<string> {
  const quick = context.quick;
  const families = adversarialFamilies({ seeds: readSeeds(context.root) });
  const doublings = quick ? 2 : 4;
  const largestBytes = (quick ? 64 : 256) * KIB;
  const rows: string[][] = [];
  let worst = { name: '', ratio: 0 };
  const flagged: string[] = [];
  for (const family of families) {
    context.log(`parse-fuzz: ${family.name}`);
    const base = Math.max(
      1,
      Math.round(countFor({ make: family.make, bytes: largestBytes }) / 2 ** doublings),
    );
    const times: number[] = [];
    let bytes = 0;
    for (let d = 0; d <= doublings; d++) {
      const text = family.make(base * 2 ** d);
      bytes = Buffer.byteLength(text, 'utf8');
      times.push(await cpuTime({ text, runs: quick ? 3 : 5, minRunMs: quick ? 2 : 10 }));
    }
    const ratios = times.slice(1).map((t, i) => t / (times[i] as number));
    const growth = median(ratios);
    if (growth > worst.ratio) worst = { name: family.name, ratio: growth };
    const v = verdict(ratios);
    if (v !== 'linear') flagged.push(family.name);
    rows.push([
      family.name,
      `${formatCount(base)} ${family.unit}`,
      formatBytes(bytes),
      times.map(formatMs).join(' / '),
      ratios.map((r) => r.toFixed(2)).join(' / '),
      growth.toFixed(2),
      v,
    ]);
  }

  context.log('parse-fuzz: one-line runs grid');
  const grid = await runGrid({ quick });

  const out: string[] = [
    `Each family is parsed at n, 2n, …, ${2 ** doublings}n (n chosen so that the largest file is about ${formatBytes(largestBytes)}). ` +
      'Time: median CPU ms of one `parsePlan` (`process.cpuUsage`, user + system, over batches of calls), after one warm-up call. ' +
      `"Growth" is the time ratio per doubling of the input (2 = linear, 4 = quadratic); a family is **super-linear** when the median ratio and both last ratios (the largest inputs) exceed ${SUPER_LINEAR}. ` +
      'Families: bench/adversarial-shapes.ts; the same mutations are fuzzed for crashes and invariants in test/plan/parse-plan.fuzz.test.ts.',
    '',
    renderTable({
      header: [
        'family',
        'n',
        `size at ${2 ** doublings}n`,
        'CPU ms at n / 2n / …',
        'growth per doubling',
        'median',
        'verdict',
      ],
      rows,
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    }),
    '',
    `Worst family: **${worst.name}**, median growth ${worst.ratio.toFixed(2)} per doubling. ` +
      (flagged.length === 0
        ? 'No family is super-linear.'
        : `Super-linear: ${flagged.join('; ')}.`),
    '',
    '### One-line runs: every unit in every context',
    '',
    grid,
  ];
  return out.join('\n');
}

/**
 * Each context × unit at a run of about `n` and `16n` characters; growth per doubling is
 * (t16n / tn)^(1/4). Reports, per context, the unit that grows fastest.
 */
async function runGrid(params: { quick: boolean }): Promise<string> {
  const { quick } = params;
  const small = quick ? 1000 : 2000;
  const factor = 16;
  const rows: string[][] = [];
  let over = 0;
  let measured = 0;
  for (const [name, make] of Object.entries(RUN_CONTEXTS)) {
    let worst = { unit: '', growth: 0, times: [0, 0] };
    for (const unit of RUN_UNITS) {
      const run = (chars: number) => make(unit.repeat(Math.ceil(chars / unit.length)));
      const a = await cpuTime({ text: run(small), runs: 3, minRunMs: quick ? 2 : 5 });
      const b = await cpuTime({ text: run(small * factor), runs: 3, minRunMs: quick ? 2 : 5 });
      const growth = (b / a) ** (1 / Math.log2(factor));
      measured++;
      if (growth > SUPER_LINEAR) over++;
      if (growth > worst.growth) worst = { unit, growth, times: [a, b] };
    }
    rows.push([
      name,
      `\`${JSON.stringify(worst.unit).slice(1, -1).replace(/`/g, 'ˋ')}\``,
      `${formatMs(worst.times[0] ?? 0)} / ${formatMs(worst.times[1] ?? 0)}`,
      worst.growth.toFixed(2),
    ]);
  }
  return [
    `${RUN_UNITS.length} units (space, tab, \`*\`, \`_\`, \`[\`, \`#1 \`, \`@a \`, 🔄, a lone surrogate, NUL, …) repeated to about ${formatCount(small)} and ${formatCount(small * factor)} characters in each of ${Object.keys(RUN_CONTEXTS).length} places of a plan. ` +
      `Growth per doubling = (CPU ms at ${factor}× / CPU ms at 1×)^(1/${Math.log2(factor)}); the table shows each context's fastest-growing unit. ` +
      `${over} of ${measured} measurements grew faster than ${SUPER_LINEAR} per doubling.`,
    '',
    renderTable({
      header: [
        'context',
        'fastest-growing unit',
        `CPU ms at 1× / ${factor}×`,
        'growth per doubling',
      ],
      rows,
      align: ['left', 'left', 'right', 'right'],
    }),
  ].join('\n');
}

/** The last parse result (never read; exported so no call can be optimised away). */
export function lastParse(): unknown {
  return sink;
}
