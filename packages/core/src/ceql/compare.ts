import type { CeqlValue } from './ast';
import { isNumberLiteral } from './lexer';

/** A record value reduced to something CEQL can compare; `undefined` means it cannot be (objects, arrays). */
export type Comparable = CeqlValue | undefined;

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Brings a record value into CEQL's value space: a missing field is null, a `Date` its ISO text. */
export function toComparable(value: unknown): Comparable {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}

function isNumeric(value: Comparable): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && isNumberLiteral(value));
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time, or `undefined` if `text` is not one.
 * A date-time without an offset is read as UTC rather than local time (what `Date.parse` would do),
 * so results do not depend on the server's time zone and `2016-02-06` equals `2016-02-06T00:00:00`.
 */
export function parseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [, date, time = '00:00', fraction = '', offset = 'Z'] = match;
  // Date.parse only promises to read millisecond precision and `+hh:mm` offsets.
  const millis = fraction.slice(0, 4);
  const zone = offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset.toUpperCase();
  const epoch = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${millis}${zone}`);
  return Number.isNaN(epoch) ? undefined : epoch;
}

/**
 * CEQL `=`: strings case-sensitively, numbers numerically, and a number against a numeric string
 * numerically too (vendors often send numbers as strings). Null equals only null.
 */
export function ceqlEquals(left: Comparable, right: Comparable): boolean {
  if (left === undefined || right === undefined) return false;
  if (left === null || right === null) return left === right;
  if (typeof left === 'number' || typeof right === 'number') {
    return isNumeric(left) && isNumeric(right) && Number(left) === Number(right);
  }
  if (typeof left === 'boolean' || typeof right === 'boolean') return String(left) === String(right);
  return left === right;
}

/**
 * Orders two values for `<`, `>`, `<=` and `>=`: numerically when both are numeric, by instant
 * when both are ISO dates, else as strings. `undefined` when either side is null or not comparable,
 * which makes every ordering comparison false.
 */
export function ceqlOrder(left: Comparable, right: Comparable): number | undefined {
  if (left === undefined || right === undefined || left === null || right === null) return undefined;
  if (isNumeric(left) && isNumeric(right)) {
    const difference = Number(left) - Number(right);
    return Number.isNaN(difference) ? undefined : difference;
  }
  if (typeof left === 'string' && typeof right === 'string') {
    const leftDate = parseIsoDate(left);
    const rightDate = parseIsoDate(right);
    if (leftDate !== undefined && rightDate !== undefined) return leftDate - rightDate;
  }
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}
