/**
 * The Attachment API of the ServiceNow simulator: files kept in memory with their
 * `sys_attachment` metadata, uploaded as raw request bodies (with a length or chunked), listed
 * with an encoded query, read back byte for byte and deleted.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { failure, NOT_FOUND, send, withoutContentType } from './servicenow-http';
import { compareValues, matchesEncodedQuery, parseEncodedQuery, type ServiceNowColumnType } from './servicenow-query';
import type { ServiceNowRow } from './servicenow-tables';
import { HttpError, readRawBody } from './simulator-server';

/** The `sys_attachment` columns the API answers, as the query engine compares them. */
const COLUMNS: Record<string, ServiceNowColumnType> = {
  sys_id: 'string',
  file_name: 'string',
  content_type: 'string',
  size_bytes: 'integer',
  size_compressed: 'integer',
  compressed: 'boolean',
  table_name: 'string',
  table_sys_id: 'string',
  sys_created_on: 'glide_date_time',
  sys_created_by: 'string',
  sys_updated_on: 'glide_date_time',
  sys_updated_by: 'string',
  sys_mod_count: 'integer',
  sys_tags: 'string',
  image_width: 'string',
  image_height: 'string',
  average_image_color: 'string',
};

/** A stored file: its metadata record and its bytes. */
export interface StoredAttachment {
  row: ServiceNowRow;
  content: Buffer;
}

/** One Attachment API call, with what it needs of the simulator around it. */
export interface AttachmentCall {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The path after `/api/now[/v1]/attachment`, e.g. `/file` or `/{sys_id}/file`. */
  rest: string;
  search: URLSearchParams;
  /** Headers every answer carries (content type, rate limits). */
  headers: Record<string, string>;
  user: string;
  /** Origin written into `download_link` and `Location`. */
  origin: string;
  /** Whether a table exists, and the record a file goes to. */
  tableExists: (table: string) => boolean;
  recordExists: (table: string, id: string) => boolean;
  newId: () => string;
  timestamp: () => string;
  /** Told how many body bytes an upload carried, for the request log. */
  received: (bytes: number) => void;
}

/** The simulator's attachments. */
export class AttachmentStore {
  private readonly files = new Map<string, StoredAttachment>();

  /** @param maxBytes the instance's `com.glide.attachment.max_size` */
  constructor(private readonly maxBytes: number) {}

  /** Every stored file, oldest first. */
  all(): StoredAttachment[] {
    return [...this.files.values()];
  }

  get(id: string): StoredAttachment | undefined {
    return this.files.get(id);
  }

  /** Drops the files of a deleted record, as the instance does. */
  dropFilesOf(table: string, id: string): void {
    for (const [key, file] of this.files) if (file.row.table_name === table && file.row.table_sys_id === id) this.files.delete(key);
  }

