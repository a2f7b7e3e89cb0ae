import {
  JunctionError,
  NotFoundError,
  offsetFrom,
  readStreamedJson,
  type DownloadResult,
  type ElementContext,
  type FileUpload,
  type ListPage,
} from '@junction/core';
import { RECORD_ID, type TableRecord } from './table-api';

/**
 * An attachment's metadata (a `sys_attachment` record) as the Attachment API answers it: every
 * value a string, dates `yyyy-MM-dd HH:mm:ss` UTC.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html
 */
export interface ServiceNowAttachment extends TableRecord {
  file_name?: string;
  content_type?: string;
  size_bytes?: string;
  size_compressed?: string;
  compressed?: string;
  table_name?: string;
  table_sys_id?: string;
  download_link?: string;
  sys_created_on?: string;
  sys_created_by?: string;
  sys_updated_on?: string;
  sys_updated_by?: string;
}

/** Creation order then sys_id: offset pages stay stable while files are added. */
const STABLE_ORDER = 'ORDERBYsys_created_on^ORDERBYsys_id';

const path = (id: string) => {
  // sys_ids are hex; anything else (`.`, `..`, slashes) would move the request elsewhere.
  if (!RECORD_ID.test(id) || id === '.' || id === '..') throw new NotFoundError(`attachment '${id}'`);
  return `attachment/${encodeURIComponent(id)}`;
};

function resultOf<T>(body: unknown): T {
  const result = (body as { result?: unknown } | undefined)?.result;
  if (result === undefined || result === null || typeof result !== 'object') throw new JunctionError(502, 'ServiceNow answered an attachment call without a result');
  return result as T;
}

/**
 * One page of attachments matching an encoded query. The Attachment API sends no total and no
 * paging links, so one record more than asked is read to know whether another page exists.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment)
 */
export async function listAttachments(ctx: ElementContext, query: string, page: { pageSize: number; cursor?: string }): Promise<ListPage<ServiceNowAttachment>> {
  const offset = offsetFrom(page.cursor);
  const body = await ctx.http.get('attachment', {
    sysparm_query: query ? `${query}^${STABLE_ORDER}` : STABLE_ORDER,
    sysparm_limit: page.pageSize + 1,
    sysparm_offset: offset,
  });
  const records = resultOf<ServiceNowAttachment[]>(body);
  if (!Array.isArray(records)) throw new JunctionError(502, 'ServiceNow answered an attachment list without a list');
  const more = records.length > page.pageSize;
  return { records: records.slice(0, page.pageSize), cursor: more ? String(offset + page.pageSize) : undefined };
}

/** https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment/{sys_id}): 404 when missing or hidden */
export async function attachmentMetadata(ctx: ElementContext, id: string): Promise<ServiceNowAttachment> {
  return resultOf<ServiceNowAttachment>(await ctx.http.get(path(id)));
}

/**
 * Sends the bytes as the raw request body, typed with the file's content type (which ServiceNow
 * stores with the file). Without a declared size the body goes chunked.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (POST /now/attachment/file): 201
 */
export async function uploadAttachment(ctx: ElementContext, table: { name: string; sysId: string }, file: FileUpload): Promise<ServiceNowAttachment> {
  const response = await ctx.http.stream({
    method: 'POST',
    url: 'attachment/file',
    searchParams: { table_name: table.name, table_sys_id: table.sysId, file_name: file.name },
    body: file.content,
    headers: { 'content-type': file.mimeType ?? 'application/octet-stream', 'content-length': file.size?.toString() },
  });
  return resultOf<ServiceNowAttachment>(await readStreamedJson(response.body, 'ServiceNow'));
}

/**
 * The file's bytes as ServiceNow streams them, named and typed from its metadata.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment/{sys_id}/file)
 */
export async function downloadAttachment(ctx: ElementContext, attachment: ServiceNowAttachment): Promise<DownloadResult> {
  const response = await ctx.http.stream({ method: 'GET', url: `${path(attachment.sys_id)}/file`, headers: { accept: '*/*' } });
  // The length of what is sent, not `size_bytes`: a file stored compressed may go out chunked.
  const length = Number(response.headers['content-length']);
  return {
    content: response.body,
    name: attachment.file_name || attachment.sys_id,
    mimeType: attachment.content_type || undefined,
    size: response.headers['content-length'] !== undefined && Number.isSafeInteger(length) ? length : undefined,
  };
}

/** https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (DELETE /now/attachment/{sys_id}): 204 */
export async function deleteAttachment(ctx: ElementContext, id: string): Promise<void> {
  await ctx.http.delete(path(id));
}
