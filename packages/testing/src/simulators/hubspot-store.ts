/**
 * The HubSpot simulator's records: contacts, companies and deals with string properties, archived
 * on delete, and company associations (HubSpot-defined types, one primary per record).
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
 */
import { DEFAULT_PROPERTIES, HUBSPOT_OBJECT_TYPES, modifiedProperty, normalizeProperties, type HubSpotObjectType, type PropertyProblem } from './hubspot-properties';

/** A record as the simulator keeps it. */
export interface StoredObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** When DELETE moved the record to the recycle bin. */
  archivedAt?: string;
}

/** A HubSpot-defined association type the simulator knows. */
export interface AssociationType {
  from: HubSpotObjectType;
  to: HubSpotObjectType;
  /** The name the v3 objects API shows in `associations.<to>.results[].type`. */
  name: string;
  /** Set for "primary company" types, which imply the unlabeled one and are unique per record. */
  unlabeled?: number;
  /** The v4 API's label for labelled types (HubSpot renamed "Primary" this way in February 2024). */
  label?: string;
}

/** HubSpot-defined association type ids. https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide */
export const ASSOCIATION_TYPES: Record<number, AssociationType> = {
  1: { from: 'contacts', to: 'companies', name: 'contact_to_company', unlabeled: 279, label: 'Contact with Primary Company' },
  279: { from: 'contacts', to: 'companies', name: 'contact_to_company_unlabeled' },
  3: { from: 'deals', to: 'contacts', name: 'deal_to_contact' },
  4: { from: 'contacts', to: 'deals', name: 'contact_to_deal' },
  5: { from: 'deals', to: 'companies', name: 'deal_to_company', unlabeled: 341, label: 'Deal with Primary Company' },
  341: { from: 'deals', to: 'companies', name: 'deal_to_company_unlabeled' },
};

/** An association from one record to another, with every type id it carries. */
export interface AssociationEdge {
  toType: HubSpotObjectType;
  toId: string;
  typeIds: number[];
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string; category: string; extra?: Record<string, unknown> };

/** What a create body may carry besides properties. */
export interface AssociationRequest {
  toId: string;
  typeId: number;
}

const OBJECT_TYPE_IDS: Record<HubSpotObjectType, string> = { contacts: '0-1', companies: '0-2', deals: '0-3' };

/** `contact`, `contacts` and `0-1` all name the contacts object, as HubSpot accepts. */
export function objectTypeOf(name: string): HubSpotObjectType | undefined {
  const lower = name.toLowerCase();
  return HUBSPOT_OBJECT_TYPES.find((t) => t === lower || singular(t) === lower || OBJECT_TYPE_IDS[t] === lower);
}

export function objectTypeId(type: HubSpotObjectType): string {
  return OBJECT_TYPE_IDS[type];
}

/** `contacts` → `contact`, for messages. */
export function singular(type: HubSpotObjectType): string {
  return type === 'companies' ? 'company' : type.slice(0, -1);
}

function invalidProperties(problems: PropertyProblem[]): StoreResult<never> {
  return { ok: false, status: 400, category: 'VALIDATION_ERROR', message: `Property values were not valid: ${JSON.stringify(problems)}` };
}

/** A change to a record, as webhook subscriptions see it; `properties` are the ones an update wrote. */
export interface HubSpotChange {
  type: HubSpotObjectType;
  record: StoredObject;
  action: 'creation' | 'propertyChange' | 'deletion';
  properties: string[];
}

/** The records and associations of one simulated HubSpot account. */
export class HubSpotStore {
  readonly objects: Record<HubSpotObjectType, Map<string, StoredObject>> = { contacts: new Map(), companies: new Map(), deals: new Map() };
  readonly associations = new Map<string, AssociationEdge[]>();
  /** Told of every create, update and archive (the webhook sender listens). */
  onChange?: (change: HubSpotChange) => void;
  private nextId = 1001;

  constructor(private readonly now: () => number) {}

  /** A live (not archived) record. */
  find(type: HubSpotObjectType, id: string): StoredObject | undefined {
    const record = this.objects[type].get(id);
    return record && !record.archived ? record : undefined;
  }

  /** Live records in id order, which is also the order of list paging. */
  live(type: HubSpotObjectType): StoredObject[] {
    return this.inIdOrder(type, false);
  }

  /** Archived records (the recycle bin), in id order like the live ones. */
  archived(type: HubSpotObjectType): StoredObject[] {
    return this.inIdOrder(type, true);
  }

  create(type: HubSpotObjectType, properties: Record<string, unknown>, associations: AssociationRequest[], forced: { id?: string; createdAt?: string } = {}): StoreResult<StoredObject> {
    const { values, problems } = normalizeProperties(type, properties);
    if (problems.length) return invalidProperties(problems);
    const conflict = this.emailConflict(type, values.email, undefined);
    if (conflict) return conflict;
    for (const association of associations) {
      const checked = this.checkAssociation(type, association.typeId, association.toId);
      if (!checked.ok) return checked;
    }
    const id = forced.id ?? String(this.nextId++);
    if (Number(id) >= this.nextId) this.nextId = Number(id) + 1;
    const stamp = forced.createdAt ?? new Date(this.now()).toISOString();
    const record: StoredObject = { id, properties: {}, createdAt: stamp, updatedAt: stamp, archived: false };
    Object.assign(record.properties, values, { hs_object_id: id, createdate: stamp, [modifiedProperty(type)]: stamp });
    this.objects[type].set(id, record);
    for (const association of associations) this.associate(type, id, association.typeId, association.toId);
    this.onChange?.({ type, record, action: 'creation', properties: [] });
    return { ok: true, value: record };
  }

