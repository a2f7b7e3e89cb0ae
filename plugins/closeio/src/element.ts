import { basic, CONTRACT_VERSION, defineElement } from '@junction/core';
import packageJson from '../package.json';
import { closeProviderMessage, closeRetryDelay } from './close-api';
import { closeEvents } from './events';
import { accounts } from './resources/accounts';
import { contacts } from './resources/contacts';
import { opportunities } from './resources/opportunities';

/**
 * Close (close.com) CRM. The API key is the HTTP Basic username with an empty password.
 * https://developer.close.com/api/overview.md
 */
export const closeio = defineElement({
  key: 'closeio',
  name: 'Close',
  hub: 'crm',
  version: packageJson.version,
  description: 'Close CRM: leads as accounts, contacts and opportunities',
  contract: CONTRACT_VERSION,
  auth: basic({ usernameKey: 'username', passwordKey: 'password', passwordOptional: true, usernameLabel: 'Close API key', passwordLabel: 'Password (leave empty)' }),
  http: {
    baseUrl: 'https://api.close.com/api/v1',
    retry: { delayFromHeaders: closeRetryDelay },
    providerMessage: closeProviderMessage,
  },
  // https://developer.close.com/api/resources/me (GET /me/): the cheapest authenticated call
  healthCheck: async (ctx) => {
    await ctx.http.get('me/');
  },
  configuration: [
    {
      key: 'closeio.organization.id',
      name: 'Close organization id',
      description: 'Routes webhooks of subscriptions made outside Junction (posted to /events/closeio) to this instance',
    },
    {
      key: 'closeio.webhook.signature.key',
      name: 'Close webhook signature key',
      description: 'The signature_key of a subscription made outside Junction; Junction keeps the key of its own subscriptions itself',
      secret: true,
    },
  ],
  resources: [accounts, contacts, opportunities],
  events: closeEvents,
});
