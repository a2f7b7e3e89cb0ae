/**
 * In-memory records of the Salesforce simulator, validated the way the sObject REST resources
 * validate writes: unknown and read-only fields, required fields, types, lengths, e-mail format and
 * lookups, each refused with Salesforce's error code.
 */
import {
  STAGES,
  SalesforceFault,
  type SalesforceErrorEntry,
  type SalesforceFieldSpec,
  type SalesforceObjectSpec,
  canonicalId,
  fieldSpec,
  notFound,
  objectSpec,
  salesforceId,
  salesforceTimestamp,
} from './salesforce-schema';

/** A stored record: canonical field names → values (null when empty). */
export type StoredRecord = Record<string, unknown>;

/** One entry of an object's delete log, which sObject Get Deleted reads. */
export interface DeleteLogEntry {
  id: string;
  /** Epoch milliseconds. */
  deletedAt: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

function parseError(spec: SalesforceFieldSpec, value: unknown): SalesforceFault {
  const kind = Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : typeof value === 'string' ? 'VALUE_STRING' : 'VALUE_NUMBER';
  const type = spec.type === 'datetime' ? 'datetime' : spec.type === 'int' ? 'int' : ['currency', 'percent', 'double'].includes(spec.type) ? 'double' : spec.type;
  return SalesforceFault.of(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from ${kind} value ${String(value)} or request may be missing a required field`);
}

/** The records of every simulated object, with the user that owns and edits them. */
export class SalesforceStore {
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private readonly deleted = new Set<string>();
  /** Deletions by object name, oldest first. */
  private readonly deleteLog = new Map<string, DeleteLogEntry[]>();
  /** By object name: when the newest entry purged from its delete log was deleted. */
  private readonly purged = new Map<string, number>();
  private counter = 0;
  /** Told of every record created or edited (what workflow rules with outbound messages fire on). */
  onSave?: (object: SalesforceObjectSpec, record: StoredRecord, created: boolean) => void;

  constructor(
    /** The simulator's clock, epoch milliseconds. */
    readonly now: () => number,
    /** The user behind every token; the owner of new records. */
    readonly userId: string,
  ) {}

  /** The records of one object, in creation order. */
  all(object: SalesforceObjectSpec): StoredRecord[] {
    return [...(this.records.get(object.name)?.values() ?? [])];
  }

  /** One record by 15- or 18-character id; a 404 fault when absent, deleted or malformed. */
  find(object: SalesforceObjectSpec, id: string): StoredRecord {
    const canonical = canonicalId(id);
    if (canonical && this.deleted.has(canonical)) throw SalesforceFault.of(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    const record = canonical && this.records.get(object.name)?.get(canonical);
    if (record) return record;
    if (canonical && !canonical.startsWith(object.keyPrefix)) {
      throw SalesforceFault.of(400, 'MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${id}`, ['Id']);
    }
    if (!canonical && /^[a-zA-Z0-9]{18}$/.test(id)) throw SalesforceFault.of(400, 'MALFORMED_ID', `malformed id ${id}`);
    // A segment that is not an id is read as an external-id field name.
    if (!canonical) throw SalesforceFault.of(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${id}`);
    throw notFound();
  }

  /** Creates a record from an API body; returns its id. Every field problem is reported at once, as Salesforce does. */
  create(object: SalesforceObjectSpec, body: Record<string, unknown>): string {
    const problems: SalesforceErrorEntry[] = [];
    const values = this.validate(object, body, 'create', problems);
    const faulty = new Set(problems.flatMap((p) => p.fields ?? []));
    const missing = object.fields.filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && !faulty.has(f.name) && (values[f.name] ?? null) === null);
    if (missing.length) {
      problems.push({ message: `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`, errorCode: 'REQUIRED_FIELD_MISSING', fields: missing.map((f) => f.name) });
    }
    if (problems.length) throw new SalesforceFault(400, problems);
    const id = salesforceId(object.keyPrefix, ++this.counter);
    const stamp = salesforceTimestamp(this.now());
    const record: StoredRecord = Object.fromEntries(object.fields.map((f) => [f.name, null]));
    Object.assign(record, values, {
      Id: id,
      IsDeleted: false,
      OwnerId: values.OwnerId ?? this.userId,
      CreatedDate: stamp,
      CreatedById: this.userId,
      LastModifiedDate: stamp,
      LastModifiedById: this.userId,
      SystemModstamp: stamp,
    });
    if (object.name === 'Lead') Object.assign(record, { Status: record.Status ?? 'Open - Not Contacted', IsConverted: record.IsConverted ?? false });
    derive(object, record, values);
    let table = this.records.get(object.name);
    if (!table) this.records.set(object.name, (table = new Map()));
    table.set(id, record);
    this.onSave?.(object, record, true);
    return id;
  }

  /** Applies an API body to a record (only the fields sent). */
  update(object: SalesforceObjectSpec, id: string, body: Record<string, unknown>): void {
    const record = this.find(object, id);
    const problems: SalesforceErrorEntry[] = [];
    const values = this.validate(object, body, 'update', problems);
    const cleared = Object.keys(values).filter((name) => values[name] === null && !fieldSpec(object, name)!.nillable);
    if (cleared.length) problems.push({ message: `Required fields are missing: [${cleared.join(', ')}]`, errorCode: 'REQUIRED_FIELD_MISSING', fields: cleared });
    if (problems.length) throw new SalesforceFault(400, problems);
    const stamp = salesforceTimestamp(this.now());
    Object.assign(record, values, { LastModifiedDate: stamp, LastModifiedById: this.userId, SystemModstamp: stamp });
    derive(object, record, values);
    this.onSave?.(object, record, false);
  }

  /**
   * Deletes a record; an Account takes its contacts and opportunities with it, as in Salesforce.
   * Each deleted record goes to its object's delete log, stamped with the time of the delete.
   */
  delete(object: SalesforceObjectSpec, id: string): void {
    const record = this.find(object, id);
    const deletedAt = this.now();
    this.remove(object.name, record.Id as string, deletedAt);
    if (object.name !== 'Account') return;
    for (const child of ['Contact', 'Opportunity']) {
      for (const [childId, r] of this.records.get(child) ?? []) {
        if (r.AccountId === record.Id) this.remove(child, childId, deletedAt);
      }
    }
  }

  /** The delete log of one object from `from` (inclusive) to `to` (exclusive), epoch milliseconds. */
  deletedBetween(objectName: string, from: number, to: number): DeleteLogEntry[] {
    return (this.deleteLog.get(objectName) ?? []).filter((e) => e.deletedAt >= from && e.deletedAt < to);
  }

  /** Drops the entries of one object's delete log deleted before `before`, as Salesforce's purges do. */
  purgeDeleteLog(objectName: string, before: number): void {
    const log = this.deleteLog.get(objectName) ?? [];
    const gone = log.filter((e) => e.deletedAt < before);
    if (gone.length === 0) return;
    this.deleteLog.set(objectName, log.filter((e) => e.deletedAt >= before));
    this.purged.set(objectName, Math.max(this.purged.get(objectName) ?? 0, ...gone.map((e) => e.deletedAt)));
  }

  /** When the newest entry purged from one object's delete log was deleted; undefined when none was. */
  purgedThrough(objectName: string): number | undefined {
    return this.purged.get(objectName);
  }

  /** Drops every record and every delete log. */
  clear(): void {
    this.records.clear();
    this.deleted.clear();
    this.deleteLog.clear();
    this.purged.clear();
    this.counter = 0;
  }

  private remove(objectName: string, id: string, deletedAt: number): void {
    this.records.get(objectName)?.delete(id);
    this.deleted.add(id);
    let log = this.deleteLog.get(objectName);
    if (!log) this.deleteLog.set(objectName, (log = []));
    log.push({ id, deletedAt });
  }

  /**
   * The body's values by canonical field name. Unknown fields and unreadable JSON end the request
   * at once; problems with one field's value are collected in `problems`.
   */
  private validate(object: SalesforceObjectSpec, body: Record<string, unknown>, mode: 'create' | 'update', problems: SalesforceErrorEntry[]): StoredRecord {
    const values: StoredRecord = {};
    for (const [name, value] of Object.entries(body)) {
      if (name === 'attributes') continue;
      const spec = fieldSpec(object, name);
      if (!spec) throw SalesforceFault.of(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
      if (mode === 'create' ? !spec.createable : !spec.updateable) {
        problems.push({
          message: `Unable to create/update fields: ${spec.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: [spec.name],
        });
        continue;
      }
      try {
        values[spec.name] = this.coerce(spec, value);
      } catch (error) {
        if (!(error instanceof SalesforceFault) || !error.errors.every((e) => e.fields)) throw error;
        problems.push(...error.errors);
      }
    }
    return values;
  }

  private coerce(spec: SalesforceFieldSpec, value: unknown): unknown {
    if (value === null || value === '') return null;
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') throw parseError(spec, value);
        return value;
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw parseError(spec, value);
        return value;
      case 'currency':
      case 'percent':
      case 'double':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw parseError(spec, value);
        return value;
      case 'date':
        if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) throw parseError(spec, value);
        return value;
      case 'datetime':
        if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw parseError(spec, value);
        return salesforceTimestamp(Date.parse(value));
      case 'reference':
        return this.reference(spec, value);
      default:
        if (typeof value !== 'string') throw parseError(spec, value);
        if (value.length > spec.length) {
          throw SalesforceFault.of(400, 'STRING_TOO_LONG', `${spec.label}: data value too large: ${value.slice(0, 40)} (max length=${spec.length})`, [spec.name]);
        }
        if (spec.type === 'email' && !EMAIL.test(value)) {
          throw SalesforceFault.of(400, 'INVALID_EMAIL_ADDRESS', `${spec.label}: invalid email address: ${value}`, [spec.name]);
        }
        return value;
    }
  }

  private reference(spec: SalesforceFieldSpec, value: unknown): string {
    if (typeof value !== 'string') throw parseError(spec, value);
    const id = canonicalId(value);
    const target = spec.referenceTo?.[0] ?? '';
    if (!id) throw SalesforceFault.of(400, 'MALFORMED_ID', `${spec.label}: id value of incorrect type: ${value}`, [spec.name]);
    if (target === 'User') {
      if (id !== this.userId) throw SalesforceFault.of(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [spec.name]);
      return id;
    }
    const object = objectSpec(target)!;
    if (!id.startsWith(object.keyPrefix)) throw SalesforceFault.of(400, 'FIELD_INTEGRITY_EXCEPTION', `${spec.label}: id value of incorrect type: ${value}`, [spec.name]);
    if (!this.records.get(object.name)?.has(id)) throw SalesforceFault.of(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [spec.name]);
    return id;
  }
}

/** Fields Salesforce computes: people's Name, and an opportunity's probability and closed flags. */
function derive(object: SalesforceObjectSpec, record: StoredRecord, written: StoredRecord): void {
  if (object.name === 'Contact' || object.name === 'Lead') {
    record.Name = [record.FirstName, record.LastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
  }
  if (object.name === 'Opportunity') {
    const stage = String(record.StageName);
    if (written.StageName !== undefined && written.Probability === undefined) record.Probability = STAGES[stage] ?? record.Probability;
    record.IsClosed = stage.startsWith('Closed');
    record.IsWon = stage === 'Closed Won';
  }
}
