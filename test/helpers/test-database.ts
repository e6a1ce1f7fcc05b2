import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server of the database tests: `DATABASE_URL`, else the machine's local server
 * (trust auth, role root, database test). `.ci/run` starts it and exports `DATABASE_URL`.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/**
 * Whether the server answers. In CI (`CI` set) an unreachable server is an error, so the suite
 * fails loudly; elsewhere the database tests are skipped with the reason printed.
 */
export async function databaseReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    const why = `PostgreSQL at ${redact(TEST_DATABASE_URL)} is not reachable: ${(error as Error).message}`;
    if (process.env.CI) {
      throw new Error(`${why} (CI is set: the database tests must run)`, { cause: error });
    }
    console.warn(`Skipping the PostgreSQL tests: ${why}. Start it, or set DATABASE_URL.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  url: string;
  /** A pool on the database, with an error listener (a dropped connection does not crash). */
  pool: (max?: number, applicationName?: string) => pg.Pool;
  /** Ends the pools made here and drops the database. */
  drop: () => Promise<void>;
}

/** A fresh database `milestone_sync_test_<random>` on the test server, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `milestone_sync_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const pools: pg.Pool[] = [];
  return {
    url: url.toString(),
    pool: (max = 10, applicationName?: string) => {
      const pool = new pg.Pool({
        connectionString: url.toString(),
        max,
        application_name: applicationName,
      });
      pool.on('error', () => undefined);
      pool.on('connect', (client) => client.on('error', () => undefined));
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
