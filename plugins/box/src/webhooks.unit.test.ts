import { createHmac } from 'node:crypto';
import { BadRequestError, type ElementContext, type VendorRequest, type VendorResponse, type WebhookRequest } from '@junction/core';
import { signBoxWebhook } from '@junction/testing';
import { boxWebhooks, WEBHOOK_KEYS } from './webhooks';

const now = new Date('2026-03-02T09:30:00Z');
const keys = { [WEBHOOK_KEYS.primaryKey]: 'SamplePrimaryKey', [WEBHOOK_KEYS.secondaryKey]: 'SampleSecondaryKey' };

/** A FILE.UPLOADED delivery shaped like https://developer.box.com/reference/resources/webhook-invocation/ */
const delivery = {
  type: 'webhook_event',
  id: '25b0a4fa-1c6b-4f8c-9d27-5a6a3d2b1e11',
  created_at: '2026-03-02T01:29:58-08:00',
  trigger: 'FILE.UPLOADED',
  webhook: { id: '4000001', type: 'webhook' },
  created_by: { type: 'user', id: '33000001', name: 'Sim User', login: 'sim.user@example.com' },
  source: { type: 'file', id: '1000000042', name: 'q1.pdf', sequence_id: '0', owned_by: { type: 'user', id: '33000001' } },
  additional_info: [],
};

function request(body: unknown, headers: Record<string, string> = {}): WebhookRequest {
  return { method: 'POST', url: 'https://hub.example/elements/api-v2/events/box/MQ==', headers, query: {}, raw: Buffer.from(JSON.stringify(body) ?? ""), body };
}

/** Signed as Box signs: base64 HMAC-SHA256 over the raw body, then the timestamp. */
function signed(body: unknown, options: { timestamp?: string; primary?: string; secondary?: string } = {}): WebhookRequest {
  const timestamp = options.timestamp ?? '2026-03-02T01:29:59-08:00';
  const raw = JSON.stringify(body);
  const sign = (key: string) => createHmac('sha256', key).update(raw).update(timestamp).digest('base64');
  return request(body, {
    'box-delivery-id': 'f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f',
    'box-delivery-timestamp': timestamp,
    'box-signature-primary': sign(options.primary ?? 'SamplePrimaryKey'),
    'box-signature-secondary': sign(options.secondary ?? 'SampleSecondaryKey'),
    'box-signature-version': '1',
    'box-signature-algorithm': 'HmacSHA256',
  });
}

describe('Box webhook signatures', () => {
  const verify = (req: WebhookRequest, config: Record<string, string> = keys) => boxWebhooks.verify(req, { config }, now);

  it('accepts the primary signature, and the secondary alone while the primary key rotates', () => {
    expect(verify(signed(delivery))).toBe(true);
    expect(verify(signed(delivery, { primary: 'OldPrimaryKey' }))).toBe(true);
    expect(verify(signed(delivery, { secondary: 'Other' }), { [WEBHOOK_KEYS.primaryKey]: 'SamplePrimaryKey' })).toBe(true);
    expect(verify(signed(delivery, { primary: 'Other' }), { [WEBHOOK_KEYS.secondaryKey]: 'SampleSecondaryKey' })).toBe(true);
  });

  it('agrees byte for byte with the simulator, which signs independently', () => {
    const raw = JSON.stringify(delivery);
    const timestamp = '2026-03-02T01:29:59-08:00';
    const req = request(delivery, { 'box-delivery-timestamp': timestamp, 'box-signature-primary': signBoxWebhook('SamplePrimaryKey', raw, timestamp) });
    expect(verify(req)).toBe(true);
  });

  it('refuses forged and tampered deliveries, missing headers, and an instance without keys', () => {
    expect(verify(signed(delivery, { primary: 'Forged', secondary: 'AlsoForged' }))).toBe(false);
    const tampered = signed(delivery);
    expect(verify({ ...tampered, raw: Buffer.from(tampered.raw.toString().replace('q1.pdf', 'q2.pdf')) })).toBe(false);
    const { 'box-delivery-timestamp': _timestamp, ...withoutTimestamp } = signed(delivery).headers as Record<string, string>;
    expect(verify(request(delivery, withoutTimestamp))).toBe(false);
    expect(verify(request(delivery, { 'box-delivery-timestamp': '2026-03-02T01:29:59-08:00' }))).toBe(false);
    expect(verify(signed(delivery), {})).toBe(false);
    expect(verify(signed(delivery, { timestamp: 'Mon, 02 Mar 2026 09:29:59 GMT' }))).toBe(false);
    expect(verify({ ...signed(delivery), headers: { ...signed(delivery).headers, 'box-signature-version': '2' } })).toBe(false);
  });

  it('refuses timestamps more than ten minutes off either way', () => {
    expect(verify(signed(delivery, { timestamp: '2026-03-02T01:20:01-08:00' }))).toBe(true);
    expect(verify(signed(delivery, { timestamp: '2026-03-02T01:19:59-08:00' }))).toBe(false);
    expect(verify(signed(delivery, { timestamp: '2026-03-02T09:39:59Z' }))).toBe(true);
    expect(verify(signed(delivery, { timestamp: '2026-03-02T09:40:01Z' }))).toBe(false);
  });
});

