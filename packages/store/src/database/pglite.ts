import { mkdirSync } from 'node:fs';
import type { Database, Queryable } from './database';
import { PgliteWorkerClient } from './pglite-worker-client';
import type { WorkerField } from './pglite-worker-source';
import { ConnectionGate } from './connection-gate';
import { oids, parseInt8, parseTimestamptz } from './type-parsers';

/** Applies `parse` to a value PGlite left as text, or to every element of such an array. */
function deep(parse: (text: string) => unknown): (value: unknown) => unknown {
  const apply = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(apply) : typeof value === 'string' ? parse(value) : value;
  return apply;
}

const parsersByOid = new Map<number, (value: unknown) => unknown>([
  [oids.int8, deep(parseInt8)],
  [oids.int8Array, deep(parseInt8)],
  [oids.timestamptz, deep(parseTimestamptz)],
  [oids.timestamptzArray, deep(parseTimestamptz)],
]);

function normalise<T>(rows: Record<string, unknown>[], fields: WorkerField[]): T[] {
  const conversions = fields.flatMap((field) => {
    const parse = parsersByOid.get(field.dataTypeID);
    return parse ? [{ name: field.name, parse }] : [];
  });
  for (const row of rows) for (const { name, parse } of conversions) row[name] = parse(row[name]);
  return rows as T[];
}

/**
 * How the embedded database trades memory for speed:
 * - `lean` (default): PostgreSQL's shared buffers at 16 MB, and the WebAssembly engine compiled by
 *   V8's baseline compiler only. Idle memory stays under 200 MB; queries run about a quarter slower.
 * - `fast`: the same buffers, and V8's optimizing compiler for the engine's hot code, which costs
 *   about 50 MB more at rest.
 * Either way, a deployment that needs throughput sets `DATABASE_URL` and uses PostgreSQL.
 */
export type EmbeddedTuning = 'lean' | 'fast';

/**
 * Opens an embedded PGlite database: files under `pgDataDir` (created with mode 0700 when missing),
 * or in memory when it is undefined. Resolves once PGlite has started (initdb on first use takes seconds).
 *
 * PGlite is one connection: statements are pipelined to it, and a transaction has it to itself
 * from BEGIN to COMMIT (see ConnectionGate).
 */
export async function openPglite(pgDataDir?: string, tuning: EmbeddedTuning = 'lean'): Promise<Database> {
  if (pgDataDir !== undefined) mkdirSync(pgDataDir, { recursive: true, mode: 0o700 });
  const worker = new PgliteWorkerClient({ dataDir: pgDataDir, rawOids: [...parsersByOid.keys()], baselineCompilerOnly: tuning === 'lean' });
  const gate = new ConnectionGate();
  let closed = false;

  const run = async <T>(sql: string, params?: unknown[]) => {
    const reply = await worker.send({ op: 'query', sql, params });
    return { rows: normalise<T>(reply.rows, reply.fields), command: reply.command };
  };
  // Bound to one transaction: using it after COMMIT would slip past the gate.
  const transactionQueryable = (isOpen: () => boolean): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      if (!isOpen()) throw new Error('Transaction is closed');
      return (await run<T>(sql, params)).rows;
    },
  });

  const db: Database = {
    engine: 'pglite',
    query: <T>(sql: string, params?: unknown[]) => gate.shared(async () => (await run<T>(sql, params)).rows),
    transaction: (fn) =>
      gate.exclusive(async () => {
        let open = true;
        await run('BEGIN');
        try {
          const result = await fn(transactionQueryable(() => open));
          open = false;
          // COMMIT of a transaction that already failed (an error the callback caught) answers ROLLBACK.
          if ((await run('COMMIT')).command === 'ROLLBACK') {
            throw new Error('Transaction was aborted and has been rolled back');
          }
          return result;
        } catch (err) {
          open = false;
          await run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close: () =>
      gate.exclusive(async () => {
        if (closed) return;
        closed = true;
        await worker.send({ op: 'close' }).catch(() => undefined);
        await worker.terminate();
      }),
  };
  try {
    await db.query('SELECT 1'); // surfaces a failed start (e.g. an unreadable data directory) here
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return db;
}
