import type { Database } from '../database/database';
import { insertEvents, type NewEvent } from './events';
import { isId } from './rows';

/**
 * How far polling of one object of one instance has got. For list polling: the newest
 * `modifiedDate` reported (`highWater`, the vendor's own text) and the ids already reported with
 * exactly that date, so records sharing the boundary timestamp are neither missed nor repeated.
 * For a vendor change feed: the feed position (`feedState`).
 */
export interface PollMark {
  highWater?: string;
  boundaryIds: string[];
  feedState?: string;
}

interface MarkRow {
  object_type: string;
  high_water: string | null;
  boundary_ids: string[];
  feed_state: string | null;
}

const leaseInterval = (param: number) => `now() + $${param}::double precision * interval '1 millisecond'`;

/**
 * The polling schedule: one row per instance that polls, with the time of its next poll. Workers
 * claim due rows with `FOR UPDATE SKIP LOCKED` under a lease, so however many hub processes share
 * the database, each instance is polled by one of them at a time, once per interval.
 */
export class PollStateRepository {
  constructor(private readonly db: Database) {}

  /** Puts an instance on the schedule, due now; an instance already on it keeps its next poll time. */
  async schedule(instanceId: number): Promise<void> {
    await this.db.query('INSERT INTO poll_state (instance_id, next_poll_at) VALUES ($1, now()) ON CONFLICT (instance_id) DO NOTHING', [instanceId]);
  }

