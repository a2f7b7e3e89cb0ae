import type { CeqlNode, CeqlOperator, CeqlPredicate, CeqlValue, PushableField } from '@junction/core';
import type { ChoiceField } from '../choices';
import { epochFromIso, glideFromEpoch } from '../glide-date-time';

/**
 * How a hub field is filtered at ServiceNow. The kind decides which CEQL operators can be written
 * so that ServiceNow returns at least every record CEQL keeps (the hub re-checks the rest):
 * - `text`: free text, compared case-insensitively by many instances, so only positive matches;
 * - `reference`: sys_ids, canonical lower-case hex, so negations are safe too;
 * - `choice`: stored codes shown by label (see {@link ChoiceField});
 * - `boolean`: `true` / `false`;
 * - `datetime`: `yyyy-MM-dd HH:mm:ss` UTC, compared as instants.
 */
export type QueryField =
  | { column: string; kind: 'text' | 'reference' | 'boolean' | 'datetime' }
  | { column: string; kind: 'choice'; choice: ChoiceField };

/** Hub field name → how it is written in `sysparm_query`. */
export type QueryFields = Readonly<Record<string, QueryField>>;

/** A translated `where`. */
export interface EncodedQuery {
  /** The `sysparm_query` conditions (no ordering); empty when nothing is filtered. */
  text: string;
  /** False when part of the query could not be written and is left to the hub's in-memory filter. */
  exact: boolean;
}

/** Conditions joined by `^OR`: ServiceNow binds `^OR` tighter than `^`. */
type Term = string[];
/** Terms joined by `^`. */
type Group = Term[];
/** Groups joined by `^NQ` ("new query"), the loosest binding. */
type Disjunction = Group[];

const ALWAYS: Disjunction = [[]];
/** Distributing AND over `^NQ` groups multiplies them; past this the query is left to memory. */
const MAX_GROUPS = 8;

const OPERATORS: Record<QueryField['kind'], readonly CeqlOperator[]> = {
  text: ['=', 'IN', 'LIKE', 'IS NULL', 'IS NOT NULL'],
  reference: ['=', '!=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'],
  choice: ['=', '!=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'],
  boolean: ['=', '!=', 'IS NULL', 'IS NOT NULL'],
  datetime: ['<', '>', '<=', '>=', 'IS NULL', 'IS NOT NULL'],
};

/**
 * The resource's `pushdown` declaration for these fields. Choice fields get no vendor name: on the
 * vendor-native object their values are codes, not the labels this translation expects.
 */
export function pushdownFor(fields: QueryFields): Record<string, PushableField> {
  return Object.fromEntries(
    Object.entries(fields).map(([hub, field]) => [
      hub,
      field.kind === 'choice' ? { operators: OPERATORS.choice } : { vendorField: field.column, operators: OPERATORS[field.kind] },
    ]),
  );
}

/**
 * Translates the pushable part of a hub `where` to an encoded query. Whatever cannot be written
 * faithfully is dropped so the result is looser, never stricter, and `exact` turns false:
 * values ServiceNow would misread (a `^` separator, `javascript:` that the instance would run,
 * a `,` in an `IN` list, surrounding blanks), LIKE patterns other than `%x%`, `x%` and `%x`, and
 * an OR with any branch that cannot be written (dropping a branch would lose records).
 *
 * @param required - conditions every result must meet (the resource's own scope, e.g. `roles=itil`)
 * @example encodeQuery(parseCeql("status = 'New' OR priority = 'Critical'"), incidentFields)
 *   // { text: 'state=1^ORpriority=1', exact: true }
 */
export function encodeQuery(where: CeqlNode | undefined, fields: QueryFields, required: readonly string[] = []): EncodedQuery {
  const state = { exact: true };
  let disjunction = ALWAYS;
  if (where) {
    const translated = translate(where, fields, state);
    if (translated) disjunction = translated;
    else state.exact = false;
  }
  const groups = disjunction.map((group) => [...required.map((condition) => [condition]), ...group]);
  return { text: groups.map((group) => group.map((term) => term.join('^OR')).join('^')).join('^NQ'), exact: state.exact };
}

function translate(node: CeqlNode, fields: QueryFields, state: { exact: boolean }): Disjunction | undefined {
  switch (node.kind) {
    case 'and':
      return conjoin(node.operands.map((operand) => translate(operand, fields, state)), state);
    case 'or':
      return disjoin(node.operands.map((operand) => translate(operand, fields, state)));
    default: {
      const term = condition(node, fields);
      return term && [[term]];
    }
  }
}

/** AND: a dropped operand only loosens the result; `^NQ` groups are distributed. */
function conjoin(parts: (Disjunction | undefined)[], state: { exact: boolean }): Disjunction {
  let result = ALWAYS;
  for (const part of parts) {
    const product = part && result.flatMap((left) => part.map((right) => [...left, ...right]));
    if (!product || product.length > MAX_GROUPS) state.exact = false;
    else result = product;
  }
  return result;
}

