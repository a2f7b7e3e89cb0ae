/**
 * Close CRM simulator: the event log, `GET /event/` and `GET /event/{id}/`.
 *
 * Behaviour follows https://developer.close.com/api/resources/events (event format, 30 days of
 * history) and https://developer.close.com/api/resources/events/list: events come newest first
 * (by `date_updated`), filtered by `object_type`, `object_id`, `action`, `lead_id`, `user_id`,
 * `request_id` in the documented combinations only, and by `date_updated__gt/__gte/__lt/__lte`
 * with any of them. Paging is by `_cursor` only (`cursor_next` goes to older events,
 * `cursor_previous` to newer ones; `_skip` is not supported); `_limit` defaults to and is capped
 * at 50. A cursor keeps the query's date filters, as Close asks clients to repeat every filter but
 * those. The wording of the 400 answers is not documented; the simulator's is its own.
 */
import type { QueryParams } from './simulator-server';
import { FieldErrors, parseTimestampMicros } from './close-model';
import { queryValue } from './close-listing';
import type { CloseWebhookEvent } from './close-webhooks';

/** Largest (and default) page of events. */
export const CLOSE_EVENT_PAGE_LIMIT = 50;
/** Close keeps 30 days of events. */
const RETENTION_MICROS = 30 * 24 * 60 * 60 * 1_000_000;

const FILTERS = ['object_type', 'object_id', 'action', 'lead_id', 'user_id', 'request_id'] as const;
type Filter = (typeof FILTERS)[number];

/** The filter combinations the reference lists as supported (each in `FILTERS` order). */
const COMBINATIONS = new Set(
  [
    ['object_type', 'object_id'],
    ['object_type', 'action'],
    ['object_id', 'action'],
    ['object_type', 'lead_id'],
    ['object_type', 'action', 'lead_id'],
    ['object_type', 'lead_id', 'user_id'],
    ['object_type', 'action', 'lead_id', 'user_id'],
    ['lead_id', 'user_id'],
    ['object_id', 'user_id'],
    ['object_id', 'action', 'user_id'],
    ['object_type', 'user_id'],
    ['object_type', 'action', 'user_id'],
    ['lead_id'],
    ['user_id'],
    ['request_id'],
  ].map((combination) => combination.join(',')),
);

const DATE_FILTERS: Record<string, (stamp: number, bound: number) => boolean> = {
  date_updated__gt: (stamp, bound) => stamp > bound,
  date_updated__gte: (stamp, bound) => stamp >= bound,
  date_updated__lt: (stamp, bound) => stamp < bound,
  date_updated__lte: (stamp, bound) => stamp <= bound,
};

/** Where a page starts: before (older than) or after (newer than) the event with `seq`, and the query's date filters. */
interface Cursor {
  direction: 'next' | 'previous';
  seq: number;
  dates: Record<string, string>;
}

interface Entry {
  /** Order of logging: events are logged as they happen, so this is also date order. */
  seq: number;
  updatedMicros: number;
  event: CloseWebhookEvent;
}

/** An answer of the log's routes. */
export interface EventLogAnswer {
  status: number;
  body: unknown;
}

/** The organization's event log: every change the API made, as Close logs it. */
export class CloseEventLog {
  private entries: Entry[] = [];
  private lastSeq = 0;

  constructor(private readonly nowMicros: () => number) {}

  /** Logs an event (and forgets those past the retention). */
  append(event: CloseWebhookEvent): void {
    const updatedMicros = parseTimestampMicros(event.date_updated) ?? this.nowMicros();
    this.entries.push({ seq: ++this.lastSeq, updatedMicros, event });
    const horizon = this.nowMicros() - RETENTION_MICROS;
    if (this.entries[0].updatedMicros < horizon) this.entries = this.entries.filter((e) => e.updatedMicros >= horizon);
  }

  /** Every logged event, oldest first. */
  get events(): CloseWebhookEvent[] {
    return this.entries.map((e) => e.event);
  }

  clear(): void {
    this.entries = [];
  }

