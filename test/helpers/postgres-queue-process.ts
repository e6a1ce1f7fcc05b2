/**
 * A queue process for the crash test (test/app/postgres-sync-queue.test.ts): opens the
 * PostgreSQL queue `argv[3]` on database `argv[2]`, queues one request for key 'k', prints
 * `started <input>` when its run starts, and never finishes that run: the test kills it there.
 */
import pg from 'pg';
import { createPostgresSyncQueue } from '../../src/app/postgres-sync-queue.js';

const [url, name] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => undefined);
pool.on('connect', (client) => client.on('error', () => undefined));
const queue = createPostgresSyncQueue<string[]>({
  pool,
  name,
  pollIntervalMs: 50,
  run: ({ input }) => {
    process.stdout.write(`started ${input.join('+')}\n`);
    return new Promise<never>(() => undefined);
  },
  merge: ({ waiting, next }) => [...waiting, ...next],
  onError: () => undefined,
});
await queue.ready;
await queue.enqueue({ key: 'k', input: ['e1'] });
