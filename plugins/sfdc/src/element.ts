import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import { z } from 'zod';
import packageJson from '../package.json';
import { ORGANIZATION_ID_KEY, sfdcEvents, WEBHOOK_TOKEN_KEY } from './events';
import { describeObject, listObjects } from './objects';
import { accounts } from './resources/accounts';
import { contacts } from './resources/contacts';
import { leads } from './resources/leads';
import { opportunities } from './resources/opportunities';
import { DATA_PATH, salesforceProviderMessage, salesforceStatus } from './salesforce-api';

/** An origin without a path: https, or plain http on the loopback for local stand-ins. */
const origin = z
  .string()
  .regex(/^(?:https:\/\/[A-Za-z0-9.-]+|http:\/\/(?:127\.0\.0\.1|localhost))(?::\d{1,5})?$/, 'an https origin without a path, e.g. https://test.salesforce.com');

/**
 * The org id in the token response's identity URL, `https://login.salesforce.com/id/{orgId}/{userId}`.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm (response `id`)
 */
function organizationIdOf(identityUrl: unknown): string | undefined {
  return typeof identityUrl === 'string' ? /\/id\/([A-Za-z0-9]{18})\/[A-Za-z0-9]{15,18}\/?$/.exec(identityUrl)?.[1] : undefined;
}

/**
 * Salesforce Sales Cloud over the REST API, authorized with the OAuth 2.0 web server flow.
 * Every call goes to the org's own `instance_url`, which the token response names.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_oauth_and_connected_apps.htm
 */
export const sfdc = defineElement({
  key: 'sfdc',
  name: 'Salesforce',
  hub: 'crm',
  version: packageJson.version,
  description: 'Salesforce Sales Cloud: accounts, contacts, leads and opportunities',
  contract: CONTRACT_VERSION,
  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
  auth: oauth2({
    authorizeUrl: '{siteAddress}/services/oauth2/authorize',
    tokenUrl: '{siteAddress}/services/oauth2/token',
    revokeUrl: '{siteAddress}/services/oauth2/revoke',
    defaults: { siteAddress: 'https://login.salesforce.com' },
    scopes: ['api', 'refresh_token'],
    // The token response has no expires_in: an expired session shows as 401 INVALID_SESSION_ID,
    // on which core refreshes once and retries. instance_url may change on refresh (org moves).
    // The org id, from the identity URL, is what outbound messages are checked against.
    fromTokenResponse: (body): Record<string, string> => {
      const organizationId = organizationIdOf(body.id);
      return {
        ...(typeof body.instance_url === 'string' ? { instance_url: body.instance_url.replace(/\/+$/, '') } : {}),
        ...(organizationId ? { [ORGANIZATION_ID_KEY]: organizationId } : {}),
      };
    },
    configuration: [
      {
        key: 'siteAddress',
        name: 'Salesforce login URL',
        description: 'https://login.salesforce.com for production, https://test.salesforce.com for sandboxes, or the org’s My Domain URL',
        type: 'TEXTFIELD_1000',
        defaultValue: 'https://login.salesforce.com',
        schema: origin,
      },
      { key: 'instance_url', name: 'Salesforce instance URL', type: 'TEXTFIELD_1000', internal: true, schema: origin },
    ],
  }),
  configuration: [
    {
      key: ORGANIZATION_ID_KEY,
      name: 'Salesforce organization id',
      description: 'The org this instance is connected to (18 characters), read from the OAuth token response; outbound messages must carry it',
      type: 'TEXTFIELD_32',
      schema: z.string().regex(/^[A-Za-z0-9]{18}$/, 'an 18-character Salesforce id'),
    },
    {
      key: WEBHOOK_TOKEN_KEY,
      name: 'Outbound message token',
      description: 'A random secret of at least 24 characters; the outbound message endpoint URL carries it as ?token=',
      type: 'PASSWORD',
      secret: true,
      schema: z.string().min(24, 'at least 24 characters').max(200).regex(/^[A-Za-z0-9._~-]+$/, 'letters, digits and . _ ~ - (URL-safe)'),
    },
  ],
  http: {
    baseUrl: `{instance_url}${DATA_PATH}`,
    providerMessage: salesforceProviderMessage,
    statusFor: salesforceStatus,
  },
  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-discoveryresource.md
  // (Resources by Version: the smallest call that needs a valid token; /services/data/ does not.)
  healthCheck: async (ctx) => {
    await ctx.http.get('');
  },
  resources: [accounts, contacts, leads, opportunities],
  events: sfdcEvents,
  objects: { list: listObjects, metadata: describeObject },
});
