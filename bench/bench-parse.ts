import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan } from '../src/plan/parse-plan.js';
import type { BenchContext, BenchSection } from './section-types.js';
import type { ParseMemoryReport } from './measure-parse-memory.js';
import { generatePlanWithStats } from './generate-plan.js';
import { countDeliverables } from './count-deliverables.js';
import { readSeeds } from './read-seeds.js';
import { median, timeRuns, yieldToEventLoop } from './time-runs.js';
import { renderTable } from './markdown-table.js';
import {
  KIB,
  MIB,
  formatBytes,
  formatCount,
  formatMegabytes,
  formatMibPerSecond,
  formatMs,
} from './format-units.js';

/** Targets from the parser's design brief. */
const TARGET_MIB_PER_S = 3;
const TARGET_1MIB_MS = 400;
const TARGET_RATIO = 4.4;
const TARGET_PEAK_BYTES = 150e6;
const GENERATOR_SEED = 1;

export const benchSection: BenchSection = {
  id: 'parse',
  title: 'Plan parsing: `parsePlan` throughput, linearity and memory',
  run: runParseBench,
};

interface SizeResult {
  label: string;
  bytes: number;
  deliverables: number;
  medianMs: number;
  minMs: number;
}

async function runParseBench(context: BenchContext): Promise<string> {
  const out: string[] = [];
  const quick = context.quick;

  context.log('parse: seeds');
  const seeds = readSeeds(context.root);
  // Let the JIT settle on every seed style before timing any of them.
  for (let round = 0; round < (quick ? 5 : 40); round++) {
    for (const seed of seeds) parsePlan({ text: seed.text });
  }
  const rates: { label: string; mibPerS: number }[] = [];
  const seedRows: string[][] = [];
  let seedBytes = 0;
  let seedMs = 0;
  for (const seed of seeds) {
    const found = countDeliverables(parsePlan({ text: seed.text }).plan);
    const timing = await timeRuns({
      run: () => parsePlan({ text: seed.text }),
      warmup: quick ? 5 : 20,
      runs: quick ? 5 : 15,
      minRunMs: quick ? 5 : 25,
    });
    rates.push({ label: seed.name, mibPerS: seed.bytes / MIB / (timing.medianMs / 1000) });
    seedBytes += seed.bytes;
    seedMs += timing.medianMs;
    seedRows.push([
      `\`${seed.name}\``,
      formatBytes(seed.bytes),
      formatCount(found),
      formatMs(timing.medianMs),
      formatMs(timing.minMs),
      formatMibPerSecond({ bytes: seed.bytes, ms: timing.medianMs }),
      `${timing.runs} × ${timing.iterations}`,
    ]);
  }
  seedRows.push([
    '**all five**',
    formatBytes(seedBytes),
    '',
    formatMs(seedMs),
    '',
    formatMibPerSecond({ bytes: seedBytes, ms: seedMs }),
    '',
  ]);
  out.push(
    '### Seeds',
    '',
    'Each timed run is a batch of calls lasting at least 25 ms; MiB/s uses the median.',
    '',
    renderTable({
      header: ['seed', 'size', 'deliverables', 'median ms', 'min ms', 'MiB/s', 'runs × calls'],
      rows: seedRows,
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    }),
  );

  const sizes = quick
    ? [
        { label: '64 KiB', bytes: 64 * KIB, warmup: 1, runs: 3 },
        { label: '256 KiB', bytes: 256 * KIB, warmup: 1, runs: 3 },
      ]
    : [
        { label: '256 KiB', bytes: 256 * KIB, warmup: 10, runs: 15 },
        { label: '1 MiB', bytes: MIB, warmup: 4, runs: 9 },
        { label: '4 MiB', bytes: 4 * MIB, warmup: 2, runs: 5 },
      ];
  const results: SizeResult[] = [];
  const sizeRows: string[][] = [];
  for (const size of sizes) {
    context.log(`parse: generated ${size.label}`);
    const generated = generatePlanWithStats({ bytes: size.bytes, seed: GENERATOR_SEED });
    const { text, stats } = generated;
    const found = countDeliverables(parsePlan({ text }).plan);
    const timing = await timeRuns({
      run: () => parsePlan({ text }),
      warmup: size.warmup,
      runs: size.runs,
    });
    rates.push({
      label: `generated ${size.label}`,
      mibPerS: stats.bytes / MIB / (timing.medianMs / 1000),
    });
    results.push({
      label: size.label,
      bytes: stats.bytes,
      deliverables: stats.deliverables,
      medianMs: timing.medianMs,
      minMs: timing.minMs,
    });
    sizeRows.push([
      size.label,
      formatCount(stats.bytes),
      formatCount(stats.lines),
      `${formatCount(stats.deliverables)}${found === stats.deliverables ? '' : ` (found ${formatCount(found)}!)`}`,
      formatCount(stats.milestones),
      formatMs(timing.medianMs),
      formatMs(timing.minMs),
      formatMs(timing.gcMedianMs),
      formatMibPerSecond({ bytes: stats.bytes, ms: timing.medianMs }),
      String(timing.runs),
    ]);
  }
  out.push(
    '',
    '### Generated plans',
    '',
    `\`generatePlanWithStats({ bytes, seed: ${GENERATOR_SEED} })\` (bench/generate-plan.ts): the five seed styles mixed, 10,000 deliverables per MiB. ` +
      'Every run parses the same string; warm-up runs are not timed. "GC ms" is the garbage collection time inside a run (median), from `gc` performance entries.',
    '',
    renderTable({
      header: [
        'size',
        'bytes',
        'lines',
        'deliverables',
        'milestones',
        'median ms',
        'min ms',
        'GC ms',
        'MiB/s',
        'runs',
      ],
      rows: sizeRows,
      align: [
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
      ],
    }),
  );

  const largest = results[results.length - 1] as SizeResult;
  const previous = results[results.length - 2] as SizeResult;
  const ratio = largest.medianMs / previous.medianMs;
  const sizeRatio = largest.bytes / previous.bytes;
  out.push(
    '',
    `Linearity: ${largest.label} / ${previous.label} median time = **${ratio.toFixed(2)}** for ${sizeRatio.toFixed(2)}× the bytes ` +
      `(${formatMs(largest.medianMs)} ms / ${formatMs(previous.medianMs)} ms; ratio of the fastest runs ${(largest.minMs / previous.minMs).toFixed(2)}).`,
  );

  context.log('parse: input shapes');
  out.push('', '### Input shapes that scale badly', '');
  for (const line of await shapes({ quick })) out.push(line);

  context.log('parse: memory (child processes)');
  const memory = await measureMemory({ context, sizes: quick ? [256 * KIB] : [MIB, 4 * MIB] });
  out.push('', '### Peak memory of one parse', '', memory.markdown);

  if (!quick) {
    const oneMib = results.find((r) => r.label === '1 MiB');
    const slowest = rates.reduce((a, b) => (b.mibPerS < a.mibPerS ? b : a));
    const check = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
    out.push(
      '',
      '### Targets',
      '',
      renderTable({
        header: ['target', 'measured', ''],
        rows: [
          [
            `≥ ${TARGET_MIB_PER_S} MiB/s on every seed and generated plan`,
            `slowest: ${slowest.label}, ${slowest.mibPerS.toFixed(2)} MiB/s (median)`,
            check(slowest.mibPerS >= TARGET_MIB_PER_S),
          ],
          [
            `1 MiB with ~10,000 deliverables in < ${TARGET_1MIB_MS} ms`,
            oneMib ? `${formatMs(oneMib.medianMs)} ms (median)` : 'not run',
            check(oneMib !== undefined && oneMib.medianMs < TARGET_1MIB_MS),
          ],
          [`4 MiB / 1 MiB time ≤ ${TARGET_RATIO}`, ratio.toFixed(2), check(ratio <= TARGET_RATIO)],
          [
            'peak RSS increase of the 1 MiB parse < 150 MB',
            memory.oneMibPeak === null ? 'not run' : formatMegabytes(memory.oneMibPeak),
            check(memory.oneMibPeak !== null && memory.oneMibPeak < TARGET_PEAK_BYTES),
          ],
        ],
      }),
    );
  }
  return out.join('\n');
}

