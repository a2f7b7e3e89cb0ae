import { VendorError, validateEvents, type ElementContext, type ListPolling } from '@junction/core';
import { deletedSince, MAX_DELETIONS_PER_CALL } from './deleted-records';
import { sfdcEvents } from './events';

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-02T09:45:20.500Z');
const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

interface Call {
  url: string;
  start: string;
  end: string;
}

/** A vendor that answers each Get Deleted call from `answer`, and keeps the calls. */
function vendor(answer: (call: Call) => unknown): { ctx: ElementContext; calls: Call[] } {
  const calls: Call[] = [];
  const get = async (url: string, params: Record<string, string>) => {
    const call = { url, start: params.start, end: params.end };
    calls.push(call);
    const result = answer(call);
    if (result instanceof Error) throw result;
    return result;
  };
  return { ctx: { config: {}, http: { get } as unknown as ElementContext['http'] }, calls };
}

/** A Get Deleted answer: the records, and coverage up to the start of `end`'s minute. */
function answer(records: { id: string; at: number }[], end: number) {
  return {
    deletedRecords: records.map((r) => ({ id: r.id, deletedDate: stamp(r.at) })),
    earliestDateAvailable: '2026-02-20T00:00:00.000+0000',
    latestDateCovered: stamp(Math.floor(end / MINUTE) * MINUTE),
  };
}

const state = (since: number, seen: string[] = []) => JSON.stringify({ since: new Date(since).toISOString(), seen });

