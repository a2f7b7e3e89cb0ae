import type { Database, Queryable } from '../database/database';
import { migrations } from './index';

/** Arbitrary but fixed: every Junction process migrating the same database contends for this key. */
const migrationLockKey = 4_242_001;

/**
 * Takes the migration lock for the rest of the transaction, then makes sure the ledger exists.
 * The table is created under the lock because two concurrent CREATE TABLE IF NOT EXISTS can both
 * fail on PostgreSQL's catalog unique index.
 */
async function lockLedger(tx: Queryable): Promise<Set<string>> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
  await tx.query(`CREATE TABLE IF NOT EXISTS junction_migrations (
    id text PRIMARY KEY,
    applied_date timestamptz(3) NOT NULL DEFAULT now()
  )`);
  const rows = await tx.query<{ id: string }>('SELECT id FROM junction_migrations');
  return new Set(rows.map((row) => row.id));
}

/**
 * Applies the migrations this database lacks, each in its own transaction, and returns the ids it
 * applied (empty when already up to date). Safe to run from several processes at once: each
 * transaction holds a PostgreSQL advisory lock and re-reads the ledger before applying.
 *
 * @example
 * const { applied } = await migrate(db); // ['0001-initial'] on a fresh database, then []
 */
export async function migrate(db: Database): Promise<{ applied: string[] }> {
  const applied: string[] = [];
  const done = await db.transaction(lockLedger);
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    const ran = await db.transaction(async (tx) => {
      if ((await lockLedger(tx)).has(migration.id)) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO junction_migrations (id) VALUES ($1)', [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return { applied };
}
