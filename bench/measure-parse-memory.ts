/**
 * Child process for the parse memory benchmark. Not a bench section (no `bench-` prefix): the
 * parent forks it with `--expose-gc` so that each measurement starts from a fresh heap.
 *
 * Usage: npx tsx --expose-gc bench/measure-parse-memory.ts <plan file> [<warm-up file>]
 * Reports one ParseMemoryReport as JSON on the IPC channel (or stdout when run by hand).
 */
import { readFileSync } from 'node:fs';
import { parsePlan } from '../src/plan/parse-plan.js';
import { countDeliverables } from './count-deliverables.js';

export interface ParseMemoryReport {
  bytes: number;
  deliverables: number;
  parseMs: number;
  /** Resident set size just before the parse (after GC), in bytes. */
  rssBefore: number;
  /** Peak RSS of the process over its whole life, read just before the parse. */
  maxRssBefore: number;
  /** Peak RSS of the process over its whole life, read just after the parse. */
  maxRssAfter: number;
  /** V8 heap in use just before the parse (after GC), in bytes. */
  heapBefore: number;
  /** V8 heap in use just after the parse, garbage included (no GC in between). */
  heapAfter: number;
  /** V8 heap in use after a full GC with the parse result still referenced. */
  heapRetained: number;
}

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const file = process.argv[2];
  if (!gc || !file) {
    throw new Error(
      'Usage: npx tsx --expose-gc bench/measure-parse-memory.ts <plan file> [<warm-up file>]',
    );
  }
  const text = readFileSync(file, 'utf8');
  const warmup = process.argv[3];
  // A long-running app has the parser compiled already: warm it up on a small file first.
  if (warmup) for (let i = 0; i < 20; i++) parsePlan({ text: readFileSync(warmup, 'utf8') });
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  const result = parsePlan({ text });
  const parseMs = performance.now() - t0;
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const heapAfter = process.memoryUsage().heapUsed;
  gc();
  gc();
  const heapRetained = process.memoryUsage().heapUsed;
  const report: ParseMemoryReport = {
    bytes: Buffer.byteLength(text, 'utf8'),
    deliverables: countDeliverables(result.plan),
    parseMs,
    rssBefore,
    maxRssBefore,
    maxRssAfter,
    heapBefore,
    heapAfter,
    heapRetained,
  };
  if (process.send) process.send(report);
  else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
