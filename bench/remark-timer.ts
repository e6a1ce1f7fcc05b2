import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { RemarkJob, RemarkMessage } from './remark-worker.js';
import { startTsWorker } from './start-ts-worker.js';

export interface RemarkTiming {
  /** Time of each completed run, in ms. */
  runs: number[];
  /** A run was stopped after `limitMs`. */
  exceeded: boolean;
}

/**
 * Times remark (remark-parse + remark-gfm) in a worker thread, one job at a time, with a hard
 * limit per parse. After a parse is stopped the worker is replaced by a fresh, warmed-up one.
 */
export class RemarkTimer {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly script: URL;
  private readonly warmup: string[];

  constructor(params: { benchDir: string; warmup: string[] }) {
    this.script = pathToFileURL(join(params.benchDir, 'remark-worker.ts'));
    this.warmup = params.warmup;
  }

  async measure(params: RemarkJob & { limitMs: number }): Promise<RemarkTiming> {
    const worker = await this.start();
    const runs: number[] = [];
    return new Promise<RemarkTiming>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          this.worker = null;
          this.ready = null;
          void worker.terminate().then(() => resolve({ runs, exceeded: true }), reject);
        }, params.limitMs);
      };
      const onError = (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onMessage = (message: RemarkMessage) => {
        if (message.kind === 'run') {
          runs.push(message.ms);
          arm();
        } else if (message.kind === 'done') {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          resolve({ runs, exceeded: false });
        }
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      arm();
      const job: RemarkJob = {
        text: params.text,
        runs: params.runs,
        maxTotalMs: params.maxTotalMs,
      };
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }

  private async start(): Promise<Worker> {
    if (this.worker && this.ready) {
      await this.ready;
      return this.worker;
    }
    const worker = startTsWorker({ script: this.script, workerData: { warmup: this.warmup } });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: RemarkMessage) => {
        if (message.kind !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.on('error', reject);
    });
    this.worker = worker;
    this.ready = ready;
    await ready;
    return worker;
  }
}
