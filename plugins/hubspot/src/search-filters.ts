import type { CeqlNode, CeqlOperator, CeqlPredicate, CeqlValue, PushableField } from '@junction/core';

/**
 * What kind of value a HubSpot property holds, which decides the operators that can be pushed to
 * the search API and how CEQL values are written for it.
 * - `string`: free text; only equality (HubSpot's ordering of text is not CEQL's).
 * - `enumeration`: internal option values (`dealstage`, `lifecyclestage`), matched as sent.
 * - `number`: numeric comparisons.
 * - `datetime`: compared as epoch milliseconds, which is what HubSpot filters take.
 * - `id`: a record id held as a number (`associatedcompanyid`); equality only.
 */
export type PropertyKind = 'string' | 'enumeration' | 'number' | 'datetime' | 'id';

/** Where a hub field lives on a HubSpot object. */
export interface PropertyField {
  property: string;
  kind: PropertyKind;
}

/** Hub field name → HubSpot property, for one resource. */
export type PropertyFields = Record<string, PropertyField>;

/** Operators of a search filter. https://developers.hubspot.com/docs/api-reference/legacy/crm/search-the-crm */
export type SearchOperator = 'EQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY';

export interface SearchFilter {
  propertyName: string;
  operator: SearchOperator;
  value?: string;
  values?: string[];
}

/** Filters inside a group are ANDed; groups are ORed. */
export interface SearchFilterGroup {
  filters: SearchFilter[];
}

export interface SearchLimits {
  groups: number;
  filtersPerGroup: number;
  filters: number;
}

/**
 * The smaller of the two published limits: the search guide allows 5 groups of up to 6 filters and
 * 18 filters in all; the 2024 changelog raised that to 5 × 10 and 25. A request inside both is
 * accepted either way.
 * https://developers.hubspot.com/changelog/breaking-change-expanded-filtering-capabilities-and-error-messaging-in-hubspots-search-api
 */
export const SEARCH_LIMITS: SearchLimits = { groups: 5, filtersPerGroup: 6, filters: 18 };

const PRESENCE: readonly CeqlOperator[] = ['IS NULL', 'IS NOT NULL'];
const EQUALITY: readonly CeqlOperator[] = ['=', 'IN', ...PRESENCE];
const RANGE: readonly CeqlOperator[] = ['<', '<=', '>', '>='];

/**
 * Operators pushed per kind. `!=`, `NOT IN` and `LIKE` never are: HubSpot's NEQ/NOT_IN are not
 * documented to keep records without a value (CEQL does), and CONTAINS_TOKEN matches whole words,
 * not substrings. Dates push ranges only: CEQL `=` on a date compares the text, which matches only
 * when the caller wrote HubSpot's exact rendering, so equality stays with the hub.
 */
const OPERATORS: Record<PropertyKind, readonly CeqlOperator[]> = {
  string: EQUALITY,
  enumeration: EQUALITY,
  id: EQUALITY,
  number: [...EQUALITY, ...RANGE],
  datetime: [...PRESENCE, ...RANGE],
};

/** The pushdown declaration for a resource's fields; everything else in `where` is applied by the hub. */
export function pushdownFor(fields: PropertyFields): Record<string, PushableField> {
  return Object.fromEntries(Object.entries(fields).map(([field, { property, kind }]) => [field, { vendorField: `properties.${property}`, operators: OPERATORS[kind] }]));
}

/** The result of translating CEQL: the groups to send, and whether anything had to be left out. */
export interface SearchTranslation {
  filterGroups: SearchFilterGroup[];
  /** False when part of `where` did not fit the limits or HubSpot's semantics; the hub still checks it. */
  complete: boolean;
}

/** OR of ANDs. `[[]]` (one empty group) means "no condition". */
type Dnf = SearchFilter[][];
const NO_CONDITION: Dnf = [[]];

const COMPARISONS: Partial<Record<string, SearchOperator>> = { '=': 'EQ', '<': 'LT', '<=': 'LTE', '>': 'GT', '>=': 'GTE' };

/**
 * Translates the pushable part of `where` into search filter groups, ANDing `required` filters
 * into every group. A condition that cannot be expressed, or would break the limits, is left out
 * — that only widens what HubSpot returns, never narrows it, and the hub re-checks every record.
 *
 * @example
 * toFilterGroups(parseCeql("email = 'a@b.co' or lastName = 'Lee'"), contactFields)
 * // { filterGroups: [{filters:[{propertyName:'email',operator:'EQ',value:'a@b.co'}]},
 * //                  {filters:[{propertyName:'lastname',operator:'EQ',value:'Lee'}]}], complete: true }
 */
