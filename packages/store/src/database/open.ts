import { join } from 'node:path';
import type { Database } from './database';
import { openPglite, type EmbeddedTuning } from './pglite';
import { openPostgres } from './postgres';

/** Where to find the database. */
export interface OpenDatabaseOptions {
  /** `postgres://…`: use that PostgreSQL server. Takes precedence over `dataDir`. */
  databaseUrl?: string;
  /**
   * Junction's data directory: PGlite keeps its files in `<dataDir>/pgdata` (next to `master.key`).
   * @default undefined — an in-memory PGlite, gone when closed
   */
  dataDir?: string;
  /** @default 'lean' */
  embeddedTuning?: EmbeddedTuning;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, else embedded PGlite.
 * Does not migrate; call {@link migrate} next.
 *
 * @example
 * const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.junction' });
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  // A subdirectory keeps Postgres' own files apart from master.key and whatever else Junction keeps there.
  return openPglite(opts.dataDir === undefined ? undefined : join(opts.dataDir, 'pgdata'), opts.embeddedTuning);
}