/** OR: all branches or nothing. Single terms merge into one `^OR` chain, anything else becomes `^NQ` groups. */
function disjoin(parts: (Disjunction | undefined)[]): Disjunction | undefined {
  if (parts.some((part) => part === undefined)) return undefined;
  const branches = parts as Disjunction[];
  if (branches.some((branch) => branch.some((group) => group.length === 0))) return ALWAYS;
  if (branches.every((branch) => branch.length === 1 && branch[0].length === 1)) return [[branches.flatMap((branch) => branch[0][0])]];
  const groups = branches.flat();
  return groups.length > MAX_GROUPS ? undefined : groups;
}

function condition(predicate: CeqlPredicate, fields: QueryFields): Term | undefined {
  const field = Object.hasOwn(fields, predicate.field) ? fields[predicate.field] : undefined;
  if (!field) return undefined;
  const column = field.column;
  switch (predicate.kind) {
    case 'null':
      return [`${column}${predicate.negated ? 'ISNOTEMPTY' : 'ISEMPTY'}`];
    case 'in': {
      const values = predicate.values.map((value) => valueOf(field, value, !predicate.negated));
      if (values.some((value) => value === undefined || value.includes(','))) return undefined;
      const list = values.join(',');
      // ServiceNow's NOT IN and != skip empty fields, where CEQL keeps them.
      return predicate.negated ? [`${column}NOT IN${list}`, `${column}ISEMPTY`] : [`${column}IN${list}`];
    }
    case 'comparison':
      return comparison(field, predicate.operator, predicate.value);
  }
}

function comparison(field: QueryField, operator: string, value: CeqlValue): Term | undefined {
  const column = field.column;
  switch (operator) {
    case '=': {
      const text = valueOf(field, value, true);
      return text === undefined ? undefined : [`${column}=${text}`];
    }
    case '!=': {
      const text = valueOf(field, value, false);
      return text === undefined ? undefined : [`${column}!=${text}`, `${column}ISEMPTY`];
    }
    case 'LIKE':
      return field.kind === 'text' ? like(column, value) : undefined;
    default:
      return field.kind === 'datetime' ? bound(column, operator, value) : undefined;
  }
}

/** Letters to leave out of any pushed value: the `^` separator, control characters, and script the instance would evaluate. */
const UNSAFE = /[\^\u0000-\u001f\u007f]|javascript:/i;

function safe(text: string): boolean {
  // `NULL` is a keyword to ServiceNow's query parser, not the text it spells.
  return text !== '' && text === text.trim() && !UNSAFE.test(text) && text.toUpperCase() !== 'NULL';
}

const SYS_ID = /^[0-9a-f]{32}$/;

/**
 * The stored value a CEQL value is compared with. `matching` is false for negations, which take
 * only values that cannot match a stored value in a different case or spelling.
 */
function valueOf(field: QueryField, value: CeqlValue, matching: boolean): string | undefined {
  switch (field.kind) {
    case 'text':
      return matching && typeof value === 'string' && safe(value) ? value : undefined;
    case 'reference':
      if (typeof value !== 'string') return undefined;
      return (matching ? safe(value) : SYS_ID.test(value)) ? value : undefined;
    case 'choice':
      return field.choice.codeForQuery(value);
    case 'boolean':
      return value === true || value === 'true' ? 'true' : value === false || value === 'false' ? 'false' : undefined;
    case 'datetime':
      return undefined;
  }
}

/** `%x%` → LIKE, `x%` → STARTSWITH, `%x` → ENDSWITH; ASCII only, where case folding agrees with CEQL's. */
function like(column: string, value: CeqlValue): Term | undefined {
  if (typeof value !== 'string') return undefined;
  const leading = value.startsWith('%');
  const trailing = value.length > 1 && value.endsWith('%');
  if (!leading && !trailing) return undefined;
  const core = value.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (!safe(core) || /[%_]/.test(core) || !/^[\x20-\x7e]+$/.test(core)) return undefined;
  const operator = leading && trailing ? 'LIKE' : leading ? 'ENDSWITH' : 'STARTSWITH';
  return [`${column}${operator}${core}`];
}

/**
 * A date-time bound. ServiceNow keeps whole seconds, so a bound with a fraction moves to the
 * second it truncates to: `t >= 10.5s` is `t > 10s` and `t < 10.5s` is `t <= 10s`, exactly.
 */
function bound(column: string, operator: string, value: CeqlValue): Term | undefined {
  if (typeof value !== 'string') return undefined;
  const epoch = epochFromIso(value);
  if (epoch === undefined) return undefined;
  const second = Math.floor(epoch / 1000) * 1000;
  const pushed = epoch === second ? operator : operator === '>' || operator === '>=' ? '>' : '<=';
  const text = glideFromEpoch(second);
  return text === undefined ? undefined : [`${column}${pushed}${text}`];
}
