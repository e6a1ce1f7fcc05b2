import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve-command.js';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { readSeed } from '../helpers/read-fixture.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase, databaseReachable } from '../helpers/test-database.js';
import { privateKey } from './app-helpers.js';
import { freePort } from '../helpers/free-port.js';

const BASE_ENV = { APP_ID: '4242', PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: 'serve-secret' };
const reachable = await databaseReachable();
let database: TestDatabase;

beforeAll(async () => {
  if (!reachable) return;
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!reachable)('milestone-sync serve with DATABASE_URL', () => {
  it('sets up the schemas, syncs through the durable queue, reports health, and stops', async () => {
    const fake = createFakeGitHub({ webhookSecret: 'serve-secret' });
    fake.createRepo({
      fullName: 'acme/plan',
      files: {
        'MILESTONES.md': readSeed('elemta-MILESTONES.md'),
        '.github/milestone-sync.yml': 'dashboard: true\n',
      },
    });
    const api = await fake.listen();
    const stop = new AbortController();
    let errors = '';
    let listening!: (info: { url: string }) => void;
    const ready = new Promise<{ url: string }>((resolve) => {
      listening = resolve;
    });
    const served = serveCommand({
      env: {
        ...BASE_ENV,
        GITHUB_API_URL: `${api.url}/api/v3`,
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
      },
      writeError: (text) => {
        errors += text;
      },
      signal: stop.signal,
      onListening: listening,
    });
    try {
      const { url } = await ready;
      const health = (await (await fetch(`${url}/health`)).json()) as { database: string };
      expect(health.database).toBe('ok');
      fake.webhooks.addTarget(`${url}/api/github/webhooks`);
      fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
      await fake.webhooks.idle();
      // The sync runs from the database queue: wait for its dashboard (24 deliverables + 1).
      for (let i = 0; i < 300 && fake.repo('acme/plan').issues.size < 25; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Health reads the queue from the database: a job another replica stored (here, straight
      // into graphile-worker's table, due in an hour) counts as waiting at once, and no more
      // once it is gone, although this process neither enqueued nor ran it.
      const pool = database.pool(1, 'health-check');
      const healthOf = async () =>
        (await (await fetch(`${url}/health`)).json()) as {
          queue: { running: number; waiting: number };
          database: string;
        };
      await pool.query(
        `select graphile_worker.add_job('milestone-sync', '[]'::json, queue_name => 'milestone-sync/999',
                                        job_key => 'milestone-sync/999', run_at => now() + interval '1 hour')`,
      );
      expect(await healthOf()).toEqual({ queue: { running: 0, waiting: 1 }, database: 'ok' });
      await pool.query(`select graphile_worker.remove_job('milestone-sync/999')`);
      expect(await healthOf()).toEqual({ queue: { running: 0, waiting: 0 }, database: 'ok' });
    } finally {
      stop.abort();
      expect(await served).toBe(0);
      await api.close();
    }
    expect(fake.repo('acme/plan').milestones.size).toBe(6);
    expect([...fake.repo('acme/plan').issues.values()]).toHaveLength(25);
    expect(errors).toBe('');
    fake.assertNoViolations();
  });

  it('a database that cannot be reached: exit 1, nothing listens', async () => {
    let errors = '';
    let listened = false;
    const code = await serveCommand({
      env: {
        ...BASE_ENV,
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        DATABASE_URL: `postgres://nobody@127.0.0.1:${await freePort()}/none`,
      },
      writeError: (text) => {
        errors += text;
      },
      signal: new AbortController().signal,
      onListening: () => {
        listened = true;
      },
    });
    expect(code).toBe(1);
    expect(listened).toBe(false);
    expect(errors).toMatch(/^milestone-sync: cannot start the server: /);
  });
});
