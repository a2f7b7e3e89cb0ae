import { VendorError, type ChangedSince, type ElementContext, type NormalizedChange } from '@junction/core';

/** One entry of the Get Deleted answer. */
interface DeletedRecord {
  id: string;
  /** `2026-03-02T09:30:01.000+0000`, from the record's SystemModstamp. */
  deletedDate: string;
}

/** What `GET sobjects/{sObject}/deleted/` answers. */
interface GetDeletedResult {
  deletedRecords?: DeletedRecord[];
  earliestDateAvailable?: string;
  latestDateCovered?: string;
}

/**
 * Where the deletions of one object were read up to: every deletion before `since` was reported,
 * and of those at or after it, the ids in `seen`. Salesforce reads windows in whole minutes and
 * may return deletions past the `latestDateCovered` it answers, so a window starts at or before
 * `since` and what it returns again is recognized by date and id.
 */
interface DeletionsPosition {
  since: string;
  seen: string[];
}

const MINUTE_MS = 60_000;
/**
 * Salesforce refuses a window whose start does not precede its end by more than a minute, seconds
 * ignored; a window always reaches this far back so a poll right after the previous one works.
 */
const MIN_WINDOW_MS = 2 * MINUTE_MS;
/** One call reads at most a day: far below the 30 days Salesforce allows, so an answer seldom nears its 600,000 ids. */
const MAX_WINDOW_MS = 24 * 60 * MINUTE_MS;
/** Deletions one call reports; the rest come with the next poll. */
export const MAX_DELETIONS_PER_CALL = 2_000;

function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function position(since: number, seen: string[]): string {
  return JSON.stringify({ since: new Date(since).toISOString(), seen } satisfies DeletionsPosition);
}

/** The saved position, or undefined when there is none or it cannot be read (then it starts over). */
function readPosition(state: string | undefined): { since: number; seen: Set<string> } | undefined {
  if (state === undefined) return undefined;
  try {
    const parsed = JSON.parse(state) as Partial<DeletionsPosition>;
    const since = typeof parsed.since === 'string' ? Date.parse(parsed.since) : Number.NaN;
    if (Number.isNaN(since) || !Array.isArray(parsed.seen)) return undefined;
    return { since, seen: new Set(parsed.seen.filter((id): id is string => typeof id === 'string')) };
  } catch {
    return undefined;
  }
}

/** Whether `error` is Salesforce's answer with `errorCode` (`INVALID_REPLICATION_DATE`, `EXCEEDED_ID_LIMIT`). */
function isSalesforceError(error: unknown, errorCode: string): boolean {
  return error instanceof VendorError && (error.providerMessage ?? '').split('; ').some((m) => m.startsWith(`${errorCode}:`));
}

/**
 * Get Deleted from `start` to now, a day at most. Where Salesforce finds more ids than it returns
 * at once (`EXCEEDED_ID_LIMIT`), the window is halved, down to the shortest it accepts.
 */
async function readWindow(ctx: ElementContext, sobject: string, start: number, at: number): Promise<{ result: GetDeletedResult; end: number }> {
  let end = Math.min(at, start + MAX_WINDOW_MS);
  for (;;) {
    try {
      // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md
      // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_getdeleted.htm (rules, latestDateCovered)
      const result = await ctx.http.get<GetDeletedResult>(`sobjects/${sobject}/deleted/`, { start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      return { result, end };
    } catch (error) {
      if (!isSalesforceError(error, 'EXCEEDED_ID_LIMIT') || end - start <= MIN_WINDOW_MS) throw error;
      end = start + Math.max(MIN_WINDOW_MS, minuteOf((end - start) / 2));
    }
  }
}

/** The records of an answer, oldest first (ties by id), with their dates in epoch milliseconds. */
function deletionsOf(result: GetDeletedResult) {
  return (result.deletedRecords ?? [])
    .map((r) => ({ id: r.id, date: Date.parse(r.deletedDate), raw: r }))
    .filter((r) => typeof r.id === 'string' && !Number.isNaN(r.date))
    .sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The deletions of one sObject, through sObject Get Deleted, as `DELETED` changes of `objectType`.
 * The first call only takes the position (now). Each later call reads from the position (at least
 * two minutes back, since Salesforce needs more than a minute between start and end) to now, at
 * most a day at a time, and reports what it had not reported: deletions dated at or after the
 * position whose ids were not reported yet. The next position is the `latestDateCovered`
 * Salesforce answers, which it advises as the next start; when more than
 * {@link MAX_DELETIONS_PER_CALL} are new, the date of the last one reported instead. A position
 * Salesforce refuses (`INVALID_REPLICATION_DATE`: the delete log was purged past it, or it is
 * older than the log reaches) restarts at now; deletions in between are not reported. Other errors
 * are thrown, and the hub tries again at the next poll.
 */
export function deletedSince(sobject: string, objectType: string, now: () => number = Date.now): ChangedSince {
  return async (ctx: ElementContext, state: string | undefined) => {
    const at = now();
    const from = readPosition(state);
    if (!from) return { events: [], state: position(at, []) };

    let read: { result: GetDeletedResult; end: number };
    try {
      read = await readWindow(ctx, sobject, Math.min(minuteOf(from.since), minuteOf(at) - MIN_WINDOW_MS), at);
    } catch (error) {
      if (isSalesforceError(error, 'INVALID_REPLICATION_DATE')) return { events: [], state: position(at, []) };
      throw error;
    }

    const returned = deletionsOf(read.result);
    // Deletions dated before the position were reported by an earlier call, or predate events.
    const unseen = returned.filter((r) => r.date >= from.since && !from.seen.has(r.id));
    const reported = unseen.slice(0, MAX_DELETIONS_PER_CALL);

    const covered = Date.parse(read.result.latestDateCovered ?? '');
    const coveredUpTo = Number.isNaN(covered) ? minuteOf(read.end) : Math.min(covered, read.end);
    const since = reported.length < unseen.length ? reported[reported.length - 1].date : Math.max(from.since, coveredUpTo);
    const known = new Set([...from.seen, ...reported.map((r) => r.id)]);
    const seen = [...new Set(returned.filter((r) => r.date >= since && known.has(r.id)).map((r) => r.id))];

    const events: NormalizedChange[] = reported.map((r) => ({ eventType: 'DELETED', objectType, objectId: r.id, date: new Date(r.date).toISOString(), raw: r.raw }));
    return { events, state: position(since, seen) };
  };
}
