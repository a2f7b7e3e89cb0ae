import { VendorError, type ElementContext, type NormalizedChange, type VendorRequest } from '@junction/core';
import { closeDeletions, EVENTS_PER_PAGE, MAX_PAGES_PER_CALL, type CloseLogEvent } from './deletions';

/**
 * A stand-in for Close's event log as https://developer.close.com/api/resources/events/list
 * describes it: newest first, `date_updated__gte`, `_cursor` pages of older events that remember
 * the date filter, and the server's clock in the `Date` header.
 */
class FakeEventLog {
  /** Events in the order they became visible (not necessarily date order). */
  readonly events: CloseLogEvent[] = [];
  readonly requests: NonNullable<VendorRequest['searchParams']>[] = [];
  failure: Error | undefined;
  nowMs = Date.parse('2025-06-01T12:00:00Z');

  readonly ctx = {
    config: {},
    http: { request: (request: VendorRequest) => this.answer(request) },
  } as unknown as ElementContext;

  /** A deletion `secondsAgo` before the log's clock, at `micros` past that second. */
  delete(objectType: string, objectId: string, secondsAgo: number, micros = 0): CloseLogEvent {
    const stamp = new Date(this.nowMs - secondsAgo * 1000).toISOString().slice(0, 19) + `.${String(micros).padStart(6, '0')}`;
    const event = { id: `ev_${this.events.length}_${objectId}`, object_type: objectType, object_id: objectId, action: 'deleted', date_created: stamp, date_updated: stamp, data: null, previous_data: { id: objectId } };
    this.events.push(event);
    return event;
  }

  private async answer(request: VendorRequest) {
    const params = request.searchParams ?? {};
    this.requests.push(params);
    if (this.failure) throw this.failure;
    expect(request).toMatchObject({ method: 'GET', url: 'event/' });
    const cursor = typeof params._cursor === 'string' ? (JSON.parse(params._cursor) as { after: string; gte?: string }) : undefined;
    const gte = cursor ? cursor.gte : (params.date_updated__gte as string | undefined);
    const matching = this.events
      .filter((e) => e.object_type === params.object_type && e.action === params.action && (gte === undefined || `${e.date_updated}Z` >= gte))
      .sort((a, b) => (a.date_updated! < b.date_updated! ? 1 : a.date_updated! > b.date_updated! ? -1 : 0));
    const start = cursor ? matching.findIndex((e) => e.id === cursor.after) + 1 : 0;
    const limit = Math.min(Number(params._limit ?? EVENTS_PER_PAGE), EVENTS_PER_PAGE);
    const data = matching.slice(start, start + limit);
    const more = start + limit < matching.length;
    return {
      status: 200,
      headers: { date: new Date(this.nowMs).toUTCString() },
      body: { data, cursor_next: more ? JSON.stringify({ after: data.at(-1)!.id, gte }) : null, cursor_previous: null },
    };
  }
}

