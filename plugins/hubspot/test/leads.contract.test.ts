import { Lead, NotFoundError, parseCeql } from '@junction/core';
import { leads } from '../src/resources/leads';
import { hubCall, recorded, rejectionOf, withHubSpot } from './hubspot-vendor';

const PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'company', 'hs_lead_status', 'createdate', 'lastmodifieddate', 'lifecyclestage'];
const inLeadStage = { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' };

describe('HubSpot leads (contacts in the lead stage)', () => {
  it('creates a contact in the lead stage, updates its lead status and archives it', async () => {
    const id = await withHubSpot('leads-crud', {}, async (ctx) => {
      const created = await hubCall.create(leads, ctx, { firstName: 'Lin', lastName: 'Park', email: 'lin@initech.example', company: 'Initech', status: 'NEW' });
      expect(created).toMatchObject({ name: 'Lin Park', company: 'Initech', status: 'NEW' });
      expect(await hubCall.get(leads, ctx, created.id)).toEqual(created);
      expect(await hubCall.update(leads, ctx, created.id, { status: 'IN_PROGRESS' })).toMatchObject({ id: created.id, status: 'IN_PROGRESS', email: 'lin@initech.example' });
      await leads.delete!(ctx, created.id);
      return created.id;
    });
    expect(recorded('leads-crud').map((e) => [e.method, e.path.split('?')[0], e.body, e.status])).toEqual([
      ['POST', '/crm/v3/objects/contacts', { properties: { firstname: 'Lin', lastname: 'Park', email: 'lin@initech.example', company: 'Initech', hs_lead_status: 'NEW', lifecyclestage: 'lead' } }, 201],
      ['GET', `/crm/v3/objects/contacts/${id}`, undefined, 200],
      ['PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { hs_lead_status: 'IN_PROGRESS' } }, 200],
      ['DELETE', `/crm/v3/objects/contacts/${id}`, undefined, 204],
    ]);
  });

  it('always lists through the search API with lifecyclestage = lead in every group, and hides other contacts', async () => {
    const seed = {
      contacts: [
        { id: '21', properties: { firstname: 'Lin', lifecyclestage: 'lead', hs_lead_status: 'NEW' } },
        { id: '22', properties: { firstname: 'Max', lifecyclestage: 'customer', hs_lead_status: 'NEW' } },
        { id: '23', properties: { firstname: 'Ola', lifecyclestage: 'lead', hs_lead_status: 'OPEN' } },
        { id: '24', properties: { firstname: 'Pia', lifecyclestage: 'lead', hs_lead_status: 'UNQUALIFIED' } },
      ],
    };
    await withHubSpot('leads-list', { seed }, async (ctx) => {
      const all = await leads.list!(ctx, { pageSize: 10 });
      expect(all.records.map((r) => Lead.parse(leads.toHub(r)).firstName)).toEqual(['Lin', 'Ola', 'Pia']);
      expect(all.total).toBe(3);

      const open = await leads.list!(ctx, { pageSize: 10, where: parseCeql("status in ('NEW', 'OPEN') or email is null") });
      expect(open.records.map((r) => r.id)).toEqual(['21', '23', '24']);

      const customer = await rejectionOf(leads.get!(ctx, '22'));
      expect(customer).toBeInstanceOf(NotFoundError);
      expect(customer).toMatchObject({ status: 404, message: "No lead '22' found", providerMessage: "HubSpot contact 22 is in lifecycle stage 'customer', not 'lead'" });
    });
    const search = { sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: PROPERTIES, limit: 10 };
    expect(recorded('leads-list').map((e) => [e.method, e.path.split('?')[0], e.body])).toEqual([
      ['POST', '/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [inLeadStage] }], ...search }],
      [
        'POST',
        '/crm/v3/objects/contacts/search',
        {
          filterGroups: [
            { filters: [inLeadStage, { propertyName: 'hs_lead_status', operator: 'IN', values: ['NEW', 'OPEN'] }] },
            { filters: [inLeadStage, { propertyName: 'email', operator: 'NOT_HAS_PROPERTY' }] },
          ],
          ...search,
        },
      ],
      ['GET', '/crm/v3/objects/contacts/22', undefined],
    ]);
  });
});
