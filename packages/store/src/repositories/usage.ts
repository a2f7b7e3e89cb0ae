import type { Queryable } from '../database/database';
import type { UsageEntry } from '../types';

const usageColumns =
  'request_id, organization_id, user_id, instance_id, element_key, method, uri, status, process_time_ms, ip, date';

interface UsageRow {
  request_id: string;
  organization_id: number;
  user_id: number | null;
  instance_id: number | null;
  element_key: string | null;
  method: string;
  uri: string;
  status: number;
  process_time_ms: number;
  ip: string | null;
  date: string;
}

function toUsageEntry(row: UsageRow): UsageEntry {
  const entry: UsageEntry = {
    requestId: row.request_id,
    organizationId: row.organization_id,
    method: row.method,
    uri: row.uri,
    status: row.status,
    processTimeMs: row.process_time_ms,
    date: row.date,
  };
  // Unknown optional fields are left out rather than set to undefined, so entries compare equal to their input.
  if (row.user_id !== null) entry.userId = row.user_id;
  if (row.instance_id !== null) entry.instanceId = row.instance_id;
  if (row.element_key !== null) entry.elementKey = row.element_key;
  if (row.ip !== null) entry.ip = row.ip;
  return entry;
}

function checkPaging(limit: number, offset: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError('limit must be a non-negative integer');
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError('offset must be a non-negative integer');
}

/** The per-request usage log behind the Cloud Elements usage API. */
export class UsageRepository {
  constructor(private readonly db: Queryable) {}

  /** Records a request. Recording the same `requestId` again keeps the first entry (retries are harmless). */
  async record(entry: UsageEntry): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Records many requests in one statement: the hub batches its usage log off the request path. */
  async recordMany(entries: UsageEntry[]): Promise<void> {
    if (!entries.length) return;
    const width = 11;
    const values = entries.map((_, row) => `(${Array.from({ length: width }, (_, col) => `$${row * width + col + 1}`).join(', ')})`);
    await this.db.query(
      `INSERT INTO usage_records (${usageColumns}) VALUES ${values.join(', ')} ON CONFLICT (request_id) DO NOTHING`,
      entries.flatMap((entry) => [
        entry.requestId,
        entry.organizationId,
        entry.userId ?? null,
        entry.instanceId ?? null,
        entry.elementKey ?? null,
        entry.method,
        entry.uri,
        entry.status,
        entry.processTimeMs,
        entry.ip ?? null,
        new Date(entry.date).toISOString(),
      ]),
    );
  }

  /** One request of this organization, else `undefined`. */
  async get(organizationId: number, requestId: string): Promise<UsageEntry | undefined> {
    const [row] = await this.db.query<UsageRow>(
      `SELECT ${usageColumns} FROM usage_records WHERE organization_id = $1 AND request_id = $2`,
      [organizationId, requestId],
    );
    return row ? toUsageEntry(row) : undefined;
  }

  /** The organization's requests with `from <= date < to`, newest first. */
  async list(
    organizationId: number,
    q: { from?: Date; to?: Date; limit: number; offset: number },
  ): Promise<UsageEntry[]> {
    checkPaging(q.limit, q.offset);
    const params: unknown[] = [organizationId];
    const where = ['organization_id = $1'];
    if (q.from) {
      params.push(q.from.toISOString());
      where.push(`date >= $${params.length}`);
    }
    if (q.to) {
      params.push(q.to.toISOString());
      where.push(`date < $${params.length}`);
    }
    params.push(q.limit, q.offset);
    const rows = await this.db.query<UsageRow>(
      `SELECT ${usageColumns} FROM usage_records WHERE ${where.join(' AND ')}
       ORDER BY date DESC, request_id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(toUsageEntry);
  }
}
