import type pg from 'pg';
import type { DeliveryDedupe } from './delivery-dedupe.js';
import { quoteSchema, setUpTables } from './set-up-tables.js';

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
  const schema = quoteSchema(params.schema);
  const table = `${schema}.deliveries`;

  const ready = setUpTables({
    pool,
    schema,
    statements: [
      `create table if not exists ${table} (
           delivery_id text primary key,
           seen_at timestamptz not null default now()
         )`,
      `create index if not exists deliveries_seen_at on ${table} (seen_at)`,
    ],
  });
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
