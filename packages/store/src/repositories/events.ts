import type { Database, Queryable } from '../database/database';
import { isId } from './rows';

/** Where an event is in its delivery to the app's callback URL. */
export type EventStatus = 'RECEIVED' | 'DISPATCHED' | 'NOTIFIED' | 'FAILED';

/** One change as stored with its event (the element's normalized change, without the vendor record). */
export interface StoredChange {
  eventType: string;
  objectType: string;
  objectId: string;
  date: string;
}

/** What `events.insert` needs. The id is chosen by the caller and is the `webhook-id` the app sees. */
export interface NewEvent {
  id: string;
  organizationId: number;
  instanceId: number;
  elementKey: string;
  source: 'polling' | 'webhook';
  changes: StoredChange[];
  /** The vendor payload (webhook body, or the polled records), kept for the notification's `raw`. */
  raw: unknown;
}

export interface EventRecord extends NewEvent {
  status: EventStatus;
  /** Delivery attempts made since the event was (re)queued. */
  attempts: number;
  nextAttemptDate: string;
  lastError?: string;
  createdDate: string;
  notifiedDate?: string;
  modifiedDate: string;
}

/** One POST to the callback URL. */
export interface EventAttempt {
  attempt: number;
  url: string;
  /** The callback's HTTP status; absent when no answer came (refused, timed out). */
  statusCode?: number;
  error?: string;
  durationMs: number;
  date: string;
}

/** What becomes of an event after an attempt. */
export type AttemptOutcome = { kind: 'notified' } | { kind: 'retry'; delayMs: number } | { kind: 'failed' };

/** One finished delivery attempt, for `finishAttempts`. */
export interface FinishedAttempt {
  eventId: string;
  owner: string;
  attempt: Omit<EventAttempt, 'date'>;
  outcome: AttemptOutcome;
}

const eventColumns = `id, organization_id, instance_id, element_key, source, status, changes, raw, attempts,
  next_attempt_at, last_error, created_date, notified_date, modified_date`;

interface EventRow {
  id: string;
  organization_id: number;
  instance_id: number;
  element_key: string;
  source: 'polling' | 'webhook';
  status: EventStatus;
  changes: StoredChange[];
  raw: unknown;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_date: string;
  notified_date: string | null;
  modified_date: string;
}

interface AttemptRow {
  attempt: number;
  url: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  date: string;
}

function toEventRecord(row: EventRow): EventRecord {
  const record: EventRecord = {
    id: row.id,
    organizationId: row.organization_id,
    instanceId: row.instance_id,
    elementKey: row.element_key,
    source: row.source,
    status: row.status,
    changes: row.changes,
    raw: row.raw,
    attempts: row.attempts,
    nextAttemptDate: row.next_attempt_at,
    createdDate: row.created_date,
    modifiedDate: row.modified_date,
  };
  if (row.last_error !== null) record.lastError = row.last_error;
  if (row.notified_date !== null) record.notifiedDate = row.notified_date;
  return record;
}

function toAttempt(row: AttemptRow): EventAttempt {
  const attempt: EventAttempt = { attempt: row.attempt, url: row.url, durationMs: row.duration_ms, date: row.date };
  if (row.status_code !== null) attempt.statusCode = row.status_code;
  if (row.error !== null) attempt.error = row.error;
  return attempt;
}

/**
 * Inserts events in one statement (one round trip, atomic), with `db` or inside a caller's
 * transaction so they are stored together with what produced them.
 */
