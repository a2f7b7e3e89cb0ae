import { Lead } from '@junction/core';
import { leads } from '../src/resources/leads';
import { hubRecord, recorded, requestsOf, vendorBody } from './sfdc-harness';

const SOQL = 'SELECT Id, FirstName, LastName, Name, Company, Email, Phone, Status, CreatedDate, LastModifiedDate FROM Lead ORDER BY Id';
const BATCH_URL = /^\/services\/data\/v67\.0\/query\/01g[a-zA-Z0-9]{15}-2$/;

describe('sfdc leads (contract)', () => {
  it('creates with Salesforce defaults, updates and deletes a lead', async () => {
    await recorded('leads-crud', async ({ ctx, sent }) => {
      const created = hubRecord(leads, await leads.create!(ctx, vendorBody(leads, { lastName: 'Nguyen', company: 'Hooli', email: 'nguyen@hooli.example' }, 'create')));
      expect(created).toMatchObject({ lastName: 'Nguyen', name: 'Nguyen', company: 'Hooli', status: 'Open - Not Contacted' });
      expect(created.firstName).toBeUndefined();
      const id = created.id as string;
      const updated = hubRecord(leads, await leads.update!(ctx, id, vendorBody(leads, { status: 'Working - Contacted' }, 'update'), 'patch'));
      expect(updated).toMatchObject({ id, status: 'Working - Contacted' });
      await leads.delete!(ctx, id);
      expect(requestsOf(sent)[0]).toEqual({ method: 'POST', url: 'sobjects/Lead', json: { LastName: 'Nguyen', Company: 'Hooli', Email: 'nguyen@hooli.example' } });
      expect(requestsOf(sent)[2]).toEqual({ method: 'PATCH', url: `sobjects/Lead/${id}`, json: { Status: 'Working - Contacted' } });
    });
  });

  it('pages across batches with nextRecordsUrl as the cursor', async () => {
    await recorded(
      'leads-paging',
      async ({ ctx, sent }) => {
        const first = await leads.list!(ctx, { pageSize: 2 });
        expect(first.records.map((r) => Lead.parse(leads.toHub(r)).lastName)).toEqual(['Lead 1', 'Lead 2']);
        expect(first.total).toBe(3);
        expect(first.cursor).toMatch(BATCH_URL);

        const second = await leads.list!(ctx, { pageSize: 2, cursor: first.cursor });
        expect(second.records.map((r) => Lead.parse(leads.toHub(r)).lastName)).toEqual(['Lead 3']);
        expect(second.cursor).toBeUndefined();

        expect(requestsOf(sent)).toEqual([
          { method: 'GET', url: 'query', searchParams: { q: SOQL }, headers: { 'sforce-query-options': 'batchSize=200' } },
          { method: 'GET', url: `https://acme-dev-ed.develop.my.salesforce.com${first.cursor}` },
        ]);
      },
      {
        // Salesforce may send smaller batches than asked for; two records per batch makes two batches of three leads.
        simulator: { maxBatchSize: 2 },
        seed: (state) => {
          for (const n of [1, 2, 3]) state.seed('Lead', { LastName: `Lead ${n}`, Company: 'Paging Co' });
        },
      },
    );
  });

  it('returns part of a batch when the hub page is smaller, then the rest of it', async () => {
    await recorded(
      'leads-partial-batch',
      async ({ ctx, sent }) => {
        const names = async (cursor?: string) => {
          const page = await leads.list!(ctx, { pageSize: 1, cursor });
          return { names: page.records.map((r) => hubRecord(leads, r).lastName), cursor: page.cursor };
        };
        const first = await names();
        expect(first).toEqual({ names: ['Lead 1'], cursor: '#1' });
        const second = await names(first.cursor);
        expect(second.names).toEqual(['Lead 2']);
        expect(second.cursor).toMatch(BATCH_URL);
        const third = await names(second.cursor);
        expect(third).toEqual({ names: ['Lead 3'], cursor: undefined });
        // The first batch is read again for the second page; then Salesforce's locator takes over.
        expect(sent.map((r) => r.url)).toEqual(['query', 'query', `https://acme-dev-ed.develop.my.salesforce.com${second.cursor}`]);
      },
      {
        simulator: { maxBatchSize: 2 },
        seed: (state) => {
          for (const n of [1, 2, 3]) state.seed('Lead', { LastName: `Lead ${n}`, Company: 'Paging Co' });
        },
      },
    );
  });
});
