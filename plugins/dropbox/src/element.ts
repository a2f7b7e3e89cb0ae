import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';
import { z } from 'zod';
import packageJson from '../package.json';
import { createDropboxDocuments } from './documents';
import { dropboxProviderMessage, dropboxStatusFor, parseVendor, rpc } from './dropbox-api';
import { ACCOUNT_ID_KEY, dropboxEvents } from './events';

/** The part of users.stone `FullAccount` Junction keeps. */
const CurrentAccount = z.looseObject({ account_id: z.string().min(1) });

/**
 * Dropbox (API v2) for the documents hub: files and folders by path or by Dropbox `id:` id.
 * Offline access gives a refresh token that stays the same across refreshes.
 * https://www.dropbox.com/developers/documentation/http/documentation
 */
export const dropbox = defineElement({
  key: 'dropbox',
  name: 'Dropbox',
  hub: 'documents',
  version: packageJson.version,
  description: 'Dropbox files and folders: upload, download, folders, search, shared links and quota',
  contract: CONTRACT_VERSION,
  // https://developers.dropbox.com/oauth-guide
  auth: oauth2({
    authorizeUrl: 'https://www.dropbox.com/oauth2/authorize',
    tokenUrl: 'https://api.dropboxapi.com/oauth2/token',
    scopes: ['account_info.read', 'files.metadata.read', 'files.content.read', 'files.content.write', 'sharing.read', 'sharing.write'],
    extraAuthorizeParams: { token_access_type: 'offline' },
    rotatesRefreshToken: false,
  }),
  http: {
    baseUrl: 'https://api.dropboxapi.com/2',
    providerMessage: dropboxProviderMessage,
    statusFor: dropboxStatusFor,
  },
  configuration: [
    {
      key: ACCOUNT_ID_KEY,
      name: 'Dropbox account id',
      description: 'The Dropbox account (dbid:…) this instance acts as, set from users/get_current_account; Dropbox webhook notifications are routed to the instance by it',
      type: 'TEXTFIELD_1000',
    },
  ],
  // https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account
  // The account id is kept: webhook notifications name accounts, not instances.
  healthCheck: async (ctx) => {
    const account = parseVendor(CurrentAccount, await rpc(ctx, 'users/get_current_account', null), 'the current account');
    return { configuration: { [ACCOUNT_ID_KEY]: account.account_id } };
  },
  resources: [],
  documents: createDropboxDocuments(),
  events: dropboxEvents,
});
