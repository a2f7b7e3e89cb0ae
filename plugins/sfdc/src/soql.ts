import { isLogical, operatorOf, type CeqlNode, type Comparison, type CeqlOperator, type CeqlPredicate, type CeqlValue, type PushableField } from '@junction/core';

/**
 * How a Salesforce field compares in SOQL. It decides how a CEQL value is written and which
 * operators are pushed: only those SOQL evaluates at least as loosely as the hub's own CEQL check.
 */
export type SoqlType = 'id' | 'text' | 'picklist' | 'number' | 'date' | 'datetime';

/** A hub field the vendor can filter on: its Salesforce API name and how it compares. */
export interface SoqlField {
  name: string;
  type: SoqlType;
}

const ORDERED: readonly CeqlOperator[] = ['=', '!=', '<', '>', '<=', '>=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'];

/**
 * SOQL compares text case-insensitively while CEQL is case-sensitive: `=` and `IN` only get looser
 * (safe), but `!=`, `NOT IN` and orderings on text would drop rows CEQL keeps, so they stay in
 * memory. `LIKE` is case-insensitive in both. CEQL compares date-times with `=`/`!=` as text,
 * which makes SOQL `=` looser (safe) and `!=` stricter (kept in memory).
 */
const OPERATORS: Record<SoqlType, readonly CeqlOperator[]> = {
  id: ['=', 'IN', 'IS NULL', 'IS NOT NULL'],
  text: ['=', 'IN', 'LIKE', 'IS NULL', 'IS NOT NULL'],
  picklist: ['=', 'IN', 'IS NULL', 'IS NOT NULL'],
  number: ORDERED,
  date: ORDERED,
  datetime: ['=', '<', '>', '<=', '>=', 'IS NULL', 'IS NOT NULL'],
};

