import { validateEvents, type WebhookRequest } from '@junction/core';
import { hubSpotWebhookHeaders } from '@junction/testing';
import { hubspotEvents, hubspotSignature, PORTAL_ID_KEY } from './events';

const webhook = hubspotEvents.webhook!;
const clientSecret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const secrets = { config: { 'oauth.api.secret': clientSecret } };
const now = new Date('2025-06-01T12:00:00Z');
const url = 'https://hub.example/elements/api-v2/events/hubspot';

/** Events shaped like https://developers.hubspot.com/docs/api/webhooks (webhook payloads), two portals in one batch. */
const batch = [
  { eventId: 1, subscriptionId: 12345, portalId: 62515, appId: 54321, occurredAt: 1748779200000, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 123, changeSource: 'CRM', changeFlag: 'NEW' },
  { eventId: 2, subscriptionId: 12346, portalId: 62515, appId: 54321, occurredAt: 1748779201000, subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: 456, propertyName: 'name', propertyValue: 'Acme', changeSource: 'CRM' },
  { eventId: 3, subscriptionId: 12347, portalId: 99999, appId: 54321, occurredAt: 1748779202000, subscriptionType: 'deal.deletion', attemptNumber: 1, objectId: 789, changeSource: 'CRM' },
  { eventId: 4, subscriptionId: 12348, portalId: 62515, appId: 54321, occurredAt: 1748779203000, subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 790, changeSource: 'CRM' },
  { eventId: 5, subscriptionId: 12349, portalId: 62515, appId: 54321, occurredAt: 1748779204000, subscriptionType: 'contact.merge', objectId: 124, primaryObjectId: 124, mergedObjectIds: [125] },
  { eventId: 6, subscriptionId: 12350, portalId: 62515, appId: 54321, occurredAt: 1748779205000, subscriptionType: 'company.restore', objectId: 457 },
  { eventId: 7, subscriptionId: 12351, portalId: 62515, appId: 54321, occurredAt: 1748779206000, subscriptionType: 'contact.associationChange', fromObjectId: 123, toObjectId: 456 },
  { eventId: 8, subscriptionId: 12352, portalId: 62515, appId: 54321, occurredAt: 1748779207000, subscriptionType: 'ticket.creation', objectId: 1 },
];

function request(body: unknown, headers: Record<string, string> = {}, target = url): WebhookRequest {
  return { method: 'POST', url: target, headers, query: {}, raw: Buffer.from(JSON.stringify(body)), body };
}

/** Signed as the simulator signs, independently of the element's code. */
function signed(body: unknown, timestamp = String(now.getTime()), target = url, secret = clientSecret): WebhookRequest {
  return request(body, hubSpotWebhookHeaders(secret, target, JSON.stringify(body), timestamp), target);
}

