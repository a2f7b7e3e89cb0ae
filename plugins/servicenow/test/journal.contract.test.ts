import { JunctionError } from '@junction/core';
import { servicenow, servicenowoauth } from '../src';
import { expectedAuthorization, hubList, hubRecord, resourceOf, vendorBody, withServiceNow, type SeedTarget } from './servicenow-vendor';

const INCIDENT = '9d385017c611228701d22104cc95c371';
const OTHER_INCIDENT = 'e8caedcbc0a80164017df472f39eaed1';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const JOURNAL_SHAPE = { sysparm_fields: 'sys_id,element_id,element,name,value,sys_created_by,sys_created_on', sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' };

function seed(simulator: SeedTarget): void {
  simulator.insert('incident', { sys_id: INCIDENT, short_description: 'Email server is down' });
  simulator.insert('incident', { sys_id: OTHER_INCIDENT, short_description: 'Printer jam' });
  simulator.insert('sys_journal_field', { name: 'incident', element: 'comments', element_id: INCIDENT, value: 'Is there any news?' }, 'abel.tuter');
  simulator.insert('sys_journal_field', { name: 'incident', element: 'work_notes', element_id: INCIDENT, value: 'Mail relay queue is full' }, 'beth.anglin');
  simulator.insert('sys_journal_field', { name: 'incident', element: 'comments', element_id: OTHER_INCIDENT, value: 'Tray 2 again' }, 'abel.tuter');
}

describe.each([servicenow, servicenowoauth])('$key incident comments and work notes', (element) => {
  const comments = resourceOf(element, 'comments');
  const workNotes = resourceOf(element, 'work-notes');

  it('lists each journal of an incident from sys_journal_field and adds entries by updating the incident', async () => {
    await withServiceNow(element, 'journal', { seed }, async (ctx, sent) => {
      // `/incidents/{id}/comments`: the hub scopes the child list with `incidentId = '{id}'`.
      const listed = await hubList(comments, ctx, `incidentId = '${INCIDENT}'`, { pageSize: 20 });
      expect(sent[0].query).toEqual({
        sysparm_query: `name=incident^element=comments^element_id=${INCIDENT}^ORDERBYsys_created_on^ORDERBYsys_id`,
        sysparm_limit: '20',
        sysparm_offset: '0',
        ...JOURNAL_SHAPE,
      });
      expect(listed.shown).toEqual([
        { id: expect.stringMatching(/^[0-9a-f]{32}$/), incidentId: INCIDENT, body: 'Is there any news?', author: 'abel.tuter', createdDate: expect.stringMatching(ISO_SECONDS) },
      ]);
      expect(listed.total).toBe(1);

      const comment = vendorBody(comments, { incidentId: INCIDENT, body: 'The relay was restarted; mail flows again.' }, 'create');
      expect(comment).toEqual({ element_id: INCIDENT, value: 'The relay was restarted; mail flows again.' });
      const added = hubRecord(comments, await comments.create!(ctx, comment));
      expect(added).toEqual({ id: expect.any(String), incidentId: INCIDENT, body: 'The relay was restarted; mail flows again.', author: 'svc.junction', createdDate: expect.stringMatching(ISO_SECONDS) });
      expect(sent[1]).toMatchObject({ method: 'PATCH', path: expect.stringMatching(`^/api/now/table/incident/${INCIDENT}\\?`), query: { sysparm_fields: 'sys_id' } });
      expect(sent[2].query).toMatchObject({
        sysparm_query: `name=incident^element=comments^element_id=${INCIDENT}^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id`,
        sysparm_limit: '10',
      });

      const notes = await hubList(workNotes, ctx, `incidentId = '${INCIDENT}'`, { pageSize: 20 });
      expect(sent[3].query.sysparm_query).toBe(`name=incident^element=work_notes^element_id=${INCIDENT}^ORDERBYsys_created_on^ORDERBYsys_id`);
      expect(notes.shown.map((n) => n.body)).toEqual(['Mail relay queue is full']);

      const note = hubRecord(workNotes, await workNotes.create!(ctx, vendorBody(workNotes, { incidentId: INCIDENT, body: 'Queue drained, monitoring' }, 'create')));
      expect(note).toMatchObject({ incidentId: INCIDENT, body: 'Queue drained, monitoring', author: 'svc.junction' });

      // A work note is not a comment, even when asked for by its id.
      const wrongKind = await comments.get!(ctx, note.id as string).catch((error: unknown) => error);
      expect(wrongKind).toBeInstanceOf(JunctionError);
      expect(wrongKind).toMatchObject({ status: 404 });
      expect(hubRecord(workNotes, await workNotes.get!(ctx, note.id as string))).toEqual(note);

      for (const request of sent) expect(request.authorization).toBe(expectedAuthorization[element.key]);
    });
  });

  it('refuses an entry for something that is not a sys_id before calling ServiceNow', () => {
    expect(() => vendorBody(comments, { incidentId: 'x^ORelement=work_notes', body: 'hi' }, 'create')).toThrow();
    expect(() => vendorBody(comments, { incidentId: INCIDENT, body: '' }, 'create')).toThrow();
  });
});
