/** Element keys and resource names: lower-case letters and digits, kebab-case (as core validates them). */
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `zoho-crm` → `zohoCrm`: the identifier an element or resource is exported as. */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `zoho-crm` → `ZohoCrm`: the prefix of the vendor record types. */
export function pascalCase(kebab: string): string {
  const camel = camelCase(kebab);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** `zoho-crm` → `ZOHO_CRM`: the prefix of the environment variables that carry credentials. */
export function constantCase(kebab: string): string {
  return kebab.replace(/-/g, '_').toUpperCase();
}

/** `accountId` → `account_id`: the generic vendor's field name for a hub field. */
export function snakeCase(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `pipedrive` → `Pipedrive`, `zoho-crm` → `Zoho Crm`: a display name until the author gives one. */
export function titleCase(kebab: string): string {
  return kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** `opportunities` → `opportunity`, `contacts` → `contact`: the vendor's name for one record. */
export function singular(plural: string): string {
  if (/ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  if (/s$/.test(plural) && !/ss$/.test(plural)) return plural.slice(0, -1);
  return plural;
}

/** Throws a message naming the option and the expected shape unless `value` is kebab-case. */
export function assertKebab(option: string, value: string): void {
  if (!KEBAB.test(value)) {
    throw new Error(`${option} '${value}' is invalid: use lower-case letters and digits in kebab-case, starting with a letter (e.g. 'pipedrive', 'zoho-crm')`);
  }
}
