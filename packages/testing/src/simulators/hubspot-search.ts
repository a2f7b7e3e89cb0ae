/**
 * The HubSpot simulator's CRM search: request checks (HubSpot's limits answer 400
 * `VALIDATION_ERROR`), filter-group evaluation (AND inside a group, OR across groups), sorting
 * and offset paging. https://developers.hubspot.com/docs/api-reference/legacy/crm/search-the-crm
 */
import type { HubSpotObjectType, HubSpotPropertyDefinition } from './hubspot-properties';
import { HUBSPOT_PROPERTIES } from './hubspot-properties';

/** Caps on one search request. */
export interface HubSpotSearchLimits {
  groups: number;
  filtersPerGroup: number;
  filters: number;
}

/**
 * The search guide's 5 groups × 6 filters, 18 in all. HubSpot's 2024 changelog announces 5 × 10
 * and 25; pass those to accept what that text allows.
 */
export const DEFAULT_SEARCH_LIMITS: HubSpotSearchLimits = { groups: 5, filtersPerGroup: 6, filters: 18 };

/** No query pages past this many results. */
export const SEARCH_RESULT_CAP = 10_000;
const MAX_PAGE = 200;
const DEFAULT_PAGE = 10;

const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

/** A checked search request. */
export interface SearchRequest {
  groups: SearchFilter[][];
  sorts: SearchSort[];
  properties?: string[];
  query?: string;
  limit: number;
  offset: number;
}

/** A stored record as the search sees it. */
export interface SearchableRecord {
  id: string;
  properties: Record<string, string | null>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const scalar = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/** Reads and checks a search body; a string is the 400 message. */
export function readSearchRequest(body: unknown, objectType: HubSpotObjectType, limits: HubSpotSearchLimits): SearchRequest | string {
  const input = isObject(body) ? body : {};
  const known = new Set(['hs_object_id', ...HUBSPOT_PROPERTIES[objectType].map((p) => p.name)]);
  const rawGroups = input.filterGroups ?? [];
  if (!Array.isArray(rawGroups)) return 'filterGroups must be an array';
  if (rawGroups.length > limits.groups) return `Too many filter groups: ${rawGroups.length}. A search may have at most ${limits.groups} filterGroups.`;
  const groups: SearchFilter[][] = [];
  for (const [g, rawGroup] of rawGroups.entries()) {
    const rawFilters = isObject(rawGroup) ? rawGroup.filters : undefined;
    if (!Array.isArray(rawFilters)) return `filterGroups[${g}].filters must be an array`;
    if (rawFilters.length > limits.filtersPerGroup) return `Too many filters in filterGroups[${g}]: ${rawFilters.length}. A filter group may have at most ${limits.filtersPerGroup} filters.`;
    const filters: SearchFilter[] = [];
    for (const rawFilter of rawFilters) {
      const filter = readFilter(rawFilter, known);
      if (typeof filter === 'string') return `filterGroups[${g}]: ${filter}`;
      filters.push(filter);
    }
    groups.push(filters);
  }
  const total = groups.reduce((sum, group) => sum + group.length, 0);
  if (total > limits.filters) return `Too many filters: ${total}. A search may have at most ${limits.filters} filters in all filterGroups.`;
  const limit = input.limit === undefined ? DEFAULT_PAGE : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) return `limit must be an integer from 0 to ${MAX_PAGE}`;
  const offset = input.after === undefined || input.after === null || input.after === '' ? 0 : Number(input.after);
  if (!Number.isInteger(offset) || offset < 0) return `after must be a paging cursor from a previous search, got ${JSON.stringify(input.after)}`;
  if (offset >= SEARCH_RESULT_CAP) return `Search results are limited to ${SEARCH_RESULT_CAP} records; after=${offset} is past the end.`;
  const sorts = readSorts(input.sorts, known);
  if (typeof sorts === 'string') return sorts;
  const properties = Array.isArray(input.properties) ? input.properties.filter((p): p is string => typeof p === 'string') : undefined;
  return { groups, sorts, properties, query: typeof input.query === 'string' ? input.query : undefined, limit, offset };
}

function readFilter(raw: unknown, known: Set<string>): SearchFilter | string {
  if (!isObject(raw) || typeof raw.propertyName !== 'string' || typeof raw.operator !== 'string') return 'each filter needs a propertyName and an operator';
  const { propertyName, operator } = raw;
  if (!OPERATORS.has(operator)) return `Unknown operator ${operator}`;
  if (!known.has(propertyName)) return `Property "${propertyName}" does not exist`;
  const filter: SearchFilter = { propertyName, operator };
  if (operator === 'IN' || operator === 'NOT_IN') {
    if (!Array.isArray(raw.values) || raw.values.length === 0) return `${operator} on ${propertyName} needs a non-empty values array`;
    filter.values = raw.values.map((v) => scalar(v) ?? '');
  } else if (operator !== 'HAS_PROPERTY' && operator !== 'NOT_HAS_PROPERTY') {
    filter.value = scalar(raw.value);
    if (filter.value === undefined) return `${operator} on ${propertyName} needs a value`;
    if (operator === 'BETWEEN') {
      filter.highValue = scalar(raw.highValue);
      if (filter.highValue === undefined) return `BETWEEN on ${propertyName} needs a highValue`;
    }
  }
  return filter;
}