  /** Takes an instance off the schedule and forgets its marks (enabling again starts afresh). */
  async remove(instanceId: number): Promise<void> {
    if (!isId(instanceId)) return;
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM poll_marks WHERE instance_id = $1', [instanceId]);
      await tx.query('DELETE FROM poll_state WHERE instance_id = $1', [instanceId]);
    });
  }

  /** Whether the instance is on the schedule. */
  async isScheduled(instanceId: number): Promise<boolean> {
    if (!isId(instanceId)) return false;
    return (await this.db.query('SELECT 1 FROM poll_state WHERE instance_id = $1', [instanceId])).length > 0;
  }

  /**
   * Asks for a poll as soon as possible (a vendor notified a change), on the schedule or not. A
   * request made while a poll runs is kept for the next claim, so a change announced mid-poll is
   * polled for again rather than waiting a whole interval.
   */
  async requestPoll(instanceId: number): Promise<void> {
    await this.db.query(
      `INSERT INTO poll_state (instance_id, next_poll_at, poll_requested) VALUES ($1, now(), true)
       ON CONFLICT (instance_id) DO UPDATE SET poll_requested = true`,
      [instanceId],
    );
  }

  /** Claims up to `limit` instances whose poll is due (or requested) and not leased; returns their ids. */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<number[]> {
    const rows = await this.db.query<{ instance_id: number }>(
      `UPDATE poll_state AS p SET lease_owner = $1, lease_expires_at = ${leaseInterval(2)}, poll_requested = false
       FROM (SELECT instance_id FROM poll_state
             WHERE (next_poll_at <= now() OR poll_requested) AND (lease_expires_at IS NULL OR lease_expires_at < now())
             ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
       WHERE p.instance_id = due.instance_id RETURNING p.instance_id`,
      [owner, leaseMs, limit],
    );
    return rows.map((row) => row.instance_id);
  }

  /**
   * Claims one instance now, whatever its next poll time (a poll requested through the API),
   * putting it on the schedule if needed. False when another poll of it holds the lease.
   */
  async claim(instanceId: number, owner: string, leaseMs: number): Promise<boolean> {
    if (!isId(instanceId)) return false;
    const rows = await this.db.query(
      `INSERT INTO poll_state (instance_id, next_poll_at, lease_owner, lease_expires_at) VALUES ($1, now(), $2, ${leaseInterval(3)})
       ON CONFLICT (instance_id) DO UPDATE SET lease_owner = $2, lease_expires_at = ${leaseInterval(3)}, poll_requested = false
       WHERE poll_state.lease_expires_at IS NULL OR poll_state.lease_expires_at < now()
       RETURNING instance_id`,
      [instanceId, owner, leaseMs],
    );
    return rows.length > 0;
  }

  /** Ends `owner`'s poll: the next one is due in `nextInMs`; `error` is kept for inspection. */
  async release(instanceId: number, owner: string, nextInMs: number, error?: string): Promise<void> {
    await this.db.query(
      `UPDATE poll_state SET next_poll_at = ${leaseInterval(3)}, lease_owner = NULL, lease_expires_at = NULL,
         last_polled_date = now(), last_error = $4
       WHERE instance_id = $1 AND lease_owner = $2`,
      [instanceId, owner, nextInMs, error ?? null],
    );
  }

  /** Ends several polls at once (one statement), as `release` does each. */
  async releaseMany(released: { instanceId: number; owner: string; nextInMs: number; error?: string }[]): Promise<void> {
    if (released.length === 0) return;
    const input = released.map((r) => ({ instance_id: r.instanceId, owner: r.owner, next_in_ms: r.nextInMs, error: r.error ?? null }));
    await this.db.query(
      `UPDATE poll_state AS p SET next_poll_at = now() + i.next_in_ms * interval '1 millisecond', lease_owner = NULL,
         lease_expires_at = NULL, last_polled_date = now(), last_error = i.error
       FROM jsonb_to_recordset($1::jsonb) AS i(instance_id bigint, owner text, next_in_ms double precision, error text)
       WHERE p.instance_id = i.instance_id AND p.lease_owner = i.owner`,
      [JSON.stringify(input)],
    );
  }

  /** The instance's marks by object type. */
  async marks(instanceId: number): Promise<Map<string, PollMark>> {
    return (await this.marksOf([instanceId])).get(instanceId) ?? new Map();
  }

  /** The marks of several instances (one statement), by instance and object type. */
  async marksOf(instanceIds: number[]): Promise<Map<number, Map<string, PollMark>>> {
    const rows = await this.db.query<MarkRow & { instance_id: number }>(
      'SELECT instance_id, object_type, high_water, boundary_ids, feed_state FROM poll_marks WHERE instance_id = ANY($1::bigint[])',
      [instanceIds.filter(isId)],
    );
    const byInstance = new Map<number, Map<string, PollMark>>();
    for (const row of rows) {
      const mark: PollMark = { boundaryIds: row.boundary_ids };
      if (row.high_water !== null) mark.highWater = row.high_water;
      if (row.feed_state !== null) mark.feedState = row.feed_state;
      const marks = byInstance.get(row.instance_id) ?? byInstance.set(row.instance_id, new Map()).get(row.instance_id)!;
      marks.set(row.object_type, mark);
    }
    return byInstance;
  }

  /**
   * Stores what one poll of one object found: its events and the object's new mark, together, and
   * only while `owner` still holds the instance's lease. False (nothing stored) when the lease was
   * lost, so a poll that overran its lease cannot report what the poll that took over reports too.
   */
  async commit(instanceId: number, owner: string, objectType: string, mark: PollMark, events: NewEvent[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const held = await tx.query(
        'SELECT 1 FROM poll_state WHERE instance_id = $1 AND lease_owner = $2 AND lease_expires_at > now() FOR UPDATE',
        [instanceId, owner],
      );
      if (held.length === 0) return false;
      await insertEvents(tx, events);
      await tx.query(
        `INSERT INTO poll_marks (instance_id, object_type, high_water, boundary_ids, feed_state) VALUES ($1, $2, $3, $4::text[], $5)
         ON CONFLICT (instance_id, object_type) DO UPDATE
           SET high_water = $3, boundary_ids = $4::text[], feed_state = $5, modified_date = now()`,
        [instanceId, objectType, mark.highWater ?? null, mark.boundaryIds, mark.feedState ?? null],
      );
      return true;
    });
  }
}
