/**
 * Close CRM simulator: list paging, `_fields`, the lead `query` subset and opportunity filters.
 *
 * Paging: https://developer.close.com/api/overview/pagination (`_skip` default 0, `_limit`
 * default 100, over the per-resource maximum → 400, response `{data, has_more}`).
 * Fields: https://developer.close.com/api/overview/fields (`_fields=id,display_name`).
 */
import type { QueryParams } from './simulator-server';
import {
  type CloseLeadRecord,
  type CloseOpportunity,
  FieldErrors,
  formatMoney,
  isDateOnly,
  parseTimestampMicros,
} from './close-model';

/** A validated `_skip` / `_limit` pair. */
export interface PageParams {
  skip: number;
  limit: number;
}

/** First value of a query parameter. */
export function queryValue(query: QueryParams, key: string): string | undefined {
  const value = query[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads `_skip` / `_limit`; problems go to `problems` (answered as 400). */
export function readPage(query: QueryParams, maxLimit: number, problems: FieldErrors): PageParams {
  const read = (key: string, fallback: number): number => {
    const raw = queryValue(query, key);
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) {
      problems.add(key, 'A valid non-negative integer is required.');
      return fallback;
    }
    return Number(raw);
  };
  const skip = read('_skip', 0);
  const limit = read('_limit', maxLimit);
  if (limit > maxLimit) problems.add('_limit', `Ensure this value is less than or equal to ${maxLimit}.`);
  return { skip, limit };
}

/** One page of `items` as `{data, has_more}`. */
export function paginate<T>(items: readonly T[], page: PageParams): { data: T[]; has_more: boolean } {
  const data = items.slice(page.skip, page.skip + page.limit);
  return { data, has_more: page.skip + data.length < items.length };
}

/** Parses `_fields`; `undefined` when absent. */
export function readFields(query: QueryParams): string[] | undefined {
  const raw = queryValue(query, '_fields');
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((f) => f.trim()).filter(Boolean);
}

/** Keeps only `fields` of `object` (`custom` keeps every `custom.*` key). */
export function pickFields<T extends object>(object: T, fields: string[] | undefined): Partial<T> | T {
  if (!fields) return object;
  const source = object as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'custom') {
      for (const key of Object.keys(source)) if (key.startsWith('custom.')) out[key] = source[key];
    } else if (field in source) {
      out[field] = source[field];
    }
  }
  return out as Partial<T>;
}

// ------------------------------------------------------------------ lead query

/** A compiled lead search. */
export type LeadPredicate = (lead: CloseLeadRecord) => boolean;

/**
 * Compiles the subset of Close's (deprecated) lead search syntax the simulator understands.
 * Terms are AND-ed; matching is case-insensitive:
 * - `name:"Acme Inc"` / `name:acme` — the lead name contains the text;
 * - `status:"Potential"` (or `lead_status:`) — lead status label equals the text;
 * - `id:lead_…` — that lead;
 * - `date_created` / `date_updated` with `>`, `>=`, `<`, `<=` or `:` and an ISO date or
 *   date-time, e.g. `date_updated > "2024-01-01T00:00:00Z"`;
 * - any plain word or `"quoted phrase"` — the lead name (or display name) contains it.
 * Anything else (other `field:value` terms, `sort:`, OR/NOT) → an `error` message (answered 400).
 */
export function compileLeadQuery(query: string): { predicate: LeadPredicate } | { error: string } {
  const tokens = tokenize(query);
  const predicates: LeadPredicate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const op = tokens[i + 1];
    if (token.kind === 'word' && op?.kind === 'op' && tokens[i + 2]?.kind !== 'op') {
      const value = tokens[i + 2];
      if (!value) return { error: `Missing value after "${token.text} ${op.text}".` };
      const compiled = compileTerm(token.text, op.text, value.text);
      if ('error' in compiled) return compiled;
      predicates.push(compiled.predicate);
      i += 2;
      continue;
    }
    if (token.kind === 'op') return { error: `Unexpected "${token.text}" in query.` };
    if (token.kind === 'word' && ['or', 'and', 'not'].includes(token.text.toLowerCase())) {
      if (token.text.toLowerCase() === 'and') continue;
      return { error: `The simulator does not support "${token.text}" in lead queries.` };
    }
    const needle = token.text.toLowerCase();
    predicates.push((lead) => nameOf(lead).includes(needle));
  }
  return { predicate: (lead) => predicates.every((p) => p(lead)) };
}

function nameOf(lead: CloseLeadRecord): string {
  return `${lead.name ?? ''}\u0000${lead.display_name}`.toLowerCase();
}

function compileTerm(field: string, op: string, value: string): { predicate: LeadPredicate } | { error: string } {
  const key = field.toLowerCase();
  if (key === 'date_created' || key === 'date_updated') {
    const bound = parseTimestampMicros(value);
    if (bound === undefined) return { error: `"${value}" is not an ISO date or date-time.` };
    const test = compareWith(op === ':' ? '=' : op, bound, isDateOnly(value));
    return { predicate: (lead) => test(parseTimestampMicros(lead[key]) ?? 0) };
  }
  if (op !== ':') return { error: `Operator "${op}" is only supported on date_created / date_updated.` };
  const needle = value.toLowerCase();
  if (key === 'name') return { predicate: (lead) => nameOf(lead).includes(needle) };
  if (key === 'status' || key === 'lead_status') return { predicate: (lead) => lead.status_label.toLowerCase() === needle };
  if (key === 'id') return { predicate: (lead) => lead.id === value };
  return { error: `The simulator does not support "${field}:" in lead queries.` };
}

