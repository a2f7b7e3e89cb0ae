import { BadRequestError, JunctionError, type ElementContext, type VendorHttp, type VendorRequest } from '@junction/core';
import { queryPage } from './query-page';
import type { SObjectSpec } from './sobject-api';

const LEAD: SObjectSpec = { name: 'Lead', keyPrefix: '00Q', fields: ['Id', 'LastName'], filters: { lastName: { name: 'LastName', type: 'text' } } };
const NEXT = '/services/data/v67.0/query/01gSm00000000001AA-3';
const records = (...ids: string[]) => ids.map((Id) => ({ Id }));

/** A context whose vendor client answers from a script and remembers what it was asked. */
function scripted(...answers: unknown[]) {
  const calls: VendorRequest[] = [];
  const next = async (request: VendorRequest) => {
    calls.push(request);
    if (!answers.length) throw new Error(`unexpected call ${request.method} ${request.url}`);
    return { status: 200, headers: {}, body: answers.shift() as never };
  };
  const http = {
    request: next,
    get: async (url: string) => (await next({ method: 'GET', url })).body,
  } as unknown as VendorHttp;
  const ctx: ElementContext = { config: { instance_url: 'https://acme.my.salesforce.com' }, http };
  return { ctx, calls };
}

describe('queryPage', () => {
  it('asks for a batch of at least 200 and returns a cursor into the batch when the hub page is smaller', async () => {
    const batch = { totalSize: 5, done: true, records: records('1', '2', '3', '4', '5') };
    const { ctx, calls } = scripted(batch, batch, batch);
    const first = await queryPage(ctx, LEAD, { pageSize: 2, where: { kind: 'comparison', field: 'lastName', operator: '=', value: 'L' } });
    expect(first).toEqual({ records: records('1', '2'), cursor: '#2', total: 5 });
    expect(calls[0]).toEqual({
      method: 'GET',
      url: 'query',
      searchParams: { q: "SELECT Id, LastName FROM Lead WHERE LastName = 'L' ORDER BY Id" },
      headers: { 'sforce-query-options': 'batchSize=200' },
    });
    expect(await queryPage(ctx, LEAD, { pageSize: 2, cursor: '#2' })).toEqual({ records: records('3', '4'), cursor: '#4', total: 5 });
    expect(await queryPage(ctx, LEAD, { pageSize: 2, cursor: '#4' })).toEqual({ records: records('5'), cursor: undefined, total: 5 });
  });

  it('follows nextRecordsUrl from the instance origin once a batch is used up', async () => {
    const { ctx, calls } = scripted(
      { totalSize: 4, done: false, nextRecordsUrl: NEXT, records: records('1', '2', '3') },
      { totalSize: 4, done: true, records: records('4') },
    );
    const first = await queryPage(ctx, LEAD, { pageSize: 3000 });
    expect(first.cursor).toBe(NEXT);
    expect(calls[0].headers).toEqual({ 'sforce-query-options': 'batchSize=2000' });
    expect(await queryPage(ctx, LEAD, { pageSize: 3000, cursor: first.cursor })).toEqual({ records: records('4'), cursor: undefined, total: 4 });
    expect(calls[1]).toEqual({ method: 'GET', url: `https://acme.my.salesforce.com${NEXT}` });
  });

  it.each([
    'https://evil.example/services/data/v67.0/query/01gSm00000000001AA-3',
    '//evil.example/services/data/v67.0/query/01gSm00000000001AA-3',
    '/services/data/v67.0/sobjects/User',
    '/services/data/v67.0/query/../sobjects/User-3',
    `${NEXT}#x`,
    `${NEXT}#-1`,
    '#',
  ])('refuses the forged cursor %s without calling Salesforce', async (cursor) => {
    const { ctx, calls } = scripted();
    await expect(queryPage(ctx, LEAD, { pageSize: 10, cursor })).rejects.toBeInstanceOf(BadRequestError);
    expect(calls).toEqual([]);
  });

  it('refuses a nextRecordsUrl that does not look like a query locator', async () => {
    const { ctx } = scripted({ totalSize: 4, done: false, nextRecordsUrl: 'https://elsewhere.example/x', records: records('1') });
    await expect(queryPage(ctx, LEAD, { pageSize: 1000 })).rejects.toMatchObject({ status: 502 } satisfies Partial<JunctionError>);
  });
});
