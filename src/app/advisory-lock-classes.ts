/**
 * Every PostgreSQL advisory-lock class milestone-sync takes, in one place so two features never
 * pick the same one. A class is the first key of the two-key form `pg_advisory_lock(int4, int4)`:
 * other users of the database (graphile-worker, other apps), whose one-key `bigint` locks live in
 * another key space, never collide with these
 * (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
 * The base is 'MSYN' in ASCII.
 */
const BASE = 0x4d53594e;

export const ADVISORY_LOCK_CLASSES = {
  /** Per repository, held around each sync (postgres-repo-lock.ts). */
  repo: BASE,
  /** Schema setup of the `milestone_sync` tables, one process at a time. */
  schema: BASE + 1,
  /** Per process, held while it lives (postgres-worker-liveness.ts). */
  liveness: BASE + 2,
  /** Per installation, around each paced write (postgres-write-pacer.ts). */
  writePacing: BASE + 3,
  /** One recovery sweep at a time (postgres-sweep-lock.ts). */
  sweep: BASE + 4,
  /** Per repository, around each pull-request preview, apart from the syncs' lock. */
  preview: BASE + 5,
} as const;
