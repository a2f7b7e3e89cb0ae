import type { ChangedSince, ListPolling } from '@junction/core';
import { hubspot } from '../src';
import { archivedDeletions } from '../src/archived';
import { accounts } from '../src/resources/accounts';
import { contacts, contactsSpec } from '../src/resources/contacts';
import { recorded, withHubSpot } from './hubspot-vendor';

const companyProperties = 'properties=name%2Cdescription%2Cwebsite%2Cphone%2Cindustry%2Ccreatedate%2Chs_lastmodifieddate';

/** The deletions the element declares for a polled resource. */
function declaredDeletions(name: string): ChangedSince {
  const polled = hubspot.events?.polling?.objects.find((o): o is ListPolling => 'resource' in o && o.resource.name === name);
  if (!polled?.deletions) throw new Error(`hubspot declares no deletions for ${name}`);
  return polled.deletions;
}

describe('HubSpot deletions (the recycle bin)', () => {
  it('takes the position from the archived companies, then reports a company deleted after it, once', async () => {
    const seed = { companies: ['Initrode', 'Vandelay'].map((name, i) => ({ id: String(301 + i), properties: { name } })) };
    const deletions = declaredDeletions('accounts');
    const reported = await withHubSpot('accounts-deletions', { seed }, async (ctx) => {
      await accounts.delete!(ctx, '301');
      const first = await deletions(ctx, undefined);
      expect(first.events).toEqual([]);

      await accounts.delete!(ctx, '302');
      const second = await deletions(ctx, first.state);
      const third = await deletions(ctx, second.state);
      expect(third.events).toEqual([]);
      return second.events;
    });
    expect(reported).toEqual([
      { eventType: 'DELETED', objectType: 'accounts', objectId: '302', date: expect.stringMatching(/^2024-05-06T09:00:\d\d\.\d{3}Z$/), raw: expect.objectContaining({ id: '302', name: 'Vandelay' }) },
    ]);
    expect(recorded('accounts-deletions').map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'DELETE /crm/v3/objects/companies/301 204',
      `GET /crm/v3/objects/companies?limit=100&archived=true&${companyProperties} 200`,
      'DELETE /crm/v3/objects/companies/302 204',
      `GET /crm/v3/objects/companies?limit=100&archived=true&${companyProperties} 200`,
      `GET /crm/v3/objects/companies?limit=100&archived=true&${companyProperties} 200`,
    ]);
  });

  it('pages the recycle bin with HubSpot’s after cursor, a bounded number of pages per call', async () => {
    const seed = { contacts: ['ann', 'bob', 'cy'].map((name, i) => ({ id: String(401 + i), properties: { email: `${name}@deleted.example`, firstname: name } })) };
    const deletions = archivedDeletions(contactsSpec, contacts, { pageSize: 2, maxPages: 1 });
    const reported = await withHubSpot('contacts-deletions-paging', { seed }, async (ctx) => {
      const start = await deletions(ctx, undefined);
      for (const id of ['401', '402', '403']) await contacts.delete!(ctx, id);
      const first = await deletions(ctx, start.state);
      const second = await deletions(ctx, first.state);
      return [first.events, second.events].map((events) => events.map((e) => [e.objectId, (e.raw as { email?: string }).email]));
    });
    expect(reported).toEqual([
      [
        ['401', 'ann@deleted.example'],
        ['402', 'bob@deleted.example'],
      ],
      [['403', 'cy@deleted.example']],
    ]);
    const reads = recorded('contacts-deletions-paging').filter((e) => e.method === 'GET');
    expect(reads.map((e) => new URL(e.path, 'https://api.hubapi.com').searchParams.toString().replace(/&properties=.*/, ''))).toEqual([
      'limit=2&archived=true',
      'limit=2&archived=true',
      'limit=2&after=403&archived=true',
    ]);
  });
});
