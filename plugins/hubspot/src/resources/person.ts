import { text, type HubSpotObject } from '../crm-objects';

/** HubSpot keeps `firstname` and `lastname`; the hub's `name` is the two joined. */
export function fullName(contact: HubSpotObject): string | undefined {
  const parts = [text(contact, 'firstname'), text(contact, 'lastname')].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * A hub body that sets only `name` (no first or last name) is split at the first space, the
 * way the name would read in HubSpot's own form: first word, then the rest.
 */
export function nameProperties(body: Record<string, unknown>): Record<string, string> {
  if (typeof body.name !== 'string' || body.firstName !== undefined || body.lastName !== undefined) return {};
  const trimmed = body.name.trim();
  const space = trimmed.indexOf(' ');
  return space < 0 ? { lastname: trimmed } : { firstname: trimmed.slice(0, space), lastname: trimmed.slice(space + 1) };
}
