import type { ElementContext, VendorRequest, VendorResponse } from '@junction/core';
import { serviceNowProviderMessage, table, type TableRecord } from './table-api';

/** A context whose vendor answers one list call with `headers`, recording the request. */
function answering(headers: Record<string, string>, result: TableRecord[]) {
  const requests: VendorRequest[] = [];
  const ctx = {
    config: {},
    http: {
      request: async (request: VendorRequest): Promise<VendorResponse> => {
        requests.push(request);
        return { status: 200, headers, body: { result } };
      },
    },
  } as unknown as ElementContext;
  return { ctx, requests };
}

const users = table<TableRecord>('sys_user', ['sys_id', 'name']);
const exact = { text: 'active=true', exact: true };

describe('table().list', () => {
  it('asks for actual values, the fields, a stable order and the page, and reads the total', async () => {
    const { ctx, requests } = answering({ 'x-total-count': '3' }, [{ sys_id: 'a' }]);
    const page = await users.list(ctx, { pageSize: 2 }, exact);
    expect(requests[0]).toEqual({
      method: 'GET',
      url: 'table/sys_user',
      searchParams: {
        sysparm_query: 'active=true^ORDERBYsys_created_on^ORDERBYsys_id',
        sysparm_limit: 2,
        sysparm_offset: 0,
        sysparm_fields: 'sys_id,name',
        sysparm_display_value: false,
        sysparm_exclude_reference_link: true,
      },
    });
    expect(page).toEqual({ records: [{ sys_id: 'a' }], cursor: '2', total: 3 });
  });

  it('follows rel="next" even when ACLs left the page short', async () => {
    const link =
      '<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=0&sysparm_limit=2>;rel="first",' +
      '<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=4&sysparm_limit=2>;rel="next",' +
      '<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=8&sysparm_limit=2>;rel="last"';
    const { ctx } = answering({ link, 'x-total-count': '9' }, []);
    expect((await users.list(ctx, { pageSize: 2, cursor: '2' }, exact)).cursor).toBe('4');
  });

  it('ends when the Link header has no next page', async () => {
    const link = '<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=0&sysparm_limit=2>;rel="first"';
    const { ctx } = answering({ link, 'x-total-count': '2' }, [{ sys_id: 'a' }, { sys_id: 'b' }]);
    expect((await users.list(ctx, { pageSize: 2 }, exact)).cursor).toBeUndefined();
  });

  it('reports no total when part of the query was left to memory, since ServiceNow counted more', async () => {
    const { ctx } = answering({ 'x-total-count': '9' }, []);
    expect((await users.list(ctx, { pageSize: 2 }, { text: '', exact: false })).total).toBeUndefined();
  });

  it('orders newest first on request', async () => {
    const { ctx, requests } = answering({}, []);
    await users.list(ctx, { pageSize: 1 }, { text: '', exact: true }, 'newest-first');
    expect(requests[0].searchParams?.sysparm_query).toBe('ORDERBYDESCsys_created_on^ORDERBYDESCsys_id');
  });
});

describe('table() record calls', () => {
  it('refuses ids that would resolve as path steps instead of naming a record', async () => {
    const { ctx, requests } = answering({}, []);
    for (const id of ['', '.', '..']) await expect(users.get(ctx, id)).rejects.toMatchObject({ status: 404 });
    expect(requests).toEqual([]);
  });
});

describe('serviceNowProviderMessage', () => {
  it('joins message and detail of the error body', () => {
    const body = { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' };
    expect(serviceNowProviderMessage({ status: 404, headers: {}, body })).toBe("No Record found: Record doesn't exist or ACL restricts the record retrieval");
    expect(serviceNowProviderMessage({ status: 400, headers: {}, body: { error: { message: 'Invalid table x', detail: null }, status: 'failure' } })).toBe('Invalid table x');
  });

  it('has nothing to say about bodies of other shapes', () => {
    expect(serviceNowProviderMessage({ status: 502, headers: {}, body: '<html>Bad gateway</html>' })).toBeUndefined();
    expect(serviceNowProviderMessage({ status: 500, headers: {}, body: { error: 'x' } })).toBeUndefined();
  });
});
