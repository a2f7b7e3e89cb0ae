import { Pool, types as pgTypes, type CustomTypesConfig, type PoolClient } from 'pg';
import type { Database, Queryable } from './database';
import { oids, parseInt8, parseTimestamptz } from './type-parsers';

// pg-types' TypeId enum lacks the array OIDs, hence the wider signature.
const builtinParser = pgTypes.getTypeParser as (oid: number, format?: 'text' | 'binary') => (text: string) => unknown;

/** Parses `{a,b,NULL}` with pg's text[] parser, then each element with `parse`. */
function arrayOf(parse: (text: string) => unknown): (text: string) => unknown[] {
  const parseTextArray = builtinParser(oids.textArray) as (text: string) => (string | null)[];
  return (text) => parseTextArray(text).map((item) => (item === null ? null : parse(item)));
}

const parsersByOid = new Map<number, (text: string) => unknown>([
  [oids.int8, parseInt8],
  [oids.int8Array, arrayOf(parseInt8)],
  [oids.timestamptz, parseTimestamptz],
  [oids.timestamptzArray, arrayOf(parseTimestamptz)],
]);

// Per pool rather than pg.types.setTypeParser, which would change every other pg user in the process.
const typeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    parsersByOid.get(oid) ?? builtinParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

function queryable(client: Pool | PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      return (await client.query(sql, params)).rows as T[];
    },
  };
}

/** Opens a pool of up to 10 connections to the PostgreSQL server at `databaseUrl`. */
export function openPostgres(databaseUrl: string): Database {
  const pool = new Pool({ connectionString: databaseUrl, max: 10, types: typeParsers });
  // An idle connection dropped by the server emits 'error' on the pool; without a listener that
  // crashes the process. The next query reports the problem to its caller instead.
  pool.on('error', () => undefined);
  const direct = queryable(pool);
  let closed = false;
  return {
    engine: 'postgres',
    query: (sql, params) => direct.query(sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        // COMMIT of a transaction that already failed (an error the callback caught) answers
        // ROLLBACK instead of raising; PGlite throws in that case, so do the same.
        const commit = await client.query('COMMIT');
        if (commit.command === 'ROLLBACK') throw new Error('Transaction was aborted and has been rolled back');
        client.release();
        return result;
      } catch (err) {
        // A failed ROLLBACK means the connection is unusable: release(true) destroys it.
        const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
        client.release(!rolledBack);
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
