import type { Queryable } from '../database/database';

/**
 * Numeric element ids. Cloud Elements clients see `element.id` numbers, so each element key gets one
 * the first time it is seen, and keeps it across restarts and across processes.
 */
export class ElementRepository {
  constructor(private readonly db: Queryable) {}

  /** Returns the id of every key (in the order given), assigning ids to keys never seen before. */
  async ensureIds(keys: string[]): Promise<Map<string, number>> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return new Map();
    // Inserting only missing keys keeps the sequence free of gaps; ON CONFLICT covers a concurrent insert.
    await this.db.query(
      `INSERT INTO elements (key)
       SELECT t.key FROM unnest($1::text[]) WITH ORDINALITY AS t(key, position)
       WHERE NOT EXISTS (SELECT 1 FROM elements e WHERE e.key = t.key)
       ORDER BY t.position
       ON CONFLICT (key) DO NOTHING`,
      [unique],
    );
    const rows = await this.db.query<{ id: number; key: string }>(
      'SELECT id, key FROM elements WHERE key = ANY($1::text[])',
      [unique],
    );
    const idOf = new Map(rows.map((row) => [row.key, row.id]));
    return new Map(unique.map((key) => [key, idOf.get(key) as number]));
  }
}
