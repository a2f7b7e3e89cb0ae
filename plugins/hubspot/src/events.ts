import { createHmac } from 'node:crypto';
import { OAUTH_KEYS, signaturesMatch, type ChangeType, type ElementEvents, type NormalizedChange, type WebhookRequest } from '@junction/core';
import { archivedDeletions } from './archived';
import { accounts, accountsSpec } from './resources/accounts';
import { contacts, contactsSpec } from './resources/contacts';
import { leads, leadsSpec } from './resources/leads';
import { opportunities, opportunitiesSpec } from './resources/opportunities';

/** The configuration key holding the HubSpot account (portal, "hub id") an instance is connected to. */
export const PORTAL_ID_KEY = 'hubspot.portal.id';

/**
 * HubSpot objects by the hub resource they are, under both names deliveries use: the legacy
 * `contact.creation` prefix and the generic `object.creation` + `objectTypeId`.
 * https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions
 */
const OBJECTS: { hub: string; legacy: string; typeId: string }[] = [
  { hub: accounts.name, legacy: 'company', typeId: '0-2' },
  { hub: contacts.name, legacy: 'contact', typeId: '0-1' },
  { hub: opportunities.name, legacy: 'deal', typeId: '0-3' },
];

/**
 * What each subscription type's action means for the record. A merge reports the surviving record
 * as updated; a restore (undelete) brings a record back as it was, which the app sees as updated.
 * Association changes are not reported: they name two records and change neither's fields.
 * https://developers.hubspot.com/docs/api/webhooks (subscription types)
 */
const ACTIONS: Record<string, ChangeType> = {
  creation: 'CREATED',
  propertyChange: 'UPDATED',
  deletion: 'DELETED',
  privacyDeletion: 'DELETED',
  merge: 'UPDATED',
  restore: 'UPDATED',
};

/** HubSpot asks receivers to refuse anything signed more than five minutes ago; later than that ahead is refused too (clock skew aside, it is a forgery). */
const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

/** Characters HubSpot signs decoded although they arrive percent-encoded in the URL. */
const DECODED_IN_SIGNATURE: Record<string, string> = {
  '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';',
};

/** One event of a delivery. https://developers.hubspot.com/docs/api/webhooks (webhook payloads) */
interface HubSpotEvent {
  eventId?: number;
  subscriptionId?: number;
  portalId?: number;
  appId?: number;
  occurredAt?: number;
  subscriptionType?: string;
  objectTypeId?: string;
  objectId?: number;
  propertyName?: string;
  propertyValue?: string;
  attemptNumber?: number;
}

/** The events of a delivery: HubSpot posts a JSON array of up to 100, possibly of several portals. */
function eventsOf(body: unknown): HubSpotEvent[] {
  return Array.isArray(body) ? body.filter((e): e is HubSpotEvent => typeof e === 'object' && e !== null) : [];
}

/** `contact.propertyChange` → contacts/UPDATED; `object.creation` with objectTypeId `0-3` → opportunities/CREATED. */
function changeOf(event: HubSpotEvent): NormalizedChange | undefined {
  const [prefix, action] = (event.subscriptionType ?? '').split('.');
  const object = prefix === 'object' ? OBJECTS.find((o) => o.typeId === event.objectTypeId) : OBJECTS.find((o) => o.legacy === prefix);
  const eventType = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!object || !eventType || (typeof event.objectId !== 'number' && typeof event.objectId !== 'string')) return undefined;
  const occurred = typeof event.occurredAt === 'number' ? new Date(event.occurredAt) : new Date(Number.NaN);
  return {
    eventType,
    objectType: object.hub,
    objectId: String(event.objectId),
    date: Number.isNaN(occurred.getTime()) ? new Date().toISOString() : occurred.toISOString(),
    raw: event,
  };
}

/**
 * The v3 signature: base64 HMAC-SHA256, keyed with the app's client secret, of method + URI + raw
 * body + `X-HubSpot-Request-Timestamp`, with the URI's percent-encodings of `: / ? @ ! $ ' ( ) * , ;`
 * decoded first. https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
export function hubspotSignature(clientSecret: string, method: string, url: string, raw: Buffer, timestamp: string): string {
  const uri = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (_, hex: string) => DECODED_IN_SIGNATURE[hex.toUpperCase()]);
  return createHmac('sha256', clientSecret).update(`${method.toUpperCase()}${uri}`).update(raw).update(timestamp).digest('base64');
}

function verifyV3(request: WebhookRequest, clientSecret: string | undefined, now: Date): boolean {
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = request.headers['x-hubspot-request-timestamp'];
  if (!clientSecret || !signature || !timestamp || !/^\d{1,15}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp)) > MAX_SIGNATURE_AGE_MS) return false;
  return signaturesMatch(hubspotSignature(clientSecret, request.method, request.url, request.raw, timestamp), signature);
}

/**
 * HubSpot events. Polling: every resource through its own list, `modifiedDate` pushed down, and
 * its deletions from the recycle bin (`archived=true`, see `archived.ts`).
 * Webhooks: subscriptions belong to the HubSpot app, not to a connection — every account that
 * installs the app is subscribed — so Junction does not subscribe per instance: the app's target
 * URL and subscriptions are set in the developer account, deliveries come to
 * `/events/hubspot`, and each event is routed to the instances of its `portalId`.
 * https://developers.hubspot.com/docs/api/webhooks
 */
export const hubspotEvents: ElementEvents = {
  polling: {
    objects: [
      { resource: accounts, deletions: archivedDeletions(accountsSpec, accounts) },
      { resource: contacts, deletions: archivedDeletions(contactsSpec, contacts) },
      { resource: leads, deletions: archivedDeletions(leadsSpec, leads) },
      { resource: opportunities, deletions: archivedDeletions(opportunitiesSpec, opportunities) },
    ],
  },
  webhook: {
    objects: OBJECTS.map((o) => o.hub),
    verify: (request, secrets, now) => verifyV3(request, secrets.config[OAUTH_KEYS.clientSecret], now),
    locate: (request) => ({
      vendorAccountIds: [...new Set(eventsOf(request.body).flatMap((e) => (e.portalId === undefined ? [] : [String(e.portalId)])))],
    }),
    accountConfigKey: PORTAL_ID_KEY,
    accountPart: (body, portalId) => eventsOf(body).filter((e) => portalId !== undefined && String(e.portalId) === portalId),
    normalize: (request) => eventsOf(request.body).flatMap((event) => changeOf(event) ?? []),
  },
};