export async function insertEvents(db: Queryable, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.id,
    organization_id: e.organizationId,
    instance_id: e.instanceId,
    element_key: e.elementKey,
    source: e.source,
    changes: e.changes,
    raw: e.raw ?? null,
  }));
  await db.query(
    `INSERT INTO events (id, organization_id, instance_id, element_key, source, changes, raw)
     SELECT id, organization_id, instance_id, element_key, source, changes, raw
     FROM jsonb_to_recordset($1::jsonb)
       AS e(id text, organization_id bigint, instance_id bigint, element_key text, source text, changes jsonb, raw jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** A position in a newest-first event listing. */
export interface EventPosition {
  createdDate: string;
  id: string;
}

/**
 * Events and their delivery attempts. Delivery is a durable queue: workers claim due rows with
 * `FOR UPDATE SKIP LOCKED` and hold them under a lease; a lease that expires (the worker died) makes
 * the row claimable again, so nothing is lost and a retry keeps the event's id.
 */
export class EventRepository {
  constructor(private readonly db: Database) {}

  /** Stores new events as RECEIVED, due now, all or none. */
  async insert(events: NewEvent[]): Promise<void> {
    await insertEvents(this.db, events);
  }

  /**
   * Claims up to `limit` events that are due (RECEIVED and due, or DISPATCHED under an expired
   * lease): they become DISPATCHED under `owner`'s lease and their attempt count goes up by one.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<EventRecord[]> {
    const rows = await this.db.query<EventRow>(
      `UPDATE events AS e SET status = 'DISPATCHED', lease_owner = $1,
         lease_expires_at = now() + $2::double precision * interval '1 millisecond',
         attempts = e.attempts + 1, modified_date = now()
       FROM (SELECT id FROM events
             WHERE (status = 'RECEIVED' AND next_attempt_at <= now()) OR (status = 'DISPATCHED' AND lease_expires_at < now())
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
       WHERE e.id = due.id
       RETURNING ${eventColumns.split(',').map((c) => `e.${c.trim()}`).join(', ')}`,
      [owner, leaseMs, limit],
    );
    return rows.map(toEventRecord);
  }

  /**
   * Records an attempt and, if `owner` still holds the event's lease, applies `outcome`. Returns
   * false when the lease was lost (another worker took the event over); the attempt is kept anyway.
   */
  async finishAttempt(eventId: string, owner: string, attempt: Omit<EventAttempt, 'date'>, outcome: AttemptOutcome): Promise<boolean> {
    const applied = await this.finishAttempts([{ eventId, owner, attempt, outcome }]);
    return applied.has(eventId);
  }

  /**
   * `finishAttempt` for many events in one statement (one round trip, atomic): the attempt rows
   * and the transitions go together. Returns the ids whose outcome was applied.
   */
  async finishAttempts(finished: FinishedAttempt[]): Promise<Set<string>> {
    if (finished.length === 0) return new Set();
    const input = finished.map(({ eventId, owner, attempt, outcome }) => {
      const [status, delay] = outcome.kind === 'notified' ? ['NOTIFIED', 0] : outcome.kind === 'retry' ? ['RECEIVED', outcome.delayMs] : ['FAILED', 0];
      return {
        event_id: eventId,
        owner,
        status,
        last_error: outcome.kind === 'notified' ? null : (attempt.error ?? `callback answered ${attempt.statusCode}`),
        delay_ms: delay,
        attempt: attempt.attempt,
        url: attempt.url,
        status_code: attempt.statusCode ?? null,
        error: attempt.error ?? null,
        duration_ms: attempt.durationMs,
      };
    });
    const rows = await this.db.query<{ id: string }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(event_id text, owner text, status text, last_error text, delay_ms double precision,
           attempt integer, url text, status_code integer, error text, duration_ms double precision)
       ), attempts AS (
         INSERT INTO event_attempts (event_id, attempt, url, status_code, error, duration_ms)
         SELECT event_id, attempt, url, status_code, error, duration_ms FROM input
       )
       UPDATE events AS e SET status = i.status, last_error = i.last_error, lease_owner = NULL, lease_expires_at = NULL,
         next_attempt_at = now() + i.delay_ms * interval '1 millisecond',
         notified_date = CASE WHEN i.status = 'NOTIFIED' THEN now() ELSE e.notified_date END, modified_date = now()
       FROM input AS i
       WHERE e.id = i.event_id AND e.lease_owner = i.owner AND e.status = 'DISPATCHED'
       RETURNING e.id`,
      [JSON.stringify(input)],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Marks an event FAILED without an attempt (nowhere to deliver it), if `owner` holds its lease. */
  async abandon(eventId: string, owner: string, reason: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE events SET status = 'FAILED', last_error = $3, lease_owner = NULL, lease_expires_at = NULL, modified_date = now()
       WHERE id = $1 AND lease_owner = $2 AND status = 'DISPATCHED' RETURNING id`,
      [eventId, owner, reason],
    );
    return rows.length > 0;
  }

  /** The organization's event with this id; another organization's → `undefined`. */
  async get(organizationId: number, id: string): Promise<EventRecord | undefined> {
    const [row] = await this.db.query<EventRow>(`SELECT ${eventColumns} FROM events WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return row ? toEventRecord(row) : undefined;
  }

  /** An event's attempts, oldest first. */
  async attempts(eventId: string): Promise<EventAttempt[]> {
    const rows = await this.db.query<AttemptRow>(
      'SELECT attempt, url, status_code, error, duration_ms, date FROM event_attempts WHERE event_id = $1 ORDER BY id',
      [eventId],
    );
    return rows.map(toAttempt);
  }

  /**
   * The organization's events (of one instance, if given), newest first, `limit` at a time after
   * `after` (the last event of the previous page).
   */
  async list(organizationId: number, q: { instanceId?: number; limit: number; after?: EventPosition }): Promise<EventRecord[]> {
    if (!Number.isSafeInteger(q.limit) || q.limit < 0) throw new RangeError('limit must be a non-negative integer');
    if (q.instanceId !== undefined && !isId(q.instanceId)) return [];
    const params: unknown[] = [organizationId];
    const where = ['organization_id = $1'];
    if (q.instanceId !== undefined) {
      params.push(q.instanceId);
      where.push(`instance_id = $${params.length}`);
    }
    if (q.after) {
      params.push(q.after.createdDate, q.after.id);
      where.push(`(created_date, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(q.limit);
    const rows = await this.db.query<EventRow>(
      `SELECT ${eventColumns} FROM events WHERE ${where.join(' AND ')} ORDER BY created_date DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEventRecord);
  }

  /**
   * Queues a NOTIFIED or FAILED event for delivery again, now, with a fresh retry budget.
   * @returns the event, `'busy'` when it is still pending or in flight, `undefined` when there is no such event
   */
  async redeliver(organizationId: number, id: string): Promise<EventRecord | 'busy' | undefined> {
    const [row] = await this.db.query<EventRow>(
      `UPDATE events SET status = 'RECEIVED', attempts = 0, next_attempt_at = now(), last_error = NULL, modified_date = now()
       WHERE organization_id = $1 AND id = $2 AND status IN ('NOTIFIED', 'FAILED') RETURNING ${eventColumns}`,
      [organizationId, id],
    );
    if (row) return toEventRecord(row);
    return (await this.get(organizationId, id)) ? 'busy' : undefined;
  }
}
