/**
 * sObject Get Deleted for the Salesforce simulator: the records of one object deleted within a
 * window, read from the object's delete log.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_getdeleted.htm (rules)
 *
 * - `start` and `end` are dateTimes whose seconds are ignored: the window is read in whole minutes,
 *   from the start of `start`'s minute through the end of `end`'s minute (never past now).
 * - `latestDateCovered` is the start of the last minute read (so at most `end`): deletions in that
 *   minute may be returned, and a later call starting there returns them again.
 * - Refused with 400 `INVALID_REPLICATION_DATE`: a start that does not precede the end by more than
 *   a minute, a start more than 30 days ago, and a start before `earliestDateAvailable` (the delete
 *   log was purged past it, or the org did not exist yet). More ids than allowed answer 400
 *   `EXCEEDED_ID_LIMIT`.
 * - Entries older than the delete log's retention (15 days) are purged as the call is answered.
 */
import type { SalesforceObjectSpec } from './salesforce-schema';
import { SalesforceFault, salesforceTimestamp } from './salesforce-schema';
import type { SalesforceStore } from './salesforce-store';
import type { QueryParams } from './simulator-server';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A Salesforce dateTime: `2026-03-02T09:30:00Z`, with optional milliseconds and a `Z`, `+hh:mm` or `+hhmm` offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The limits Get Deleted enforces. */
export interface DeletedRecordsLimits {
  /** Days a deletion stays in the delete log. */
  deleteLogDays: number;
  /** Most ids one call may return (`EXCEEDED_ID_LIMIT` above). */
  maxDeletedIds: number;
  /** The org's creation: no window may start before it. */
  organizationCreated: number;
}

function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function dateTimeParam(query: QueryParams, name: 'start' | 'end'): number {
  const value = query[name];
  if (typeof value !== 'string' || value === '') throw SalesforceFault.of(400, 'MISSING_ARGUMENT', `${name} is required`);
  const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw SalesforceFault.of(400, 'INVALID_PARAMETER_VALUE', `${name}: invalid date/time: ${value}`);
  return ms;
}

/** Answers `GET sobjects/{object}/deleted/?start=&end=`. */
export function getDeleted(store: SalesforceStore, object: SalesforceObjectSpec, query: QueryParams, now: number, limits: DeletedRecordsLimits) {
  const start = minuteOf(dateTimeParam(query, 'start'));
  const end = minuteOf(dateTimeParam(query, 'end'));
  store.purgeDeleteLog(object.name, now - limits.deleteLogDays * DAY_MS);
  const purged = store.purgedThrough(object.name);
  const earliest = Math.max(minuteOf(limits.organizationCreated), purged === undefined ? 0 : minuteOf(purged) + MINUTE_MS);

  if (end - start <= MINUTE_MS) throw SalesforceFault.of(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  if (start < minuteOf(now) - 30 * DAY_MS) throw SalesforceFault.of(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  if (start < earliest) {
    throw SalesforceFault.of(400, 'INVALID_REPLICATION_DATE', `startDate is before earliestDateAvailable ${salesforceTimestamp(earliest)}`);
  }

  const latest = Math.min(end, minuteOf(now));
  const deleted = store.deletedBetween(object.name, start, latest + MINUTE_MS);
  if (deleted.length > limits.maxDeletedIds) {
    throw SalesforceFault.of(400, 'EXCEEDED_ID_LIMIT', `more than ${limits.maxDeletedIds} ids were found; choose start and end dates closer together`);
  }
  return {
    deletedRecords: deleted.map((e) => ({ id: e.id, deletedDate: salesforceTimestamp(e.deletedAt) })),
    earliestDateAvailable: salesforceTimestamp(earliest),
    latestDateCovered: salesforceTimestamp(latest),
  };
}
