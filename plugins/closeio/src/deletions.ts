import type { ChangedSince, ElementContext, NormalizedChange } from '@junction/core';
import { closeMicros, isoMicros } from './close-api';

/** One entry of Close's event log. https://developer.close.com/api/resources/events */
export interface CloseLogEvent {
  id: string;
  object_type: string;
  object_id: string;
  action: string;
  lead_id?: string | null;
  date_created?: string;
  date_updated?: string;
  /** `null` for deletions; `previous_data` holds what was deleted. */
  data?: unknown;
  previous_data?: unknown;
  [field: string]: unknown;
}

/** `GET /event/`: newest first; `cursor_next` leads to older events. */
interface EventPage {
  data: CloseLogEvent[];
  cursor_next?: string | null;
}

/** Close answers at most (and by default) 50 events a page. https://developer.close.com/api/resources/events/list */
export const EVENTS_PER_PAGE = 50;
/** A call reads at most this many pages; the state saved lets the next call go on from there. */
export const MAX_PAGES_PER_CALL = 10;
/**
 * Events may become visible in the log out of order, so Close advises reading the latest five
 * minutes again on every pass (https://developer.close.com/api/resources/events/list): each read
 * starts five minutes before the previous one began, by Close's clock.
 */
export const LATE_EVENTS_MICROS = 5 * 60 * 1_000_000;

/**
 * Where the next read starts (`floor`, an ISO date in Close's time) and the events already seen
 * at or after it (`seen`, event ids), so the overlap is neither missed nor reported twice.
 */
interface Position {
  floor: string;
  seen: string[];
}

/**
 * The saved state. `walk` is a read that went over the page budget: the position it is building,
 * the cursor to go on from (towards older events), and whether it is the first read (which
 * reports nothing).
 */
interface DeletionsState extends Position {
  walk?: Position & { cursor: string; quiet: boolean };
}

/**
 * The deletions of one Close object type, for `ListPolling.deletions`: Close's event log filtered
 * by `object_type` and `action=deleted`, reported as `DELETED` changes of `hubResource`. The
 * first call only takes the position (no history is replayed); the state is JSON of
 * {@link DeletionsState}. Close keeps 30 days of events, so an instance not polled for longer
 * misses the deletions in between.
 */
export function closeDeletions(objectType: 'lead' | 'contact' | 'opportunity', hubResource: string): ChangedSince {
  return async (ctx, text) => {
    const saved = readState(text);
    const quiet = saved === undefined || saved.walk?.quiet === true;
    const reported = new Set(saved?.seen);
    let lower = saved ? closeMicros(saved.floor) : undefined;
    let next = saved?.walk ? { floor: closeMicros(saved.walk.floor) ?? 0, seen: [...saved.walk.seen] } : undefined;
    let cursor = saved?.walk?.cursor;
    const events: NormalizedChange[] = [];
    let inWindow = 0;
    for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages++) {
      const { page, closeNow } = await readPage(ctx, objectType, cursor, cursor ? undefined : lower);
      next ??= { floor: Math.max(closeNow - LATE_EVENTS_MICROS, lower ?? 0), seen: [] };
      lower ??= next.floor;
      let finished = !page.cursor_next;
      for (const event of page.data) {
        const updated = closeMicros(event.date_updated);
        if (updated === undefined || typeof event.object_id !== 'string') continue;
        // The date filter stays with Close's cursor, but the walk stops at the floor whatever it does.
        if (updated < lower) {
          finished = true;
          break;
        }
        inWindow++;
        if (updated >= next.floor) next.seen.push(event.id);
        if (!quiet && !reported.has(event.id)) events.push(deletionOf(event, hubResource, updated));
      }
      if (!finished) {
        cursor = page.cursor_next ?? undefined;
        continue;
      }
      // Nothing at or after the floor: the saved position still holds, and an unchanged state
      // spares the hub a write on every idle poll.
      if (saved && !saved.walk && inWindow === 0) return { events, state: text! };
      return { events, state: JSON.stringify({ floor: isoMicros(next.floor), seen: [...new Set(next.seen)] } satisfies DeletionsState) };
    }
    const walk = { floor: isoMicros(next!.floor), seen: next!.seen, cursor: cursor!, quiet };
    return { events, state: JSON.stringify({ floor: isoMicros(lower!), seen: [...reported], walk } satisfies DeletionsState) };
  };
}

/** One page of the object type's deletions, newest first, and Close's clock when it answered. */
async function readPage(ctx: ElementContext, objectType: string, cursor: string | undefined, from: number | undefined): Promise<{ page: EventPage; closeNow: number }> {
  // https://developer.close.com/api/resources/events/list (GET /event/?object_type=&action=deleted;
  // `_cursor` pages need every filter again but the date ones)
  const answer = await ctx.http.request<EventPage>({
    method: 'GET',
    url: 'event/',
    searchParams: {
      object_type: objectType,
      action: 'deleted',
      _limit: EVENTS_PER_PAGE,
      _cursor: cursor,
      date_updated__gte: from === undefined ? undefined : isoMicros(from),
    },
  });
  if (!answer.body || !Array.isArray(answer.body.data)) throw new TypeError('Close answered event/ without a data list');
  const date = answer.headers['date'];
  const closeTime = Date.parse(Array.isArray(date) ? (date[0] ?? '') : (date ?? ''));
  return { page: answer.body, closeNow: (Number.isNaN(closeTime) ? Date.now() : closeTime) * 1000 };
}

function deletionOf(event: CloseLogEvent, hubResource: string, updated: number): NormalizedChange {
  // The deletion happened when the event was created; `date_updated` moves when Close merges events.
  const happened = closeMicros(event.date_created) ?? updated;
  return { eventType: 'DELETED', objectType: hubResource, objectId: event.object_id, date: new Date(Math.floor(happened / 1000)).toISOString(), raw: event };
}

/** The saved state; `undefined` (a first call) when there is none or it cannot be read. */
function readState(text: string | undefined): DeletionsState | undefined {
  if (text === undefined) return undefined;
  try {
    const state = JSON.parse(text) as Partial<DeletionsState>;
    const position = (p: Partial<Position> | undefined) => closeMicros(p?.floor) !== undefined && Array.isArray(p?.seen) && p.seen.every((id) => typeof id === 'string');
    if (!position(state) || (state.walk !== undefined && (!position(state.walk) || typeof state.walk.cursor !== 'string'))) return undefined;
    return state as DeletionsState;
  } catch {
    return undefined;
  }
}
