/*
 * PGlite runs in a worker thread, loaded by Node's own module loader:
 * - PGlite's CommonJS build loads its WASM and data files with dynamic import(), which fails inside
 *   jest's module sandbox (electric-sql/pglite#224); a worker is outside that sandbox.
 * - PGlite executes queries synchronously in WASM; in a worker they do not stall the HTTP server.
 * Plain JavaScript in a string, so it survives bundling into dist/junction.cjs unchanged.
 */

/** A request to the worker. */
export type WorkerRequest = { id: number; op: 'query'; sql: string; params?: unknown[] } | { id: number; op: 'close' };

/** Column metadata PGlite returns with each result. */
export interface WorkerField {
  name: string;
  dataTypeID: number;
}

/** The worker's answer to request `id`: rows, or the error's message and SQLSTATE fields. */
export type WorkerReply =
  | { id: number; rows: Record<string, unknown>[]; fields: WorkerField[]; command?: string }
  | { id: number; error: { message: string } & Record<string, unknown> };

/** What the worker receives as workerData. */
export interface WorkerData {
  pglitePath: string;
  dataDir?: string;
  /** OIDs the worker returns as Postgres text, left for the main thread to parse. */
  rawOids: number[];
  /** Compile PGlite's WebAssembly with V8's baseline compiler only (less memory, slower queries). */
  baselineCompilerOnly: boolean;
  /** PostgreSQL's `shared_buffers`. */
  sharedBuffers: string;
}

/** PostgreSQL's own cache; the operating system caches the data files beneath it. */
export const SHARED_BUFFERS = '16MB';

export const pgliteWorkerSource = `
const { parentPort, workerData } = require('node:worker_threads');
// Before PGlite compiles its module. The flag is process-wide; nothing else here compiles WebAssembly.
if (workerData.baselineCompilerOnly) require('node:v8').setFlagsFromString('--liftoff-only');
const { PGlite } = require(workerData.pglitePath);
const parsers = {};
for (const oid of workerData.rawOids) parsers[oid] = (text) => text;
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=' + workerData.sharedBuffers];
const ready = PGlite.create({ dataDir: workerData.dataDir, parsers, startParams });
ready.catch(() => undefined); // reported to each request instead
// Only these error fields cross back: PGlite also attaches the query parameters, which may be secret.
const errorFields = ['code', 'severity', 'detail', 'hint', 'position', 'schema', 'table', 'column',
  'dataType', 'constraint', 'routine'];
parentPort.on('message', async (request) => {
  try {
    const pg = await ready;
    if (request.op === 'close') {
      await pg.close();
      parentPort.postMessage({ id: request.id, rows: [], fields: [] });
      return;
    }
    const result = await pg.query(request.sql, request.params);
    parentPort.postMessage({ id: request.id, rows: result.rows, fields: result.fields, command: result.command });
  } catch (err) {
    const error = { message: err instanceof Error ? err.message : String(err) };
    for (const field of errorFields) if (err && err[field] !== undefined) error[field] = err[field];
    parentPort.postMessage({ id: request.id, error });
  }
});
`;