/** The resource `pushdown` declaration for its filterable fields. */
export function pushdownOf(fields: Record<string, SoqlField>): Record<string, PushableField> {
  return Object.fromEntries(Object.entries(fields).map(([hub, f]) => [hub, { vendorField: f.name, operators: OPERATORS[f.type] }]));
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A SOQL string literal for any text: quote and backslash escaped, control characters and lone
 * surrogates written as `\uXXXX`, so no value can end the literal early.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
export function soqlString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (ESCAPES[char]) out += ESCAPES[char];
    else if (code < 0x20 || code === 0x7f || (char.length === 1 && code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/** A plain decimal the SOQL grammar reads (no exponent), or undefined. */
function soqlNumber(value: CeqlValue): string | undefined {
  // CEQL compares numeric strings numerically, so `amount = '10'` may be pushed as a number.
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : NaN;
  const text = String(number);
  return Number.isFinite(number) && /^-?\d+(?:\.\d+)?$/.test(text) ? text : undefined;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/;

/** A real calendar date in `YYYY-MM-DD`, as SOQL date fields take it unquoted. */
function soqlDate(value: CeqlValue): string | undefined {
  if (typeof value !== 'string' || !DATE.test(value)) return undefined;
  const instant = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2024-02-30 over to March; SOQL would refuse it.
  return !Number.isNaN(instant) && new Date(instant).toISOString().startsWith(value) ? value : undefined;
}

/**
 * The instant of an ISO date or date-time, read exactly as the hub's CEQL check reads it (no
 * offset means UTC, a bare date is midnight UTC); undefined for values it compares as text.
 */
function instantOf(value: CeqlValue): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (soqlDate(value)) return Date.parse(`${value}T00:00:00Z`);
  const match = DATE_TIME.exec(value);
  if (!match || !soqlDate(match[1])) return undefined;
  const [, date, time, fraction = '', offset = 'Z'] = match;
  const zone = offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
  const instant = Date.parse(`${date}T${time}${fraction}${zone}`);
  return Number.isNaN(instant) ? undefined : instant;
}

/** SOQL date-time literals have whole seconds and an explicit zone. */
function soqlDateTime(instant: number): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A literal of `field`'s type, or undefined when the value cannot be written exactly. */
function literal(field: SoqlField, value: CeqlValue): string | undefined {
  switch (field.type) {
    case 'id':
      // Salesforce refuses the whole query over a malformed id; such a value matches no record anyway.
      return typeof value === 'string' && SALESFORCE_ID.test(value) ? soqlString(value) : undefined;
    case 'text':
    case 'picklist':
      // A number against text is compared numerically by CEQL ('0123' = 123); SOQL would not.
      return typeof value === 'string' ? soqlString(value) : undefined;
    case 'number':
      return soqlNumber(value);
    case 'date':
      return soqlDate(value);
    case 'datetime': {
      const instant = instantOf(value);
      return instant !== undefined && instant % 1000 === 0 ? soqlDateTime(instant) : undefined;
    }
  }
}

/**
 * An ordering on a date-time. A bound with milliseconds has no SOQL spelling; it is rounded
 * outwards to the second and made inclusive, which keeps every row CEQL keeps.
 */
function dateTimeBound(field: SoqlField, operator: '<' | '>' | '<=' | '>=', value: CeqlValue): string | undefined {
  const instant = instantOf(value);
  if (instant === undefined) return undefined;
  if (instant % 1000 === 0) return `${field.name} ${operator} ${soqlDateTime(instant)}`;
  return operator === '<' || operator === '<='
    ? `${field.name} <= ${soqlDateTime(Math.ceil(instant / 1000) * 1000)}`
    : `${field.name} >= ${soqlDateTime(Math.floor(instant / 1000) * 1000)}`;
}

function inList(field: SoqlField, values: CeqlValue[], negated: boolean): string | undefined {
  const present = values.filter((v) => v !== null);
  const literals = present.map((v) => literal(field, v));
  if (literals.some((l) => l === undefined)) return undefined;
  const hasNull = present.length < values.length;
  const list = literals.length ? `${field.name} ${negated ? 'NOT IN' : 'IN'} (${literals.join(', ')})` : undefined;
  if (!negated) {
    if (!list) return `${field.name} = null`;
    return hasNull ? `(${list} OR ${field.name} = null)` : list;
  }
  // CEQL `x NOT IN (…)` keeps rows where x is null unless null is listed.
  if (!list) return `${field.name} != null`;
  return hasNull ? `(${list} AND ${field.name} != null)` : `(${list} OR ${field.name} = null)`;
}

function comparison(field: SoqlField, node: Comparison): string | undefined {
  const { operator, value } = node;
  if (value === null) {
    // CEQL: `x = null` is IS NULL, `x != null` IS NOT NULL, and any other comparison with null is false.
    return operator === '=' || operator === '!=' ? `${field.name} ${operator} null` : undefined;
  }
  if (field.type === 'datetime' && operator !== '=' && operator !== '!=' && operator !== 'LIKE') return dateTimeBound(field, operator, value);
  const text = literal(field, value);
  if (text === undefined) return undefined;
  // CEQL `x != v` is true where x is null; SOQL need not agree, so null rows are asked for explicitly.
  return operator === '!=' ? `(${field.name} != ${text} OR ${field.name} = null)` : `${field.name} ${operator} ${text}`;
}

function predicate(node: CeqlPredicate, fields: Record<string, SoqlField>): string | undefined {
  const field = Object.hasOwn(fields, node.field) ? fields[node.field] : undefined;
  if (!field || !OPERATORS[field.type].includes(operatorOf(node))) return undefined;
  switch (node.kind) {
    case 'null':
      return `${field.name} ${node.negated ? '!=' : '='} null`;
    case 'in':
      return inList(field, node.values, node.negated);
    case 'comparison':
      return comparison(field, node);
  }
}

/**
 * Translates the pushed part of a CEQL query to a SOQL `WHERE` condition, in `fields`' Salesforce
 * names. A predicate that cannot be written exactly becomes "no condition" (dropped from an AND,
 * making an OR unconditional), so the result is never stricter than the query; the hub checks the
 * full query on what comes back. Undefined means "no condition at all".
 */
export function soqlWhere(node: CeqlNode | undefined, fields: Record<string, SoqlField>): string | undefined {
  if (!node) return undefined;
  if (!isLogical(node)) return predicate(node, fields);
  const parts: { text: string; logical: boolean }[] = [];
  for (const operand of node.operands) {
    const text = soqlWhere(operand, fields);
    if (text !== undefined) parts.push({ text, logical: isLogical(operand) });
    else if (node.kind === 'or') return undefined;
  }
  if (parts.length <= 1) return parts[0]?.text;
  // SOQL refuses AND and OR mixed without parentheses.
  return parts.map((p) => (p.logical ? `(${p.text})` : p.text)).join(node.kind === 'and' ? ' AND ' : ' OR ');
}
