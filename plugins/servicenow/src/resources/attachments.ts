import { defineResource, NotFoundError } from '@junction/core';
import { z } from 'zod';
import { attachmentMetadata, deleteAttachment, downloadAttachment, listAttachments, uploadAttachment, type ServiceNowAttachment } from '../attachment-api';
import { encodeQuery, pushdownFor, type QueryFields } from '../query/encoded-query';

/**
 * An incident's attachment as the hub answers it. Cloud Elements answers ServiceNow attachments
 * in ServiceNow's own field names, which apps read (`sys_id`), so those stay as ServiceNow sends
 * them; `id` and `incidentId` are added as on every hub resource, the latter scoping
 * `/incidents/{id}/attachments`.
 */
export const IncidentAttachment = z.object({
  id: z.string(),
  incidentId: z.string().optional(),
  sys_id: z.string(),
  file_name: z.string().optional(),
  content_type: z.string().optional(),
  size_bytes: z.string().optional(),
  table_name: z.string().optional(),
  table_sys_id: z.string().optional(),
  sys_created_on: z.string().optional(),
  sys_created_by: z.string().optional(),
  sys_updated_on: z.string().optional(),
});

const QUERY_FIELDS: QueryFields = {
  id: { column: 'sys_id', kind: 'reference' },
  incidentId: { column: 'table_sys_id', kind: 'reference' },
  sys_id: { column: 'sys_id', kind: 'reference' },
  file_name: { column: 'file_name', kind: 'text' },
  content_type: { column: 'content_type', kind: 'text' },
  table_sys_id: { column: 'table_sys_id', kind: 'reference' },
  sys_created_on: { column: 'sys_created_on', kind: 'datetime' },
  sys_created_by: { column: 'sys_created_by', kind: 'text' },
  sys_updated_on: { column: 'sys_updated_on', kind: 'datetime' },
};

/** Only incidents' files: the Attachment API serves every table's. */
const INCIDENT = 'incident';
const SCOPE = [`table_name=${INCIDENT}`];

const blank = (value: string | undefined) => (value === '' ? undefined : value);

/**
 * helpdesk `attachments`: files on incidents, through the Attachment API. Listed, read and
 * deleted as records; uploaded and downloaded as streams (`binary`).
 */
export const attachments = defineResource<ServiceNowAttachment, typeof IncidentAttachment>({
  name: 'attachments',
  vendorName: 'sys_attachment',
  description: 'Files attached to incidents (ServiceNow Attachment API)',
  model: IncidentAttachment,
  // Files are created by upload only; there is no JSON body to validate.
  input: z.object({}).strict(),
  toVendor: () => ({}),
  paging: 'offset',
  maxPageSize: 1000,
  pushdown: pushdownFor(QUERY_FIELDS),
  toHub: (a) => ({
    id: a.sys_id,
    incidentId: blank(a.table_sys_id),
    sys_id: a.sys_id,
    file_name: blank(a.file_name),
    content_type: blank(a.content_type),
    size_bytes: blank(a.size_bytes),
    table_name: blank(a.table_name),
    table_sys_id: blank(a.table_sys_id),
    sys_created_on: blank(a.sys_created_on),
    sys_created_by: blank(a.sys_created_by),
    sys_updated_on: blank(a.sys_updated_on),
  }),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment?sysparm_query=table_name=incident^…)
  list: (ctx, request) => listAttachments(ctx, encodeQuery(request.where, QUERY_FIELDS, SCOPE).text, request),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment/{sys_id})
  get: async (ctx, id) => {
    const attachment = await attachmentMetadata(ctx, id);
    if (attachment.table_name !== INCIDENT) throw new NotFoundError(`incident attachment '${id}'`);
    return attachment;
  },
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (DELETE /now/attachment/{sys_id})
  delete: (ctx, id) => deleteAttachment(ctx, id),
  binary: {
    parent: 'incidents',
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (POST /now/attachment/file)
    upload: (ctx, incidentId, file) => uploadAttachment(ctx, { name: INCIDENT, sysId: incidentId }, file),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment/{sys_id}/file)
    download: (ctx, attachment) => downloadAttachment(ctx, attachment),
  },
});
