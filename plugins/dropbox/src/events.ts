import { createHmac } from 'node:crypto';
import { OAUTH_KEYS, signaturesMatch, type ElementEvents, type WebhookRequest } from '@junction/core';
import { changedSince, FILES_OBJECT } from './operations/changes';

/**
 * The configuration key holding the Dropbox account id (`dbid:…`) of an instance, learned from
 * `users/get_current_account` when the instance is created or re-authorized. Webhook
 * notifications name accounts, and are routed to instances by it.
 */
export const ACCOUNT_ID_KEY = 'dropbox.account.id';

/** A challenge is a short random string; anything much longer is not Dropbox's. */
const MAX_CHALLENGE_LENGTH = 1000;

/** The `list_folder.accounts` of a notification: the accounts whose files changed. */
function notifiedAccounts(body: unknown): string[] {
  const accounts = (body as { list_folder?: { accounts?: unknown } } | undefined)?.list_folder?.accounts;
  return Array.isArray(accounts) ? accounts.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * Dropbox events. Polling: the account's change cursor (`files`, the whole Dropbox, deletions
 * included). Webhooks: the URI is set once per app in the App Console (there is no API for it,
 * so nothing to subscribe); a notification only names the accounts that changed, so the hub
 * polls their instances' cursors at once. https://www.dropbox.com/developers/reference/webhooks
 */
export const dropboxEvents: ElementEvents = {
  polling: { objects: [{ objectType: FILES_OBJECT, changedSince }] },
  webhook: {
    objects: [FILES_OBJECT],
    // `X-Dropbox-Signature` = hex HMAC-SHA256 of the whole body, keyed with the app secret. Dropbox
    // signs no timestamp, so a replayed notification verifies; it can only cause an extra poll.
    verify: (request, secrets) => {
      const appSecret = secrets.config[OAUTH_KEYS.clientSecret];
      const signature = request.headers['x-dropbox-signature'];
      if (!appSecret || !signature) return false;
      const expected = createHmac('sha256', appSecret).update(request.raw).digest('hex');
      return signaturesMatch(expected, signature.toLowerCase());
    },
    // Adding the URI in the App Console sends `GET ?challenge=…`; echoing it as plain text (and
    // forbidding content sniffing, so the echo cannot be made into a page) proves the URI wants
    // notifications.
    challenge: (request: WebhookRequest) => {
      const challenge = request.query.challenge;
      if (request.method !== 'GET' || !challenge || challenge.length > MAX_CHALLENGE_LENGTH) return undefined;
      return { status: 200, headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }, body: challenge };
    },
    locate: (request) => ({ vendorAccountIds: notifiedAccounts(request.body) }),
    accountConfigKey: ACCOUNT_ID_KEY,
    // The notification carries no changes: the poll it triggers reads them.
    normalize: () => [],
    pollsOnNotify: true,
  },
};
