/** The hubs an element can serve (core's `HUBS`). */
export const HUB_KEYS = ['crm', 'documents', 'helpdesk'] as const;
export type HubKey = (typeof HUB_KEYS)[number];

export const AUTH_KINDS = ['oauth2', 'basic', 'apiKey'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** A hub resource an element scaffold starts with, and the core model it is normalized to. */
export interface HubResource {
  name: string;
  model: string;
  description: string;
}

/**
 * What each hub's elements serve, in creation order (parents first, so a contact can point at
 * the account created before it). The documents hub moves bytes through core's `DocumentsApi`
 * rather than through record resources, so it starts with none.
 */
export const hubResources: Record<HubKey, HubResource[]> = {
  crm: [
    { name: 'accounts', model: 'Account', description: 'Companies' },
    { name: 'contacts', model: 'Contact', description: 'People at an account' },
    { name: 'leads', model: 'Lead', description: 'Prospects not yet qualified' },
    { name: 'opportunities', model: 'Opportunity', description: 'Deals in the pipeline' },
  ],
  helpdesk: [{ name: 'incidents', model: 'Incident', description: 'Tickets raised by requesters' }],
  documents: [],
};

/** The model a resource name implies in any hub (`leads` → `Lead`), for `:resource` without `--model`. */
export function defaultModelFor(resource: string): string | undefined {
  for (const resources of Object.values(hubResources)) {
    const known = resources.find((r) => r.name === resource);
    if (known) return known.model;
  }
  return undefined;
}
