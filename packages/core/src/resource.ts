import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { CeqlOperator, CeqlNode } from './ceql/ast';
import type { DownloadResult } from './documents';
import type { ElementContext } from './element-context';
import type { ListPage, ListRequest, PagingStrategy } from './paging';

/** A hub field the resource can filter on at the vendor, and with which operators. */
export interface PushableField {
  /** The vendor's name for it, so CEQL on the vendor-native object can be pushed too. */
  vendorField?: string;
  operators: readonly CeqlOperator[];
}

export type HubModel = z.ZodObject<z.ZodRawShape>;

/** Operations a resource supports; each receives vendor-shaped bodies and returns vendor records. */
export interface ResourceOperations<V> {
  list?: (ctx: ElementContext, request: ListRequest) => Promise<ListPage<V>>;
  get?: (ctx: ElementContext, id: string) => Promise<V>;
  create?: (ctx: ElementContext, body: Record<string, unknown>) => Promise<V>;
  update?: (ctx: ElementContext, id: string, body: Record<string, unknown>, mode: 'patch' | 'put') => Promise<V>;
  delete?: (ctx: ElementContext, id: string) => Promise<void>;
}

/** A file as the hub hands it to an element: the bytes stream from the client and can be read once. */
export interface FileUpload {
  content: Readable;
  /** The file name the client sent, any Unicode. */
  name: string;
  mimeType?: string;
  /** Bytes the client declared; the hub fails `content` if a different count arrives. */
  size?: number;
}

/**
 * Files held by the records of a parent resource, such as an incident's attachments. The
 * resource's records are the files' metadata (`list`, `get`, `delete` work on them as on any
 * record); these operations move the bytes. The hub serves uploads at
 * `POST /{parent}/{id}/{resource}` (multipart part `file`) and downloads at
 * `GET /{resource}/{fileId}` and `GET /{parent}/{id}/{resource}/{fileId}`.
 */
export interface BinaryContent<V> {
  /** The hub resource whose records hold the files (`incidents`); the resource's model needs its parent field (`incidentId`). */
  parent: string;
  /** Stores a file under a parent record, which the hub has already found with the parent's `get`. */
  upload: (ctx: ElementContext, parentId: string, file: FileUpload) => Promise<V>;
  /** Streams the bytes of the file whose record `get` returned. */
  download: (ctx: ElementContext, record: V) => Promise<DownloadResult>;
}

export interface ResourceDefinition<V extends object = Record<string, unknown>, M extends HubModel = HubModel>
  extends ResourceOperations<V> {
  /** The hub resource name (`contacts`): plural, kebab-case. */
  name: string;
  /** The vendor's name for the object (`contact`, `Contact`): also routable as a vendor-native object. */
  vendorName: string;
  description?: string;
  model: M;
  /** Validates create and update bodies in hub shape. */
  input: z.ZodType<Record<string, unknown>>;
  /** Vendor record → hub model. */
  toHub: (record: V) => z.infer<M>;
  /** Hub body → vendor body (only the fields present). */
  toVendor: (body: Record<string, unknown>, mode: 'create' | 'update') => Record<string, unknown>;
  paging: PagingStrategy;
  /** Hub fields the vendor can filter on; everything else in `where` is applied in memory. */
  pushdown: Record<string, PushableField>;
  /** Page size cap of the vendor's list call. */
  maxPageSize: number;
  /** Set when the records are files under another resource's records (attachments). */
  binary?: BinaryContent<V>;
}

/**
 * Declares one hub resource of an element, in one file.
 *
 * @example
 * export const contacts = defineResource<CloseContact, typeof Contact>({
 *   name: 'contacts', vendorName: 'contact', model: Contact, input: ContactInput,
 *   toHub: (c) => ({ id: c.id, name: c.name }), toVendor: (b) => ({ name: b.name }),
 *   paging: 'offset', maxPageSize: 100, pushdown: {},
 *   list: async (ctx, { pageSize, cursor }) => { ... },
 * });
 */
export function defineResource<V extends object, M extends HubModel>(
  definition: ResourceDefinition<V, M>,
): ResourceDefinition<V, M> {
  return definition;
}

/** A resource as the hub holds it, with its vendor record type erased. */
export type AnyResource = ResourceDefinition<object, HubModel>;

/** Predicates the resource can push, used by the hub to split a query. */
export type PushdownTest = (field: string, operator: CeqlOperator) => boolean;

export function pushdownTest(resource: AnyResource, native: boolean): PushdownTest {
  if (!native) return (field, operator) => resource.pushdown[field]?.operators.includes(operator) ?? false;
  const byVendor = new Map(
    Object.values(resource.pushdown)
      .filter((f) => f.vendorField)
      .map((f) => [f.vendorField!, f]),
  );
  return (field, operator) => byVendor.get(field)?.operators.includes(operator) ?? false;
}

/** Renames vendor field names in a native query to the hub names the resource's `list` understands. */
export function vendorToHubFields(resource: AnyResource): Map<string, string> {
  return new Map(
    Object.entries(resource.pushdown)
      .filter(([, f]) => f.vendorField)
      .map(([hub, f]) => [f.vendorField!, hub]),
  );
}

export type { CeqlNode };
