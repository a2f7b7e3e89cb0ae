/**
 * The Box simulator's user event stream: every change of the tree as an event at a stream
 * position, read with `GET /2.0/events`. https://developer.box.com/reference/get-events/ and
 * https://developer.box.com/guides/events/pagination/
 */
import { randomBytes } from 'node:crypto';
import type { BoxAnswer, BoxRoute } from './box-routes';
import { boxError, pacific, type BoxStoreChange, type BoxUser } from './box-store';
import type { QueryParams } from './simulator-server';

/** An event as the stream answers it. https://developer.box.com/reference/resources/event/ */
export interface BoxStreamEvent {
  type: 'event';
  event_id: string;
  event_type: BoxStoreChange['eventType'];
  created_at: string;
  recorded_at: string;
  created_by: { type: 'user'; id: string; name: string; login: string };
  session_id: string | null;
  source: Record<string, unknown>;
  additional_details: null;
}

/**
 * Positions are 64-bit numbers, as Box's (e.g. `1152922976252290886`): beyond what a JavaScript
 * number holds exactly, so a client that reads them as numbers gets them wrong.
 */
const FIRST_POSITION = 1152922976252290001n;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const STREAM_TYPES = ['all', 'changes', 'sync'];

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The change log. Events are kept until `reset()`; Box keeps user events for weeks. */
export class BoxEventLog {
  private readonly entries: { position: bigint; event: BoxStreamEvent }[] = [];
  private first = FIRST_POSITION;
  private next = FIRST_POSITION;
  private repeats = 0;

  constructor(
    private readonly now: () => number,
    private readonly user: BoxUser,
  ) {}

  /** Appends the event of a change (twice, while `repeatNext` asks for it). */
  record(change: BoxStoreChange): BoxStreamEvent {
    const stamp = pacific(this.now());
    const event: BoxStreamEvent = {
      type: 'event',
      event_id: randomBytes(20).toString('hex'),
      event_type: change.eventType,
      created_at: stamp,
      recorded_at: stamp,
      created_by: { type: 'user', id: this.user.id, name: this.user.name, login: this.user.login },
      session_id: null,
      source: change.source,
      additional_details: null,
    };
    this.entries.push({ position: this.next++, event });
    if (this.repeats > 0) {
      this.repeats--;
      this.entries.push({ position: this.next++, event });
    }
    return event;
  }

  /** The next `count` events appear twice in the stream, as Box's stream may repeat an event. */
  repeatNext(count: number): void {
    this.repeats = count;
  }

  /** Every event recorded, in stream order (repeats included). */
  all(): BoxStreamEvent[] {
    return this.entries.map((e) => e.event);
  }

  /** Forgets every event; positions start over, so positions handed out before are refused. */
  reset(): void {
    this.entries.length = 0;
    this.first = FIRST_POSITION;
    this.next = FIRST_POSITION;
    this.repeats = 0;
  }

  /**
   * Forgets every event and numbers positions from `position`. Recordings need positions a
   * JavaScript number holds: nock stores JSON answers parsed, which would round Box's.
   */
  startAt(position: bigint): void {
    this.reset();
    this.first = position;
    this.next = position;
  }

  /** `GET /2.0/events`: `now`, `0` (or none) for everything kept, or a position this stream gave out. */
  read(query: QueryParams): BoxAnswer {
    const streamType = text(query.stream_type) ?? 'all';
    if (!STREAM_TYPES.includes(streamType)) throw boxError(400, 'bad_request', `Invalid value '${streamType}' for query parameter 'stream_type'`);
    const limit = Number(text(query.limit) ?? DEFAULT_LIMIT);
    if (!Number.isInteger(limit) || limit < 1) throw boxError(400, 'bad_request', "Invalid value for query parameter 'limit'");
    const requested = text(query.stream_position);
    let from: bigint;
    if (requested === 'now') from = this.next;
    else if (requested === undefined || requested === '' || requested === '0') from = this.first;
    else if (/^\d{1,20}$/.test(requested) && BigInt(requested) >= this.first && BigInt(requested) <= this.next) from = BigInt(requested);
    else throw boxError(400, 'bad_request', `Invalid value '${requested}' for query parameter 'stream_position'`);
    const chunk = this.entries.filter((e) => e.position >= from).slice(0, Math.min(limit, MAX_LIMIT));
    const nextPosition = chunk.length ? chunk[chunk.length - 1].position + 1n : from;
    const body = JSON.stringify({ chunk_size: chunk.length, next_stream_position: '@POSITION@', entries: chunk.map((e) => e.event) });
    // The position goes out as a bare JSON number, as Box sends it.
    return { status: 200, text: body.replace('"@POSITION@"', nextPosition.toString()) };
  }

  routes(): Record<string, BoxRoute> {
    return { 'GET /2.0/events': (call) => this.read(call.query) };
  }
}
