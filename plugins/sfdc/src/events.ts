import { signaturesMatch, type ElementEvents, type NormalizedChange } from '@junction/core';
import { deletedSince } from './deleted-records';
import { ACK_RESPONSE, outboundMessage } from './outbound-message';
import { accounts } from './resources/accounts';
import { contacts } from './resources/contacts';
import { leads } from './resources/leads';
import { opportunities } from './resources/opportunities';

/** The configuration key holding the org's 18-character id, taken from the OAuth token response. */
export const ORGANIZATION_ID_KEY = 'sfdc.organization.id';
/** The configuration key holding the secret the outbound message endpoint URL carries as `?token=`. */
export const WEBHOOK_TOKEN_KEY = 'sfdc.webhook.token';

const RESOURCES = [accounts, contacts, leads, opportunities];
/** Hub resource names by sObject type (`Contact` → `contacts`). */
const HUB_RESOURCES = new Map(RESOURCES.map((r) => [r.vendorName, r.name]));

/**
 * Salesforce events. Polling: every resource through its own list, `modifiedDate` pushed down, and
 * its deletions through sObject Get Deleted (see `deletedSince`).
 *
 * Webhooks are outbound messages, which an admin adds to a flow or workflow rule in Salesforce
 * Setup (there is no API to subscribe from here) with the endpoint URL
 * `{JUNCTION_PUBLIC_URL}/elements/api-v2/events/sfdc/{base64(instanceId)}?token=<sfdc.webhook.token>`.
 * They carry no signature. Salesforce's security advice is to check the organization id each
 * message carries and to accept only what could come from Salesforce
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_security.htm);
 * org ids are not secret, so a message is accepted only when it also comes to the secret URL: the
 * `token` query parameter equals the instance's `sfdc.webhook.token` (compared in constant time)
 * and `OrganizationId` equals its `sfdc.organization.id`. Restricting the ingress to Salesforce's IP
 * ranges at the proxy adds to this; the token and the org check do not depend on it.
 *
 * A message does not say whether its records were created or edited (a rule fires on both), so
 * every change is `UPDATED`; its date is the record's `LastModifiedDate` (or `SystemModstamp`)
 * when the message includes that field.
 */
export const sfdcEvents: ElementEvents = {
  polling: { objects: RESOURCES.map((resource) => ({ resource, deletions: deletedSince(resource.vendorName, resource.name) })) },
  webhook: {
    objects: RESOURCES.map((r) => r.name),
    verify: (request, secrets) => {
      const token = secrets.config[WEBHOOK_TOKEN_KEY];
      const organizationId = secrets.config[ORGANIZATION_ID_KEY];
      if (!token || !organizationId || !signaturesMatch(token, request.query.token)) return false;
      return outboundMessage(request.raw).organizationId === organizationId;
    },
    locate: (request) => ({ vendorAccountIds: [outboundMessage(request.raw).organizationId] }),
    accountConfigKey: ORGANIZATION_ID_KEY,
    normalize: (request) =>
      outboundMessage(request.raw).notifications.flatMap((notification): NormalizedChange[] => {
        const objectType = HUB_RESOURCES.get(notification.sObjectType);
        const objectId = notification.fields.Id;
        if (!objectType || !objectId) return [];
        const date = notification.fields.LastModifiedDate ?? notification.fields.SystemModstamp;
        return [{ eventType: 'UPDATED', objectType, objectId, date: date && !Number.isNaN(Date.parse(date)) ? date : new Date().toISOString(), raw: notification }];
      }),
    // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm (notificationsResponse)
    acknowledge: () => ({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: ACK_RESPONSE }),
  },
};
