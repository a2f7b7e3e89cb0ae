import { createHmac } from 'node:crypto';
import { VendorError, type ElementContext, type VendorRequest, type WebhookRequest } from '@junction/core';
import { signDropboxWebhook } from '@junction/testing';
import { dropbox } from '../src';
import { MAX_ENTRIES_PER_POLL } from '../src/operations/changes';

const events = dropbox.events!;
const webhook = events.webhook!;
const polled = events.polling!.objects[0];
const changedSince = 'changedSince' in polled ? polled.changedSince : undefined;
const appSecret = 'dropbox-app-secret-1234';
const now = new Date('2025-06-01T12:00:00Z');

/** A notification as https://www.dropbox.com/developers/reference/webhooks shows one. */
const notification = { list_folder: { accounts: ['dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc', 'dbid:AACmHS8CtkO1dlXXFqmcMi6SbSGBjMwkpgc'] }, delta: { users: [12345678, 23456789] } };

function request(body: unknown, headers: Record<string, string> = {}, method = 'POST', query: Record<string, string> = {}): WebhookRequest {
  const raw = Buffer.from(body === undefined ? '' : JSON.stringify(body));
  return { method, url: 'https://hub.example/elements/api-v2/events/dropbox', headers, query, raw, body };
}

const signed = (body: unknown, secret = appSecret) => request(body, { 'x-dropbox-signature': createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex') });

describe('Dropbox webhooks', () => {
  const secrets = { config: { 'oauth.api.secret': appSecret } };

  it('accepts a notification signed with the app secret, as the simulator signs it too', () => {
    expect(webhook.verify(signed(notification), secrets, now)).toBe(true);
    const raw = JSON.stringify(notification);
    expect(webhook.verify(request(notification, { 'x-dropbox-signature': signDropboxWebhook(appSecret, raw) }), secrets, now)).toBe(true);
    expect(webhook.verify(request(notification, { 'x-dropbox-signature': signDropboxWebhook(appSecret, raw).toUpperCase() }), secrets, now)).toBe(true);
  });

  it('refuses a tampered body, another secret, a missing signature and an instance without its app secret', () => {
    const good = signed(notification);
    const tampered = { ...good, raw: Buffer.from(good.raw.toString().replace('12345678', '12345679')) };
    expect(webhook.verify(tampered, secrets, now)).toBe(false);
    expect(webhook.verify(signed(notification, 'another-app-secret'), secrets, now)).toBe(false);
    expect(webhook.verify(request(notification), secrets, now)).toBe(false);
    expect(webhook.verify(request(notification, { 'x-dropbox-signature': '' }), secrets, now)).toBe(false);
    expect(webhook.verify(good, { config: {} }, now)).toBe(false);
  });

  it('echoes the verification challenge as plain text that browsers may not sniff, and nothing else', () => {
    expect(webhook.challenge!(request(undefined, {}, 'GET', { challenge: 'xyz-123' }))).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' },
      body: 'xyz-123',
    });
    expect(webhook.challenge!(request(undefined, {}, 'GET'))).toBeUndefined();
    expect(webhook.challenge!(request(notification, {}, 'POST', { challenge: 'xyz' }))).toBeUndefined();
    expect(webhook.challenge!(request(undefined, {}, 'GET', { challenge: 'x'.repeat(1001) }))).toBeUndefined();
  });

  it('routes by the notified account ids, stored at provisioning, and polls instead of reading changes from the body', () => {
    expect(webhook.locate!(signed(notification))).toEqual({ vendorAccountIds: notification.list_folder.accounts });
    expect(webhook.locate!(signed({ delta: { users: [1] } }))).toEqual({ vendorAccountIds: [] });
    expect(webhook.locate!(signed({ list_folder: { accounts: 'dbid:x' } }))).toEqual({ vendorAccountIds: [] });
    expect(webhook.accountConfigKey).toBe('dropbox.account.id');
    expect(dropbox.configuration?.map((k) => k.key)).toContain('dropbox.account.id');
    expect(webhook.normalize(signed(notification))).toEqual([]);
    expect(webhook.pollsOnNotify).toBe(true);
    expect(webhook.subscribe).toBeUndefined();
    expect(webhook.objects).toEqual(['files']);
    expect(polled).toMatchObject({ objectType: 'files' });
  });
});