  /** Serves `/api/now[/v1]/attachment…`. */
  async serve(call: AttachmentCall): Promise<void> {
    const { method, rest, res, headers } = call;
    const match = /^(?:\/([^/]+))?(\/file)?\/?$/.exec(rest);
    const id = match?.[1] === undefined ? undefined : decoded(match[1]);
    if (method === 'POST' && rest === '/file') return this.upload(call);
    if (!match || id === 'file') return send(res, 400, failure('Requested URI does not represent any resource', null), headers);
    if (id === undefined && !match[2] && method === 'GET') return this.list(call);
    const stored = id === undefined ? undefined : this.files.get(id);
    if (id !== undefined && !match[2] && method === 'GET') return stored ? send(res, 200, { result: this.render(call, stored.row) }, headers) : send(res, 404, NOT_FOUND, headers);
    if (id !== undefined && match[2] && method === 'GET') return stored ? this.sendFile(call, stored) : send(res, 404, NOT_FOUND, headers);
    if (id !== undefined && !match[2] && method === 'DELETE') {
      if (!stored) return send(res, 404, NOT_FOUND, headers);
      this.files.delete(stored.row.sys_id);
      res.writeHead(204, withoutContentType(headers));
      return void res.end();
    }
    send(res, 405, failure('Method not Supported', `${method} is not supported for this resource`), headers);
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (POST /now/attachment/file): 201 + Location
  private async upload(call: AttachmentCall): Promise<void> {
    const { req, res, headers, search } = call;
    const [table, recordId, fileName] = ['table_name', 'table_sys_id', 'file_name'].map((name) => search.get(name) ?? '');
    const contentType = req.headers['content-type'];
    const refuse = (status: number, body: unknown) => {
      // The bytes are not wanted: drop them, so the client can read the answer.
      req.resume();
      send(res, status, body, headers);
    };
    if (!table || !recordId || !fileName) return refuse(400, failure('Missing parameters', 'table_name, table_sys_id and file_name are mandatory'));
    if (!contentType) return refuse(400, failure('Missing Content-Type', 'The Content-Type header of the file is mandatory'));
    if (!call.tableExists(table)) return refuse(400, failure(`Invalid table ${table}`, null));
    if (!call.recordExists(table, recordId)) return refuse(404, failure('No Record found', `Record ${recordId} doesn't exist in table ${table} or ACL restricts it`));
    let content: Buffer;
    try {
      content = await readRawBody(req, { limitBytes: this.maxBytes });
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) {
        throw new HttpError(413, 'Attachment too large', failure('Failed to create the attachment', `File size exceeds com.glide.attachment.max_size of ${this.maxBytes} bytes`), headers);
      }
      // A client that went away mid-upload leaves nothing behind.
      throw error;
    }
    call.received(content.length);
    const now = call.timestamp();
    const row: ServiceNowRow = {
      sys_id: call.newId(),
      file_name: fileName,
      content_type: contentType,
      size_bytes: String(content.length),
      size_compressed: '',
      compressed: 'false',
      table_name: table,
      table_sys_id: recordId,
      sys_created_on: now,
      sys_created_by: call.user,
      sys_updated_on: now,
      sys_updated_by: call.user,
      sys_mod_count: '0',
      sys_tags: '',
      image_width: '',
      image_height: '',
      average_image_color: '',
    };
    this.files.set(row.sys_id, { row, content });
    send(res, 201, { result: this.render(call, row) }, { ...headers, location: `${call.origin}/api/now/attachment/${row.sys_id}` });
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment): sysparm_query, limit 1000 by default
  private list(call: AttachmentCall): void {
    const query = parseEncodedQuery(call.search.get('sysparm_query') ?? '');
    const order = query.orderBy.filter((o) => Object.hasOwn(COLUMNS, o.column));
    const rows = this.all()
      .map((file) => file.row)
      .filter((row) => matchesEncodedQuery(query, row, COLUMNS))
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        for (const { column, descending } of order) {
          const c = compareValues(a.row[column], b.row[column], COLUMNS[column]);
          if (c !== 0) return descending ? -c : c;
        }
        return a.index - b.index;
      });
    const limit = wholeNumber(call.search.get('sysparm_limit'), 1000, 1);
    const offset = wholeNumber(call.search.get('sysparm_offset'), 0, 0);
    send(call.res, 200, { result: rows.slice(offset, offset + limit).map(({ row }) => this.render(call, row)) }, call.headers);
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_AttachmentAPI.html (GET /now/attachment/{sys_id}/file): the bytes, metadata in X-Attachment-Metadata
  private sendFile(call: AttachmentCall, file: StoredAttachment): void {
    // A header is Latin-1: the file name's other characters go as JSON \u escapes.
    const metadata = JSON.stringify(this.render(call, file.row)).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    call.res.writeHead(200, {
      ...withoutContentType(call.headers),
      'content-type': file.row.content_type,
      'content-length': file.content.length,
      'x-attachment-metadata': metadata,
    });
    call.res.end(file.content);
  }

  private render(call: AttachmentCall, row: ServiceNowRow): Record<string, string> {
    return { ...row, download_link: `${call.origin}/api/now/attachment/${row.sys_id}/file` };
  }
}

function wholeNumber(text: string | null, fallback: number, min: number): number {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value >= min ? value : fallback;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
