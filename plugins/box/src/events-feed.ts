import { VendorError, type ChangeType, type ElementContext, type FeedPolling, type NormalizedChange } from '@junction/core';

/** Box's largest page of the event stream. https://developer.box.com/reference/get-events/ */
export const STREAM_CHUNK_LIMIT = 500;
/** A poll reads at most this many chunks; the position saved lets the next poll go on from there. */
const MAX_CHUNKS_PER_POLL = 40;

/** The part of an item an event's `source` carries that the hub reads. */
export interface BoxEventSource {
  type?: string;
  id?: string;
  /** Enterprise-style sources name the item with `item_type`/`item_id`. */
  item_type?: string;
  item_id?: string;
  sequence_id?: string | null;
  owned_by?: { id?: string | number } | null;
}

/** One entry of the user event stream. https://developer.box.com/reference/resources/event/ */
export interface BoxEvent {
  type: 'event';
  event_id: string;
  event_type: string;
  created_at?: string;
  source?: BoxEventSource | null;
}

/** What one `GET /events` answered: the entries and the exact next position. */
interface StreamChunk {
  entries: BoxEvent[];
  chunkSize: number;
  nextPosition: string;
}

/** The hub's object type for a Box item type. */
export type BoxObjectType = 'files' | 'folders';
const ITEM_TYPES: Record<BoxObjectType, string> = { files: 'file', folders: 'folder' };

/**
 * User event types that change the file tree, by what they mean to an app mirroring it. A copy's
 * source is the new item, so it is created; a restore brings back an item the app was told was
 * deleted, under the same id. https://developer.box.com/guides/events/user-events/for-user/
 */
const EVENT_CHANGES: Record<string, ChangeType | 'UPLOAD'> = {
  ITEM_CREATE: 'CREATED',
  ITEM_UPLOAD: 'UPLOAD',
  ITEM_COPY: 'CREATED',
  ITEM_MODIFY: 'UPDATED',
  ITEM_RENAME: 'UPDATED',
  ITEM_MOVE: 'UPDATED',
  ITEM_MAKE_CURRENT_VERSION: 'UPDATED',
  ITEM_UNDELETE_VIA_TRASH: 'UPDATED',
  ITEM_TRASH: 'DELETED',
};

/**
 * An upload is a new file or a new version of one. Box counts every change of an item in its
 * `sequence_id`, which starts at `0`: an item uploaded at any later sequence already existed.
 */
export function uploadChange(source: BoxEventSource | null | undefined): ChangeType {
  const sequence = source?.sequence_id;
  return sequence === undefined || sequence === null || sequence === '0' ? 'CREATED' : 'UPDATED';
}

/** The item an event or webhook source names, whichever form Box used. */
export function sourceItem(source: BoxEventSource | null | undefined): { type?: string; id?: string } {
  if (!source) return {};
  const id = source.id ?? source.item_id;
  return { type: source.type ?? source.item_type, id: id === undefined ? undefined : String(id) };
}

/** The change an event reports about an item of `itemType`, if it is one the hub reports. */
export function changeOfEvent(event: BoxEvent, itemType: string): Omit<NormalizedChange, 'objectType'> | undefined {
  const kind = EVENT_CHANGES[event.event_type];
  const item = sourceItem(event.source);
  if (!kind || item.type !== itemType || !item.id) return undefined;
  return {
    eventType: kind === 'UPLOAD' ? uploadChange(event.source) : kind,
    objectId: item.id,
    date: event.created_at ?? new Date().toISOString(),
    raw: event,
  };
}

/**
 * Box positions are 64-bit integers and Box may send them as JSON numbers, which lose digits in a
 * JavaScript number: the position is read from the text of the answer, the entries from its JSON.
 */
export function parseChunk(text: string): StreamChunk {
  const body = JSON.parse(text) as { chunk_size?: number; entries?: BoxEvent[] };
  const position = /"next_stream_position"\s*:\s*"?(-?\d+)"?/.exec(text);
  if (!position) throw new VendorError(502, 'Box answered the event stream without a next_stream_position', undefined, 200);
  const entries = Array.isArray(body.entries) ? body.entries : [];
  return { entries, chunkSize: typeof body.chunk_size === 'number' ? body.chunk_size : entries.length, nextPosition: position[1] };
}

/** `undefined` when Box refuses the position (too old, or not one of its own). */
async function readChunk(ctx: ElementContext, position: string): Promise<StreamChunk | undefined> {
  // https://developer.box.com/reference/get-events/ (stream_type=changes: events that change the file tree)
  const answer = await ctx.http.request<string>({
    method: 'GET',
    url: 'events',
    searchParams: { stream_position: position, stream_type: 'changes', limit: STREAM_CHUNK_LIMIT },
    responseType: 'text',
    allowStatuses: [400],
  });
  return answer.status === 400 ? undefined : parseChunk(answer.body);
}

/** The stream's current position: `stream_position=now` answers no events, only the position. */
async function currentPosition(ctx: ElementContext): Promise<string> {
  // https://developer.box.com/guides/events/pagination/ (stream_position=now)
  const answer = await ctx.http.request<string>({ method: 'GET', url: 'events', searchParams: { stream_position: 'now' }, responseType: 'text' });
  return parseChunk(answer.body).nextPosition;
}

/**
 * Polls `files` or `folders` through the user event stream. The saved state is Box's stream
 * position. Box may send one event more than once (its stream favours speed over exactness), so a
 * poll reports each `event_id` once. Across polls nothing de-duplicates: the hub stores each poll's
 * changes as new events, and the position (saved in the same transaction) keeps a poll from reading
 * the previous one's chunks again; an event Box repeats in a later chunk reaches the app again with
 * a new event id, and the same Box `event_id` in `raw`. A position Box refuses starts the stream
 * afresh from `now` (the refused call is logged by the hub with the instance): changes in between
 * are not reported, which beats polling nothing forever.
 */
export function boxFeed(objectType: BoxObjectType): FeedPolling {
  const itemType = ITEM_TYPES[objectType];
  return {
    objectType,
    changedSince: async (ctx, state) => {
      if (state === undefined) return { events: [], state: await currentPosition(ctx) };
      const seen = new Set<string>();
      const events: Omit<NormalizedChange, 'objectType'>[] = [];
      let position = state;
      for (let chunks = 0; chunks < MAX_CHUNKS_PER_POLL; chunks++) {
        const chunk = await readChunk(ctx, position);
        if (!chunk) return { events: events.map((e) => ({ ...e, objectType })), state: await currentPosition(ctx) };
        for (const event of chunk.entries) {
          if (seen.has(event.event_id)) continue;
          seen.add(event.event_id);
          const change = changeOfEvent(event, itemType);
          if (change) events.push(change);
        }
        const caughtUp = chunk.chunkSize < STREAM_CHUNK_LIMIT || chunk.nextPosition === position;
        position = chunk.nextPosition;
        if (caughtUp) break;
      }
      return { events: events.map((e) => ({ ...e, objectType })), state: position };
    },
  };
}