describe('Box webhook payloads', () => {
  const normalize = (body: unknown) => boxWebhooks.normalize(request(body));
  const withTrigger = (trigger: string, source: Record<string, unknown> = delivery.source) => ({ ...delivery, trigger, source });

  it('normalizes file and folder triggers to changes of files and folders', () => {
    expect(normalize(delivery)).toEqual([{ eventType: 'CREATED', objectType: 'files', objectId: '1000000042', date: '2026-03-02T01:29:58-08:00', raw: delivery.source }]);
    expect(normalize(withTrigger('FILE.UPLOADED', { ...delivery.source, sequence_id: '4' }))[0]).toMatchObject({ eventType: 'UPDATED' });
    expect(normalize(withTrigger('FILE.TRASHED'))[0]).toMatchObject({ eventType: 'DELETED', objectType: 'files' });
    expect(normalize(withTrigger('FILE.DELETED'))[0]).toMatchObject({ eventType: 'DELETED' });
    expect(normalize(withTrigger('FILE.MOVED'))[0]).toMatchObject({ eventType: 'UPDATED' });
    expect(normalize(withTrigger('FILE.RESTORED'))[0]).toMatchObject({ eventType: 'UPDATED' });
    expect(normalize(withTrigger('FILE.COPIED'))[0]).toMatchObject({ eventType: 'CREATED' });
    expect(normalize(withTrigger('FOLDER.RENAMED', { type: 'folder', id: '77' }))).toEqual([expect.objectContaining({ eventType: 'UPDATED', objectType: 'folders', objectId: '77' })]);
    expect(normalize(withTrigger('FOLDER.CREATED', { type: 'folder', id: '78' }))[0]).toMatchObject({ eventType: 'CREATED', objectType: 'folders' });
  });

  it('reports nothing for triggers that change no item, and for bodies that are no delivery', () => {
    expect(normalize(withTrigger('FILE.PREVIEWED'))).toEqual([]);
    expect(normalize(withTrigger('COMMENT.CREATED'))).toEqual([]);
    expect(normalize({ ...delivery, source: null })).toEqual([]);
    expect(normalize('userId=%5B%2233000001%22%5D&event=uploaded')).toEqual([]);
    expect(normalize(undefined)).toEqual([]);
  });

  it('routes by the webhook id, or by the owner of the item matched against oauth.user.id', () => {
    expect(boxWebhooks.locate!(request(delivery))).toEqual({ subscriptionId: '4000001', vendorAccountIds: ['33000001'] });
    expect(boxWebhooks.accountConfigKey).toBe('oauth.user.id');
    expect(boxWebhooks.locate!(request({}))).toEqual({ subscriptionId: undefined, vendorAccountIds: undefined });
  });
});