  update(type: HubSpotObjectType, record: StoredObject, properties: Record<string, unknown>): StoreResult<StoredObject> {
    const { values, problems } = normalizeProperties(type, properties);
    if (problems.length) return invalidProperties(problems);
    const conflict = this.emailConflict(type, values.email, record.id);
    if (conflict) return conflict;
    Object.assign(record.properties, values);
    this.touch(type, record);
    this.onChange?.({ type, record, action: 'propertyChange', properties: Object.keys(values) });
    return { ok: true, value: record };
  }

  /** HubSpot's DELETE: the record stays, archived, and is listed only with `archived=true`. */
  archive(type: HubSpotObjectType, record: StoredObject): void {
    record.archived = true;
    this.touch(type, record);
    record.archivedAt = record.updatedAt;
    this.onChange?.({ type, record, action: 'deletion', properties: [] });
  }

  /** Checks that `typeId` goes from `fromType` to an existing record `toId`. */
  checkAssociation(fromType: HubSpotObjectType, typeId: number, toId: string): StoreResult<AssociationType> {
    const spec = ASSOCIATION_TYPES[typeId];
    if (!spec || spec.from !== fromType) {
      return { ok: false, status: 400, category: 'VALIDATION_ERROR', message: `${typeId} is not a valid association type id from ${fromType}` };
    }
    if (!this.find(spec.to, toId)) return { ok: false, status: 400, category: 'VALIDATION_ERROR', message: `No ${spec.to} with id ${toId} exists to associate with` };
    return { ok: true, value: spec };
  }

  /** Adds an association; a primary type brings its unlabeled type and takes "primary" from any other record. */
  associate(fromType: HubSpotObjectType, fromId: string, typeId: number, toId: string): void {
    const spec = ASSOCIATION_TYPES[typeId];
    const key = `${fromType}:${fromId}`;
    const edges = this.associations.get(key) ?? [];
    this.associations.set(key, edges);
    if (spec.unlabeled !== undefined) for (const other of edges) other.typeIds = other.typeIds.filter((t) => t !== typeId);
    let edge = edges.find((e) => e.toType === spec.to && e.toId === toId);
    if (!edge) edges.push((edge = { toType: spec.to, toId, typeIds: [] }));
    for (const t of spec.unlabeled !== undefined ? [typeId, spec.unlabeled] : [typeId]) if (!edge.typeIds.includes(t)) edge.typeIds.push(t);
    const record = this.find(fromType, fromId);
    if (record && fromType === 'contacts' && typeId === 1) {
      record.properties.associatedcompanyid = toId;
      this.touch(fromType, record);
    }
  }

  /** Associations of a record to live records of `toType`. */
  edges(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType): AssociationEdge[] {
    return (this.associations.get(`${fromType}:${fromId}`) ?? []).filter((e) => e.toType === toType && this.find(toType, e.toId));
  }

  /** The record as the objects API answers it, with the named properties (unset ones as null). */
  render(type: HubSpotObjectType, record: StoredObject, names: string[] | 'all', associationTypes: HubSpotObjectType[] = []): Record<string, unknown> {
    const system = ['createdate', modifiedProperty(type), 'hs_object_id'];
    const wanted = names === 'all' ? Object.keys(record.properties).filter((k) => record.properties[k] !== null) : [...names, ...system];
    const properties = Object.fromEntries([...new Set(wanted)].map((name) => [name, record.properties[name] ?? null]));
    const rendered: Record<string, unknown> = { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
    if (record.archivedAt !== undefined) rendered.archivedAt = record.archivedAt;
    const associations: Record<string, unknown> = {};
    for (const toType of associationTypes) {
      const results = this.edges(type, record.id, toType).flatMap((e) => e.typeIds.map((t) => ({ id: e.toId, type: ASSOCIATION_TYPES[t].name })));
      if (results.length) associations[toType] = { results };
    }
    if (Object.keys(associations).length) rendered.associations = associations;
    return rendered;
  }

  /** Properties a read returns when it names none. */
  defaults(type: HubSpotObjectType): string[] {
    return DEFAULT_PROPERTIES[type];
  }

  clear(): void {
    for (const type of HUBSPOT_OBJECT_TYPES) this.objects[type].clear();
    this.associations.clear();
    this.nextId = 1001;
  }

  private inIdOrder(type: HubSpotObjectType, archived: boolean): StoredObject[] {
    return [...this.objects[type].values()].filter((r) => r.archived === archived).sort((a, b) => Number(a.id) - Number(b.id));
  }

  private touch(type: HubSpotObjectType, record: StoredObject): void {
    const stamp = new Date(Math.max(this.now(), Date.parse(record.updatedAt) + 1)).toISOString();
    record.updatedAt = stamp;
    record.properties[modifiedProperty(type)] = stamp;
  }

  private emailConflict(type: HubSpotObjectType, email: string | null | undefined, self: string | undefined): StoreResult<never> | undefined {
    if (type !== 'contacts' || !email) return undefined;
    const existing = this.live('contacts').find((c) => c.id !== self && c.properties.email?.toLowerCase() === email.toLowerCase());
    if (!existing) return undefined;
    return {
      ok: false,
      status: 409,
      category: 'OBJECT_ALREADY_EXISTS',
      message: `Contact already exists. Existing ID: ${existing.id}`,
      extra: { errors: [{ message: `A contact with email ${email} already exists. Existing ID: ${existing.id}`, in: 'email' }], error: 'CONTACT_EXISTS' },
    };
  }
}
