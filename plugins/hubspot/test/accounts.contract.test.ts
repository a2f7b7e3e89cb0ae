import { Account } from '@junction/core';
import { accounts } from '../src/resources/accounts';
import { hubCall, recorded, withHubSpot } from './hubspot-vendor';

const properties = 'properties=name%2Cdescription%2Cwebsite%2Cphone%2Cindustry%2Ccreatedate%2Chs_lastmodifieddate';

describe('HubSpot accounts (companies)', () => {
  it('creates, reads, updates and archives a company', async () => {
    const id = await withHubSpot('accounts-crud', {}, async (ctx) => {
      const created = await hubCall.create(accounts, ctx, { name: 'Initech', website: 'initech.example', industry: 'COMPUTER_SOFTWARE' });
      expect(created).toMatchObject({ id: expect.any(String), name: 'Initech', website: 'initech.example', industry: 'COMPUTER_SOFTWARE', createdDate: expect.any(String) });

      expect(await hubCall.get(accounts, ctx, created.id)).toEqual(created);

      const updated = await hubCall.update(accounts, ctx, created.id, { description: 'Makes TPS reports', phone: '+1 555 0100' });
      expect(updated).toMatchObject({ id: created.id, name: 'Initech', description: 'Makes TPS reports', phone: '+1 555 0100' });
      expect(Date.parse(updated.modifiedDate!)).toBeGreaterThan(Date.parse(created.modifiedDate!));

      await accounts.delete!(ctx, created.id);
      return created.id;
    });
    expect(recorded('accounts-crud')).toEqual([
      { method: 'POST', path: '/crm/v3/objects/companies', body: { properties: { name: 'Initech', website: 'initech.example', industry: 'COMPUTER_SOFTWARE' } }, status: 201 },
      { method: 'GET', path: `/crm/v3/objects/companies/${id}?${properties}`, body: undefined, status: 200 },
      { method: 'PATCH', path: `/crm/v3/objects/companies/${id}`, body: { properties: { description: 'Makes TPS reports', phone: '+1 555 0100' } }, status: 200 },
      { method: 'DELETE', path: `/crm/v3/objects/companies/${id}`, body: undefined, status: 204 },
    ]);
  });

  it('pages the plain list with limit and the after cursor HubSpot returns', async () => {
    const seed = { companies: ['Acme', 'Globex', 'Hooli'].map((name, i) => ({ id: String(101 + i), properties: { name } })) };
    await withHubSpot('accounts-paging', { seed }, async (ctx) => {
      const first = await accounts.list!(ctx, { pageSize: 2 });
      expect(first.records.map((r) => Account.parse(accounts.toHub(r)).name)).toEqual(['Acme', 'Globex']);
      expect(first.cursor).toBe('103');

      const second = await accounts.list!(ctx, { pageSize: 2, cursor: first.cursor });
      expect(second.records.map((r) => Account.parse(accounts.toHub(r))).map((a) => [a.id, a.name])).toEqual([['103', 'Hooli']]);
      expect(second.cursor).toBeUndefined();
    });
    expect(recorded('accounts-paging').map((e) => `${e.method} ${e.path}`)).toEqual([
      `GET /crm/v3/objects/companies?limit=2&${properties}`,
      `GET /crm/v3/objects/companies?limit=2&after=103&${properties}`,
    ]);
  });
});
