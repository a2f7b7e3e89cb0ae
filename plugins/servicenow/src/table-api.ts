import { JunctionError, NotFoundError, offsetFrom, type ElementContext, type ListPage, type ListRequest, type VendorFailure } from '@junction/core';
import type { EncodedQuery } from './query/encoded-query';

/** Any Table API record: actual values, reference fields as plain sys_ids. */
export interface TableRecord {
  sys_id: string;
  [field: string]: unknown;
}

/** The form of a sys_id that is safe in a path and in an encoded query (system records use names such as `glide.maint`). */
export const RECORD_ID = /^[A-Za-z0-9._-]{1,32}$/;

/** CRUD on one ServiceNow table, always asking for the same fields. */
export interface Table<R extends TableRecord> {
  /** One page in creation order, or newest first. */
  list(ctx: ElementContext, request: ListRequest, query: EncodedQuery, order?: 'oldest-first' | 'newest-first'): Promise<ListPage<R>>;
  get(ctx: ElementContext, id: string): Promise<R>;
  create(ctx: ElementContext, body: Record<string, unknown>): Promise<R>;
  update(ctx: ElementContext, id: string, body: Record<string, unknown>): Promise<R>;
  delete(ctx: ElementContext, id: string): Promise<void>;
}

/**
 * Sorting by creation then sys_id keeps offset pages stable while records are added or edited;
 * without ORDERBY the order is whatever the database returns.
 */
const STABLE_ORDER = { 'oldest-first': 'ORDERBYsys_created_on^ORDERBYsys_id', 'newest-first': 'ORDERBYDESCsys_created_on^ORDERBYDESCsys_id' };

/**
 * The Table API on `table`. Every call asks for actual values (codes, sys_ids, UTC date-times),
 * without reference links, and only for `fields`.
 */
export function table<R extends TableRecord>(name: string, fields: readonly string[]): Table<R> {
  const path = `table/${name}`;
  const recordPath = (id: string) => {
    // `.` and `..` survive encoding and would be resolved as path steps, away from the record.
    if (id === '' || id === '.' || id === '..') throw new NotFoundError(`${name} record '${id}'`);
    return `${path}/${encodeURIComponent(id)}`;
  };
  const shape = { sysparm_fields: fields.join(','), sysparm_display_value: false, sysparm_exclude_reference_link: true };

  return {
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/{tableName}):
    // offset paging, X-Total-Count and a Link header
    list: async (ctx, request, query, order = 'oldest-first') => {
      const offset = offsetFrom(request.cursor);
      const response = await ctx.http.request<{ result?: R[] }>({
        method: 'GET',
        url: path,
        searchParams: {
          sysparm_query: query.text ? `${query.text}^${STABLE_ORDER[order]}` : STABLE_ORDER[order],
          sysparm_limit: request.pageSize,
          sysparm_offset: offset,
          ...shape,
        },
      });
      const records = resultOf<R[]>(response.body, name);
      if (!Array.isArray(records)) throw malformed(name);
      const total = Number(single(response.headers['x-total-count']));
      return {
        records,
        cursor: nextCursor(response.headers, offset, request.pageSize, total),
        total: query.exact && Number.isInteger(total) ? total : undefined,
      };
    },
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/{tableName}/{sys_id}):
    // 404 when missing or hidden by an ACL
    get: async (ctx, id) => resultOf<R>(await ctx.http.get(recordPath(id), shape), name),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (POST /now/table/{tableName}): one record, 201
    create: async (ctx, body) => resultOf<R>((await ctx.http.request({ method: 'POST', url: path, searchParams: shape, json: body })).body, name),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH /now/table/{tableName}/{sys_id}):
    // only the fields sent change
    update: async (ctx, id, body) =>
      resultOf<R>((await ctx.http.request({ method: 'PATCH', url: recordPath(id), searchParams: shape, json: body })).body, name),
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (DELETE /now/table/{tableName}/{sys_id}): 204
    delete: async (ctx, id) => {
      await ctx.http.delete(recordPath(id));
    },
  };
}

function resultOf<T>(body: unknown, tableName: string): T {
  const result = (body as { result?: unknown } | undefined)?.result;
  if (result === undefined || result === null || typeof result !== 'object') throw malformed(tableName);
  return result as T;
}

function malformed(tableName: string): JunctionError {
  return new JunctionError(502, `ServiceNow answered a ${tableName} call without a result`);
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

/**
 * The next offset, from the `rel="next"` link when ServiceNow sent a Link header (its limit is
 * applied before ACLs, so a page can hold fewer records than asked yet not be the last), else from
 * the total count.
 */
function nextCursor(headers: Record<string, string | string[] | undefined>, offset: number, limit: number, total: number): string | undefined {
  const link = single(headers['link']);
  if (link !== undefined) {
    const next = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link)?.[1];
    if (next === undefined) return undefined;
    const nextOffset = Number(queryOf(next).get('sysparm_offset') ?? Number.NaN);
    return String(Number.isInteger(nextOffset) && nextOffset > offset ? nextOffset : offset + limit);
  }
  return Number.isInteger(total) && offset + limit < total ? String(offset + limit) : undefined;
}

function queryOf(url: string): URLSearchParams {
  const mark = url.indexOf('?');
  return new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
}

/**
 * ServiceNow error bodies, `{"error": {"message", "detail"}, "status": "failure"}`, as
 * `message: detail`. https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/c_RESTAPI.html
 */
export function serviceNowProviderMessage(failure: VendorFailure): string | undefined {
  const error = (failure.body as { error?: unknown } | undefined)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const { message, detail } = error as { message?: unknown; detail?: unknown };
  const parts = [message, detail].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return parts.length ? parts.join(': ') : undefined;
}