/** A comparison of a stamp against `bound`; a bare date compares whole UTC days. */
function compareWith(op: string, bound: number, wholeDay: boolean): (micros: number) => boolean {
  const end = wholeDay ? bound + 86_400_000_000 : bound;
  switch (op) {
    case '>':
      return wholeDay ? (m) => m >= end : (m) => m > bound;
    case '>=':
      return (m) => m >= bound;
    case '<':
      return (m) => m < bound;
    case '<=':
      return wholeDay ? (m) => m < end : (m) => m <= bound;
    default:
      return wholeDay ? (m) => m >= bound && m < end : (m) => m === bound;
  }
}

interface Token {
  kind: 'word' | 'op';
  text: string;
}

/** Words, `"quoted phrases"` and operators; the value after an operator runs to a space. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '>' || ch === '<' || ch === ':') {
      const text = query[i + 1] === '=' && ch !== ':' ? `${ch}=` : ch;
      tokens.push({ kind: 'op', text });
      i += text.length;
      while (/\s/.test(query[i] ?? '')) i++;
      if (i < query.length) i = readWord(query, i, tokens, true);
    } else {
      i = readWord(query, i, tokens, false);
    }
  }
  return tokens;
}

function readWord(query: string, start: number, tokens: Token[], afterOperator: boolean): number {
  if (query[start] === '"') {
    const close = query.indexOf('"', start + 1);
    const end = close === -1 ? query.length : close;
    tokens.push({ kind: 'word', text: query.slice(start + 1, end) });
    return end + 1;
  }
  const stop = afterOperator ? /\s/ : /[\s:<>"]/;
  let end = start;
  while (end < query.length && !stop.test(query[end])) end++;
  tokens.push({ kind: 'word', text: query.slice(start, end) });
  return end;
}

// ------------------------------------------------------------------ opportunity filters

const EQUALITY_FIELDS = ['lead_id', 'user_id', 'status_id', 'status_type', 'status_label', 'value_period', 'contact_id'] as const;
const DATE_FIELDS = ['date_won', 'date_created', 'date_updated'] as const;
const DATE_SUFFIXES: Record<string, string> = { '': '=', __gt: '>', __gte: '>=', __lt: '<', __lte: '<=' };
const ORDER_FIELDS = [
  'date_won', 'date_updated', 'date_created', 'confidence', 'user_name', 'value', 'annualized_value',
  'annualized_expected_value',
] as const;

/**
 * Filters documented for GET /opportunity/ (https://developer.close.com/api/resources/opportunities):
 * equality and `__in` on lead_id, user_id, status_id, status_type, status_label, value_period;
 * `date_won` / `date_created` / `date_updated` with `__gt`, `__gte`, `__lt`, `__lte`; `_order_by`.
 */
export function filterOpportunities(
  items: CloseOpportunity[],
  query: QueryParams,
  problems: FieldErrors,
): CloseOpportunity[] {
  const tests: ((o: CloseOpportunity) => boolean)[] = [];
  for (const field of EQUALITY_FIELDS) {
    const eq = queryValue(query, field);
    if (eq !== undefined) tests.push((o) => o[field] === eq);
    const within = queryValue(query, `${field}__in`);
    if (within !== undefined) {
      const set = new Set(within.split(',').map((v) => v.trim()));
      tests.push((o) => o[field] !== null && set.has(String(o[field])));
    }
  }
  for (const field of DATE_FIELDS) {
    for (const [suffix, op] of Object.entries(DATE_SUFFIXES)) {
      const raw = queryValue(query, `${field}${suffix}`);
      if (raw === undefined) continue;
      const bound = parseTimestampMicros(raw);
      if (bound === undefined) {
        problems.add(`${field}${suffix}`, 'Enter a valid date/time.');
        continue;
      }
      const test = compareWith(op, bound, isDateOnly(raw));
      tests.push((o) => {
        const stamp = o[field];
        return stamp !== null && test(parseTimestampMicros(stamp) ?? 0);
      });
    }
  }
  let out = tests.length === 0 ? items : items.filter((o) => tests.every((t) => t(o)));
  const orderBy = queryValue(query, '_order_by');
  if (orderBy) {
    const descending = orderBy.startsWith('-');
    const field = orderBy.replace(/^-/, '') as (typeof ORDER_FIELDS)[number];
    if (!ORDER_FIELDS.includes(field)) problems.add('_order_by', `"${orderBy}" is not a valid choice.`);
    else out = [...out].sort((a, b) => compareValues(a[field], b[field]) * (descending ? -1 : 1));
  }
  return out;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

/** Aggregates every opportunity list carries (over all matches, not just the page). */
export function opportunityAggregates(items: CloseOpportunity[], currency = 'USD'): Record<string, unknown> {
  const count: Record<string, number> = {};
  const total = { one_time: 0, monthly: 0, annual: 0 };
  const expected = { one_time: 0, monthly: 0, annual: 0 };
  for (const o of items) {
    count[o.value_period] = (count[o.value_period] ?? 0) + 1;
    total[o.value_period] += o.value ?? 0;
    expected[o.value_period] += o.expected_value ?? 0;
  }
  const sums = {
    total_value_one_time: total.one_time,
    total_value_monthly: total.monthly,
    total_value_annual: total.annual,
    total_value_annualized: total.one_time + total.annual + total.monthly * 12,
    expected_value_one_time: expected.one_time,
    expected_value_monthly: expected.monthly,
    expected_value_annual: expected.annual,
    expected_value_annualized: expected.one_time + expected.annual + expected.monthly * 12,
  };
  const formatted = Object.fromEntries(
    Object.entries(sums).map(([key, cents]) => [`${key}_formatted`, formatMoney(cents, currency)]),
  );
  return { total_results: items.length, count_by_value_period: count, ...sums, ...formatted };
}
