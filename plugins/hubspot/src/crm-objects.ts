import { BadRequestError, type ElementContext, type ListPage, type ListRequest } from '@junction/core';
import { toFilterGroups, type PropertyFields, type SearchFilter } from './search-filters';

/**
 * A CRM object as the v3 objects API returns it: every value is a string (or null) under
 * `properties`; `associations` is present when asked for with `?associations=`.
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide
 */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  /** When an archived record (`?archived=true`) was deleted. */
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** A create or update body in HubSpot's shape. */
export interface HubSpotWrite {
  properties?: Record<string, string>;
  associations?: AssociationInput[];
}

export interface AssociationInput {
  to: { id: string };
  types: { associationCategory: 'HUBSPOT_DEFINED' | 'USER_DEFINED'; associationTypeId: number }[];
}

/** What the shared operations need to know about one HubSpot object type. */
export interface ObjectSpec {
  /** `contacts`, `companies`, `deals`: the path segment of the objects API. */
  objectType: string;
  fields: PropertyFields;
  /** Properties read besides the mapped ones (`lifecyclestage` for leads). */
  extraProperties?: string[];
  /** Filters every list carries (leads: `lifecyclestage = lead`), which makes every list a search. */
  requiredFilters?: SearchFilter[];
  /** The HubSpot-defined association type that makes a company this record's primary company (hub `accountId`). */
  primaryCompanyTypeId?: number;
  /** Object types whose associations are read with each record (`?associations=companies`). */
  associations?: string[];
}

/** HubSpot's search returns at most this many records for one query, whatever the paging. */
export const SEARCH_RESULT_CAP = 10_000;

interface CollectionPage {
  total?: number;
  results: HubSpotObject[];
  paging?: { next?: { after: string } };
}

export interface ObjectPage extends ListPage<HubSpotObject> {
  /** True when the page came from the search endpoint (whose results carry no associations). */
  searched: boolean;
}

const objectsPath = (spec: ObjectSpec, id?: string) =>
  id === undefined ? `crm/v3/objects/${spec.objectType}` : `crm/v3/objects/${spec.objectType}/${encodeURIComponent(id)}`;

/** The properties to ask for: HubSpot returns only a default few unless they are named. */
export function propertiesOf(spec: ObjectSpec): string[] {
  return [...new Set([...Object.values(spec.fields).map((f) => f.property), ...(spec.extraProperties ?? [])])];
}

function readQuery(spec: ObjectSpec) {
  return { properties: propertiesOf(spec).join(','), associations: spec.associations?.join(',') };
}

function checkedPage(page: CollectionPage | undefined, what: string): CollectionPage {
  if (!page || !Array.isArray(page.results)) throw new TypeError(`HubSpot answered ${what} without a results list`);
  return page;
}

/**
 * One page of records. Without pushable conditions it is the plain list (cursor = HubSpot's
 * `after`); with them it is a search whose filter groups come from `where` (cursor = the search's
 * `after` offset, capped by HubSpot at {@link SEARCH_RESULT_CAP}). Search results are sorted by id so
 * pages do not shift while a client walks them.
 */
export async function listObjects(ctx: ElementContext, spec: ObjectSpec, request: ListRequest): Promise<ObjectPage> {
  const { filterGroups, complete } = toFilterGroups(request.where, spec.fields, spec.requiredFilters);
  if (filterGroups.length === 0) {
    // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/{objectType}?limit=&after=&properties=)
    const page = checkedPage(
      await ctx.http.get<CollectionPage>(objectsPath(spec), { limit: request.pageSize, after: request.cursor, ...readQuery(spec) }),
      `GET /crm/v3/objects/${spec.objectType}`,
    );
    return { records: page.results, cursor: page.paging?.next?.after, searched: false };
  }
  if (request.cursor !== undefined && Number(request.cursor) >= SEARCH_RESULT_CAP) {
    throw new BadRequestError(`HubSpot search returns at most ${SEARCH_RESULT_CAP} records per query; narrow the where clause to read further`);
  }
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/search-the-crm (POST /crm/v3/objects/{objectType}/search)
  const page = checkedPage(
    await ctx.http.post<CollectionPage>(`${objectsPath(spec)}/search`, {
      filterGroups,
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: propertiesOf(spec),
      limit: request.pageSize,
      ...(request.cursor !== undefined ? { after: request.cursor } : {}),
    }),
    `POST /crm/v3/objects/${spec.objectType}/search`,
  );
  return { records: page.results, cursor: page.paging?.next?.after, total: complete ? page.total : undefined, searched: true };
}