describe('Box webhook subscriptions', () => {
  function scripted(answers: VendorResponse[], config: Record<string, string> = { [WEBHOOK_KEYS.folderId]: '555' }) {
    const asked: VendorRequest[] = [];
    const answer = (req: VendorRequest) => {
      asked.push(req);
      const next = answers.shift();
      if (!next) throw new Error(`unexpected call ${req.method} ${req.url}`);
      return next;
    };
    const http = {
      request: async (req: VendorRequest) => answer(req),
      get: async (url: string, searchParams?: VendorRequest['searchParams']) => answer({ method: 'GET', url, searchParams }).body,
      put: async (url: string, json?: unknown) => answer({ method: 'PUT', url, json }).body,
    };
    return { ctx: { config, http } as unknown as ElementContext, asked };
  }
  const ok = (status: number, body: unknown): VendorResponse => ({ status, headers: {}, body });
  const address = 'https://hub.example/elements/api-v2/events/box/MQ==';

  it('creates a webhook on the configured folder with the triggers of the watched objects', async () => {
    const { ctx, asked } = scripted([ok(201, { id: '4000009', type: 'webhook' })]);
    expect(await boxWebhooks.subscribe!(ctx, address, ['files'])).toEqual({ subscriptionId: '4000009' });
    expect(asked[0]).toMatchObject({ method: 'POST', url: 'webhooks', allowStatuses: [409] });
    expect(asked[0].json).toEqual({
      target: { id: '555', type: 'folder' },
      address,
      triggers: ['FILE.UPLOADED', 'FILE.COPIED', 'FILE.RENAMED', 'FILE.MOVED', 'FILE.RESTORED', 'FILE.TRASHED', 'FILE.DELETED'],
    });
  });

  it('on 409 finds the folder’s webhook through the marker-paged list and points it at the instance', async () => {
    const { ctx, asked } = scripted([
      ok(409, { type: 'error', status: 409, code: 'conflict' }),
      ok(200, { entries: [{ id: '1', type: 'webhook', target: { id: '999', type: 'folder' } }], next_marker: 'm2' }),
      ok(200, { entries: [{ id: '4000002', type: 'webhook', target: { id: '555', type: 'folder' } }], next_marker: null }),
      ok(200, { id: '4000002' }),
    ]);
    expect(await boxWebhooks.subscribe!(ctx, address, ['folders'])).toEqual({ subscriptionId: '4000002' });
    expect(asked.slice(1).map((r) => [r.method, r.url, r.searchParams ?? r.json])).toEqual([
      ['GET', 'webhooks', { limit: 1000, marker: undefined }],
      ['GET', 'webhooks', { limit: 1000, marker: 'm2' }],
      ['PUT', 'webhooks/4000002', { address, triggers: ['FOLDER.CREATED', 'FOLDER.COPIED', 'FOLDER.RENAMED', 'FOLDER.MOVED', 'FOLDER.RESTORED', 'FOLDER.TRASHED', 'FOLDER.DELETED'] }],
    ]);
  });

  it('refuses, before calling Box, an instance without a folder or with the root folder', async () => {
    for (const config of [{}, { [WEBHOOK_KEYS.folderId]: '0' }] as Record<string, string>[]) {
      const { ctx, asked } = scripted([], config);
      await expect(boxWebhooks.subscribe!(ctx, address, ['files'])).rejects.toThrow(BadRequestError);
      expect(asked).toEqual([]);
    }
  });

  it('deletes the webhook, and takes one already gone as done', async () => {
    const { ctx, asked } = scripted([ok(404, { type: 'error', status: 404, code: 'not_found' })]);
    await boxWebhooks.unsubscribe!(ctx, '4000002');
    expect(asked).toEqual([expect.objectContaining({ method: 'DELETE', url: 'webhooks/4000002', allowStatuses: [404] })]);
  });
});
