import facts from './routes.json';

/** A route as the spec declares it: where it is served and how its argument travels. */
export interface StoneRoute {
  spec: string;
  stone: string;
  host: 'api' | 'content';
  style: 'rpc' | 'upload' | 'download';
  arg: string;
}

export const routes = facts.routes as Record<string, StoneRoute>;
const structs = facts.structs as Record<string, { spec: string; extends?: string; fields: Record<string, string> }>;
const unions = facts.unions as Record<string, { spec: string; tags: string[] }>;
export { structs, unions };

/** Every field a struct declares, its parents' included. */
export function fieldsOf(struct: string): Record<string, string> {
  const definition = structs[struct];
  return { ...(definition.extends ? fieldsOf(definition.extends) : {}), ...definition.fields };
}

/**
 * Problems with `value` as an instance of the spec type `type` (empty when none): unknown
 * fields, wrong JSON types, union tags the spec does not declare.
 */
export function checkValue(value: unknown, type: string, where: string): string[] {
  const scalar: Record<string, (v: unknown) => boolean> = {
    String: (v) => typeof v === 'string',
    Timestamp: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v),
    Boolean: (v) => typeof v === 'boolean',
    UInt32: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32,
    UInt64: (v) => Number.isInteger(v) && (v as number) >= 0,
    List: (v) => Array.isArray(v),
    Any: () => true,
  };
  if (value === null) return [];
  if (scalar[type]) return scalar[type](value) ? [] : [`${where}: expected ${type}, got ${JSON.stringify(value)}`];
  if (unions[type]) {
    const tag = typeof value === 'string' ? value : (value as { '.tag'?: unknown })?.['.tag'];
    return typeof tag === 'string' && unions[type].tags.includes(tag) ? [] : [`${where}: ${JSON.stringify(value)} is not a ${type} tag (${unions[type].tags.join(', ')})`];
  }
  if (!structs[type]) return [`${where}: type ${type} is missing from routes.json`];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${where}: expected a ${type} object`];
  const declared = fieldsOf(type);
  return Object.entries(value).flatMap(([field, v]) => (field in declared ? checkValue(v, declared[field], `${where}.${field}`) : [`${where}: ${type} declares no field '${field}'`]));
}
