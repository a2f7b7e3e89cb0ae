import { basic, CONTRACT_VERSION, defineElement, oauth2, type ConfigKey, type ElementContext } from '@junction/core';
import { z } from 'zod';
import packageJson from '../package.json';
import { accounts } from './resources/accounts';
import { agents } from './resources/agents';
import { attachments } from './resources/attachments';
import { comments } from './resources/comments';
import { contacts } from './resources/contacts';
import { deletedRecords } from './deletions';
import { incidents } from './resources/incidents';
import { workNotes } from './resources/work-notes';
import { serviceNowProviderMessage } from './table-api';

/**
 * The instance name, `acme` in `https://acme.service-now.com`. It becomes part of a host name, so
 * only a DNS label is accepted: nothing that could move the request (and its credentials) elsewhere.
 */
const subdomain: ConfigKey = {
  key: 'servicenow.subdomain',
  name: 'ServiceNow instance name',
  description: 'The <name> in https://<name>.service-now.com',
  type: 'TEXTFIELD_32',
  required: true,
  schema: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'the instance name: letters, digits and hyphens only'),
};

const INSTANCE = 'https://{servicenow.subdomain}.service-now.com';

/** Everything the two ServiceNow elements share; they differ only in how they authenticate. */
const common = {
  hub: 'helpdesk' as const,
  version: packageJson.version,
  contract: CONTRACT_VERSION,
  configuration: [subdomain],
  http: {
    baseUrl: `${INSTANCE}/api/now`,
    // 429s carry Retry-After (seconds), which core honours; X-RateLimit-Reset is the hourly window end.
    // https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/inbound-REST-API-rate-limiting.html
    providerMessage: serviceNowProviderMessage,
  },
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/sys_user):
  // one sys_id, no count query; any user who can log in can read their own user record.
  healthCheck: async (ctx: ElementContext) => {
    await ctx.http.get('table/sys_user', { sysparm_limit: 1, sysparm_fields: 'sys_id', sysparm_no_count: true });
  },
  // Where two resources share a table, the first declared answers its vendor-native name:
  // contacts for sys_user (agents are read-only), work-notes for sys_journal_field.
  resources: [incidents, workNotes, comments, contacts, agents, accounts, attachments],
  // Polled through each resource's own list with `modifiedDate` pushed down; the hub keeps the high-water mark.
  // Deletions come from the Deleted Records table. The deleted user's roles are not in its audit
  // row, so agents report every deleted sys_user, as contacts do.
  events: {
    polling: {
      objects: [
        { resource: incidents, deletions: deletedRecords('incident', 'incidents') },
        { resource: agents, deletions: deletedRecords('sys_user', 'agents') },
        { resource: contacts, deletions: deletedRecords('sys_user', 'contacts') },
        { resource: accounts, deletions: deletedRecords('core_company', 'accounts') },
      ],
    },
  },
};

/** ServiceNow helpdesk with HTTP Basic credentials of an integration user. */
export const servicenow = defineElement({
  key: 'servicenow',
  name: 'ServiceNow',
  description: 'ServiceNow incidents, comments, work notes, attachments, users and companies (basic authentication)',
  auth: basic({ usernameKey: 'username', passwordKey: 'password', usernameLabel: 'ServiceNow user name', passwordLabel: 'ServiceNow password' }),
  ...common,
});

/**
 * ServiceNow helpdesk through the instance's own OAuth 2.0 server (an Application Registry entry).
 * https://www.servicenow.com/docs/r/platform-security/authentication/c_OAuthAuthorizationCodeFlow.html
 */
export const servicenowoauth = defineElement({
  key: 'servicenowoauth',
  name: 'ServiceNow',
  description: 'ServiceNow incidents, comments, work notes, attachments, users and companies (OAuth 2.0)',
  auth: oauth2({
    authorizeUrl: `${INSTANCE}/oauth_auth.do`,
    tokenUrl: `${INSTANCE}/oauth_token.do`,
    scopes: [],
    defaults: {},
  }),
  ...common,
});
