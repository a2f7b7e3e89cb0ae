/**
 * Anything SQL can be sent to: the database itself or an open transaction.
 * Parameters are positional (`$1`, `$2`, …) on both engines.
 */
export interface Queryable {
  /** Runs one statement and returns its rows (an empty array for statements without rows). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * A connection to Junction's database, on either engine. Both engines return the same shapes:
 * `bigint` as `number` (a `bigint` only beyond 2^53), `timestamptz` as an ISO-8601 string ending in `Z`,
 * `numeric` as `string`, `json`/`jsonb` parsed.
 */
export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Use only `tx` inside `fn`: PGlite is a single connection, so a query on the database itself
   * waits for the transaction to finish and would never run.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases the connection(s). Calling it again does nothing. */
  close(): Promise<void>;
}
