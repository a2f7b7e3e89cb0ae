import { offsetFrom, type ElementContext, type ListPage, type VendorFailure } from '@junction/core';

/** Close's list envelope. https://developer.close.com/api/overview/pagination.md */
interface CloseList<T> {
  data: T[];
  has_more: boolean;
}

/**
 * One page of a Close list endpoint with `_skip`/`_limit` offset paging; the cursor is the next `_skip`.
 * https://developer.close.com/api/overview/pagination.md
 */
export async function listPage<T>(
  ctx: ElementContext,
  path: string,
  request: { pageSize: number; cursor?: string },
  filters: Record<string, string | undefined> = {},
): Promise<ListPage<T>> {
  const skip = offsetFrom(request.cursor);
  const page = await ctx.http.get<CloseList<T>>(path, { ...filters, _skip: skip, _limit: request.pageSize });
  if (!page || !Array.isArray(page.data)) throw new TypeError(`Close answered ${path} without a data list`);
  return { records: page.data, cursor: page.has_more ? String(skip + page.data.length) : undefined };
}

/**
 * Close error bodies: `{"error": "..."}`, or validation as `{"errors": [...], "field-errors": {...}}`.
 * https://developer.close.com/api/overview/http-response-codes
 */
export function closeProviderMessage(failure: VendorFailure): string | undefined {
  const body = failure.body;
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 500) : undefined;
  const b = body as { error?: unknown; errors?: unknown; 'field-errors'?: unknown };
  const parts: string[] = [];
  if (typeof b.error === 'string') parts.push(b.error);
  else if (b.error && typeof b.error === 'object') parts.push(JSON.stringify(b.error));
  if (Array.isArray(b.errors)) parts.push(...b.errors.map(String));
  if (b['field-errors'] && typeof b['field-errors'] === 'object') {
    for (const [field, message] of Object.entries(b['field-errors'] as Record<string, unknown>)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * Close says how long to wait in `RateLimit: limit=…, remaining=…, reset=…` (seconds, may be
 * fractional) and `retry-after` (whole seconds). https://developer.close.com/api/overview/rate-limits.md
 */
export function closeRetryDelay(headers: Record<string, string | string[] | undefined>): number | undefined {
  const rateLimit = headers['ratelimit'];
  const text = Array.isArray(rateLimit) ? rateLimit[0] : rateLimit;
  const reset = text ? /reset=([\d.]+)/.exec(text)?.[1] : undefined;
  if (reset !== undefined) return Math.ceil(Number(reset) * 1000);
  const retryAfter = headers['retry-after'];
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

const CLOSE_STAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Microseconds since the epoch of a Close timestamp. Close stamps records with an offset
 * (`2013-02-20T05:30:24.854000+00:00`) and events without one (`2019-01-15T12:48:23.395000`),
 * both in UTC; microseconds matter because two events a few microseconds apart are different
 * positions in the event log. `undefined` for anything else.
 * https://developer.close.com/api/resources/events
 */
export function closeMicros(text: unknown): number | undefined {
  const match = typeof text === 'string' ? CLOSE_STAMP.exec(text.trim()) : null;
  if (!match) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${date}T${time}${zone}`);
  return Number.isNaN(ms) ? undefined : ms * 1000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

/** ISO-8601 in UTC with all six fraction digits, for positions and filters. */
export function isoMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros - seconds * 1_000_000).padStart(6, '0')}Z`;
}
