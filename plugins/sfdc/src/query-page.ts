import { BadRequestError, JunctionError, type ElementContext, type ListPage, type ListRequest } from '@junction/core';
import { soqlWhere } from './soql';
import type { SalesforceRecord, SObjectSpec } from './sobject-api';

/** The Query resource's answer. https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md */
interface QueryResult<V> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: V[];
}

/** `Sforce-Query-Options: batchSize` bounds; Salesforce may still send fewer records per batch. */
const MIN_BATCH = 200;
const MAX_BATCH = 2000;

/** A `nextRecordsUrl` as Salesforce writes it: `/services/data/v67.0/query/01gD0000002HU6KIAW-2000`. */
const BATCH_URL = /^\/services\/data\/v\d+\.\d+\/query\/[A-Za-z0-9]+-\d+$/;

/**
 * Where the next hub page starts: a batch (the query itself when `batch` is absent, else a
 * `nextRecordsUrl`) and how many of its records earlier pages already returned. Written
 * `<nextRecordsUrl>#<skip>`; a bare `nextRecordsUrl` means skip nothing.
 */
interface Cursor {
  batch?: string;
  skip: number;
}

/** Reads a cursor; it comes back from the client, so anything but a query-locator path is refused. */
function parseCursor(text: string | undefined): Cursor {
  if (text === undefined) return { skip: 0 };
  const hash = text.lastIndexOf('#');
  const batch = hash < 0 ? text : text.slice(0, hash);
  const skip = hash < 0 ? '0' : text.slice(hash + 1);
  if ((batch !== '' && !BATCH_URL.test(batch)) || !/^\d{1,4}$/.test(skip)) {
    throw new BadRequestError("Invalid 'nextPage' token: pass the Elements-Next-Page-Token of the previous page unchanged");
  }
  return { batch: batch || undefined, skip: Number(skip) };
}

function formatCursor({ batch, skip }: Cursor): string {
  return skip ? `${batch ?? ''}#${skip}` : batch!;
}

/** `nextRecordsUrl` is relative to the instance's origin, not to the versioned API base URL. */
function instanceUrl(ctx: ElementContext, path: string): string {
  const instance = ctx.config.instance_url;
  if (!instance) throw new BadRequestError("Instance configuration is incomplete: configuration 'instance_url' is required");
  return new URL(path, instance).toString();
}

/** `SELECT … FROM … [WHERE …] ORDER BY Id`: ordered so that re-running it for a later page is stable. */
export function soqlQuery(sobject: SObjectSpec, request: Pick<ListRequest, 'where'>): string {
  const where = soqlWhere(request.where, sobject.filters);
  return `SELECT ${sobject.fields.join(', ')} FROM ${sobject.name}${where ? ` WHERE ${where}` : ''} ORDER BY Id`;
}

/**
 * One hub page of a SOQL query. Salesforce pages by batches of 200 to 2,000 records, which may be
 * larger than the hub page: the cursor then remembers how much of the batch was returned, and the
 * next page reads the same batch again (re-running the query when it was the first batch).
 */
export async function queryPage<V extends SalesforceRecord>(ctx: ElementContext, sobject: SObjectSpec, request: ListRequest): Promise<ListPage<V>> {
  const cursor = parseCursor(request.cursor);
  let result: QueryResult<V>;
  if (cursor.batch) {
    // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query-more-results.md
    result = await ctx.http.get<QueryResult<V>>(instanceUrl(ctx, cursor.batch));
  } else {
    const batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, request.pageSize));
    // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md and headers-queryoptions.html
    const response = await ctx.http.request<QueryResult<V>>({
      method: 'GET',
      url: 'query',
      searchParams: { q: soqlQuery(sobject, request) },
      headers: { 'sforce-query-options': `batchSize=${batchSize}` },
    });
    result = response.body;
  }
  if (!result || !Array.isArray(result.records)) throw new JunctionError(502, 'Salesforce answered a query without a records list');
  const records = result.records.slice(cursor.skip, cursor.skip + request.pageSize);
  const returned = cursor.skip + records.length;
  let next: string | undefined;
  if (returned < result.records.length) next = formatCursor({ batch: cursor.batch, skip: returned });
  else if (!result.done && result.nextRecordsUrl) {
    if (!BATCH_URL.test(result.nextRecordsUrl)) throw new JunctionError(502, `Salesforce answered an unexpected nextRecordsUrl '${result.nextRecordsUrl}'`);
    next = result.nextRecordsUrl;
  }
  return { records, cursor: next, total: result.totalSize };
}
