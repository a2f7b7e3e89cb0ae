/**
 * Fills `{name}` placeholders from a lookup. A missing value throws naming the key, because a
 * URL with a hole in it would send credentials to the wrong place.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new Error(`configuration '${name}' is required`);
    return value;
  });
}

/** Joins a base URL and a relative path, keeping absolute URLs (next-page links) as they are. */
export function joinUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