  /** `GET /event/{id}/`. */
  get(id: string): EventLogAnswer {
    const entry = this.entries.find((e) => e.event.id === id);
    return entry ? { status: 200, body: entry.event } : { status: 404, body: { error: 'Not found' } };
  }

  /** `GET /event/`: one page, newest first, with the cursors to the older and newer pages. */
  list(query: QueryParams): EventLogAnswer {
    const problems = new FieldErrors();
    if (queryValue(query, '_skip') !== undefined) problems.add('_skip', 'The event log pages with _cursor, not _skip.');
    const limit = readLimit(queryValue(query, '_limit'), problems);
    const cursorText = queryValue(query, '_cursor');
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    if (cursorText !== undefined && !cursor) problems.add('_cursor', 'Invalid cursor.');
    const dates = cursor?.dates ?? dateFilters(query);
    const bounds: [(stamp: number, bound: number) => boolean, number][] = [];
    for (const [key, text] of Object.entries(dates)) {
      const bound = parseTimestampMicros(text);
      if (bound === undefined) problems.add(key, 'Enter a valid date/time.');
      else bounds.push([DATE_FILTERS[key], bound]);
    }
    if (!problems.empty) return { status: 400, body: problems.toBody() };

    const filters = FILTERS.filter((f) => queryValue(query, f) !== undefined);
    if (filters.length > 0 && !COMBINATIONS.has(filters.join(','))) {
      return { status: 400, body: { error: `Unsupported combination of filters: ${filters.join(', ')}.` } };
    }
    const horizon = this.nowMicros() - RETENTION_MICROS;
    const matches = this.entries.filter(
      (e) =>
        e.updatedMicros >= horizon &&
        filters.every((f) => eventField(e.event, f) === queryValue(query, f)) &&
        bounds.every(([test, bound]) => test(e.updatedMicros, bound)),
    );
    // Newest first; entries are in logging order, which is date order.
    const newestFirst = matches.reverse();
    let page: Entry[];
    if (cursor?.direction === 'next') page = newestFirst.filter((e) => e.seq < cursor.seq).slice(0, limit);
    else if (cursor?.direction === 'previous') page = newestFirst.filter((e) => e.seq > cursor.seq).slice(-limit);
    else page = newestFirst.slice(0, limit);
    const first = page[0];
    const last = page.at(-1);
    const older = last !== undefined && newestFirst.some((e) => e.seq < last.seq);
    const newer = first !== undefined && newestFirst.some((e) => e.seq > first.seq);
    return {
      status: 200,
      body: {
        data: page.map((e) => e.event),
        cursor_next: older ? encodeCursor({ direction: 'next', seq: last.seq, dates }) : null,
        cursor_previous: newer ? encodeCursor({ direction: 'previous', seq: first.seq, dates }) : null,
      },
    };
  }
}

/** `_limit`: above 50 is taken as 50; absent or 0, the default 50. */
function readLimit(text: string | undefined, problems: FieldErrors): number {
  if (text === undefined) return CLOSE_EVENT_PAGE_LIMIT;
  if (!/^\d+$/.test(text)) {
    problems.add('_limit', 'A valid integer is required.');
    return CLOSE_EVENT_PAGE_LIMIT;
  }
  return Math.min(Number(text) || CLOSE_EVENT_PAGE_LIMIT, CLOSE_EVENT_PAGE_LIMIT);
}

function eventField(event: CloseWebhookEvent, filter: Filter): string | null {
  return event[filter];
}

function dateFilters(query: QueryParams): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const key of Object.keys(DATE_FILTERS)) {
    const value = queryValue(query, key);
    if (value !== undefined) dates[key] = value;
  }
  return dates;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    const valid =
      (cursor.direction === 'next' || cursor.direction === 'previous') &&
      Number.isInteger(cursor.seq) &&
      typeof cursor.dates === 'object' &&
      cursor.dates !== null &&
      Object.entries(cursor.dates).every(([key, value]) => key in DATE_FILTERS && typeof value === 'string');
    return valid ? (cursor as Cursor) : undefined;
  } catch {
    return undefined;
  }
}
