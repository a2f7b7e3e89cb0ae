import {
  BadRequestError,
  configurationOf,
  configValueToString,
  SECRET_MASK,
  type ElementDefinition,
} from '@junction/core';
import type { InstanceRecord } from '@junction/store';

export type ConfigPatch = Record<string, string | null>;

/** Reads a client's configuration object into strings, naming the first key that is not acceptable. */
export function readConfiguration(element: ElementDefinition, raw: unknown): ConfigPatch {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestError("'configuration' must be an object of key → value");
  const keys = new Map(configurationOf(element).map((k) => [k.key, k]));
  const patch: ConfigPatch = {};
  for (const [key, value] of Object.entries(raw)) {
    let text: string | null;
    try {
      text = configValueToString(key, value);
    } catch (error) {
      throw new BadRequestError(`Invalid configuration: ${(error as Error).message}`);
    }
    const schema = keys.get(key)?.schema;
    if (text !== null && text !== '' && schema) {
      const checked = schema.safeParse(text);
      if (!checked.success) throw new BadRequestError(`Invalid configuration '${key}': ${checked.error.issues[0].message}`);
    }
    patch[key] = text;
  }
  return patch;
}

/** Defaults for keys the client did not send. */
export function withDefaults(element: ElementDefinition, patch: ConfigPatch): ConfigPatch {
  const filled: ConfigPatch = {};
  for (const key of configurationOf(element)) if (key.defaultValue !== undefined) filled[key.key] = key.defaultValue;
  return { ...filled, ...patch };
}

/** Splits a patch into the plain part and the part sealed at rest. */
export function splitSecrets(element: ElementDefinition, patch: ConfigPatch): { configuration: ConfigPatch; secrets: ConfigPatch } {
  const secretKeys = new Set(configurationOf(element).filter((k) => k.secret).map((k) => k.key));
  const configuration: ConfigPatch = {};
  const secrets: ConfigPatch = {};
  for (const [key, value] of Object.entries(patch)) (secretKeys.has(key) ? secrets : configuration)[key] = value;
  return { configuration, secrets };
}

/** Configuration and secrets merged: what the element sees. */
export function effectiveConfig(instance: Pick<InstanceRecord, 'configuration' | 'secrets'>): Record<string, string> {
  return { ...instance.configuration, ...instance.secrets };
}

/** Names the required keys missing from a configuration. */
export function missingRequired(element: ElementDefinition, config: Record<string, string | null | undefined>, skip: string[] = []): string[] {
  return configurationOf(element)
    .filter((k) => k.required && !skip.includes(k.key))
    .map((k) => k.key)
    .filter((key) => config[key] === undefined || config[key] === null || config[key] === '');
}

/** The configuration map of an instance response: secrets masked, internal token keys hidden. */
export function maskedConfiguration(element: ElementDefinition, instance: InstanceRecord): Record<string, string> {
  const internal = new Set(configurationOf(element).filter((k) => k.internal).map((k) => k.key));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(instance.configuration)) if (!internal.has(key)) out[key] = value;
  for (const key of Object.keys(instance.secrets)) if (!internal.has(key)) out[key] = SECRET_MASK;
  return out;
}

/** `GET /instances/{id}/configuration`: one entry per key, with an id stable for the element's key order. */
export function configurationEntries(element: ElementDefinition, instance: InstanceRecord) {
  const masked = maskedConfiguration(element, instance);
  const declared = configurationOf(element).filter((k) => !k.internal);
  const extra = Object.keys(masked).filter((key) => !declared.some((k) => k.key === key)).sort();
  const entries = [
    ...declared.map((k) => ({ key: k.key, name: k.name, description: k.description ?? k.name, type: k.type ?? 'TEXTFIELD_1000' })),
    ...extra.map((key) => ({ key, name: key, description: key, type: 'TEXTFIELD_1000' })),
  ];
  return entries.map((entry, index) => ({
    id: instance.id * 1000 + index + 1,
    ...entry,
    propertyValue: masked[entry.key] ?? null,
  }));
}
