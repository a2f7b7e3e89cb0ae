/**
 * The REST API of the Salesforce simulator's instance host: Resources by Version, limits,
 * describeGlobal, sObject Describe, sObject create/read/update/delete, sObject Get Deleted, and SOQL
 * queries answered in `nextRecordsUrl` batches. Handlers throw {@link SalesforceFault} for Salesforce's error arrays.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SalesforceSimulatorState } from './salesforce';
import { getDeleted, type DeletedRecordsLimits } from './salesforce-deleted';
import { describeGlobal, describeSObject } from './salesforce-describe';
import { runQuery } from './salesforce-query';
import { SalesforceFault, type SalesforceObjectSpec, fieldSpec, notFound, objectSpec } from './salesforce-schema';
import { parseSoql } from './salesforce-soql';
import { type QueryParams, Router } from './simulator-server';

/** What a REST route handler sees of the request. */
export interface RestContext {
  params: Record<string, string>;
  query: QueryParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** `/services/data/vXX.X` as the request named it. */
  base: string;
}

export type RestHandler = (ctx: RestContext) => { status: number; body?: unknown };

function objectOf(name: string): SalesforceObjectSpec {
  const object = objectSpec(name);
  if (!object) throw notFound();
  return object;
}

function jsonObject(body: unknown): Record<string, unknown> {
  if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw SalesforceFault.of(400, 'JSON_PARSER_ERROR', 'The request body is either invalid or incomplete.');
  }
  return body as Record<string, unknown>;
}

/** The REST API routes under `/services/data/:version`, answered from the simulator's state. */
export function restRoutes(state: SalesforceSimulatorState, limits: { dailyApiLimit: number; maxBatchSize: number } & DeletedRecordsLimits): Router<RestHandler> {
  const router = new Router<RestHandler>();
  const data = '/services/data/:version';
  const store = state.store;
  const render = (object: SalesforceObjectSpec, record: Record<string, unknown>, base: string, fields?: string[]) => ({
    attributes: { type: object.name, url: `${base}/sobjects/${object.name}/${String(record.Id)}` },
    ...Object.fromEntries((fields ?? object.fields.map((f) => f.name)).map((f) => [f, record[f] ?? null])),
  });

  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-discoveryresource.md
  router.add('GET', data, ({ base }) => ({
    status: 200,
    body: Object.fromEntries(['sobjects', 'query', 'queryAll', 'search', 'limits', 'composite', 'tooling'].map((r) => [r, `${base}/${r}`])),
  }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
  router.add('GET', `${data}/limits`, () => {
    const max = limits.dailyApiLimit;
    return { status: 200, body: { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - state.apiUsage) }, DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 } } };
  });
  router.add('GET', `${data}/sobjects`, ({ base }) => ({ status: 200, body: describeGlobal(base) }));
  router.add('GET', `${data}/sobjects/:name/describe`, ({ params, base }) => ({ status: 200, body: describeSObject(objectOf(params.name), base) }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
  router.add('POST', `${data}/sobjects/:name`, ({ params, body }) => ({
    status: 201,
    body: { id: store.create(objectOf(params.name), jsonObject(body)), success: true, errors: [] },
  }));
  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md (before `:id`, which would take `deleted`)
  router.add('GET', `${data}/sobjects/:name/deleted`, ({ params, query }) => ({
    status: 200,
    body: getDeleted(store, objectOf(params.name), query, store.now(), limits),
  }));
  router.add('GET', `${data}/sobjects/:name/:id`, ({ params, query, base }) => {
    const object = objectOf(params.name);
    const record = store.find(object, params.id);
    const wanted = typeof query.fields === 'string' ? query.fields.split(',').map((f) => f.trim()) : undefined;
    const fields = wanted?.map((f) => {
      const spec = fieldSpec(object, f);
      if (!spec) throw SalesforceFault.of(400, 'INVALID_FIELD', `No such column '${f}' on sobject of type ${object.name}`);
      return spec.name;
    });
    return { status: 200, body: render(object, record, base, fields) };
  });
  router.add('PATCH', `${data}/sobjects/:name/:id`, ({ params, body }) => {
    store.update(objectOf(params.name), params.id, jsonObject(body));
    return { status: 204 };
  });
  router.add('DELETE', `${data}/sobjects/:name/:id`, ({ params }) => {
    store.delete(objectOf(params.name), params.id);
    return { status: 204 };
  });
  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md
  router.add('GET', `${data}/query`, ({ query, headers, base }) => {
    const soql = typeof query.q === 'string' ? query.q : '';
    if (!soql.trim()) throw SalesforceFault.of(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const records = runQuery(store, parseSoql(soql), (type, id) => `${base}/sobjects/${type}/${id}`);
    const asked = Number(/batchSize=(\d+)/i.exec(String(headers['sforce-query-options'] ?? ''))?.[1] ?? 2000);
    const batchSize = Math.min(limits.maxBatchSize, Math.max(200, Math.min(2000, asked)));
    const locator = state.openLocator(records, batchSize);
    return { status: 200, body: batch(locator, 0, state, base) };
  });
  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query-more-results.md
  router.add('GET', `${data}/query/:cursor`, ({ params, base }) => {
    const match = /^([A-Za-z0-9]{18})-(\d+)$/.exec(params.cursor);
    if (!match || !state.locator(match[1])) throw SalesforceFault.of(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return { status: 200, body: batch(match[1], Number(match[2]), state, base) };
  });
  return router;
}

/** One batch of an open query, with the `nextRecordsUrl` of the following one. */
function batch(locator: string, offset: number, state: SalesforceSimulatorState, base: string) {
  const { records, batchSize } = state.locator(locator)!;
  const end = offset + batchSize;
  const done = end >= records.length;
  return {
    totalSize: records.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `${base}/query/${locator}-${end}` }),
    records: records.slice(offset, end),
  };
}
