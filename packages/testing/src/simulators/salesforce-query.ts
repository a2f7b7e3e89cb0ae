/**
 * Runs a parsed SOQL query against the simulator's records with Salesforce's semantics: fields and
 * literal types checked per field (quoted text, unquoted numbers and dates), text compared
 * case-insensitively, ids in 15 or 18 characters alike, and `!=` keeping empty fields.
 */
import {
  SalesforceFault,
  type SalesforceFieldSpec,
  type SalesforceObjectSpec,
  canonicalId,
  fieldSpec,
  objectSpec,
  salesforceTimestamp,
} from './salesforce-schema';
import type { SoqlCondition, SoqlLiteral, SoqlSelect } from './salesforce-soql';
import type { SalesforceStore, StoredRecord } from './salesforce-store';

const TEXT_TYPES = new Set(['id', 'string', 'textarea', 'picklist', 'email', 'phone', 'url', 'reference']);
const NUMBER_TYPES = new Set(['currency', 'percent', 'double', 'int']);

type Predicate = (record: StoredRecord) => boolean;

function resolveField(object: SalesforceObjectSpec, name: string): SalesforceFieldSpec {
  const spec = fieldSpec(object, name);
  if (!spec) {
    throw SalesforceFault.of(
      400,
      'INVALID_FIELD',
      `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return spec;
}

function filterError(spec: SalesforceFieldSpec, expected: string, quoted: boolean): SalesforceFault {
  return SalesforceFault.of(
    400,
    'INVALID_QUERY_FILTER_OPERATOR',
    `value of filter criterion for field '${spec.name}' must be of type ${expected} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
  );
}

/** Refuses a literal of the wrong kind for the field, as Salesforce does before running anything. */
function checkLiteral(spec: SalesforceFieldSpec, literal: SoqlLiteral): void {
  if (literal.kind === 'null') return;
  if (TEXT_TYPES.has(spec.type)) {
    if (literal.kind !== 'string') throw filterError(spec, 'string', true);
    if ((spec.type === 'id' || spec.type === 'reference') && !canonicalId(literal.value)) {
      throw SalesforceFault.of(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`);
    }
  } else if (NUMBER_TYPES.has(spec.type)) {
    if (literal.kind !== 'number') throw filterError(spec, 'double', false);
  } else if (spec.type === 'boolean') {
    if (literal.kind !== 'boolean') throw filterError(spec, 'boolean', false);
  } else if (spec.type === 'date') {
    if (literal.kind !== 'date') throw filterError(spec, 'date', false);
  } else if (literal.kind !== 'datetime') {
    throw filterError(spec, 'dateTime', false);
  }
}

function instantOf(stored: unknown): number {
  return Date.parse(String(stored).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Orders two non-null values of a field as Salesforce does: text case-insensitively, ids by their 18-character form. */
function compareValues(spec: SalesforceFieldSpec, a: unknown, b: unknown): number {
  if (spec.type === 'id' || spec.type === 'reference') {
    const x = canonicalId(String(a))!.toLowerCase();
    const y = canonicalId(String(b))!.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (TEXT_TYPES.has(spec.type)) return String(a).localeCompare(String(b), 'en', { sensitivity: 'accent' });
  if (spec.type === 'datetime') return instantOf(a) - instantOf(b);
  if (spec.type === 'date') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return Number(a) - Number(b);
}

/** A checked, non-null literal in the form records store. */
function storedForm(literal: Exclude<SoqlLiteral, { kind: 'null' }>): unknown {
  return literal.kind === 'datetime' ? salesforceTimestamp(literal.instant) : literal.value;
}

function equals(spec: SalesforceFieldSpec, stored: unknown, literal: SoqlLiteral): boolean {
  if (stored === null || literal.kind === 'null') return stored === null && literal.kind === 'null';
  return compareValues(spec, stored, storedForm(literal)) === 0;
}

function compile(object: SalesforceObjectSpec, condition: SoqlCondition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.operands.map((c) => compile(object, c));
      return (r) => parts.every((p) => p(r));
    }
    case 'or': {
      const parts = condition.operands.map((c) => compile(object, c));
      return (r) => parts.some((p) => p(r));
    }
    case 'not': {
      const inner = compile(object, condition.operand);
      return (r) => !inner(r);
    }
    case 'in': {
      const spec = filterable(object, condition.field);
      condition.values.forEach((v) => checkLiteral(spec, v));
      return (r) => condition.values.some((v) => equals(spec, r[spec.name], v)) !== condition.negated;
    }
    case 'compare': {
      const spec = filterable(object, condition.field);
      const { operator, value } = condition;
      checkLiteral(spec, value);
      if (operator === 'LIKE') {
        if (!TEXT_TYPES.has(spec.type) || value.kind !== 'string') {
          throw SalesforceFault.of(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${spec.name}': LIKE`);
        }
        return (r) => r[spec.name] !== null && value.like.test(String(r[spec.name]));
      }
      if (operator === '=') return (r) => equals(spec, r[spec.name], value);
      // Salesforce keeps records whose field is empty for `!=`.
      if (operator === '!=') return (r) => !equals(spec, r[spec.name], value);
      if (value.kind === 'null') throw SalesforceFault.of(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on null for field '${spec.name}': ${operator}`);
      const accept = { '<': (n: number) => n < 0, '>': (n: number) => n > 0, '<=': (n: number) => n <= 0, '>=': (n: number) => n >= 0 }[operator];
      const bound = storedForm(value);
      return (r) => r[spec.name] !== null && accept(compareValues(spec, r[spec.name], bound));
    }
  }
}

function filterable(object: SalesforceObjectSpec, name: string): SalesforceFieldSpec {
  const spec = resolveField(object, name);
  if (!spec.filterable) throw SalesforceFault.of(400, 'INVALID_FIELD', `field '${spec.name}' can not be filtered in a query call`);
  return spec;
}

function sortRecords(object: SalesforceObjectSpec, records: StoredRecord[], orderBy: SoqlSelect['orderBy']): StoredRecord[] {
  const keys = orderBy.map((o) => ({ ...o, spec: resolveField(object, o.field) }));
  return [...records].sort((a, b) => {
    for (const key of keys) {
      const x = a[key.spec.name];
      const y = b[key.spec.name];
      if (x === y) continue;
      if (x === null || y === null) return (x === null) === key.nullsFirst ? -1 : 1;
      const cmp = compareValues(key.spec, x, y);
      if (cmp !== 0) return key.descending ? -cmp : cmp;
    }
    return 0;
  });
}

/** The object and the matching records, ordered and cut by OFFSET/LIMIT, projected to the selected fields. */
export function runQuery(store: SalesforceStore, query: SoqlSelect, recordUrl: (type: string, id: string) => string): Record<string, unknown>[] {
  const object = objectSpec(query.from);
  if (!object) {
    throw SalesforceFault.of(
      400,
      'INVALID_TYPE',
      `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const fields = query.fields.map((f) => resolveField(object, f));
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw SalesforceFault.of(400, 'MALFORMED_QUERY', `duplicate field selected: ${f.name}`);
    seen.add(f.name);
  }
  if ((query.offset ?? 0) > 2000) throw SalesforceFault.of(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  const matches = query.where ? compile(object, query.where) : () => true;
  const sorted = sortRecords(object, store.all(object).filter(matches), query.orderBy);
  const start = query.offset ?? 0;
  const cut = sorted.slice(start, query.limit === undefined ? undefined : start + query.limit);
  return cut.map((r) => ({
    attributes: { type: object.name, url: recordUrl(object.name, r.Id as string) },
    ...Object.fromEntries(fields.map((f) => [f.name, r[f.name] ?? null])),
  }));
}