/** A context whose vendor calls answer from a script, one answer per call, in order. */
function scripted(answers: unknown[]): { ctx: ElementContext; calls: VendorRequest[] } {
  const calls: VendorRequest[] = [];
  const request = async (call: VendorRequest) => {
    calls.push(call);
    if (calls.length > answers.length) throw new Error(`unexpected call ${calls.length}: ${call.url}`);
    const answer = answers[calls.length - 1];
    if (answer instanceof Error) throw answer;
    return { status: 200, headers: {}, body: answer };
  };
  return { ctx: { config: {}, http: { request } as unknown as ElementContext['http'] }, calls };
}

const file = (n: number) => ({ '.tag': 'file', name: `f${n}.txt`, id: `id:file${n}`, path_lower: `/f${n}.txt`, path_display: `/F${n}.txt`, server_modified: '2025-05-31T10:00:00Z', rev: `0${n}`, size: n });
const reset = () => new VendorError(400, 'Dropbox rejected the request', 'reset/..', 409);

describe('Dropbox change cursor', () => {
  it('maps files, folders and deletions, following has_more to the last cursor', async () => {
    const folder = { '.tag': 'folder', name: 'Docs', id: 'id:folder1', path_lower: '/docs', path_display: '/Docs' };
    const deleted = { '.tag': 'deleted', name: 'old.txt', path_lower: '/docs/old.txt', path_display: '/Docs/old.txt' };
    const { ctx, calls } = scripted([
      { entries: [folder, file(1)], cursor: 'c2', has_more: true },
      { entries: [deleted], cursor: 'c3', has_more: false },
    ]);
    const before = Date.now();
    const result = await changedSince!(ctx, 'c1');
    expect(calls.map((c) => [c.url, c.json])).toEqual([
      ['files/list_folder/continue', { cursor: 'c1' }],
      ['files/list_folder/continue', { cursor: 'c2' }],
    ]);
    expect(result.state).toBe('c3');
    expect(result.events).toEqual([
      { eventType: 'UPDATED', objectType: 'files', objectId: 'id:folder1', date: expect.any(String), raw: folder },
      { eventType: 'UPDATED', objectType: 'files', objectId: 'id:file1', date: '2025-05-31T10:00:00Z', raw: file(1) },
      { eventType: 'DELETED', objectType: 'files', objectId: '/docs/old.txt', date: expect.any(String), raw: deleted },
    ]);
    expect(Date.parse(result.events[2].date)).toBeGreaterThanOrEqual(before - 1);
  });

  it('takes only the latest cursor on the first call', async () => {
    const { ctx, calls } = scripted([{ cursor: 'first' }]);
    expect(await changedSince!(ctx, undefined)).toEqual({ events: [], state: 'first' });
    expect(calls).toEqual([{ method: 'POST', url: 'files/list_folder/get_latest_cursor', json: { path: '', recursive: true, include_deleted: true } }]);
  });

  it('replaces a reset cursor with a fresh one and flags the gap with an UNKNOWN change on the root, keeping changes read before', async () => {
    const { ctx, calls } = scripted([{ entries: [file(1)], cursor: 'c2', has_more: true }, reset(), { cursor: 'fresh' }]);
    const result = await changedSince!(ctx, 'c1');
    expect(calls.map((c) => c.url)).toEqual(['files/list_folder/continue', 'files/list_folder/continue', 'files/list_folder/get_latest_cursor']);
    expect(result.state).toBe('fresh');
    expect(result.events.map((e) => [e.eventType, e.objectId])).toEqual([
      ['UPDATED', 'id:file1'],
      ['UNKNOWN', '/'],
    ]);
    expect(result.events[1]).toMatchObject({ objectType: 'files', raw: { error_summary: 'reset/..' } });
  });

  it('lets other failures through, so the poll keeps its cursor and tries again', async () => {
    const notFound = new VendorError(404, 'No file or folder found', 'path/not_found/..', 409);
    await expect(changedSince!(scripted([notFound]).ctx, 'c1')).rejects.toBe(notFound);
    await expect(changedSince!(scripted([{ entries: 'nope', cursor: 'c2', has_more: false }]).ctx, 'c1')).rejects.toMatchObject({ status: 502 });
  });

  it(`stops after ${MAX_ENTRIES_PER_POLL} entries at a cursor the next poll continues from`, async () => {
    const page = Array.from({ length: 2000 }, (_, i) => file(i));
    const pages = Math.ceil(MAX_ENTRIES_PER_POLL / page.length);
    const { ctx, calls } = scripted(Array.from({ length: pages + 1 }, (_, i) => ({ entries: page, cursor: `c${i + 2}`, has_more: true })));
    const result = await changedSince!(ctx, 'c1');
    expect(calls).toHaveLength(pages);
    expect(result.events).toHaveLength(pages * page.length);
    expect(result.state).toBe(`c${pages + 1}`);
  });
});
