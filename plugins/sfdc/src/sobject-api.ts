import { NotFoundError, type ElementContext, type ListPage, type ListRequest } from '@junction/core';
import { queryPage } from './query-page';
import type { SoqlField } from './soql';

/** A record as the REST API returns it: API field names, plus `attributes` naming its type. */
export interface SalesforceRecord {
  attributes?: { type: string; url: string };
  Id: string;
  CreatedDate?: string;
  LastModifiedDate?: string;
  [field: string]: unknown;
}

/** A standard object a hub resource is backed by. */
export interface SObjectSpec {
  /** API name, e.g. `Account`. */
  name: string;
  /** The three characters every id of this object starts with (`001` for Account). */
  keyPrefix: string;
  /** Fields a list asks for (`Id` first); a GET returns every field. */
  fields: readonly string[];
  /** Hub fields that CEQL may filter on in SOQL. */
  filters: Record<string, SoqlField>;
}

/** What sObject create answers with. */
interface SaveResult {
  id: string;
  success: boolean;
}

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The REST path of one record. An id that cannot belong to this object (wrong length, characters
 * or key prefix) is answered 404 here, without spending an API call on it.
 */
function recordPath(sobject: SObjectSpec, id: string): string {
  if (!RECORD_ID.test(id) || !id.startsWith(sobject.keyPrefix)) throw new NotFoundError(`${sobject.name} '${id}'`);
  return `sobjects/${sobject.name}/${id}`;
}

/**
 * List, get, create, update and delete of one standard object over the sObject REST resources.
 * Create and update answer with the saved record, read back, because Salesforce answers only
 * the id (201) or nothing (204).
 */
export function sobjectOperations<V extends SalesforceRecord>(sobject: SObjectSpec) {
  const get = async (ctx: ElementContext, id: string): Promise<V> =>
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm
    ctx.http.get<V>(recordPath(sobject, id));
  return {
    list: (ctx: ElementContext, request: ListRequest): Promise<ListPage<V>> => queryPage<V>(ctx, sobject, request),
    get,
    create: async (ctx: ElementContext, body: Record<string, unknown>): Promise<V> => {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
      const saved = await ctx.http.post<SaveResult>(`sobjects/${sobject.name}`, body);
      return get(ctx, saved.id);
    },
    // Salesforce has no full-replace update: PATCH changes the fields sent, for hub PUT and PATCH alike.
    update: async (ctx: ElementContext, id: string, body: Record<string, unknown>): Promise<V> => {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
      await ctx.http.patch(recordPath(sobject, id), body);
      return get(ctx, id);
    },
    delete: async (ctx: ElementContext, id: string): Promise<void> => {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_delete_record.htm
      await ctx.http.delete(recordPath(sobject, id));
    },
  };
}

/** A nullable vendor value as an optional hub value. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** The hub fields present in `body`, under their Salesforce names (`{name: 'Name'}`). */
export function renameFields(body: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [hub, vendor] of Object.entries(names)) if (body[hub] !== undefined) out[vendor] = body[hub];
  return out;
}
