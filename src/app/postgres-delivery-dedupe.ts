import type pg from 'pg';
import type { DeliveryDedupe } from './delivery-dedupe.js';
import { ADVISORY_LOCK_CLASSES } from './advisory-lock-classes.js';

/** The advisory-lock class (two-key form) of milestone-sync's schema setup. */
export const SCHEMA_LOCK_CLASS = ADVISORY_LOCK_CLASSES.schema;

/** The PostgreSQL `DeliveryDedupe`, plus `ready`, settled once its table exists. */
export interface PostgresDeliveryDedupe extends DeliveryDedupe {
  ready: Promise<void>;
}

/**
 * A `DeliveryDedupe` shared by every process on the database: the table `<schema>.deliveries`
 * (`delivery_id` primary key, `seen_at`), created on start (under an advisory lock, so replicas
 * starting together do not race). `claim` is one `INSERT … ON CONFLICT DO NOTHING`: exactly one
 * of several processes claiming the same id at once gets true
 * (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT). Time is the
 * database's. Default schema 'milestone_sync'.
 */
export function createPostgresDeliveryDedupe(params: {
  pool: pg.Pool;
  schema?: string;
}): PostgresDeliveryDedupe {
  const { pool } = params;
  const schema = `"${(params.schema ?? 'milestone_sync').replaceAll('"', '""')}"`;
  const table = `${schema}.deliveries`;

  const ready = (async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1, 0)', [SCHEMA_LOCK_CLASS]);
      await client.query(`create schema if not exists ${schema}`);
      await client.query(
        `create table if not exists ${table} (
           delivery_id text primary key,
           seen_at timestamptz not null default now()
         )`,
      );
      await client.query(`create index if not exists deliveries_seen_at on ${table} (seen_at)`);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  })();
  ready.catch(() => undefined);

  return {
    ready,
    claim: async (deliveryId) => {
      await ready;
      const inserted = await pool.query(
        `insert into ${table} (delivery_id) values ($1) on conflict do nothing`,
        [deliveryId],
      );
      return inserted.rowCount === 1;
    },
    release: async (deliveryId) => {
      await ready;
      await pool.query(`delete from ${table} where delivery_id = $1`, [deliveryId]);
    },
    prune: async ({ olderThanDays }) => {
      await ready;
      const deleted = await pool.query(
        `delete from ${table} where seen_at < now() - $1::float8 * interval '1 day'`,
        [olderThanDays],
      );
      return deleted.rowCount ?? 0;
    },
  };
}
