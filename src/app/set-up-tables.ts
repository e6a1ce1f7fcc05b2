import type pg from 'pg';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';

/** `name` (default `milestone_sync`) as a quoted SQL identifier. */
export function quoteSchema(name: string | undefined): string {
  return `"${(name ?? 'milestone_sync').replaceAll('"', '""')}"`;
}

/**
 * Creates `schema` and runs `statements` (each `create … if not exists`) on `client`, which the
 * caller has in a transaction: the schema lock (a transaction-level advisory lock) makes replicas
 * starting together set up one after another, since `create … if not exists` alone races
 * (https://www.postgresql.org/docs/current/sql-createtable.html).
 */
export async function createTablesInTransaction(params: {
  client: Pick<pg.ClientBase, 'query'>;
  schema: string;
  statements: readonly string[];
}): Promise<void> {
  const { client } = params;
  await client.query('select pg_advisory_xact_lock($1, 0)', [ADVISORY_LOCK_CLASSES.schema]);
  await client.query(`create schema if not exists ${params.schema}`);
  for (const statement of params.statements) await client.query(statement);
}

/** `createTablesInTransaction` in a transaction of its own, on a connection of `pool`. */
export async function setUpTables(params: {
  pool: pg.Pool;
  schema: string;
  statements: readonly string[];
}): Promise<void> {
  const client = await params.pool.connect();
  try {
    await client.query('begin');
    await createTablesInTransaction({ client, ...params });
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
