import { z } from 'zod';

/**
 * One key of an instance's configuration. Values travel as strings, as on the Cloud Elements
 * wire; `secret` keys are encrypted at rest and answered as `********`.
 */
export interface ConfigKey {
  key: string;
  name: string;
  description?: string;
  type?: 'TEXTFIELD_32' | 'TEXTFIELD_1000' | 'TEXTAREA' | 'PASSWORD' | 'BOOLEAN' | 'NUMBER';
  required?: boolean;
  secret?: boolean;
  defaultValue?: string;
  /** Checks the string value; the error names the key. */
  schema?: z.ZodType<string>;
  /** Kept off the element's public configuration list (token fields written by Junction itself). */
  internal?: boolean;
}

/** The mask used for secret values in every response. */
export const SECRET_MASK = '********';

/** Keys every element instance understands, whatever the vendor. */
export const commonConfiguration: ConfigKey[] = [
  {
    key: 'filter.response.nulls',
    name: 'Filter null values from the response',
    type: 'BOOLEAN',
    defaultValue: 'true',
    schema: z.enum(['true', 'false']),
  },
  { key: 'event.notification.enabled', name: 'Events enabled', type: 'BOOLEAN', defaultValue: 'false', schema: z.enum(['true', 'false']) },
  { key: 'event.vendor.type', name: 'Event type', type: 'TEXTFIELD_32', schema: z.enum(['polling', 'webhook', 'webhooks']) },
  { key: 'event.notification.callback.url', name: 'Event notification callback URL', type: 'TEXTFIELD_1000', schema: z.url() },
  { key: 'event.notification.signature.key', name: 'Callback notification signature key', type: 'TEXTFIELD_1000', secret: true },
  { key: 'event.poller.refresh_interval', name: 'Event poller refresh interval (minutes)', type: 'NUMBER', defaultValue: '15', schema: z.string().regex(/^\d+(\.\d+)?$/, 'a number of minutes') },
  { key: 'event.objects', name: 'Objects to watch for events', type: 'TEXTFIELD_1000' },
  { key: 'event.poller.configuration', name: 'Event poller configuration', type: 'TEXTAREA' },
];

/**
 * Converts values the client sent (JSON strings, numbers, booleans) to the strings the wire
 * contract stores, rejecting objects and arrays except for JSON-valued keys.
 */
export function configValueToString(key: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (key === 'event.poller.configuration' || key === 'event.metadata') return JSON.stringify(value);
  throw new TypeError(`configuration '${key}' must be a string, number or boolean`);
}