/**
 * Forks `measure-parse-memory.js` with `--expose-gc` once per run, so that every measurement
 * starts from a fresh process whose peak RSS is not inflated by the benchmark itself.
 */
async function measureMemory(params: {
  context: BenchContext;
  sizes: number[];
}): Promise<{ markdown: string; oneMibPeak: number | null }> {
  const { context } = params;
  const dir = mkdtempSync(join(tmpdir(), 'milestone-sync-bench-'));
  try {
    const warmupFile = join(dir, 'warmup.md');
    writeFileSync(warmupFile, readSeeds(context.root)[0]?.text ?? '# Empty\n');
    const rows: string[][] = [];
    let oneMibPeak: number | null = null;
    for (const bytes of params.sizes) {
      const file = join(dir, `plan-${bytes}.md`);
      writeFileSync(file, generatePlanWithStats({ bytes, seed: GENERATOR_SEED }).text);
      const runs = context.quick || bytes > MIB ? 1 : 3;
      const reports: ParseMemoryReport[] = [];
      for (let i = 0; i < runs; i++) {
        reports.push(
          await forkMemoryChild({
            script: join(context.benchDir, 'measure-parse-memory.ts'),
            file,
            warmupFile,
          }),
        );
      }
      const pick = (f: (r: ParseMemoryReport) => number) => median(reports.map(f));
      const peakIncrease = pick((r) => r.maxRssAfter - r.rssBefore);
      const raisedPeak = reports.every((r) => r.maxRssAfter > r.maxRssBefore);
      if (bytes === MIB) oneMibPeak = peakIncrease;
      const first = reports[0] as ParseMemoryReport;
      rows.push([
        formatBytes(bytes),
        formatCount(first.deliverables),
        String(runs),
        formatMegabytes(pick((r) => r.rssBefore)),
        formatMegabytes(pick((r) => r.maxRssAfter)),
        `**${raisedPeak ? '' : '≥ '}${formatMegabytes(peakIncrease)}**`,
        formatMegabytes(pick((r) => r.heapBefore)),
        formatMegabytes(pick((r) => r.heapAfter - r.heapBefore)),
        formatMegabytes(pick((r) => r.heapRetained - r.heapBefore)),
        formatMs(pick((r) => r.parseMs)),
      ]);
    }
    const markdown = [
      'Method: for each run the bench writes the generated plan to a temporary file and forks a fresh `node --expose-gc bench/measure-parse-memory.ts <file>` (TypeScript, under tsx). ' +
        'The child reads the file, warms the parser up on a seed (20 parses), runs two full GCs, records RSS and heap, runs **one** `parsePlan`, then reads the process peak RSS (`process.resourceUsage().maxRSS`) and the heap; ' +
        'then it runs two more GCs with the result still referenced. **Peak RSS increase** = peak RSS after the parse − RSS just before it (marked ≥ when the parse did not raise the process peak, i.e. the increase is only a lower bound). ' +
        'Heap columns are `process.memoryUsage().heapUsed` deltas: "heap after parse" includes garbage not yet collected; "heap retained" is what the returned plan keeps alive. Medians over the runs; MB = 10^6 bytes.',
      '',
      renderTable({
        header: [
          'input',
          'deliverables',
          'runs',
          'RSS before',
          'peak RSS',
          'peak RSS increase',
          'heap before',
          'heap after parse (Δ)',
          'heap retained (Δ)',
          'parse ms (one cold-ish run)',
        ],
        rows,
        align: [
          'left',
          'right',
          'right',
          'right',
          'right',
          'right',
          'right',
          'right',
          'right',
          'right',
        ],
      }),
    ].join('\n');
    return { markdown, oneMibPeak };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function forkMemoryChild(params: {
  script: string;
  file: string;
  warmupFile: string;
}): Promise<ParseMemoryReport> {
  return new Promise((resolve, reject) => {
    const child = fork(params.script, [params.file, params.warmupFile], {
      // The parent's flags carry tsx's loader (the child is TypeScript) to the child.
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: ParseMemoryReport | null = null;
    child.on('message', (message) => {
      report = message as ParseMemoryReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`measure-parse-memory.ts exited with code ${code} without a report`));
    });
  });
}

/**
 * Small inputs whose parse time grows faster than their size (or that make the parser throw),
 * kept small so that the bench stays fast; each row doubles the input. Known problems of
 * src/plan, measured here so that a fix shows up in the report.
 */
async function shapes(params: { quick: boolean }): Promise<string[]> {
  const probes = [
    {
      name: 'one-line paragraph `**Deliverables** ` + N spaces + `x`',
      counts: params.quick ? [2_500, 5_000] : [5_000, 10_000, 20_000],
      make: (n: number) => `**Deliverables** ${' '.repeat(n)}x\n`,
    },
    {
      name: 'checkbox `- [ ] ` + N × `@ab ` + `x`',
      counts: params.quick ? [1_000, 2_000] : [2_000, 4_000, 8_000],
      make: (n: number) => `## M\n\n- [ ] ${'@ab '.repeat(n)}x\n`,
    },
    {
      name: 'checkbox `- [ ] Task` + N × ` P1`',
      counts: params.quick ? [1_000, 2_000] : [2_000, 4_000, 8_000],
      make: (n: number) => `## M\n\n- [ ] Task${' P1'.repeat(n)}\n`,
    },
    {
      name: 'N checkboxes `- [ ] tN` under one heading',
      counts: params.quick ? [10_000] : [75_000, 150_000],
      make: (n: number) =>
        `## M\n\n${Array.from({ length: n }, (_, i) => `- [ ] t${i}`).join('\n')}\n`,
    },
  ];
  const rows: string[][] = [];
  for (const probe of probes) {
    let previous: number | null = null;
    for (const n of probe.counts) {
      const text = probe.make(n);
      const started = performance.now();
      let outcome: string;
      try {
        parsePlan({ text });
        const ms = performance.now() - started;
        outcome = `${formatMs(ms)} ms${previous ? ` (${(ms / previous).toFixed(1)}×)` : ''}`;
        previous = ms;
      } catch (error) {
        outcome = `**throws** ${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message : String(error)} (after ${formatMs(performance.now() - started)} ms)`;
        previous = null;
      }
      await yieldToEventLoop();
      rows.push([
        probe.name,
        formatCount(n),
        formatBytes(Buffer.byteLength(text, 'utf8')),
        outcome,
      ]);
    }
  }
  return [
    'One parse each, after the runs above. "×" compares with the row above (input doubled: 2× is linear, 4× quadratic).',
    '',
    renderTable({
      header: ['shape', 'N', 'size', 'parsePlan'],
      rows,
      align: ['left', 'right', 'right', 'left'],
    }),
  ];
}
