function hasNulls(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNulls);
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === null || v === undefined || (typeof v === 'object' && hasNulls(v))) return true;
  }
  return false;
}

/**
 * Drops null and undefined values (the `filter.response.nulls` default), recursing into objects.
 * Subtrees without any are returned as they are: most hub records have none, and copying every
 * record of every page showed up in profiles.
 */
export function withoutNulls(value: unknown): unknown {
  if (!hasNulls(value)) return value;
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

/** Keeps the listed top-level fields (and `id`, so records stay addressable). */
export function project(record: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return record;
  const out: Record<string, unknown> = {};
  for (const f of ['id', ...fields]) if (f in record) out[f] = record[f];
  return out;
}

/** Sorts a page in memory by the `orderBy` fields; values compare as numbers, dates, then strings. */
export function sortRecords(records: Record<string, unknown>[], orderBy: { field: string; direction: 'asc' | 'desc' }[] | undefined) {
  if (!orderBy?.length) return records;
  const compare = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === undefined || a === null) return 1;
    if (b === undefined || b === null) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b));
  };
  return [...records].sort((x, y) => {
    for (const { field, direction } of orderBy) {
      const c = compare(x[field], y[field]);
      if (c !== 0) return direction === 'asc' ? c : -c;
    }
    return 0;
  });
}
