import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import { z } from 'zod';
import packageJson from '../package.json';
import { boxProviderMessage, ROOT_FOLDER_ID } from './box-api';
import { boxDocuments } from './documents';
import { boxFeed } from './events-feed';
import { boxWebhooks, WEBHOOK_KEYS } from './webhooks';

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
  configuration: [
    {
      key: WEBHOOK_KEYS.folderId,
      name: 'Box webhook folder id',
      description: 'The folder whose changes Box webhooks report (everything under it); Box allows no webhooks on the root folder (0)',
      type: 'TEXTFIELD_32',
      // https://developer.box.com/guides/webhooks/v2/limitations-v2/ (no webhooks on the root folder)
      schema: z
        .string()
        .regex(/^\d+$/, 'a Box folder id (digits)')
        .refine((id) => id !== ROOT_FOLDER_ID, 'Box allows no webhooks on the root folder (0): name a folder inside it'),
    },
    {
      key: WEBHOOK_KEYS.primaryKey,
      name: 'Box webhook primary signature key',
      description: "The application's primary webhook signature key (Developer Console, Webhooks, Manage signature keys)",
      type: 'PASSWORD',
      secret: true,
    },
    {
      key: WEBHOOK_KEYS.secondaryKey,
      name: 'Box webhook secondary signature key',
      description: "The application's secondary webhook signature key; either key verifies a delivery",
      type: 'PASSWORD',
      secret: true,
    },
  ],
  resources: [],
  documents: boxDocuments(),
  // Polling reads the user event stream, once per object; webhooks watch one folder.
  events: {
    polling: { objects: [boxFeed('files'), boxFeed('folders')] },
    webhook: boxWebhooks,
  },
});
