import { Opportunity, parseCeql } from '@junction/core';
import { opportunities } from '../src/resources/opportunities';
import { hubCall, recorded, withHubSpot } from './hubspot-vendor';

const READ = 'properties=dealname%2Cdescription%2Camount%2Cdeal_currency_code%2Cdealstage%2Cclosedate%2Ccreatedate%2Chs_lastmodifieddate%2Cpipeline&associations=companies';
const companies = [{ id: '601', properties: { name: 'Acme' } }, { id: '602', properties: { name: 'Globex' } }];

describe('HubSpot opportunities (deals)', () => {
  it('creates a deal in the configured pipeline with a primary company, re-points it, and archives it', async () => {
    const id = await withHubSpot('opportunities-crud', { seed: { companies } }, async (ctx) => {
      const created = await hubCall.create(opportunities, ctx, { name: 'Renewal', amount: 1500.5, stage: 'qualifiedtobuy', closeDate: '2024-06-30T00:00:00.000Z', accountId: '601' });
      expect(created).toMatchObject({ name: 'Renewal', amount: 1500.5, stage: 'qualifiedtobuy', closeDate: '2024-06-30T00:00:00.000Z', accountId: '601' });
      expect(await hubCall.get(opportunities, ctx, created.id)).toEqual(created);

      const updated = await hubCall.update(opportunities, ctx, created.id, { amount: 2000, accountId: '602' });
      expect(updated).toMatchObject({ id: created.id, amount: 2000, accountId: '602', name: 'Renewal' });

      await opportunities.delete!(ctx, created.id);
      return created.id;
    });
    const primary = (company: string) => [{ to: { id: company }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] }];
    expect(recorded('opportunities-crud')).toEqual([
      {
        method: 'POST',
        path: '/crm/v3/objects/deals',
        body: { properties: { pipeline: 'default', dealname: 'Renewal', amount: '1500.5', dealstage: 'qualifiedtobuy', closedate: '2024-06-30T00:00:00.000Z' }, associations: primary('601') },
        status: 201,
      },
      { method: 'GET', path: `/crm/v3/objects/deals/${id}?${READ}`, body: undefined, status: 200 },
      { method: 'PUT', path: `/crm/v4/objects/deals/${id}/associations/companies/602`, body: primary('602')[0].types, status: 200 },
      { method: 'PATCH', path: `/crm/v3/objects/deals/${id}`, body: { properties: { amount: '2000' } }, status: 200 },
      { method: 'GET', path: `/crm/v3/objects/deals/${id}?${READ}`, body: undefined, status: 200 },
      { method: 'DELETE', path: `/crm/v3/objects/deals/${id}`, body: undefined, status: 204 },
    ]);
  });

  it('reads accountId from ?associations= on plain lists and from one batch read on searched pages', async () => {
    const deals = [
      { id: '71', properties: { dealname: 'Small', amount: '500' }, primaryCompanyId: '601' },
      { id: '72', properties: { dealname: 'Large', amount: '5000' }, primaryCompanyId: '602' },
      { id: '73', properties: { dealname: 'Orphan', amount: '9000' } },
    ];
    await withHubSpot('opportunities-list', { seed: { companies, deals } }, async (ctx) => {
      const plain = await opportunities.list!(ctx, { pageSize: 10 });
      expect(plain.records.map((r) => Opportunity.parse(opportunities.toHub(r))).map((o) => [o.name, o.accountId])).toEqual([
        ['Small', '601'],
        ['Large', '602'],
        ['Orphan', undefined],
      ]);
      const large = await opportunities.list!(ctx, { pageSize: 10, where: parseCeql('amount >= 1000') });
      expect(large.records.map((r) => Opportunity.parse(opportunities.toHub(r))).map((o) => [o.name, o.amount, o.accountId])).toEqual([
        ['Large', 5000, '602'],
        ['Orphan', 9000, undefined],
      ]);
    });
    expect(recorded('opportunities-list').map((e) => [e.method, e.path, e.body, e.status])).toEqual([
      ['GET', `/crm/v3/objects/deals?limit=10&${READ}`, undefined, 200],
      [
        'POST',
        '/crm/v3/objects/deals/search',
        {
          filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GTE', value: '1000' }] }],
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          properties: ['dealname', 'description', 'amount', 'deal_currency_code', 'dealstage', 'closedate', 'createdate', 'hs_lastmodifieddate', 'pipeline'],
          limit: 10,
        },
        200,
      ],
      ['POST', '/crm/v4/associations/deals/companies/batch/read', { inputs: [{ id: '72' }, { id: '73' }] }, 207],
    ]);
  });
});
