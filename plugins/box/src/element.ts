import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import packageJson from '../package.json';
import { boxProviderMessage } from './box-api';
import { boxDocuments } from './documents';

/**
 * Box (API 2.0) for the documents hub. Box addresses items by id; hub paths are resolved by walking
 * folder listings from the root. https://developer.box.com/reference/
 */
export const box = defineElement({
  key: 'box',
  name: 'Box',
  hub: 'documents',
  version: packageJson.version,
  description: 'Box files and folders: upload, download, copy, move, share, search',
  contract: CONTRACT_VERSION,
  // https://developer.box.com/guides/authentication/oauth2/ — Box replaces the refresh token on every refresh.
  auth: oauth2({
    authorizeUrl: 'https://account.box.com/api/oauth2/authorize',
    tokenUrl: 'https://api.box.com/oauth2/token',
    revokeUrl: 'https://api.box.com/oauth2/revoke',
    rotatesRefreshToken: true,
    configuration: [
      {
        key: 'oauth.user.id',
        name: 'Box user id',
        description: 'The Box user this instance acts as (GET /users/me); Box webhooks are routed to the instance by it',
        type: 'TEXTFIELD_32',
      },
    ],
  }),
  http: {
    baseUrl: 'https://api.box.com/2.0',
    providerMessage: boxProviderMessage,
  },
  // https://developer.box.com/reference/get-users-me/
  // The user id is kept as `oauth.user.id`: Box webhooks name the user, not the instance.
  healthCheck: async (ctx) => {
    const me = await ctx.http.get<{ id: string }>('users/me', { fields: 'id' });
    return { configuration: { 'oauth.user.id': String(me.id) } };
  },
  resources: [],
  documents: boxDocuments(),
});