/** https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/{objectType}/{id}) */
export function getObject(ctx: ElementContext, spec: ObjectSpec, id: string): Promise<HubSpotObject> {
  return ctx.http.get<HubSpotObject>(objectsPath(spec, id), readQuery(spec));
}

/** https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (POST /crm/v3/objects/{objectType} → 201) */
export function createObject(ctx: ElementContext, spec: ObjectSpec, body: HubSpotWrite): Promise<HubSpotObject> {
  return ctx.http.post<HubSpotObject>(objectsPath(spec), body);
}

/**
 * PATCH takes only properties, so a primary-company change (`associations` in the body, as on
 * create) is made first with the v4 associations API. With nothing left to patch, the record is
 * read back so the caller still gets it.
 */
export async function updateObject(ctx: ElementContext, spec: ObjectSpec, id: string, body: HubSpotWrite): Promise<HubSpotObject> {
  for (const association of body.associations ?? []) {
    const typeIds = association.types.map((t) => t.associationTypeId);
    if (spec.primaryCompanyTypeId === undefined || typeIds.some((t) => t !== spec.primaryCompanyTypeId)) {
      throw new BadRequestError(`Updates of ${spec.objectType} can only change the primary company association (type ${spec.primaryCompanyTypeId ?? 'none'})`);
    }
    // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId})
    await ctx.http.put(
      `crm/v4/objects/${spec.objectType}/${encodeURIComponent(id)}/associations/companies/${encodeURIComponent(association.to.id)}`,
      association.types,
    );
  }
  if (!body.properties || Object.keys(body.properties).length === 0) return getObject(ctx, spec, id);
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (PATCH /crm/v3/objects/{objectType}/{id} → 200)
  return ctx.http.patch<HubSpotObject>(objectsPath(spec, id), { properties: body.properties });
}

/** https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (DELETE /crm/v3/objects/{objectType}/{id} → 204, archives) */
export async function deleteObject(ctx: ElementContext, spec: ObjectSpec, id: string): Promise<void> {
  await ctx.http.delete(objectsPath(spec, id));
}

/** The association that makes `companyId` the record's primary company, for a create or update body. */
export function primaryCompany(spec: ObjectSpec, companyId: unknown): AssociationInput[] | undefined {
  if (companyId === undefined || companyId === null || companyId === '' || spec.primaryCompanyTypeId === undefined) return undefined;
  return [{ to: { id: String(companyId) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: spec.primaryCompanyTypeId }] }];
}

/**
 * Hub fields of a body as HubSpot property values (strings). `null` clears a property, which
 * HubSpot does with an empty string. Fields outside `fields` (and those in `skip`) are left out.
 */
export function propertiesFrom(body: Record<string, unknown>, fields: PropertyFields, skip: string[] = []): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [field, value] of Object.entries(body)) {
    const target = fields[field];
    if (!target || skip.includes(field) || value === undefined) continue;
    properties[target.property] = value === null ? '' : String(value);
  }
  return properties;
}

/** A property as the hub shows it: HubSpot's empty values (null, '') become absent. */
export function text(record: HubSpotObject, property: string): string | undefined {
  const value = record.properties?.[property];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A numeric property (HubSpot sends numbers as strings). */
export function numeric(record: HubSpotObject, property: string): number | undefined {
  const value = text(record, property);
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
