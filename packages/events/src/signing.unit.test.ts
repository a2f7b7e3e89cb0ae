import { createHmac } from 'node:crypto';
import { elementsSignature, notificationHeaders, standardWebhooksKey, standardWebhooksSignature } from './signing';

describe('notification signatures', () => {
  it('matches the Standard Webhooks specification test vector for a whsec_ key', () => {
    // The vector published with the Standard Webhooks reference libraries.
    const signature = standardWebhooksSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('keys a plain signature key with its UTF-8 bytes, and a whsec_ key with its decoded bytes', () => {
    expect(standardWebhooksKey('clé-secrète')).toEqual(Buffer.from('clé-secrète', 'utf8'));
    expect(standardWebhooksKey('whsec_AAEC')).toEqual(Buffer.from([0, 1, 2]));
    // Hand-computed: HMAC-SHA256("my-key", "evt_1.1700000000.{}") in base64.
    expect(standardWebhooksSignature('my-key', 'evt_1', 1700000000, '{}')).toBe(
      `v1,${createHmac('sha256', 'my-key').update('evt_1.1700000000.{}').digest('base64')}`,
    );
  });

  it('signs Elements-Webhook-Signature over the raw body only, as Cloud Elements does', () => {
    const body = '{"message":{"eventId":"e"}}';
    expect(elementsSignature('my-key', body)).toBe(`sha256=${createHmac('sha256', 'my-key').update(body).digest('base64')}`);
    // A whsec_ key is used as text here: Cloud Elements clients verify with the key string.
    expect(elementsSignature('whsec_AAEC', body)).toBe(`sha256=${createHmac('sha256', 'whsec_AAEC').update(body).digest('base64')}`);
  });

  it('sends ids and timestamp always, and signatures only with a key', () => {
    const signed = notificationHeaders('evt_1', '{}', 1700000000, 'my-key');
    expect(signed).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Junction-Webhooks/1',
      'elements-webhook-id': 'evt_1',
      'webhook-id': 'evt_1',
      'webhook-timestamp': '1700000000',
      'elements-webhook-signature': elementsSignature('my-key', '{}'),
      'webhook-signature': standardWebhooksSignature('my-key', 'evt_1', 1700000000, '{}'),
    });
    const unsigned = notificationHeaders('evt_1', '{}', 1700000000, undefined);
    expect(unsigned).not.toHaveProperty('webhook-signature');
    expect(unsigned).not.toHaveProperty('elements-webhook-signature');
    expect(unsigned['webhook-id']).toBe('evt_1');
  });
});
