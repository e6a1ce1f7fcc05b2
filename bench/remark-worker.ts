/**
 * Worker thread that times `unified().use(remarkParse).use(remarkGfm).parse`. Running remark in a
 * worker lets the parent stop a parse that exceeds its time limit (`worker.terminate()` interrupts
 * synchronous code), which keeps the whole bench within its time budget.
 *
 * Protocol: workerData is `{ warmup: string[] }`; the parent posts RemarkJob messages; the worker
 * answers `ready` once, then `run` after every timed parse and `done` after each job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';

export interface RemarkJob {
  text: string;
  runs: number;
  /** Stop starting new runs once this much time has been spent on the job. */
  maxTotalMs: number;
}

export type RemarkMessage = { kind: 'ready' } | { kind: 'run'; ms: number } | { kind: 'done' };

const port = parentPort;
if (!port) throw new Error('remark-worker.js must run as a worker thread');
const processor = unified().use(remarkParse).use(remarkGfm).freeze();
for (const text of (workerData as { warmup: string[] }).warmup) processor.parse(text);
const post = (message: RemarkMessage) => port.postMessage(message);
port.on('message', (job: RemarkJob) => {
  let total = 0;
  for (let i = 0; i < job.runs && (i === 0 || total < job.maxTotalMs); i++) {
    const t0 = performance.now();
    processor.parse(job.text);
    const ms = performance.now() - t0;
    total += ms;
    post({ kind: 'run', ms });
  }
  post({ kind: 'done' });
});
post({ kind: 'ready' });
