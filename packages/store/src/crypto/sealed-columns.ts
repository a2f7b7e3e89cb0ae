/** A column holding SecretBox values, and the column holding their lookup hashes, if any. */
export interface SealedColumn {
  table: string;
  sealed: string;
  lookupHash?: string;
}

/**
 * Every sealed column in the schema; key rotation walks this list. A migration that adds a sealed
 * column adds it here too. Tables are keyed by a bigint `id`.
 */
export const sealedColumns: readonly SealedColumn[] = [
  { table: 'organizations', sealed: 'secret_sealed', lookupHash: 'secret_hash' },
  { table: 'users', sealed: 'secret_sealed', lookupHash: 'secret_hash' },
  { table: 'instances', sealed: 'token_sealed', lookupHash: 'token_hash' },
  { table: 'instances', sealed: 'secrets_sealed' },
  { table: 'webhook_subscriptions', sealed: 'secret_sealed' },
];