describe('Close deletions from the event log', () => {
  const leads = closeDeletions('lead', 'accounts');
  let log: FakeEventLog;
  beforeEach(() => {
    log = new FakeEventLog();
  });
  const ids = (changes: NormalizedChange[]) => changes.map((c) => c.objectId);

  it('takes only the position on the first call, and does not report deletions from before it later', async () => {
    log.delete('lead', 'lead_old', 4 * 60);
    log.delete('lead', 'lead_older', 2 * 60 * 60);
    const first = await leads(log.ctx, undefined);
    expect(first.events).toEqual([]);
    // The position is Close's clock (the Date header) less the five minutes Close advises to read again.
    expect(JSON.parse(first.state)).toEqual({ floor: '2025-06-01T11:55:00.000000Z', seen: ['ev_0_lead_old'] });
    expect(log.requests[0]).toEqual({ object_type: 'lead', action: 'deleted', _limit: 50, _cursor: undefined, date_updated__gte: undefined });

    log.nowMs += 60_000;
    expect((await leads(log.ctx, first.state)).events).toEqual([]);
  });

  it('reports each new deletion once, dated in ISO UTC, with the Close event as raw', async () => {
    const start = await leads(log.ctx, undefined);
    log.nowMs += 30_000;
    const deleted = log.delete('lead', 'lead_gone', 10, 123456);
    log.delete('contact', 'cont_other', 5);

    const found = await leads(log.ctx, start.state);
    expect(found.events).toEqual([{ eventType: 'DELETED', objectType: 'accounts', objectId: 'lead_gone', date: '2025-06-01T12:00:20.123Z', raw: deleted }]);
    expect(log.requests.at(-1)).toMatchObject({ object_type: 'lead', action: 'deleted', date_updated__gte: '2025-06-01T11:55:00.000000Z' });

    log.nowMs += 30_000;
    const again = await leads(log.ctx, found.state);
    expect(again.events).toEqual([]);
    expect(JSON.parse(again.state).seen).toEqual([deleted.id]);
  });

  it('reports a deletion that shows up late, even stamped at the very time of one already reported, and only that one', async () => {
    const start = await leads(log.ctx, undefined);
    log.nowMs += 60_000;
    log.delete('lead', 'lead_a', 20, 500);
    const first = await leads(log.ctx, start.state);
    expect(ids(first.events)).toEqual(['lead_a']);

    // Close may make an event visible after a later one: same microsecond, and a minute earlier.
    log.delete('lead', 'lead_b', 20, 500);
    log.delete('lead', 'lead_c', 80);
    log.nowMs += 30_000;
    const second = await leads(log.ctx, first.state);
    expect(ids(second.events).sort()).toEqual(['lead_b', 'lead_c']);
    expect((await leads(log.ctx, second.state)).events).toEqual([]);
  });

  it('leaves the state as it was when nothing was deleted, so idle polls change nothing', async () => {
    const start = await leads(log.ctx, undefined);
    log.nowMs += 10 * 60_000;
    const idle = await leads(log.ctx, start.state);
    expect(idle).toEqual({ events: [], state: start.state });
  });

  it(`reads at most ${MAX_PAGES_PER_CALL} pages a call and goes on from there on the next`, async () => {
    const start = await leads(log.ctx, undefined);
    log.nowMs += 60_000;
    const total = EVENTS_PER_PAGE * MAX_PAGES_PER_CALL + 70;
    for (let i = 0; i < total; i++) log.delete('lead', `lead_${i}`, 30, i);

    log.requests.length = 0;
    const first = await leads(log.ctx, start.state);
    expect(first.events).toHaveLength(EVENTS_PER_PAGE * MAX_PAGES_PER_CALL);
    expect(log.requests).toHaveLength(MAX_PAGES_PER_CALL);
    // Pages after the first repeat every filter but the date, as Close asks.
    expect(log.requests[1]).toMatchObject({ object_type: 'lead', action: 'deleted', _cursor: expect.any(String), date_updated__gte: undefined });
    expect(JSON.parse(first.state).walk).toMatchObject({ cursor: expect.any(String), quiet: false });

    const rest = await leads(log.ctx, first.state);
    expect(rest.events).toHaveLength(70);
    const all = new Set([...ids(first.events), ...ids(rest.events)]);
    expect(all.size).toBe(total);
    expect(JSON.parse(rest.state).walk).toBeUndefined();

    // Reading the last five minutes again takes more than one call too, and reports nothing.
    let state = rest.state;
    for (let call = 0; call < 2; call++) {
      const again = await leads(log.ctx, state);
      expect(again.events).toEqual([]);
      state = again.state;
    }
    expect(JSON.parse(state).walk).toBeUndefined();
  });

  it('throws what Close answered, and starts over from an unreadable state', async () => {
    const start = await leads(log.ctx, undefined);
    log.failure = new VendorError(429, 'Close answered 429', 'API call count exceeded', 429);
    await expect(leads(log.ctx, start.state)).rejects.toMatchObject({ status: 429, providerMessage: 'API call count exceeded' });
    log.failure = undefined;
    log.delete('lead', 'lead_before_reset', 1);
    const reset = await leads(log.ctx, '{"floor": "yesterday"}');
    expect(reset.events).toEqual([]);
    expect(JSON.parse(reset.state).seen).toEqual(['ev_0_lead_before_reset']);
  });
});
