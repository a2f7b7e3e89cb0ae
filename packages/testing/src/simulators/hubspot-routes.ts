/**
 * The HubSpot simulator's CRM routes: v3 objects (list, get, create, update, archive, search),
 * the v3 properties API and v4 company associations. Each answers HubSpot's JSON, errors in
 * HubSpot's shape.
 */
import { randomUUID } from 'node:crypto';
import { type QueryParams, Router } from './simulator-server';
import { HUBSPOT_PROPERTIES, renderProperty, type HubSpotObjectType } from './hubspot-properties';
import { SEARCH_RESULT_CAP, type HubSpotSearchLimits, readSearchRequest, runSearch } from './hubspot-search';
import { ASSOCIATION_TYPES, type AssociationRequest, type HubSpotStore, type StoreResult, objectTypeId, objectTypeOf, singular } from './hubspot-store';

export interface RouteContext {
  path: string;
  query: QueryParams;
  params: Record<string, string>;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = (ctx: RouteContext) => Answer;

/** HubSpot's error body. https://developers.hubspot.com/docs/api-reference/error-handling */
export function errorBody(message: string, category: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

const fromStore = (result: StoreResult<unknown>): Answer | undefined =>
  result.ok ? undefined : { status: result.status, body: errorBody(result.message, result.category, result.extra) };

const notFound = (id: string): Answer => ({ status: 404, body: errorBody('Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND', { context: { id: [id] } }) });
const invalid = (message: string): Answer => ({ status: 400, body: errorBody(message, 'VALIDATION_ERROR') });

export function first(query: QueryParams, key: string): string | undefined {
  const value = query[key];
  return Array.isArray(value) ? value[0] : value;
}

/** `properties=a,b&properties=c` → `[a, b, c]`. */
function listParam(query: QueryParams, key: string): string[] | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readAssociations(body: Record<string, unknown>): AssociationRequest[] | string {
  if (body.associations === undefined) return [];
  if (!Array.isArray(body.associations)) return 'associations must be an array';
  const requests: AssociationRequest[] = [];
  for (const item of body.associations) {
    const toId = isObject(item) && isObject(item.to) ? item.to.id : undefined;
    const types = isObject(item) && Array.isArray(item.types) ? item.types : undefined;
    if ((typeof toId !== 'string' && typeof toId !== 'number') || !types) return 'each association needs to.id and types';
    for (const type of types) {
      if (!isObject(type) || typeof type.associationTypeId !== 'number') return 'each association type needs an associationTypeId';
      requests.push({ toId: String(toId), typeId: type.associationTypeId });
    }
  }
  return requests;
}

/** A route for `{objectType}` paths: an unknown object type answers 400, as HubSpot does. */
const typed = (handler: (type: HubSpotObjectType, ctx: RouteContext) => Answer): Route => (ctx) => {
  const type = objectTypeOf(ctx.params.objectType);
  return type ? handler(type, ctx) : invalid(`Unable to infer object type from: ${ctx.params.objectType}`);
};

/** The routes behind `api.hubapi.com/crm/...`. */
export function crmRoutes(store: HubSpotStore, searchLimits: HubSpotSearchLimits, now: () => number): Router<Route> {
  const router = new Router<Route>();
  addObjectRoutes(router, store, searchLimits);
  addSchemaAndAssociationRoutes(router, store, now);
  return router;
}

function addObjectRoutes(router: Router<Route>, store: HubSpotStore, searchLimits: HubSpotSearchLimits): void {
  const readQuery = (type: HubSpotObjectType, query: QueryParams) => ({
    names: listParam(query, 'properties') ?? store.defaults(type),
    associations: (listParam(query, 'associations') ?? []).map(objectTypeOf).filter((t): t is HubSpotObjectType => t !== undefined),
  });

  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/{objectType})
  // `archived=true` lists only the recycle bin (records DELETE archived), each with `archivedAt`:
  // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/get-companies
  router.add('GET', '/crm/v3/objects/:objectType', typed((type, ctx) => {
    const limit = Number(first(ctx.query, 'limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid('limit must be an integer from 1 to 100');
    const archived = first(ctx.query, 'archived') ?? 'false';
    if (archived !== 'true' && archived !== 'false') return invalid(`archived must be true or false, not '${archived}'`);
    const after = first(ctx.query, 'after');
    const listed = archived === 'true' ? store.archived(type) : store.live(type);
    const all = listed.filter((r) => after === undefined || Number(r.id) >= Number(after));
    const { names, associations } = readQuery(type, ctx.query);
    const page = all.slice(0, limit).map((r) => store.render(type, r, names, associations));
    const next = all[limit];
    return { status: 200, body: { results: page, ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}) } };
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (POST /crm/v3/objects/{objectType} → 201)
  router.add('POST', '/crm/v3/objects/:objectType', typed((type, ctx) => {
    if (!isObject(ctx.body) || !isObject(ctx.body.properties)) return invalid('The request body must be an object with a properties object');
    const associations = readAssociations(ctx.body);
    if (typeof associations === 'string') return invalid(associations);
    const created = store.create(type, ctx.body.properties, associations);
    return created.ok ? { status: 201, body: store.render(type, created.value, 'all') } : fromStore(created)!;
  }));
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/search-the-crm (POST /crm/v3/objects/{objectType}/search)
  router.add('POST', '/crm/v3/objects/:objectType/search', typed((type, ctx) => {
    const request = readSearchRequest(ctx.body, type, searchLimits);
    if (typeof request === 'string') return invalid(request);
    const matches = runSearch(store.live(type), type, request);
    const end = Math.min(request.offset + request.limit, matches.length, SEARCH_RESULT_CAP);
    const names = request.properties ?? store.defaults(type);
    const results = matches.slice(request.offset, end).map((r) => store.render(type, r, names));
    const more = end < Math.min(matches.length, SEARCH_RESULT_CAP);
    return { status: 200, body: { total: matches.length, results, ...(more ? { paging: { next: { after: String(end), link: `?after=${end}` } } } : {}) } };
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/{objectType}/{id})
  router.add('GET', '/crm/v3/objects/:objectType/:id', typed((type, ctx) => {
    const record = store.find(type, ctx.params.id);
    const { names, associations } = readQuery(type, ctx.query);
    return record ? { status: 200, body: store.render(type, record, names, associations) } : notFound(ctx.params.id);
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (PATCH /crm/v3/objects/{objectType}/{id})
  router.add('PATCH', '/crm/v3/objects/:objectType/:id', typed((type, ctx) => {
    const record = store.find(type, ctx.params.id);
    if (!record) return notFound(ctx.params.id);
    if (!isObject(ctx.body) || !isObject(ctx.body.properties)) return invalid('The request body must be an object with a properties object');
    const updated = store.update(type, record, ctx.body.properties);
    return updated.ok ? { status: 200, body: store.render(type, updated.value, 'all') } : fromStore(updated)!;
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (DELETE /crm/v3/objects/{objectType}/{id} → 204)
  router.add('DELETE', '/crm/v3/objects/:objectType/:id', typed((type, ctx) => {
    const record = store.find(type, ctx.params.id);
    if (!record) return notFound(ctx.params.id);
    store.archive(type, record);
    return { status: 204 };
  }));
}

function addSchemaAndAssociationRoutes(router: Router<Route>, store: HubSpotStore, now: () => number): void {
  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide (GET /crm/v3/properties/{objectType})
  router.add('GET', '/crm/v3/properties/:objectType', typed((type) => {
    const stamp = '2019-08-06T02:41:52.000Z';
    return { status: 200, body: { results: HUBSPOT_PROPERTIES[type].map((p, i) => renderProperty(p, i, stamp)) } };
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId})
  router.add('PUT', '/crm/v4/objects/:objectType/:id/associations/:toObjectType/:toId', typed((type, ctx) => {
    if (!store.find(type, ctx.params.id)) return notFound(ctx.params.id);
    const toType = objectTypeOf(ctx.params.toObjectType);
    const types = Array.isArray(ctx.body) ? ctx.body : undefined;
    if (!toType || !types?.length) return invalid('The body must be a non-empty array of {associationCategory, associationTypeId}');
    const typeIds = types.map((t) => (isObject(t) ? Number(t.associationTypeId) : Number.NaN));
    for (const typeId of typeIds) {
      const checked = store.checkAssociation(type, typeId, ctx.params.toId);
      const failure = fromStore(checked) ?? (checked.ok && checked.value.to !== toType ? invalid(`${typeId} does not go to ${toType}`) : undefined);
      if (failure) return failure;
    }
    for (const typeId of typeIds) store.associate(type, ctx.params.id, typeId, ctx.params.toId);
    const labels = typeIds.map((t) => ASSOCIATION_TYPES[t].label).filter((label): label is string => label !== undefined);
    return { status: 200, body: { fromObjectTypeId: objectTypeId(type), fromObjectId: Number(ctx.params.id), toObjectTypeId: objectTypeId(toType), toObjectId: Number(ctx.params.toId), labels } };
  }));
  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read)
  router.add('POST', '/crm/v4/associations/:objectType/:toObjectType/batch/read', typed((type, ctx) => {
    const toType = objectTypeOf(ctx.params.toObjectType);
    const inputs = isObject(ctx.body) && Array.isArray(ctx.body.inputs) ? ctx.body.inputs : undefined;
    if (!toType || !inputs) return invalid('The body must be {inputs: [{id}]}');
    const ids = inputs.map((i) => String(isObject(i) ? i.id : ''));
    const stamp = new Date(now()).toISOString();
    const results = ids
      .map((id) => ({ id, edges: store.edges(type, id, toType) }))
      .filter((r) => r.edges.length > 0)
      .map((r) => ({
        from: { id: r.id },
        to: r.edges.map((e) => ({ toObjectId: Number(e.toId), associationTypes: e.typeIds.map((t) => ({ category: 'HUBSPOT_DEFINED', typeId: t, label: ASSOCIATION_TYPES[t].label ?? null })) })),
      }));
    const missing = ids.filter((id) => !results.some((r) => r.from.id === id));
    const errors = missing.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${singular(toType)} is associated with ${singular(type)} ${id}.`, context: { fromObjectId: [id] } }));
    const body = { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: stamp, completedAt: stamp };
    return { status: errors.length ? 207 : 200, body };
  }));
}

