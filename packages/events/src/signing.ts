import { createHmac } from 'node:crypto';

/**
 * The key bytes for Standard Webhooks signatures: a `whsec_<base64>` key is used decoded, as the
 * Standard Webhooks libraries do; any other key is used as its UTF-8 bytes.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function standardWebhooksKey(signatureKey: string): Buffer {
  return signatureKey.startsWith('whsec_') ? Buffer.from(signatureKey.slice('whsec_'.length), 'base64') : Buffer.from(signatureKey, 'utf8');
}

/** `Elements-Webhook-Signature`, as Cloud Elements sends it: `sha256=` + base64 HMAC-SHA256 of the raw body, keyed with the key's UTF-8 bytes. */
export function elementsSignature(signatureKey: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(signatureKey, 'utf8')).update(body).digest('base64')}`;
}

/** `webhook-signature`: `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`. */
export function standardWebhooksSignature(signatureKey: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', standardWebhooksKey(signatureKey)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The headers of one delivery. Without a signature key the ids and timestamp are still sent, unsigned.
 * `timestamp` is Unix seconds of this attempt, so each retry is signed afresh under the same id.
 */
export function notificationHeaders(id: string, body: string, timestamp: number, signatureKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Junction-Webhooks/1',
    'elements-webhook-id': id,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
  };
  if (signatureKey) {
    headers['elements-webhook-signature'] = elementsSignature(signatureKey, body);
    headers['webhook-signature'] = standardWebhooksSignature(signatureKey, id, timestamp, body);
  }
  return headers;
}
