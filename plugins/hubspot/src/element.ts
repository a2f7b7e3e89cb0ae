import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import packageJson from '../package.json';
import { OBJECT_TYPES, objectMetadata } from './discovery';
import { hubspotProviderMessage, hubspotRetryDelay } from './hubspot-api';
import { accounts } from './resources/accounts';
import { contacts } from './resources/contacts';
import { leads } from './resources/leads';
import { DEAL_PIPELINE_KEY, opportunities } from './resources/opportunities';

/**
 * HubSpot CRM through the v3 objects, search and properties APIs, with OAuth 2.0 (access tokens
 * live 30 minutes; core refreshes them ahead of expiry).
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide
 */
export const hubspot = defineElement({
  key: 'hubspot',
  name: 'HubSpot',
  hub: 'crm',
  version: packageJson.version,
  description: 'HubSpot CRM: companies as accounts, contacts, leads (contacts in the lead stage) and deals as opportunities',
  contract: CONTRACT_VERSION,
  // https://developers.hubspot.com/docs/api/oauth-quickstart-guide (authorize on app.hubspot.com, token on api.hubapi.com)
  auth: oauth2({
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    scopes: [
      'oauth',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.companies.read',
      'crm.objects.companies.write',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
      'crm.schemas.contacts.read',
      'crm.schemas.companies.read',
      'crm.schemas.deals.read',
    ],
    scopeSeparator: ' ',
  }),
  configuration: [
    {
      key: DEAL_PIPELINE_KEY,
      name: 'Pipeline for new opportunities',
      description: 'Internal id of the deal pipeline that opportunities created through Junction go into',
      type: 'TEXTFIELD_1000',
      defaultValue: 'default',
    },
  ],
  http: {
    baseUrl: 'https://api.hubapi.com',
    retry: { delayFromHeaders: hubspotRetryDelay },
    providerMessage: hubspotProviderMessage,
  },
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/contacts?limit=1): cheap and needs only the contacts scope
  healthCheck: async (ctx) => {
    await ctx.http.get('crm/v3/objects/contacts', { limit: 1 });
  },
  resources: [accounts, contacts, leads, opportunities],
  // Polled through each resource's own list with `modifiedDate` pushed down; the hub keeps the high-water mark.
  events: { polling: { objects: [{ resource: accounts }, { resource: contacts }, { resource: leads }, { resource: opportunities }] } },
  objects: {
    list: async () => OBJECT_TYPES,
    metadata: objectMetadata,
  },
});
