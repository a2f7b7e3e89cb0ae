import type { Migration } from './migration';

/*
 * Events: what the hub learned of changes at vendors (by polling or vendor webhooks), and their
 * delivery to each instance's callback URL. Background work is rows claimed with
 * `FOR UPDATE SKIP LOCKED` plus a lease (`lease_owner`, `lease_expires_at`): a process that dies
 * mid-job leaves a lease that expires, and the row is claimed again by any process.
 */
export const events: Migration = {
  id: '0002-events',
  statements: [
    `CREATE TABLE events (
      id text PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations (id),
      instance_id bigint NOT NULL REFERENCES instances (id),
      element_key text NOT NULL,
      source text NOT NULL CHECK (source IN ('polling', 'webhook')),
      status text NOT NULL DEFAULT 'RECEIVED' CHECK (status IN ('RECEIVED', 'DISPATCHED', 'NOTIFIED', 'FAILED')),
      changes jsonb NOT NULL,
      raw jsonb,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
      lease_owner text,
      lease_expires_at timestamptz(3),
      last_error text,
      created_date timestamptz(3) NOT NULL DEFAULT now(),
      notified_date timestamptz(3),
      modified_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    // What delivery workers scan: pending rows by due time, and in-flight rows whose lease may have expired.
    `CREATE INDEX events_due_idx ON events (next_attempt_at) WHERE status = 'RECEIVED'`,
    `CREATE INDEX events_leased_idx ON events (lease_expires_at) WHERE status = 'DISPATCHED'`,
    `CREATE INDEX events_by_organization_idx ON events (organization_id, created_date DESC, id DESC)`,
    `CREATE INDEX events_by_instance_idx ON events (instance_id, created_date DESC, id DESC)`,
    `CREATE TABLE event_attempts (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      url text NOT NULL,
      status_code integer,
      error text,
      duration_ms double precision NOT NULL,
      date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX event_attempts_event_idx ON event_attempts (event_id, id)`,
    `CREATE TABLE poll_state (
      instance_id bigint PRIMARY KEY REFERENCES instances (id),
      next_poll_at timestamptz(3) NOT NULL,
      poll_requested boolean NOT NULL DEFAULT false,
      lease_owner text,
      lease_expires_at timestamptz(3),
      last_polled_date timestamptz(3),
      last_error text
    )`,
    `CREATE INDEX poll_state_due_idx ON poll_state (next_poll_at)`,
    // The high-water mark per polled object, and the ids already reported at exactly that mark.
    `CREATE TABLE poll_marks (
      instance_id bigint NOT NULL REFERENCES instances (id),
      object_type text NOT NULL,
      high_water text,
      boundary_ids text[] NOT NULL DEFAULT '{}',
      feed_state text,
      modified_date timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (instance_id, object_type)
    )`,
    `CREATE TABLE webhook_subscriptions (
      id bigserial PRIMARY KEY,
      instance_id bigint NOT NULL UNIQUE REFERENCES instances (id),
      element_key text NOT NULL,
      subscription_id text NOT NULL,
      callback_url text NOT NULL,
      secret_sealed text,
      created_date timestamptz(3) NOT NULL DEFAULT now()
    )`,
    `CREATE UNIQUE INDEX webhook_subscriptions_vendor_idx ON webhook_subscriptions (element_key, subscription_id)`,
  ],
};
