import { BadRequestError, defineResource, IncidentNote, IncidentNoteInput, JunctionError, NotFoundError } from '@junction/core';
import { z } from 'zod';
import { isoFromGlide } from '../glide-date-time';
import { encodeQuery, pushdownFor, type QueryFields } from '../query/encoded-query';
import { RECORD_ID, table, type TableRecord } from '../table-api';

/**
 * One journal entry of a record (an additional comment or a work note), kept in
 * `sys_journal_field` with the record's sys_id in `element_id` and the field name in `element`.
 * https://www.servicenow.com/docs/r/api-reference/web-services/retrieving-journal-entries.html
 */
export interface ServiceNowJournalEntry extends TableRecord {
  element_id?: string;
  element?: string;
  name?: string;
  value?: string;
  sys_created_by?: string;
  sys_created_on?: string;
}

const FIELDS = ['sys_id', 'element_id', 'element', 'name', 'value', 'sys_created_by', 'sys_created_on'];

const QUERY_FIELDS: QueryFields = {
  id: { column: 'sys_id', kind: 'reference' },
  incidentId: { column: 'element_id', kind: 'reference' },
  body: { column: 'value', kind: 'text' },
  author: { column: 'sys_created_by', kind: 'text' },
  createdDate: { column: 'sys_created_on', kind: 'datetime' },
};

/** Creating needs the incident and the text; entries cannot be edited or deleted at ServiceNow. */
const JournalInput = IncidentNoteInput.extend({
  incidentId: z.string().regex(RECORD_ID, 'a ServiceNow sys_id'),
  body: z.string().min(1),
});

const journalTable = table<ServiceNowJournalEntry>('sys_journal_field', FIELDS);
const incidentTable = table<TableRecord>('incident', ['sys_id']);

/** Entries written within this many of the newest are searched for the one just added. */
const RECENT_ENTRIES = 10;

/**
 * An incident journal as a hub resource: listed from `sys_journal_field`, written by updating the
 * incident's journal field (`comments` or `work_notes`), which is how ServiceNow appends an entry.
 */
export function journalResource(options: { name: string; element: 'comments' | 'work_notes'; description: string }) {
  const { element } = options;
  const scope = ['name=incident', `element=${element}`];
  return defineResource<ServiceNowJournalEntry, typeof IncidentNote>({
    name: options.name,
    vendorName: 'sys_journal_field',
    description: options.description,
    model: IncidentNote,
    input: JournalInput,
    paging: 'offset',
    maxPageSize: 1000,
    pushdown: pushdownFor(QUERY_FIELDS),
    toHub: (entry) => ({
      id: entry.sys_id,
      incidentId: entry.element_id || undefined,
      body: entry.value ?? undefined,
      author: entry.sys_created_by || undefined,
      createdDate: isoFromGlide(entry.sys_created_on),
    }),
    toVendor: (body) => ({ element_id: body.incidentId, value: body.body }),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_journal_field)
    list: (ctx, request) => journalTable.list(ctx, request, encodeQuery(request.where, QUERY_FIELDS, scope)),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_journal_field/{sys_id})
    get: async (ctx, id) => {
      const entry = await journalTable.get(ctx, id);
      if (entry.name !== 'incident' || entry.element !== element) throw new NotFoundError(`${options.name} entry '${id}'`);
      return entry;
    },
    create: async (ctx, body) => {
      // Checked here too: a body sent to the vendor-native object skips the hub's input schema.
      const incidentId = body.element_id;
      const text = body.value;
      if (typeof incidentId !== 'string' || !RECORD_ID.test(incidentId)) throw new BadRequestError('element_id must be the sys_id of an incident');
      if (typeof text !== 'string' || text === '') throw new BadRequestError('value must be the text of the entry');
      // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH /now/table/incident/{sys_id}
      // with the journal field: the documented way to add a comment or work note)
      await incidentTable.update(ctx, incidentId, { [element]: text });
      // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_journal_field):
      // the update answers the incident, not the entry, so the entry is read back.
      const recent = await journalTable.list(
        ctx,
        { pageSize: RECENT_ENTRIES },
        { text: [...scope, `element_id=${incidentId}`].join('^'), exact: true },
        'newest-first',
      );
      const entry = recent.records.find((r) => r.value === text) ?? recent.records.find((r) => r.value?.trim() === text.trim());
      if (!entry) throw new JunctionError(502, `ServiceNow accepted the ${options.name} entry on incident '${incidentId}' but did not list it back`);
      return entry;
    },
  });
}
