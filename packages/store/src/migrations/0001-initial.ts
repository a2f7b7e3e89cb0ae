import type { Migration } from './migration';

/*
 * Conventions: ids are bigserial; timestamps are timestamptz(3) so that what is stored is exactly what
 * a JS Date (millisecond precision) reads back; a `*_sealed` column holds a SecretBox value and a
 * `*_hash` column its SecretBox.lookupHash, uniquely indexed for lookups by secret.
 * Every sealed column is listed in crypto/sealed-columns.ts so that key rotation reaches it.
 */
export const initial: Migration = {
  id: '0001-initial',
  statements: [
    `CREATE TABLE organizations (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      secret_sealed text,
      secret_hash text UNIQUE,
      created_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE users (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations (id),
      email text NOT NULL,
      password_hash text NOT NULL,
      secret_sealed text NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      first_name text NOT NULL,
      last_name text NOT NULL,
      created_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE UNIQUE INDEX users_email_key ON users (lower(email))`,
    `CREATE INDEX users_organization_id_idx ON users (organization_id)`,
    `CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      expires_at timestamptz(3) NOT NULL,
      created_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`,
    `CREATE TABLE elements (
      id bigserial PRIMARY KEY,
      key text NOT NULL UNIQUE,
      created_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE instances (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations (id),
      user_id bigint NOT NULL REFERENCES users (id),
      element_key text NOT NULL,
      element_id bigint NOT NULL,
      name text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      configuration jsonb NOT NULL DEFAULT '{}',
      secrets_sealed text NOT NULL,
      token_sealed text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      disabled boolean NOT NULL DEFAULT false,
      valid boolean NOT NULL DEFAULT true,
      external_authentication text NOT NULL DEFAULT 'none'
        CHECK (external_authentication IN ('none', 'initial')),
      created_date timestamptz(3) NOT NULL DEFAULT now(),
      modified_date timestamptz(3) NOT NULL DEFAULT now(),
      deleted_date timestamptz(3)
    )`,
    `CREATE INDEX instances_live_by_organization_idx ON instances (organization_id, id) WHERE deleted_date IS NULL`,
    `CREATE INDEX instances_tags_idx ON instances USING gin (tags)`,
    `CREATE TABLE usage_records (
      request_id text PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations (id),
      user_id bigint,
      instance_id bigint,
      element_key text,
      method text NOT NULL,
      uri text NOT NULL,
      status integer NOT NULL,
      process_time_ms double precision NOT NULL,
      ip text,
      date timestamptz(3) NOT NULL
    )`,
    `CREATE INDEX usage_records_organization_date_idx ON usage_records (organization_id, date DESC)`,
  ],
};