describe('HubSpot webhooks', () => {
  it('is a valid declaration routed by portal id, with no per-instance subscription', () => {
    expect(() => validateEvents('hubspot', hubspotEvents)).not.toThrow();
    expect(webhook.accountConfigKey).toBe(PORTAL_ID_KEY);
    expect(webhook.subscribe).toBeUndefined();
    expect(webhook.objects).toEqual(['accounts', 'contacts', 'opportunities']);
  });

  it('computes the v3 signature of HubSpot’s published example', () => {
    // The v3 test vector of HubSpot's own Python client (github.com/HubSpot/hubspot-api-python).
    const raw = Buffer.from("{'example_field':'example_value'}");
    expect(hubspotSignature(clientSecret, 'POST', 'https://www.example.com/webhook_uri', raw, '1693657560000')).toBe('K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=');
  });

  it('accepts a delivery signed with the app’s client secret', () => {
    expect(webhook.verify(signed(batch), secrets, now)).toBe(true);
  });

  it('refuses a forged, tampered, stale, future or unsigned delivery, and an instance without the app secret', () => {
    expect(webhook.verify(signed(batch, undefined, url, 'another-app-secret'), secrets, now)).toBe(false);
    const tampered = signed(batch);
    expect(webhook.verify({ ...tampered, raw: Buffer.from(JSON.stringify(batch.slice(1))) }, secrets, now)).toBe(false);
    expect(webhook.verify({ ...signed(batch), url: `${url}/other` }, secrets, now)).toBe(false);
    expect(webhook.verify({ ...signed(batch), method: 'PUT' }, secrets, now)).toBe(false);
    expect(webhook.verify(signed(batch, String(now.getTime() - 5 * 60 * 1000 - 1)), secrets, now)).toBe(false);
    expect(webhook.verify(signed(batch, String(now.getTime() - 4 * 60 * 1000)), secrets, now)).toBe(true);
    expect(webhook.verify(signed(batch, String(now.getTime() + 6 * 60 * 1000)), secrets, now)).toBe(false);
    expect(webhook.verify(signed(batch, 'yesterday'), secrets, now)).toBe(false);
    expect(webhook.verify(request(batch), secrets, now)).toBe(false);
    const { 'x-hubspot-request-timestamp': _, ...noTimestamp } = signed(batch).headers as Record<string, string>;
    expect(webhook.verify(request(batch, noTimestamp), secrets, now)).toBe(false);
    expect(webhook.verify(signed(batch), { config: {} }, now)).toBe(false);
  });

  it('decodes the URL characters HubSpot signs decoded, and only those', () => {
    // HubSpot signs `…?key=a:b(c)`; the request arrives as `…?key=a%3Ab%28c%29`.
    const body = [batch[0]];
    const sentAs = `${url}?key=a%3Ab%28c%29&space=x%20y`;
    const headers = hubSpotWebhookHeaders(clientSecret, `${url}?key=a:b(c)&space=x%20y`, JSON.stringify(body), String(now.getTime()));
    expect(webhook.verify(request(body, headers, sentAs), secrets, now)).toBe(true);
    const decodedSpace = hubSpotWebhookHeaders(clientSecret, `${url}?key=a:b(c)&space=x y`, JSON.stringify(body), String(now.getTime()));
    expect(webhook.verify(request(body, decodedSpace, sentAs), secrets, now)).toBe(false);
  });

  it('locates every portal a batch names, and gives each instance only its own portal’s events', () => {
    expect(webhook.locate!(request(batch))).toEqual({ vendorAccountIds: ['62515', '99999'] });
    expect(webhook.accountPart!(batch, '99999')).toEqual([batch[2]]);
    expect((webhook.accountPart!(batch, '62515') as unknown[]).map((e) => (e as { eventId: number }).eventId)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(webhook.accountPart!(batch, undefined)).toEqual([]);
    expect(webhook.accountPart!({ not: 'an array' }, '62515')).toEqual([]);
  });

  it('maps legacy and generic subscription types to hub resources and change types', () => {
    const changes = webhook.normalize(request(batch));
    expect(changes.map(({ raw: _, ...c }) => c)).toEqual([
      { eventType: 'CREATED', objectType: 'contacts', objectId: '123', date: '2025-06-01T12:00:00.000Z' },
      { eventType: 'UPDATED', objectType: 'accounts', objectId: '456', date: '2025-06-01T12:00:01.000Z' },
      { eventType: 'DELETED', objectType: 'opportunities', objectId: '789', date: '2025-06-01T12:00:02.000Z' },
      { eventType: 'CREATED', objectType: 'opportunities', objectId: '790', date: '2025-06-01T12:00:03.000Z' },
      { eventType: 'UPDATED', objectType: 'contacts', objectId: '124', date: '2025-06-01T12:00:04.000Z' },
      { eventType: 'UPDATED', objectType: 'accounts', objectId: '457', date: '2025-06-01T12:00:05.000Z' },
    ]);
    expect(changes[1].raw).toEqual(batch[1]);
  });

  it('reports nothing for bodies that are not event arrays or name unknown actions', () => {
    expect(webhook.normalize(request({ eventId: 1 }))).toEqual([]);
    expect(webhook.normalize(request([{ subscriptionType: 'contact.constructor', objectId: 1 }, { subscriptionType: 'contact.creation' }, null]))).toEqual([]);
  });
});
