import type { ChangedSince, ElementDefinition, ListPolling } from '@junction/core';
import { servicenow, servicenowoauth } from '../src';
import { failureOf, resourceOf, withServiceNow, type SeedTarget } from './servicenow-vendor';

/** The deletions an element polls next to the list of `resource`. */
function deletionsOf(element: ElementDefinition, resource: string): ChangedSince {
  const polled = element.events!.polling!.objects as ListPolling[];
  return polled.find((o) => o.resource.name === resource)!.deletions!;
}

const INCIDENT = 'c6e5b3a1d7f04e2b9a1c0d2e3f405162';
const USER = 'd1c2b3a4e5f60718293a4b5c6d7e8f90';
const seed = (simulator: SeedTarget) => {
  simulator.insert('incident', { sys_id: INCIDENT, short_description: 'Duplicate of INC0010001' });
  simulator.insert('sys_user', { sys_id: USER, user_name: 'former.employee', first_name: 'Former', last_name: 'Employee' });
};

describe.each([servicenow, servicenowoauth])('$key deletions from Deleted Records', (element) => {
  it('takes the position first, then reports each deleted incident and user once', async () => {
    await withServiceNow(element, 'deletions', { seed, audit: { auditDeletedTables: ['sys_user'] } }, async (ctx, sent) => {
      const [incidentDeletions, contactDeletions] = [deletionsOf(element, 'incidents'), deletionsOf(element, 'contacts')];
      const incidentStart = await incidentDeletions(ctx, undefined);
      const contactStart = await contactDeletions(ctx, undefined);
      expect([incidentStart.events, contactStart.events]).toEqual([[], []]);

      await resourceOf(element, 'incidents').delete!(ctx, INCIDENT);
      await resourceOf(element, 'contacts').delete!(ctx, USER);

      const incidentsGone = await incidentDeletions(ctx, incidentStart.state);
      expect(incidentsGone.events).toEqual([
        {
          eventType: 'DELETED',
          objectType: 'incidents',
          objectId: INCIDENT,
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
          raw: expect.objectContaining({ tablename: 'incident', documentkey: INCIDENT, sys_created_by: expect.any(String) }),
        },
      ]);
      const usersGone = await contactDeletions(ctx, contactStart.state);
      expect(usersGone.events.map((e) => [e.eventType, e.objectType, e.objectId])).toEqual([['DELETED', 'contacts', USER]]);

      expect((await incidentDeletions(ctx, incidentsGone.state)).events).toEqual([]);
      expect((await contactDeletions(ctx, usersGone.state)).events).toEqual([]);
      const audited = sent.filter((r) => r.path.startsWith('/api/now/table/sys_audit_delete'));
      expect(audited.map((r) => r.query.sysparm_query)).toEqual([
        'tablename=incident^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id',
        'tablename=sys_user^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id',
        'tablename=incident^ORDERBYsys_created_on^ORDERBYsys_id',
        'tablename=sys_user^ORDERBYsys_created_on^ORDERBYsys_id',
        expect.stringMatching(/^tablename=incident\^sys_created_on>=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\^ORDERBYsys_created_on\^ORDERBYsys_id$/),
        expect.stringMatching(/^tablename=sys_user\^sys_created_on>=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\^ORDERBYsys_created_on\^ORDERBYsys_id$/),
      ]);
    });
  });

  it('names sys_audit_delete and the access needed when the integration user may not read it', async () => {
    await withServiceNow(element, 'deletions-forbidden', { audit: { auditReaders: ['admin'] } }, async (ctx) => {
      const refused = await failureOf(deletionsOf(element, 'accounts')(ctx, undefined));
      expect(refused).toMatchObject({ status: 403, vendorStatus: 403, providerMessage: 'User Not Authorized: Failed API level ACL Validation' });
      expect(refused.message).toContain('sys_audit_delete');
    });
  });
});
