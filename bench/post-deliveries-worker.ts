/**
 * Worker thread that POSTs signed webhook deliveries (post-signed-delivery.ts), `limit` in flight,
 * so that their answer times are measured on an event loop of their own, not on the bench's main
 * thread, which also serves the fake GitHub to every replica.
 *
 * Protocol: workerData is PostDeliveriesJob; the worker posts one PostDeliveriesResult and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mapConcurrently, postSignedDelivery } from './post-signed-delivery.js';

export interface PostDeliveriesJob {
  secret: string;
  limit: number;
  deliveries: { url: string; event: string; body: string }[];
}

export interface PostDeliveriesResult {
  /** Answer time of each delivery (ms), NaN for one not answered. */
  ms: number[];
  /** Not answered, or answered with a status other than 2xx. */
  failed: number;
  /** From the first POST to the last answer. */
  seconds: number;
}

const port = parentPort;
if (!port) throw new Error('post-deliveries-worker.ts must run as a worker thread');
const job = workerData as PostDeliveriesJob;
let failed = 0;
const started = performance.now();
const ms = await mapConcurrently({
  items: job.deliveries,
  limit: job.limit,
  run: async (delivery) => {
    try {
      const answer = await postSignedDelivery({ ...delivery, secret: job.secret });
      if (answer.status >= 300) failed++;
      return answer.ms;
    } catch {
      failed++;
      return NaN;
    }
  },
});
const result: PostDeliveriesResult = { ms, failed, seconds: (performance.now() - started) / 1000 };
port.postMessage(result);
