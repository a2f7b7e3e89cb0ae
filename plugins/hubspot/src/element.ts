import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import packageJson from '../package.json';
import { OBJECT_TYPES, objectMetadata } from './discovery';
import { hubspotEvents, PORTAL_ID_KEY } from './events';
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
    {
      key: PORTAL_ID_KEY,
      name: 'HubSpot account (portal) id',
      description: 'The HubSpot account this instance is connected to, read when it is created; webhook events are routed to the instance by it',
      type: 'TEXTFIELD_32',
    },
  ],
  http: {
    baseUrl: 'https://api.hubapi.com',
    retry: { delayFromHeaders: hubspotRetryDelay },
    providerMessage: hubspotProviderMessage,
  },
  // https://developers.hubspot.com/docs/api-reference/legacy/account/account-information/guide (GET /account-info/v3/details):
  // cheap, needs only the `oauth` scope, and names the portal, which webhook deliveries are routed by.
  healthCheck: async (ctx) => {
    const account = await ctx.http.get<{ portalId: number }>('account-info/v3/details');
    return { configuration: { [PORTAL_ID_KEY]: String(account.portalId) } };
  },
  resources: [accounts, contacts, leads, opportunities],
  events: hubspotEvents,
  objects: {
    list: async () => OBJECT_TYPES,
    metadata: objectMetadata,
  },
});
