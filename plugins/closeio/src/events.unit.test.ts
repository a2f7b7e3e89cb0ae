import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '@junction/core';
import { signCloseWebhook } from '@junction/testing';
import { closeEvents } from './events';

const webhook = closeEvents.webhook!;
const signatureKey = '3f1b9c0e6a7d4e2f8b5a1c9d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f';
const now = new Date('2025-06-01T12:00:00Z');
const nowSeconds = String(now.getTime() / 1000);

/** A delivery shaped like https://developer.close.com/api/resources/webhooks (an opportunity update). */
const delivery = {
  subscription_id: 'whsub_6lLn1mJQQCAZ3vEOmP94uc',
  event: {
    id: 'ev_2sYKRjcrA79yKxi3S4Crd7',
    object_type: 'opportunity',
    object_id: 'oppo_7H4sjNso7FyBFaeR3RXi5PMJbilfo0c6UPCxsJtEhCO',
    action: 'updated',
    organization_id: 'orga_XbVPx5fFbKlYTz9PW5Ih1XDhViV10YihIaEgMEb6fVW',
    lead_id: 'lead_k8hK4nWMBCyjZ8fZFZcfg2DCNpM2cBylF3ZbYJ5rM8E',
    date_created: '2019-01-15T12:48:23.395000',
    date_updated: '2019-01-15T12:48:23.395000',
    changed_fields: ['confidence', 'date_updated'],
    data: { id: 'oppo_7H4sjNso7FyBFaeR3RXi5PMJbilfo0c6UPCxsJtEhCO', confidence: 80 },
    previous_data: { confidence: 70 },
  },
};

function request(body: unknown, headers: Record<string, string> = {}): WebhookRequest {
  const raw = Buffer.from(JSON.stringify(body));
  return { method: 'POST', url: 'https://hub.example/elements/api-v2/events/closeio/MQ==', headers, query: {}, raw, body };
}

function signed(body: unknown, timestamp = nowSeconds, key = signatureKey): WebhookRequest {
  const raw = JSON.stringify(body);
  return request(body, { 'close-sig-hash': createHmac('sha256', Buffer.from(key, 'hex')).update(timestamp + raw).digest('hex'), 'close-sig-timestamp': timestamp });
}

describe('Close webhooks', () => {
  const secrets = { config: {}, subscription: signatureKey };

  it('accepts a delivery signed with the subscription key, as Close signs it', () => {
    expect(webhook.verify(signed(delivery), secrets, now)).toBe(true);
    // The simulator signs independently: the two must agree byte for byte.
    const raw = JSON.stringify(delivery);
    const simulated = request(delivery, { 'close-sig-hash': signCloseWebhook(signatureKey, nowSeconds, raw), 'close-sig-timestamp': nowSeconds });
    expect(webhook.verify(simulated, secrets, now)).toBe(true);
  });

  it('refuses a tampered body, another key, a missing signature, and timestamps over five minutes off', () => {
    const tampered = signed(delivery);
    const forged = { ...tampered, raw: Buffer.from(tampered.raw.toString().replace('80', '99')) };
    expect(webhook.verify(forged, secrets, now)).toBe(false);
    expect(webhook.verify(signed(delivery, nowSeconds, 'aa'.repeat(32)), secrets, now)).toBe(false);
    expect(webhook.verify(request(delivery), secrets, now)).toBe(false);
    expect(webhook.verify(signed(delivery), { config: {} }, now)).toBe(false);
    // A subscription made outside Junction: its key is in the instance configuration.
    expect(webhook.verify(signed(delivery), { config: { 'closeio.webhook.signature.key': signatureKey } }, now)).toBe(true);
    expect(webhook.verify(signed(delivery, String(now.getTime() / 1000 - 301)), secrets, now)).toBe(false);
    expect(webhook.verify(signed(delivery, String(now.getTime() / 1000 + 301)), secrets, now)).toBe(false);
    expect(webhook.verify(signed(delivery, String(now.getTime() / 1000 - 299)), secrets, now)).toBe(true);
  });

  it('normalizes Close object types and actions to hub resources and event types', () => {
    expect(webhook.normalize(request(delivery))).toEqual([
      { eventType: 'UPDATED', objectType: 'opportunities', objectId: delivery.event.object_id, date: '2019-01-15T12:48:23.395000', raw: delivery.event.data },
    ]);
    const lead = { ...delivery, event: { ...delivery.event, object_type: 'lead', object_id: 'lead_1', action: 'created' } };
    const contact = { ...delivery, event: { ...delivery.event, object_type: 'contact', object_id: 'cont_1', action: 'deleted' } };
    const merge = { ...delivery, event: { ...delivery.event, object_type: 'lead', action: 'merged' } };
    expect(webhook.normalize(request(lead))[0]).toMatchObject({ eventType: 'CREATED', objectType: 'accounts', objectId: 'lead_1' });
    expect(webhook.normalize(request(contact))[0]).toMatchObject({ eventType: 'DELETED', objectType: 'contacts', objectId: 'cont_1' });
    expect(webhook.normalize(request(merge))[0]).toMatchObject({ eventType: 'UNKNOWN', objectType: 'accounts' });
    expect(webhook.normalize(request({ ...delivery, event: { ...delivery.event, object_type: 'activity.call' } }))).toEqual([]);
    expect(webhook.normalize(request('not json'))).toEqual([]);
  });

  it('routes by the subscription id, or by the organization id kept in closeio.organization.id', () => {
    expect(webhook.locate!(request(delivery))).toEqual({ subscriptionId: delivery.subscription_id, vendorAccountIds: [delivery.event.organization_id] });
    expect(webhook.accountConfigKey).toBe('closeio.organization.id');
  });
});
