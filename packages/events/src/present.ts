import { BadRequestError } from '@junction/core';
import type { EventAttempt, EventPosition, EventRecord } from '@junction/store';

/**
 * An event as the events API shows it: Cloud Elements' fields (`id`, `eventDate`, `status`,
 * `providerData` as a string) plus the normalized changes and the delivery record.
 */
export function presentEvent(event: EventRecord, attempts?: EventAttempt[]) {
  return {
    id: event.id,
    eventId: event.id,
    instanceId: event.instanceId,
    elementKey: event.elementKey,
    accountId: event.organizationId,
    source: event.source,
    status: event.status,
    eventDate: event.createdDate,
    ...(event.notifiedDate ? { notifiedDate: event.notifiedDate } : {}),
    ...(event.status === 'RECEIVED' ? { nextAttemptDate: event.nextAttemptDate } : {}),
    attemptCount: event.attempts,
    ...(event.lastError ? { lastError: event.lastError } : {}),
    events: event.changes.map((c) => ({ ...c, elementKey: event.elementKey })),
    providerData: JSON.stringify(event.raw),
    ...(attempts ? { attempts } : {}),
  };
}

/** `nextPage` tokens are opaque: base64url JSON of the last event's position. */
export function encodeEventPage(last: EventPosition): string {
  return Buffer.from(JSON.stringify({ d: last.createdDate, i: last.id })).toString('base64url');
}

export function decodeEventPage(token: string): EventPosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { d?: unknown; i?: unknown };
    if (typeof parsed.d === 'string' && typeof parsed.i === 'string' && !Number.isNaN(Date.parse(parsed.d))) return { createdDate: parsed.d, id: parsed.i };
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError("Invalid 'nextPage' token: pass the Elements-Next-Page-Token of the previous page unchanged");
}
