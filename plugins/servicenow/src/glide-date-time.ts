/**
 * ServiceNow stores date-times as `yyyy-MM-dd HH:mm:ss` in UTC and answers them in that form when
 * asked for actual values (`sysparm_display_value=false`); the hub speaks ISO 8601.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (sysparm_display_value)
 */
const GLIDE_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/**
 * A subset of the ISO forms CEQL reads as dates, so a bound Junction pushes means the same instant
 * the hub's in-memory filter compares against: a date, or a date-time with seconds, optional
 * fraction and `Z` or `±hh:mm` (no offset means UTC, as in CEQL).
 */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** `2016-01-22 14:28:24` → `2016-01-22T14:28:24Z`; an empty value is no value, anything else passes through. */
export function isoFromGlide(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const match = GLIDE_DATE_TIME.exec(value);
  return match ? `${match[1]}T${match[2]}Z` : value;
}

/** An instant in ServiceNow's stored form; undefined outside the years 0000–9999 it can hold. */
export function glideFromEpoch(epochMs: number): string | undefined {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  if (!/^\d{4}-/.test(iso)) return undefined;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Epoch milliseconds of an ISO date or date-time, read exactly as the CEQL evaluator reads it. */
export function epochFromIso(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text);
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  // Milliseconds only, as the CEQL evaluator truncates: both sides then agree on the same instant.
  const epoch = Date.parse(`${date}T${time}${fraction.slice(0, 4)}${zone}`);
  return Number.isNaN(epoch) ? undefined : epoch;
}
