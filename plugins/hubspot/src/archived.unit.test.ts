import { VendorError, type ElementContext, type VendorHttp } from '@junction/core';
import { archivedDeletions, CLOCK_MARGIN_MS } from './archived';
import { accounts, accountsSpec } from './resources/accounts';
import { leads, leadsSpec } from './resources/leads';

interface Archived {
  id: string;
  archivedAt: string;
  properties: Record<string, string>;
}

/**
 * A recycle bin answering as `GET /crm/v3/objects/{type}?archived=true` does: archived records in
 * id order, `limit` per page, `paging.next.after` naming the next id.
 */
function recycleBin() {
  const bin = new Map<string, Archived>();
  const calls: { url: string; query: Record<string, unknown> }[] = [];
  let failure: Error | undefined;
  const get = async (url: string, query: Record<string, string | number | boolean | undefined> = {}) => {
    calls.push({ url, query });
    if (failure) throw failure;
    const ordered = [...bin.values()].sort((a, b) => Number(a.id) - Number(b.id)).filter((r) => query.after === undefined || Number(r.id) >= Number(query.after));
    const limit = Number(query.limit);
    const results = ordered.slice(0, limit).map((r) => ({ ...r, archived: true, createdAt: '2020-01-01T00:00:00Z', updatedAt: r.archivedAt }));
    const next = ordered[limit];
    return { results, ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}) };
  };
  const ctx: ElementContext = { config: {}, http: { get } as unknown as VendorHttp };
  return {
    ctx,
    calls,
    archive: (id: string, archivedAt: string, properties: Record<string, string> = {}) => bin.set(id, { id, archivedAt, properties }),
    restore: (id: string) => bin.delete(id),
    failWith: (error: Error | undefined) => (failure = error),
  };
}

const ids = (result: { events: { objectId: string }[] }) => result.events.map((e) => e.objectId);