function readSorts(raw: unknown, known: Set<string>): SearchSort[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'sorts must be an array';
  const sorts: SearchSort[] = [];
  for (const item of raw) {
    const propertyName = typeof item === 'string' ? item : isObject(item) ? item.propertyName : undefined;
    if (typeof propertyName !== 'string' || !known.has(propertyName)) return `Cannot sort by ${JSON.stringify(propertyName)}`;
    const direction = isObject(item) && item.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING';
    sorts.push({ propertyName, direction });
  }
  return sorts;
}

/** Properties matched by the free-text `query`. */
const QUERY_PROPERTIES: Record<HubSpotObjectType, string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
};

/** The records matching a checked request, sorted (by id when no sort is given). */
export function runSearch<T extends SearchableRecord>(records: T[], objectType: HubSpotObjectType, request: SearchRequest): T[] {
  const definitions = new Map(HUBSPOT_PROPERTIES[objectType].map((d) => [d.name, d]));
  const query = request.query?.trim().toLowerCase();
  const matches = records.filter(
    (record) =>
      (request.groups.length === 0 || request.groups.some((group) => group.every((f) => matchesFilter(record, f, definitions.get(f.propertyName))))) &&
      (!query || QUERY_PROPERTIES[objectType].some((p) => (record.properties[p] ?? '').toLowerCase().includes(query))),
  );
  const sorts: SearchSort[] = [...request.sorts, { propertyName: 'hs_object_id', direction: 'ASCENDING' }];
  return matches.sort((a, b) => {
    for (const sort of sorts) {
      const order = compareValues(valueOf(a, sort.propertyName), valueOf(b, sort.propertyName), definitions.get(sort.propertyName));
      if (order !== 0) return sort.direction === 'ASCENDING' ? order : -order;
    }
    return 0;
  });
}

function valueOf(record: SearchableRecord, property: string): string | undefined {
  const value = property === 'hs_object_id' ? record.id : record.properties[property];
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** Numbers and dates compare as numbers (dates as epoch milliseconds), text as text. */
function comparable(value: string, definition: HubSpotPropertyDefinition | undefined): number | string {
  const type = definition?.type ?? 'number';
  if (type === 'number') return Number(value);
  if (type === 'datetime' || type === 'date') return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  return type === 'string' ? value.toLowerCase() : value;
}

function compareValues(a: string | undefined, b: string | undefined, definition: HubSpotPropertyDefinition | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const x = comparable(a, definition);
  const y = comparable(b, definition);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A CONTAINS_TOKEN value: `*` is a wildcard over the whole value, otherwise one word of it. */
function containsToken(value: string, token: string): boolean {
  const wanted = token.toLowerCase();
  if (wanted.includes('*')) {
    const pattern = wanted.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`).test(value.toLowerCase());
  }
  return value.toLowerCase().split(/[^\p{L}\p{N}]+/u).includes(wanted);
}

function matchesFilter(record: SearchableRecord, filter: SearchFilter, definition: HubSpotPropertyDefinition | undefined): boolean {
  const actual = valueOf(record, filter.propertyName);
  if (filter.operator === 'HAS_PROPERTY') return actual !== undefined;
  if (filter.operator === 'NOT_HAS_PROPERTY') return actual === undefined;
  // Every other operator needs a value on the record: HubSpot does not match records without one.
  if (actual === undefined) return false;
  const order = (expected: string) => compareValues(actual, expected, definition);
  switch (filter.operator) {
    case 'EQ':
      return order(filter.value!) === 0;
    case 'NEQ':
      return order(filter.value!) !== 0;
    case 'LT':
      return order(filter.value!) < 0;
    case 'LTE':
      return order(filter.value!) <= 0;
    case 'GT':
      return order(filter.value!) > 0;
    case 'GTE':
      return order(filter.value!) >= 0;
    case 'BETWEEN':
      return order(filter.value!) >= 0 && order(filter.highValue!) <= 0;
    // The guide asks for lower-case values on text properties: stored text is matched lower-cased, values as sent.
    case 'IN':
      return filter.values!.some((v) => (definition?.type === 'string' ? actual.toLowerCase() === v : order(v) === 0));
    case 'NOT_IN':
      return !filter.values!.some((v) => (definition?.type === 'string' ? actual.toLowerCase() === v : order(v) === 0));
    case 'CONTAINS_TOKEN':
      return containsToken(actual, filter.value!);
    case 'NOT_CONTAINS_TOKEN':
      return !containsToken(actual, filter.value!);
    default:
      return false;
  }
}