export function toFilterGroups(
  where: CeqlNode | undefined,
  fields: PropertyFields,
  required: SearchFilter[] = [],
  limits: SearchLimits = SEARCH_LIMITS,
): SearchTranslation {
  const translator = new Translator(fields, limits);
  const start: Dnf = [required];
  const dnf = where ? translator.and(start, where.kind === 'and' ? where.operands : [where]) : start;
  return { filterGroups: dnf.filter((group) => group.length > 0).map((filters) => ({ filters })), complete: !translator.dropped };
}

class Translator {
  dropped = false;

  constructor(
    private readonly fields: PropertyFields,
    private readonly limits: SearchLimits,
  ) {}

  /** ANDs operands onto `start`, skipping any that would break the limits (a looser query). */
  and(start: Dnf, operands: CeqlNode[]): Dnf {
    let result = start;
    for (const operand of operands) {
      const next = this.dnf(operand);
      const combined = result.length * next.length <= this.limits.groups ? result.flatMap((a) => next.map((b) => [...a, ...b])) : undefined;
      if (combined && this.fits(combined)) result = combined;
      else this.dropped = true;
    }
    return result;
  }

  private dnf(node: CeqlNode): Dnf {
    switch (node.kind) {
      case 'and':
        return this.and(NO_CONDITION, node.operands);
      case 'or': {
        const branches = node.operands.map((operand) => this.dnf(operand));
        // One unconstrained branch makes the whole OR unconstrained.
        if (branches.some((branch) => branch.some((group) => group.length === 0))) return NO_CONDITION;
        const groups = branches.flat();
        if (this.fits(groups)) return groups;
        this.dropped = true;
        return NO_CONDITION;
      }
      default: {
        const filter = this.filter(node);
        if (filter) return [[filter]];
        this.dropped = true;
        return NO_CONDITION;
      }
    }
  }

  private fits(dnf: Dnf): boolean {
    const total = dnf.reduce((sum, group) => sum + group.length, 0);
    return dnf.length <= this.limits.groups && total <= this.limits.filters && dnf.every((group) => group.length <= this.limits.filtersPerGroup);
  }

  private filter(node: CeqlPredicate): SearchFilter | undefined {
    const field = this.fields[node.field];
    if (!field) return undefined;
    const propertyName = field.property;
    switch (node.kind) {
      case 'null':
        return { propertyName, operator: node.negated ? 'HAS_PROPERTY' : 'NOT_HAS_PROPERTY' };
      case 'in': {
        if (node.negated || node.values.length === 0) return undefined;
        const values = node.values.map((value) => filterValue(field.kind, value, true));
        return values.every((v): v is string => v !== undefined) ? { propertyName, operator: 'IN', values } : undefined;
      }
      case 'comparison': {
        const operator = COMPARISONS[node.operator];
        if (!operator || (operator !== 'EQ' && field.kind !== 'number' && field.kind !== 'datetime')) return undefined;
        const value = filterValue(field.kind, node.value, false);
        return value === undefined ? undefined : { propertyName, operator, value };
      }
    }
  }
}

/** A date, or a date-time with an explicit offset: the forms `Date.parse` reads the same way CEQL does. */
const ZONED_ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/**
 * The filter value HubSpot should get for a CEQL value, or undefined when no HubSpot value means
 * the same (then the condition stays with the hub). Text goes only to text properties, because
 * CEQL compares `5 = '05'` numerically; IN on text is sent in lower case, as the search guide
 * asks for string properties.
 */
function filterValue(kind: PropertyKind, value: CeqlValue, inList: boolean): string | undefined {
  if (value === null || typeof value === 'boolean' || value === '') return undefined;
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? (inList ? value.toLowerCase() : value) : undefined;
    case 'enumeration':
      return typeof value === 'string' ? value : undefined;
    case 'number':
    case 'id': {
      const text = String(value);
      return NUMERIC.test(text) ? text : undefined;
    }
    case 'datetime': {
      if (typeof value !== 'string' || !ZONED_ISO_DATE.test(value)) return undefined;
      const epoch = Date.parse(value);
      return Number.isNaN(epoch) ? undefined : String(epoch);
    }
  }
}
