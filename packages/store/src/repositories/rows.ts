/*
 * Small helpers shared by the repositories.
 */

/** Whether `id` can be a row id; anything else cannot match a row, so lookups answer "not found". */
export function isId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** Applies a key-by-key patch: a string sets the key, `null` removes it. */
export function mergeRecord(
  base: Record<string, string>,
  patch: Record<string, string | null> | undefined,
): Record<string, string> {
  if (!patch) return base;
  // A Map, then fromEntries: a key such as "__proto__" stays an ordinary own property.
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else if (value !== undefined) merged.set(key, value);
  }
  return Object.fromEntries(merged);
}