describe('Salesforce deletions (sObject Get Deleted)', () => {
  it('is declared on every polled resource', () => {
    expect(() => validateEvents('sfdc', sfdcEvents)).not.toThrow();
    const objects = sfdcEvents.polling!.objects as ListPolling[];
    expect(objects.map((o) => [o.resource.name, typeof o.deletions])).toEqual([
      ['accounts', 'function'],
      ['contacts', 'function'],
      ['leads', 'function'],
      ['opportunities', 'function'],
    ]);
  });

  it('takes only the position on the first call, without a vendor call, and starts over from an unreadable one', async () => {
    const { ctx, calls } = vendor(() => {
      throw new Error('no call expected');
    });
    const deletions = deletedSince('Contact', 'contacts', () => NOW);
    expect(await deletions(ctx, undefined)).toEqual({ events: [], state: state(NOW) });
    expect(await deletions(ctx, 'not json')).toEqual({ events: [], state: state(NOW) });
    expect(await deletions(ctx, '{"since":"yesterday","seen":[]}')).toEqual({ events: [], state: state(NOW) });
    expect(calls).toEqual([]);
  });

  it('reports the deletions after the position once, reading at least two minutes back', async () => {
    const since = NOW - 30_000; // the position the first call took, 09:44:50.500
    const records = [
      { id: '003Sm0000000001AAA', at: since - 1_000 }, // before events were on
      { id: '003Sm0000000002AAA', at: since + 2_000 },
      { id: '003Sm0000000003AAA', at: NOW - 500 }, // past the coverage (09:45), in the minute read
    ];
    const { ctx, calls } = vendor((call) => answer(records, Date.parse(call.end)));
    const deletions = deletedSince('Contact', 'contacts', () => NOW);

    const first = await deletions(ctx, state(since));
    expect(calls).toEqual([{ url: 'sobjects/Contact/deleted/', start: '2026-03-02T09:43:00.000Z', end: '2026-03-02T09:45:20.500Z' }]);
    expect(first.events).toEqual([
      { eventType: 'DELETED', objectType: 'contacts', objectId: '003Sm0000000002AAA', date: '2026-03-02T09:44:52.500Z', raw: { id: '003Sm0000000002AAA', deletedDate: '2026-03-02T09:44:52.500+0000' } },
      { eventType: 'DELETED', objectType: 'contacts', objectId: '003Sm0000000003AAA', date: '2026-03-02T09:45:20.000Z', raw: expect.any(Object) },
    ]);
    // latestDateCovered is 09:45: only the deletion after it is remembered by id.
    expect(JSON.parse(first.state)).toEqual({ since: '2026-03-02T09:45:00.000Z', seen: ['003Sm0000000003AAA'] });

    // The same minute comes back, with one more deletion at the same time as a reported one.
    records.push({ id: '003Sm0000000004AAA', at: NOW - 500 });
    const next = await deletedSince('Contact', 'contacts', () => NOW + 10_000)(ctx, first.state);
    expect(next.events.map((e) => e.objectId)).toEqual(['003Sm0000000004AAA']);
    expect(JSON.parse(next.state)).toEqual({ since: '2026-03-02T09:45:00.000Z', seen: ['003Sm0000000003AAA', '003Sm0000000004AAA'] });
    expect(calls[1].start).toBe('2026-03-02T09:43:00.000Z');

    // Nothing new: nothing reported, and once the coverage moves on the remembered ids are dropped.
    const later = await deletedSince('Contact', 'contacts', () => NOW + 2 * MINUTE)(ctx, next.state);
    expect(later.events).toEqual([]);
    expect(JSON.parse(later.state)).toEqual({ since: '2026-03-02T09:47:00.000Z', seen: [] });
  });

  it('reports at most a bounded number per call and continues from the last one reported', async () => {
    const since = NOW - 10 * MINUTE;
    const records = Array.from({ length: MAX_DELETIONS_PER_CALL + 500 }, (_, i) => ({ id: `00QSm${String(i).padStart(10, '0')}AAA`, at: since + 1_000 + Math.floor(i / 2) * 10 }));
    const { ctx } = vendor((call) => answer(records, Date.parse(call.end)));
    const deletions = deletedSince('Lead', 'leads', () => NOW);

    const first = await deletions(ctx, state(since));
    expect(first.events).toHaveLength(MAX_DELETIONS_PER_CALL);
    const [before, last] = records.slice(MAX_DELETIONS_PER_CALL - 2, MAX_DELETIONS_PER_CALL);
    // Two deletions share each date: the position is the last one reported's date, with the ids reported at it.
    expect(before.at).toBe(last.at);
    expect(JSON.parse(first.state)).toEqual({ since: new Date(last.at).toISOString(), seen: [before.id, last.id] });

    const second = await deletions(ctx, first.state);
    expect(second.events.map((e) => e.objectId)).toEqual(records.slice(MAX_DELETIONS_PER_CALL).map((r) => r.id));
    const all = [...first.events, ...second.events].map((e) => e.objectId);
    expect(new Set(all).size).toBe(records.length);
  });

  it('reads an old position a day at a time', async () => {
    const since = Date.parse('2026-02-25T08:00:00Z');
    const { ctx, calls } = vendor((call) => answer([{ id: '006Sm0000000001AAA', at: since + 3 * MINUTE }], Date.parse(call.end)));
    const result = await deletedSince('Opportunity', 'opportunities', () => NOW)(ctx, state(since));
    expect(calls).toEqual([{ url: 'sobjects/Opportunity/deleted/', start: '2026-02-25T08:00:00.000Z', end: '2026-02-26T08:00:00.000Z' }]);
    expect(result.events.map((e) => e.objectId)).toEqual(['006Sm0000000001AAA']);
    expect(JSON.parse(result.state)).toEqual({ since: '2026-02-26T08:00:00.000Z', seen: [] });
  });

  it('starts over at now when Salesforce refuses the position, and throws other vendor errors', async () => {
    const purged = new VendorError(400, 'Salesforce refused the request', 'INVALID_REPLICATION_DATE: startDate is before earliestDateAvailable 2026-03-01T00:00:00.000+0000', 400);
    const refused = vendor(() => purged);
    expect(await deletedSince('Account', 'accounts', () => NOW)(refused.ctx, state(NOW - 60 * MINUTE))).toEqual({ events: [], state: state(NOW) });
    expect(refused.calls).toHaveLength(1);

    const unavailable = new VendorError(502, 'Salesforce failed', 'SERVER_UNAVAILABLE: Server is temporarily unavailable.', 503);
    await expect(deletedSince('Account', 'accounts', () => NOW)(vendor(() => unavailable).ctx, state(NOW - MINUTE))).rejects.toBe(unavailable);
  });

  it('halves the window while Salesforce finds too many ids, and throws when even the shortest is too many', async () => {
    const since = Date.parse('2026-03-02T08:00:00Z');
    const tooMany = new VendorError(400, 'Salesforce refused the request', 'EXCEEDED_ID_LIMIT: too many ids', 400);
    const busy = vendor((call) => (Date.parse(call.end) - Date.parse(call.start) > 20 * MINUTE ? tooMany : answer([{ id: '001Sm0000000001AAA', at: since + MINUTE }], Date.parse(call.end))));
    const result = await deletedSince('Account', 'accounts', () => NOW)(busy.ctx, state(since));
    // 08:00 to now (09:45:20.500), then 52, 26 and 13 minutes.
    expect(busy.calls.map((c) => c.end)).toEqual(['2026-03-02T09:45:20.500Z', '2026-03-02T08:52:00.000Z', '2026-03-02T08:26:00.000Z', '2026-03-02T08:13:00.000Z']);
    expect(result.events.map((e) => e.objectId)).toEqual(['001Sm0000000001AAA']);
    expect(JSON.parse(result.state).since).toBe('2026-03-02T08:13:00.000Z');

    const flooded = vendor(() => tooMany);
    await expect(deletedSince('Account', 'accounts', () => NOW)(flooded.ctx, state(since))).rejects.toBe(tooMany);
    expect(flooded.calls.at(-1)).toEqual({ url: 'sobjects/Account/deleted/', start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T08:02:00.000Z' });
    expect(flooded.calls.length).toBeLessThan(12);
  });
});
