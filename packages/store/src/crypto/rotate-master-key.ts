import type { Database, Queryable } from '../database/database';
import type { SecretBox } from './secret-box';
import { sealedColumns, type SealedColumn } from './sealed-columns';

const batchSize = 500;

async function rotateColumn(tx: Queryable, column: SealedColumn, from: SecretBox, to: SecretBox): Promise<number> {
  const { table, sealed, lookupHash } = column;
  const rows = await tx.query<{ id: number; value: string }>(
    `SELECT id, ${sealed} AS value FROM ${table} WHERE ${sealed} IS NOT NULL ORDER BY id FOR UPDATE`,
  );
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const plaintexts = batch.map((row) => {
      try {
        return from.decrypt(row.value);
      } catch {
        throw new Error(`Cannot rotate: ${table}.${sealed} of row ${row.id} does not open with the current master key`);
      }
    });
    // One UPDATE per batch: row-by-row round trips are slow, on PGlite especially.
    await tx.query(
      `UPDATE ${table} AS t SET ${sealed} = v.sealed${lookupHash ? `, ${lookupHash} = v.hash` : ''}
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, sealed, hash) WHERE t.id = v.id`,
      [
        batch.map((row) => row.id),
        plaintexts.map((plaintext) => to.encrypt(plaintext)),
        plaintexts.map((plaintext) => (lookupHash ? to.lookupHash(plaintext) : null)),
      ],
    );
  }
  return rows.length;
}

/**
 * Re-encrypts every sealed column from the `from` key to the `to` key and recomputes the lookup
 * hashes, all in one transaction: either everything is under the new key or nothing changed.
 * Sessions end: only their ids' lookup hashes are stored, which cannot be recomputed.
 *
 * @returns how many sealed values were re-encrypted
 * @throws Error (and changes nothing) when a value does not open with `from`
 * @example
 * await rotateMasterKey(db, new SecretBox(oldKey), new SecretBox(newKey));
 */
export async function rotateMasterKey(db: Database, from: SecretBox, to: SecretBox): Promise<{ reencrypted: number }> {
  return db.transaction(async (tx) => {
    let reencrypted = 0;
    for (const column of sealedColumns) reencrypted += await rotateColumn(tx, column, from, to);
    await tx.query('DELETE FROM sessions');
    return { reencrypted };
  });
}
