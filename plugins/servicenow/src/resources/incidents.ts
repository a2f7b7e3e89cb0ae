import { defineResource, Incident, IncidentInput } from '@junction/core';
import { choiceField } from '../choices';
import { isoFromGlide } from '../glide-date-time';
import { encodeQuery, pushdownFor, type QueryFields } from '../query/encoded-query';
import { table, type TableRecord } from '../table-api';

/** An incident as the Table API answers it with actual values. https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html */
export interface ServiceNowIncident extends TableRecord {
  number?: string;
  short_description?: string;
  description?: string;
  state?: string;
  priority?: string;
  assigned_to?: string;
  caller_id?: string;
  sys_created_on?: string;
  sys_updated_on?: string;
}

/**
 * Incident states of the Incident Management state model. 4 and 5 are the legacy "Awaiting User
 * Info" and "Awaiting Evidence", mapped to On Hold on new instances; they stay codes here.
 * https://support.servicenow.com/kb?id=kb_article_view&sysparm_article=KB0564465
 */
const incidentState = choiceField({ '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' });

/** https://www.servicenow.com/docs/r/it-service-management/incident-management/def-prio-lookup-rules.html */
const incidentPriority = choiceField({ '1': 'Critical', '2': 'High', '3': 'Moderate', '4': 'Low', '5': 'Planning' });

/**
 * ServiceNow derives priority from impact × urgency (priority lookup rules), so writing priority
 * alone is overwritten. These pairs give each priority under the documented sample rules; the
 * priority is sent too for instances whose rules are switched off. The answer shows what the
 * instance actually stored.
 */
const IMPACT_URGENCY: Readonly<Record<string, [impact: string, urgency: string]>> = {
  '1': ['1', '1'],
  '2': ['1', '2'],
  '3': ['2', '2'],
  '4': ['2', '3'],
  '5': ['3', '3'],
};

const FIELDS = ['sys_id', 'number', 'short_description', 'description', 'state', 'priority', 'assigned_to', 'caller_id', 'sys_created_on', 'sys_updated_on'];

export const incidentQueryFields: QueryFields = {
  id: { column: 'sys_id', kind: 'reference' },
  number: { column: 'number', kind: 'text' },
  subject: { column: 'short_description', kind: 'text' },
  description: { column: 'description', kind: 'text' },
  status: { column: 'state', kind: 'choice', choice: incidentState },
  priority: { column: 'priority', kind: 'choice', choice: incidentPriority },
  assigneeId: { column: 'assigned_to', kind: 'reference' },
  reporterId: { column: 'caller_id', kind: 'reference' },
  createdDate: { column: 'sys_created_on', kind: 'datetime' },
  modifiedDate: { column: 'sys_updated_on', kind: 'datetime' },
};

const incidentTable = table<ServiceNowIncident>('incident', FIELDS);

function priorityFields(value: string): Record<string, string> {
  const priority = incidentPriority.codeToWrite('priority', value);
  const pair = IMPACT_URGENCY[priority];
  return pair ? { impact: pair[0], urgency: pair[1], priority } : { priority };
}

/** helpdesk `incidents`: the ServiceNow `incident` table. */
export const incidents = defineResource<ServiceNowIncident, typeof Incident>({
  name: 'incidents',
  vendorName: 'incident',
  description: 'Incidents (ServiceNow incident table)',
  model: Incident,
  input: IncidentInput,
  paging: 'offset',
  maxPageSize: 1000,
  pushdown: pushdownFor(incidentQueryFields),
  toHub: (r) => ({
    id: r.sys_id,
    number: r.number || undefined,
    subject: r.short_description || undefined,
    description: r.description || undefined,
    status: incidentState.label(r.state),
    priority: incidentPriority.label(r.priority),
    assigneeId: r.assigned_to || undefined,
    reporterId: r.caller_id || undefined,
    createdDate: isoFromGlide(r.sys_created_on),
    modifiedDate: isoFromGlide(r.sys_updated_on),
  }),
  toVendor: (body) => ({
    ...(body.subject !== undefined ? { short_description: body.subject } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(typeof body.status === 'string' ? { state: incidentState.codeToWrite('status', body.status) } : {}),
    ...(typeof body.priority === 'string' ? priorityFields(body.priority) : {}),
    ...(body.assigneeId !== undefined ? { assigned_to: body.assigneeId } : {}),
    ...(body.reporterId !== undefined ? { caller_id: body.reporterId } : {}),
  }),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/incident)
  list: (ctx, request) => incidentTable.list(ctx, request, encodeQuery(request.where, incidentQueryFields)),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/incident/{sys_id})
  get: (ctx, id) => incidentTable.get(ctx, id),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (POST /now/table/incident)
  create: (ctx, body) => incidentTable.create(ctx, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH: hub PUT and PATCH both change only the fields sent)
  update: (ctx, id, body) => incidentTable.update(ctx, id, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (DELETE /now/table/incident/{sys_id})
  delete: (ctx, id) => incidentTable.delete(ctx, id),
});
