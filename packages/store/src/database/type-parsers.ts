/*
 * One set of column parsers for both engines, so that a row read through PGlite and the same row
 * read through node-postgres are deep-equal. Both receive Postgres' text output (DateStyle ISO).
 */

/** OIDs of the built-in types whose JS shape differs between the two drivers. */
export const oids = { textArray: 1009, int8: 20, int8Array: 1016, timestamptz: 1184, timestamptzArray: 1185 } as const;

/** `bigint` → `number` while it is exact, else a JS `bigint` (PGlite's own behaviour, which pg lacks). */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const timestamptzPattern =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/**
 * `timestamptz` text → ISO-8601 with `Z` and millisecond precision.
 * `infinity`/`-infinity` pass through; anything else unexpected (BC dates, a non-ISO DateStyle) throws.
 */
export function parseTimestamptz(text: string): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const m = timestamptzPattern.exec(text);
  if (!m) throw new Error(`Unsupported timestamptz text "${text}" (expected DateStyle ISO, AD dates)`);
  const [, y, mo, d, h, mi, s, frac = '0', sign, oh, om = '0', os = '0'] = m;
  const millis = Math.floor(Number(`0.${frac}`) * 1000);
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), millis);
  return new Date(date.getTime() - offsetSeconds * 1000).toISOString();
}
