import { VendorError } from '@junction/core';
import { servicenow, servicenowoauth } from '../src';
import { expectedAuthorization, hubList, hubRecord, resourceOf, vendorBody, withServiceNow, type SeedTarget } from './servicenow-vendor';

const CALLER = '62826bf03710200044e0bfc8bcbe5df1';
const AGENT = '46d44a5dc611227500c1b6be21cf2d22';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const INCIDENT_FIELDS = 'sys_id,number,short_description,description,state,priority,assigned_to,caller_id,sys_created_on,sys_updated_on';
const SHAPE = { sysparm_fields: INCIDENT_FIELDS, sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' };

function people(simulator: SeedTarget): void {
  simulator.insert('sys_user', { sys_id: CALLER, user_name: 'abel.tuter', first_name: 'Abel', last_name: 'Tuter' });
  simulator.insert('sys_user', { sys_id: AGENT, user_name: 'beth.anglin', first_name: 'Beth', last_name: 'Anglin', roles: 'itil' });
}

describe.each([servicenow, servicenowoauth])('$key incidents', (element) => {
  const incidents = resourceOf(element, 'incidents');

  it('creates, reads, updates and deletes an incident, sending its own credentials', async () => {
    await withServiceNow(element, 'incidents-crud', { seed: people }, async (ctx, sent) => {
      const body = vendorBody(incidents, { subject: 'VPN down in Berlin', description: 'Nobody in the Berlin office reaches the VPN', priority: 'High', reporterId: CALLER }, 'create');
      // High under the sample priority rules: impact 1 × urgency 2.
      expect(body).toEqual({ short_description: 'VPN down in Berlin', description: 'Nobody in the Berlin office reaches the VPN', impact: '1', urgency: '2', priority: '2', caller_id: CALLER });
      const created = hubRecord(incidents, await incidents.create!(ctx, body));
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        number: 'INC0010001',
        subject: 'VPN down in Berlin',
        description: 'Nobody in the Berlin office reaches the VPN',
        status: 'New',
        priority: 'High',
        reporterId: CALLER,
        createdDate: expect.stringMatching(ISO_SECONDS),
        modifiedDate: expect.stringMatching(ISO_SECONDS),
      });
      const id = created.id as string;

      expect(hubRecord(incidents, await incidents.get!(ctx, id))).toEqual(created);

      const change = vendorBody(incidents, { status: 'In Progress', assigneeId: AGENT, priority: 'Critical' }, 'update');
      expect(change).toEqual({ state: '2', impact: '1', urgency: '1', priority: '1', assigned_to: AGENT });
      const updated = hubRecord(incidents, await incidents.update!(ctx, id, change, 'patch'));
      expect(updated).toMatchObject({ id, status: 'In Progress', priority: 'Critical', assigneeId: AGENT, createdDate: created.createdDate });
      expect(Date.parse(updated.modifiedDate as string)).toBeGreaterThan(Date.parse(created.modifiedDate as string));

      await incidents.delete!(ctx, id);
      const gone = await incidents.get!(ctx, id).catch((error: unknown) => error);
      expect(gone).toBeInstanceOf(VendorError);
      expect(gone).toMatchObject({ status: 404, providerMessage: "No Record found: Record doesn't exist or ACL restricts the record retrieval" });

      expect(sent.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
        'POST /api/now/table/incident',
        `GET /api/now/table/incident/${id}`,
        `PATCH /api/now/table/incident/${id}`,
        `DELETE /api/now/table/incident/${id}`,
        `GET /api/now/table/incident/${id}`,
      ]);
      expect(sent[0].query).toEqual(SHAPE);
      expect(sent[3].query).toEqual({});
      for (const request of sent) expect(request.authorization).toBe(expectedAuthorization[element.key]);
    });
  });

  it('pages with sysparm_offset cursors, reading the total from X-Total-Count and the end from Link', async () => {
    const seed = (simulator: SeedTarget) => {
      for (const subject of ['Printer jam', 'Mail bounce', 'VPN slow', 'Laptop fan', 'Badge reader']) simulator.insert('incident', { short_description: subject });
    };
    await withServiceNow(element, 'incidents-paging', { seed }, async (ctx, sent) => {
      const first = await hubList(incidents, ctx, undefined, { pageSize: 3 });
      expect(first.shown.map((r) => r.number)).toEqual(['INC0010001', 'INC0010002', 'INC0010003']);
      expect(first).toMatchObject({ cursor: '3', total: 5 });

      const second = await hubList(incidents, ctx, undefined, { pageSize: 3, cursor: first.cursor });
      expect(second.shown.map((r) => r.subject)).toEqual(['Laptop fan', 'Badge reader']);
      expect(second.cursor).toBeUndefined();
      expect(second.total).toBe(5);

      expect(sent.map((r) => r.query)).toEqual([
        { sysparm_query: 'ORDERBYsys_created_on^ORDERBYsys_id', sysparm_limit: '3', sysparm_offset: '0', ...SHAPE },
        { sysparm_query: 'ORDERBYsys_created_on^ORDERBYsys_id', sysparm_limit: '3', sysparm_offset: '3', ...SHAPE },
      ]);
    });
  });

  it('translates CEQL to sysparm_query, leaving unsafe values to the hub', async () => {
    const seed = (simulator: SeedTarget) => {
      people(simulator);
      simulator.insert('incident', { short_description: 'VPN down', impact: '1', urgency: '1' });
      simulator.insert('incident', { short_description: 'VPN slow', state: '2', impact: '1', urgency: '1', assigned_to: AGENT });
      simulator.insert('incident', { short_description: 'Printer jam', impact: '1', urgency: '1' });
      simulator.insert('incident', { short_description: 'Mail bounce', state: '6', impact: '3', urgency: '3', assigned_to: AGENT });
      simulator.insert('incident', { short_description: 'Mail slow', state: '2', impact: '1', urgency: '1', assigned_to: AGENT });
    };
    await withServiceNow(element, 'incidents-query', { seed }, async (ctx, sent) => {
      const open = await hubList(
        incidents,
        ctx,
        "status IN ('New', 'In Progress') AND priority = 'Critical' AND createdDate >= '2024-05-06T09:00:00Z' AND (subject LIKE '%VPN%' OR assigneeId IS NULL)",
        { pageSize: 10 },
      );
      expect(sent[0].query.sysparm_query).toBe(
        'stateIN1,2^priority=1^sys_created_on>=2024-05-06 09:00:00^short_descriptionLIKEVPN^ORassigned_toISEMPTY^ORDERBYsys_created_on^ORDERBYsys_id',
      );
      expect(open.shown.map((r) => r.subject)).toEqual(['VPN down', 'VPN slow', 'Printer jam']);
      expect(open.total).toBe(3);

      // `^` cannot be escaped in an encoded query: this value must never reach ServiceNow.
      const injected = await hubList(incidents, ctx, "subject = 'x^ORactive=false' AND status = 'In Progress'", { pageSize: 10 });
      expect(sent[1].query.sysparm_query).toBe('state=2^ORDERBYsys_created_on^ORDERBYsys_id');
      expect(injected.records.map((r) => hubRecord(incidents, r).subject)).toEqual(['VPN slow', 'Mail slow']);
      expect(injected.shown).toEqual([]);
      expect(injected.total).toBeUndefined();

      const grouped = await hubList(incidents, ctx, "(status = 'New' AND assigneeId IS NULL) OR status = 'Resolved'", { pageSize: 10 });
      expect(sent[2].query.sysparm_query).toBe('state=1^assigned_toISEMPTY^NQstate=6^ORDERBYsys_created_on^ORDERBYsys_id');
      expect(grouped.shown.map((r) => r.subject)).toEqual(['VPN down', 'Printer jam', 'Mail bounce']);
    });
  });
});
