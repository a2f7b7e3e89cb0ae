const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Microseconds since the epoch of an ISO-8601 date or date-time (no offset means UTC), or
 * `undefined` if `text` is not one. Vendors stamp records with more than millisecond precision
 * (Close: microseconds), and two records a few microseconds apart must not look equal to the
 * high-water mark; microseconds since 1970 still fit exactly in a double.
 */
export function epochMicros(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, date, hhmm = '00:00', ss = ':00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${hhmm}${ss}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

/** ISO-8601 with milliseconds and `Z`, as the notification's `date` carries it. */
export function isoFromMicros(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}
