import { VendorError, type ElementContext, type VendorRequest, type VendorResponse } from '@junction/core';
import { AUDIT_PAGE_SIZE, deletedRecords, MAX_AUDIT_PAGES, type DeletedRecordAudit } from './deletions';

/**
 * A context whose instance holds `log` (Deleted Records rows of any table) and answers the Table
 * API's filter, order and offset paging over it, recording each request.
 */
function instance(log: DeletedRecordAudit[]) {
  const requests: Record<string, string | number | boolean | undefined>[] = [];
  const ctx = {
    config: {},
    http: {
      request: async (request: VendorRequest): Promise<VendorResponse> => {
        const query = request.searchParams as Record<string, string | number>;
        requests.push(query);
        const text = String(query.sysparm_query);
        const table = /tablename=([a-z_]+)/.exec(text)![1];
        const from = /sys_created_on>=([^^]+)/.exec(text)?.[1] ?? '';
        const rows = log
          .filter((r) => r.tablename === table && r.sys_created_on >= from)
          .sort((a, b) => a.sys_created_on.localeCompare(b.sys_created_on) || a.sys_id.localeCompare(b.sys_id));
        if (text.includes('ORDERBYDESC')) rows.reverse();
        const offset = Number(query.sysparm_offset);
        const limit = Number(query.sysparm_limit);
        return { status: 200, headers: { 'x-total-count': String(rows.length) }, body: { result: rows.slice(offset, offset + limit) } };
      },
    },
  } as unknown as ElementContext;
  return { ctx, requests };
}

const row = (sys_id: string, documentkey: string, sys_created_on: string, tablename = 'incident'): DeletedRecordAudit => ({ sys_id, tablename, documentkey, sys_created_on });
const incidents = deletedRecords('incident', 'incidents');

describe('deletedRecords', () => {
  it('takes the newest row and the rows of its second as the first position, reporting nothing', async () => {
    const { ctx, requests } = instance([row('a1', 'inc-1', '2024-05-06 09:00:01'), row('a2', 'inc-2', '2024-05-06 09:00:02'), row('a3', 'inc-3', '2024-05-06 09:00:02'), row('u1', 'usr-1', '2024-05-06 09:00:09', 'sys_user')]);
    const first = await incidents(ctx, undefined);
    expect(first.events).toEqual([]);
    expect(JSON.parse(first.state)).toEqual({ since: '2024-05-06 09:00:02', seen: ['a3', 'a2'] });
    expect(requests).toEqual([
      {
        sysparm_query: 'tablename=incident^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id',
        sysparm_limit: AUDIT_PAGE_SIZE,
        sysparm_offset: 0,
        sysparm_fields: 'sys_id,tablename,documentkey,sys_created_on,sys_created_by',
        sysparm_display_value: false,
        sysparm_exclude_reference_link: true,
      },
    ]);
    // Nothing new: the position stays as it was.
    expect(await incidents(ctx, first.state)).toEqual({ events: [], state: first.state });
  });

  it('starts at the beginning of the log when it is empty, so the first deletion is not missed', async () => {
    const log: DeletedRecordAudit[] = [];
    const { ctx, requests } = instance(log);
    const first = await incidents(ctx, undefined);
    expect(JSON.parse(first.state)).toEqual({ since: '', seen: [] });
    log.push(row('a1', 'inc-1', '2024-05-06 09:00:01'));
    const next = await incidents(ctx, first.state);
    expect(next.events).toEqual([{ eventType: 'DELETED', objectType: 'incidents', objectId: 'inc-1', date: '2024-05-06T09:00:01.000Z', raw: log[0] }]);
    expect(requests[1].sysparm_query).toBe('tablename=incident^ORDERBYsys_created_on^ORDERBYsys_id');
  });

  it('reports the deletions at the boundary second it had not seen, and each only once', async () => {
    const log = [row('a1', 'inc-1', '2024-05-06 09:00:01')];
    const { ctx, requests } = instance(log);
    const first = await incidents(ctx, undefined);
    // Two more deletions in the same second as the position, then one a second later.
    log.push(row('a0', 'inc-0', '2024-05-06 09:00:01'), row('a2', 'inc-2', '2024-05-06 09:00:01'), row('b1', 'inc-3', '2024-05-06 09:00:02'));
    const second = await incidents(ctx, first.state);
    expect(requests[1].sysparm_query).toBe('tablename=incident^sys_created_on>=2024-05-06 09:00:01^ORDERBYsys_created_on^ORDERBYsys_id');
    expect(second.events.map((e) => [e.objectId, e.date])).toEqual([
      ['inc-0', '2024-05-06T09:00:01.000Z'],
      ['inc-2', '2024-05-06T09:00:01.000Z'],
      ['inc-3', '2024-05-06T09:00:02.000Z'],
    ]);
    expect(JSON.parse(second.state)).toEqual({ since: '2024-05-06 09:00:02', seen: ['b1'] });

    log.push(row('b0', 'inc-4', '2024-05-06 09:00:02'));
    const third = await incidents(ctx, second.state);
    expect(third.events.map((e) => e.objectId)).toEqual(['inc-4']);
    expect(JSON.parse(third.state)).toEqual({ since: '2024-05-06 09:00:02', seen: ['b1', 'b0'] });
    expect((await incidents(ctx, third.state)).events).toEqual([]);
  });

  it('reads at most MAX_AUDIT_PAGES pages a call and goes on from there on the next', async () => {
    const total = AUDIT_PAGE_SIZE * MAX_AUDIT_PAGES + 30;
    const seconds = (i: number) => `2024-05-06 10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const log: DeletedRecordAudit[] = [];
    const { ctx, requests } = instance(log);
    const first = await incidents(ctx, undefined);
    // Three deletions a second, so the budget ends inside a second.
    for (let i = 0; i < total; i++) log.push(row(`a${String(i).padStart(5, '0')}`, `inc-${i}`, seconds(Math.floor(i / 3))));
    requests.length = 0;

    const bounded = await incidents(ctx, first.state);
    expect(requests).toHaveLength(MAX_AUDIT_PAGES);
    expect(requests.map((r) => r.sysparm_offset)).toEqual(Array.from({ length: MAX_AUDIT_PAGES }, (_, i) => i * AUDIT_PAGE_SIZE));
    expect(bounded.events).toHaveLength(AUDIT_PAGE_SIZE * MAX_AUDIT_PAGES);

    const rest = await incidents(ctx, bounded.state);
    const reported = [...bounded.events, ...rest.events].map((e) => e.objectId);
    expect(reported).toEqual(log.map((r) => r.documentkey));
    expect((await incidents(ctx, rest.state)).events).toEqual([]);
  });

  it('throws a 403 as an error naming sys_audit_delete and the access the integration user needs', async () => {
    const refusing = {
      config: {},
      http: {
        request: async () => {
          throw new VendorError(403, 'ServiceNow refused access to this resource', 'User Not Authorized: Failed API level ACL Validation', 403);
        },
      },
    } as unknown as ElementContext;
    const error = await incidents(refusing, JSON.stringify({ since: '', seen: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 403, vendorStatus: 403, providerMessage: 'User Not Authorized: Failed API level ACL Validation' });
    expect((error as Error).message).toMatch(/sys_audit_delete.*admin role.*read ACL/);
  });

  it('passes other vendor errors on as they are', async () => {
    const failure = new VendorError(503, 'ServiceNow is unavailable', 'Service Unavailable', 503);
    const failing = { config: {}, http: { request: async () => Promise.reject(failure) } } as unknown as ElementContext;
    await expect(incidents(failing, undefined)).rejects.toBe(failure);
  });
});
