import type pg from 'pg';
import { quoteSchema, setUpTables } from './set-up-tables.js';
import type { LedgerOutcome, SyncLedger, SyncLedgerEntry } from './sync-ledger.js';

/** The PostgreSQL `SyncLedger`, plus `ready`, settled once its table exists. */
export interface PostgresSyncLedger extends SyncLedger {
  ready: Promise<void>;
}

/**
 * A `SyncLedger` shared by every process on the database: the table `<schema>.sync_ledger`
 * (`repo_id` primary key), created on start under the schema advisory lock (as
 * postgres-delivery-dedupe.ts). `record` is one upsert that keeps the row whose run started
 * later (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT). Times are the
 * app's clock, stored as ms epoch. Default schema 'milestone_sync'.
 */
export function createPostgresSyncLedger(params: {
  pool: pg.Pool;
  schema?: string;
}): PostgresSyncLedger {
  const { pool } = params;
  const schema = quoteSchema(params.schema);
  const table = `${schema}.sync_ledger`;

  const ready = setUpTables({
    pool,
    schema,
    statements: [
      `create table if not exists ${table} (
           repo_id bigint primary key,
           installation_id bigint not null,
           full_name text not null,
           started_at bigint not null,
           finished_at bigint not null,
           outcome text not null,
           wrote boolean not null
         )`,
      `create index if not exists sync_ledger_installation on ${table} (installation_id)`,
    ],
  });
  ready.catch(() => undefined);

  return {
    ready,
    record: async (entry) => {
      await ready;
      await pool.query(
        `insert into ${table} as kept
           (repo_id, installation_id, full_name, started_at, finished_at, outcome, wrote)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (repo_id) do update set
           installation_id = excluded.installation_id, full_name = excluded.full_name,
           started_at = excluded.started_at, finished_at = excluded.finished_at,
           outcome = excluded.outcome, wrote = excluded.wrote
         where kept.started_at <= excluded.started_at`,
        [
          entry.repoId,
          entry.installationId,
          entry.fullName,
          Math.trunc(entry.startedAt),
          Math.trunc(entry.finishedAt),
          entry.outcome,
          entry.wrote,
        ],
      );
    },
    list: async ({ installationId }) => {
      await ready;
      const { rows } = await pool.query<{
        repo_id: string;
        installation_id: string;
        full_name: string;
        started_at: string;
        finished_at: string;
        outcome: string;
        wrote: boolean;
      }>(`select * from ${table} where installation_id = $1 order by repo_id`, [installationId]);
      return rows.map((row): SyncLedgerEntry => ({
        repoId: Number(row.repo_id),
        installationId: Number(row.installation_id),
        fullName: row.full_name,
        startedAt: Number(row.started_at),
        finishedAt: Number(row.finished_at),
        outcome: row.outcome as LedgerOutcome,
        wrote: row.wrote,
      }));
    },
    forget: async ({ repoIds }) => {
      await ready;
      if (repoIds.length === 0) return;
      await pool.query(`delete from ${table} where repo_id = any($1::bigint[])`, [[...repoIds]]);
    },
  };
}