describe('HubSpot deletions from the recycle bin', () => {
  let clock: number;
  const now = () => clock;
  const at = (offsetMs: number) => new Date(clock + offsetMs).toISOString();

  beforeEach(() => {
    clock = Date.parse('2026-11-20T12:00:00.000Z');
  });

  it('takes the position on the first call without reporting what is already archived, and keeps it while nothing changes', async () => {
    const vendor = recycleBin();
    vendor.archive('5', at(-3_600_000), { name: 'Old Co' });
    vendor.archive('9', at(-60_000), { name: 'Recent Co' });
    const deletions = archivedDeletions(accountsSpec, accounts, { now });

    const first = await deletions(vendor.ctx, undefined);
    expect(first.events).toEqual([]);
    expect(vendor.calls).toEqual([
      {
        url: 'crm/v3/objects/companies',
        query: { limit: 100, after: undefined, archived: true, properties: 'name,description,website,phone,industry,createdate,hs_lastmodifieddate' },
      },
    ]);

    clock += CLOCK_MARGIN_MS;
    const second = await deletions(vendor.ctx, first.state);
    expect(second.events).toEqual([]);
    clock += 60_000;
    const third = await deletions(vendor.ctx, second.state);
    expect(third).toEqual({ events: [], state: second.state });
    // Long after the last deletion the position is its instant and id alone.
    expect(JSON.parse(third.state)).toEqual({ since: '2026-11-20T11:59:00.000Z', known: { 9: '2026-11-20T11:59:00.000Z' } });
  });

  it('reports each record archived after the position once, in hub shape, dated by archivedAt', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now });
    const first = await deletions(vendor.ctx, undefined);

    clock += 1000;
    vendor.archive('12', at(0), { name: 'Globex', hs_lastmodifieddate: at(0) });
    vendor.archive('3', at(-500), { name: 'Acme' });
    const second = await deletions(vendor.ctx, first.state);
    expect(second.events).toEqual([
      { eventType: 'DELETED', objectType: 'accounts', objectId: '3', date: at(-500), raw: expect.objectContaining({ id: '3', name: 'Acme' }) },
      { eventType: 'DELETED', objectType: 'accounts', objectId: '12', date: at(0), raw: expect.objectContaining({ id: '12', name: 'Globex', modifiedDate: at(0) }) },
    ]);

    clock += 1000;
    expect((await deletions(vendor.ctx, second.state)).events).toEqual([]);
  });

  it('reports a record archived at the same instant as one already reported, and not the reported one again', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now });
    let state = (await deletions(vendor.ctx, undefined)).state;
    const instant = at(10 * 60_000);
    clock += 20 * 60_000;

    vendor.archive('7', instant);
    const first = await deletions(vendor.ctx, state);
    expect(ids(first)).toEqual(['7']);
    state = first.state;
    expect(JSON.parse(state)).toEqual({ since: instant, known: { 7: instant } });

    vendor.archive('4', instant);
    const second = await deletions(vendor.ctx, state);
    expect(ids(second)).toEqual(['4']);
    expect(JSON.parse(second.state)).toEqual({ since: instant, known: { 4: instant, 7: instant } });
    expect((await deletions(vendor.ctx, second.state)).events).toEqual([]);
  });

  it('reads at most maxPages pages per call and goes on from HubSpot’s after cursor on the next call', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now, pageSize: 2, maxPages: 2 });
    const start = (await deletions(vendor.ctx, undefined)).state;
    clock += 1000;
    for (const id of ['1', '2', '3', '4', '5']) vendor.archive(id, at(Number(id)));
    vendor.calls.length = 0;

    const first = await deletions(vendor.ctx, start);
    expect(ids(first)).toEqual(['1', '2', '3', '4']);
    expect(vendor.calls.map((c) => c.query.after)).toEqual([undefined, '3']);
    expect(JSON.parse(first.state).scan).toMatchObject({ after: '5' });

    const second = await deletions(vendor.ctx, first.state);
    expect(ids(second)).toEqual(['5']);
    expect(vendor.calls.map((c) => c.query.after)).toEqual([undefined, '3', '5']);
    expect(JSON.parse(second.state).scan).toBeUndefined();

    // The next scan starts over from the first page and finds nothing new.
    const third = await deletions(vendor.ctx, second.state);
    expect(third.events).toEqual([]);
    expect(vendor.calls.map((c) => c.query.after)).toEqual([undefined, '3', '5', undefined, '3']);
  });

  it('reports a record archived behind a scan’s cursor on the next scan, although a later deletion was reported first', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now, pageSize: 1, maxPages: 1 });
    let state = (await deletions(vendor.ctx, undefined)).state;
    vendor.archive('10', at(1000));
    vendor.archive('20', at(2000));
    clock += 3000;

    const first = await deletions(vendor.ctx, state);
    expect(ids(first)).toEqual(['10']);
    // While the scan is past id 10, id 5 is archived, then id 30.
    vendor.archive('5', at(1000));
    vendor.archive('30', at(2000));
    const second = await deletions(vendor.ctx, first.state);
    const third = await deletions(vendor.ctx, second.state);
    expect([...ids(second), ...ids(third)]).toEqual(['20', '30']);
    state = third.state;

    const reported: string[] = [];
    for (let call = 0; call < 4; call++) {
      const next = await deletions(vendor.ctx, state);
      reported.push(...ids(next));
      state = next.state;
    }
    expect(reported).toEqual(['5']);
  });

  it('reports a record again when it was restored and deleted anew', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now });
    const start = (await deletions(vendor.ctx, undefined)).state;
    vendor.archive('8', at(1000));
    clock += 2000;
    const first = await deletions(vendor.ctx, start);
    expect(ids(first)).toEqual(['8']);

    vendor.restore('8');
    clock += 1000;
    vendor.archive('8', at(0));
    const second = await deletions(vendor.ctx, first.state);
    expect(second.events).toEqual([expect.objectContaining({ objectId: '8', date: at(0) })]);
  });

  it('reports as leads only contacts archived in the lead stage', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(leadsSpec, leads, { now });
    const start = (await deletions(vendor.ctx, undefined)).state;
    clock += 1000;
    vendor.archive('1', at(0), { lifecyclestage: 'lead', firstname: 'Lee' });
    vendor.archive('2', at(0), { lifecyclestage: 'customer', firstname: 'Cus' });
    const next = await deletions(vendor.ctx, start);
    expect(next.events).toEqual([expect.objectContaining({ objectType: 'leads', objectId: '1', raw: expect.objectContaining({ firstName: 'Lee' }) })]);
    expect(vendor.calls[0]).toMatchObject({ url: 'crm/v3/objects/contacts', query: { archived: true, properties: expect.stringContaining('lifecyclestage') } });
  });

  it('throws what HubSpot answered, and keeps the position for the next poll to retry', async () => {
    const vendor = recycleBin();
    const deletions = archivedDeletions(accountsSpec, accounts, { now });
    const start = (await deletions(vendor.ctx, undefined)).state;
    vendor.archive('6', at(1000));
    clock += 2000;
    const failure = new VendorError(502, 'HubSpot is unavailable', 'Service Unavailable', 503);
    vendor.failWith(failure);
    await expect(deletions(vendor.ctx, start)).rejects.toBe(failure);
    vendor.failWith(undefined);
    expect(ids(await deletions(vendor.ctx, start))).toEqual(['6']);
  });

  it('refuses an answer without a results list, and starts over from an unreadable position without reporting', async () => {
    const deletions = archivedDeletions(accountsSpec, accounts, { now });
    const odd: ElementContext = { config: {}, http: { get: async () => ({ status: 'COMPLETE' }) } as unknown as VendorHttp };
    await expect(deletions(odd, undefined)).rejects.toThrow('HubSpot answered GET /crm/v3/objects/companies?archived=true without a results list');

    const vendor = recycleBin();
    vendor.archive('2', at(-1000));
    const restarted = await deletions(vendor.ctx, 'not json');
    expect(restarted.events).toEqual([]);
    expect(JSON.parse(restarted.state)).toMatchObject({ known: { 2: at(-1000) } });
  });
});
