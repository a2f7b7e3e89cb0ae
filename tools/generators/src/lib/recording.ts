import type { ResourcePlan } from './resource-plan';

/** One recorded exchange, in the shape `nock.back` stores and replays. */
export interface Interaction {
  scope: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  status: number;
  response?: unknown;
  rawHeaders: Record<string, string>;
  responseIsBinary: false;
}

/** Where the recorded vendor lives: nock's scope (`https://api.vendor.com:443`) and the base path. */
export interface VendorOrigin {
  scope: string;
  basePath: string;
}

export function vendorOrigin(baseUrl: string): VendorOrigin {
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { scope: `${url.protocol}//${url.hostname}:${port}`, basePath: url.pathname.replace(/\/+$/, '') };
}

/** The ids the generic vendor gives: seeds are 1, the record the suite creates is the next one. */
const CREATED_ID = 2;

/** The generic vendor's not-found body (the simulator answers the same); `providerMessage` reads `error`. */
function notFound(plan: ResourcePlan, id: string | number): { error: string } {
  return { error: `No record with id ${id} in ${plan.collection}` };
}

/** The vendor body `toVendor` sends for hub values, resolving references to ids created earlier. */
function vendorBody(plan: ResourcePlan, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of plan.fields) if (field.name in values) body[field.vendor] = values[field.name];
  return body;
}

/** The hub create body as the vendor sees it: a reference is the id the parent record was given. */
function createValues(plan: ResourcePlan): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(plan.create)) values[field] = 'reference' in value ? String(CREATED_ID) : value.literal;
  return values;
}

/** The seed record as the vendor answers it. */
function seedRecord(plan: ResourcePlan, at: string): Record<string, unknown> {
  return { ...plan.seed, created_at: at, updated_at: at };
}

/**
 * The exchanges `describeConformance` makes for one resource before the deletes: create, read
 * back, update, two list pages (the seed, then the created record), and an unknown id.
 */
function checkInteractions(plan: ResourcePlan, origin: VendorOrigin, now: Date): Interaction[] {
  const created = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const at = created.toISOString();
  const later = new Date(created.getTime() + 1000).toISOString();
  const seededAt = new Date(created.getTime() - 86_400_000).toISOString();
  const collection = `${origin.basePath}/${plan.collection}`;
  const body = vendorBody(plan, createValues(plan));
  const record = { id: CREATED_ID, ...body, created_at: at, updated_at: at };
  const update = vendorBody(plan, plan.update);
  const updated = { ...record, ...update, updated_at: later };
  const json = { 'content-type': 'application/json' };
  const exchange = (method: Interaction['method'], path: string, status: number, response: unknown, sent?: unknown): Interaction => ({
    scope: origin.scope,
    method,
    path,
    ...(sent === undefined ? {} : { body: sent }),
    status,
    response,
    rawHeaders: json,
    responseIsBinary: false,
  });
  return [
    exchange('POST', collection, 201, record, body),
    exchange('GET', `${collection}/${CREATED_ID}`, 200, record),
    exchange('PATCH', `${collection}/${CREATED_ID}`, 200, updated, update),
    exchange('GET', `${collection}?offset=0&limit=1`, 200, { data: [seedRecord(plan, seededAt)], has_more: true }),
    exchange('GET', `${collection}?offset=1&limit=1`, 200, { data: [updated], has_more: false }),
    exchange('GET', `${collection}/${plan.unknownId}`, 404, notFound(plan, plan.unknownId)),
  ];
}

/** The delete and the read that proves it gone. */
function deleteInteractions(plan: ResourcePlan, origin: VendorOrigin): Interaction[] {
  const path = `${origin.basePath}/${plan.collection}/${CREATED_ID}`;
  return [
    { scope: origin.scope, method: 'DELETE', path, status: 204, response: '', rawHeaders: {}, responseIsBinary: false },
    { scope: origin.scope, method: 'GET', path, status: 404, response: notFound(plan, CREATED_ID), rawHeaders: { 'content-type': 'application/json' }, responseIsBinary: false },
  ];
}

/** The whole conformance recording: every resource's checks in order, then the deletes in reverse. */
export function conformanceRecording(plans: ResourcePlan[], origin: VendorOrigin, now: Date): Interaction[] {
  return [...plans.flatMap((p) => checkInteractions(p, origin, now)), ...[...plans].reverse().flatMap((p) => deleteInteractions(p, origin))];
}

/**
 * Adds a resource to an existing recording: its checks run after the others' and before any
 * delete, and, being last in creation order, it is deleted first.
 */
export function withResource(recording: Interaction[], plan: ResourcePlan, origin: VendorOrigin, now: Date): Interaction[] {
  const firstDelete = recording.findIndex((i) => i.method === 'DELETE');
  const at = firstDelete < 0 ? recording.length : firstDelete;
  return [...recording.slice(0, at), ...checkInteractions(plan, origin, now), ...deleteInteractions(plan, origin), ...recording.slice(at)];
}
