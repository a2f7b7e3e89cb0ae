import { Contact, matchesCeql, operatorOf, parseCeql, printCeql, pushdownTest, splitForPushdown, VendorError } from '@junction/core';
import { hubspot } from '../src';
import { contacts } from '../src/resources/contacts';
import { hubCall, recorded, rejectionOf, withHubSpot } from './hubspot-vendor';

const READ = 'properties=firstname%2Clastname%2Cemail%2Cphone%2Cjobtitle%2Cassociatedcompanyid%2Ccreatedate%2Clastmodifieddate';
const PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'jobtitle', 'associatedcompanyid', 'createdate', 'lastmodifieddate'];

describe('HubSpot contacts', () => {
  it('creates a contact with a primary company, moves it to another company, and archives it', async () => {
    const seed = { companies: [{ id: '501', properties: { name: 'Acme' } }, { id: '502', properties: { name: 'Globex' } }] };
    const id = await withHubSpot('contacts-crud', { seed }, async (ctx) => {
      const created = await hubCall.create(contacts, ctx, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example', accountId: '501' });
      expect(created).toMatchObject({ name: 'Ada Lovelace', email: 'ada@acme.example', accountId: '501' });
      expect(await hubCall.get(contacts, ctx, created.id)).toEqual(created);

      const moved = await hubCall.update(contacts, ctx, created.id, { title: 'Analyst', accountId: '502' });
      expect(moved).toMatchObject({ id: created.id, title: 'Analyst', accountId: '502', firstName: 'Ada' });

      await contacts.delete!(ctx, created.id);
      return created.id;
    });
    expect(recorded('contacts-crud')).toEqual([
      {
        method: 'POST',
        path: '/crm/v3/objects/contacts',
        body: {
          properties: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@acme.example' },
          associations: [{ to: { id: '501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }],
        },
        status: 201,
      },
      { method: 'GET', path: `/crm/v3/objects/contacts/${id}?${READ}`, body: undefined, status: 200 },
      { method: 'PUT', path: `/crm/v4/objects/contacts/${id}/associations/companies/502`, body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }], status: 200 },
      { method: 'PATCH', path: `/crm/v3/objects/contacts/${id}`, body: { properties: { jobtitle: 'Analyst' } }, status: 200 },
      { method: 'DELETE', path: `/crm/v3/objects/contacts/${id}`, body: undefined, status: 204 },
    ]);
  });

  it('pushes an OR and a date comparison to the search API, keeps LIKE for the hub, and pages the search with after', async () => {
    const seed = {
      contacts: [
        { id: '11', createdAt: '2024-01-15T10:00:00.000Z', properties: { firstname: 'Ann', lastname: 'Lee', email: 'ann@acme.com' } },
        { id: '12', createdAt: '2024-02-15T10:00:00.000Z', properties: { firstname: 'Bob', lastname: 'Ng', email: 'bob@acme.com' } },
        { id: '13', createdAt: '2024-03-15T10:00:00.000Z', properties: { firstname: 'Cy', lastname: 'Lee', email: 'cy@globex.com' } },
        { id: '14', createdAt: '2024-04-15T10:00:00.000Z', properties: { firstname: 'Di', lastname: 'Lee', email: 'di@acme.com' } },
      ],
    };
    const where = parseCeql("(lastName = 'Lee' or firstName = 'Bob') and createdDate >= '2024-02-01T00:00:00Z' and email like '%@acme.com'");
    // The split the hub makes: pushable conjuncts go to the element, the rest is checked in memory.
    const canPush = pushdownTest(hubspot.resources.find((r) => r.name === 'contacts')!, false);
    const { pushed, remainder } = splitForPushdown(where, (p) => canPush(p.field, operatorOf(p)));
    expect(printCeql(remainder!)).toBe("email LIKE '%@acme.com'");

    const shown = await withHubSpot('contacts-search', { seed }, async (ctx) => {
      const first = await contacts.list!(ctx, { pageSize: 2, where: pushed });
      expect(first.cursor).toBe('2');
      expect(first.total).toBe(3);
      const second = await contacts.list!(ctx, { pageSize: 2, where: pushed, cursor: first.cursor });
      expect(second.cursor).toBeUndefined();
      return [...first.records, ...second.records].map((r) => Contact.parse(contacts.toHub(r)));
    });
    expect(shown.map((c) => c.id)).toEqual(['12', '13', '14']);
    expect(shown.filter((c) => matchesCeql(where, c)).map((c) => c.email)).toEqual(['bob@acme.com', 'di@acme.com']);

    const since = { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse('2024-02-01T00:00:00Z')) };
    const search = {
      filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: 'Lee' }, since] }, { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'Bob' }, since] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: PROPERTIES,
      limit: 2,
    };
    expect(recorded('contacts-search')).toEqual([
      { method: 'POST', path: '/crm/v3/objects/contacts/search', body: search, status: 200 },
      { method: 'POST', path: '/crm/v3/objects/contacts/search', body: { ...search, after: '2' }, status: 200 },
    ]);
  });

  it("answers 409 with HubSpot's words when the email already belongs to a contact", async () => {
    const seed = { contacts: [{ id: '77', properties: { email: 'taken@acme.example' } }] };
    await withHubSpot('contacts-conflict', { seed }, async (ctx) => {
      const failure = await rejectionOf(hubCall.create(contacts, ctx, { email: 'taken@acme.example', lastName: 'Again' }));
      expect(failure).toBeInstanceOf(VendorError);
      expect(failure).toMatchObject({ status: 409, vendorStatus: 409, message: 'HubSpot reported a conflict with an existing record' });
      expect((failure as VendorError).providerMessage).toMatch(
        /^Contact already exists\. Existing ID: 77; A contact with email taken@acme\.example already exists\. Existing ID: 77 \(correlationId [0-9a-f-]{36}\)$/,
      );
    });
    expect(recorded('contacts-conflict').map((e) => [e.method, e.path, e.status])).toEqual([['POST', '/crm/v3/objects/contacts', 409]]);
  });
});
