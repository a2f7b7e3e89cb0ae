import { createHmac } from 'node:crypto';
import { startCallbackReceiver, type CallbackReceiver } from '../callback-receiver';
import { startBoxSimulator, type RunningBoxSimulator } from './box';

const AUTH = { authorization: 'Bearer sim-access-token' };

describe('Box simulator: event stream and webhooks', () => {
  let box: RunningBoxSimulator;
  let receiver: CallbackReceiver;
  const call = async (method: string, path: string, json?: unknown) => {
    const headers: Record<string, string> = { ...AUTH, ...(json === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await fetch(`${box.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  /** The exact position from the answer's text: it does not fit a JavaScript number. */
  const positionOf = (text: string) => /"next_stream_position":(\d+)/.exec(text)![1];

  beforeEach(async () => {
    receiver = await startCallbackReceiver();
    box = await startBoxSimulator({ deliverWebhooks: true, webhookSignatureKeys: { primary: 'primary-key', secondary: 'secondary-key' } });
  });
  afterEach(async () => {
    await box.close();
    await receiver.close();
  });

  it('answers now with no events and a 64-bit position, then each change once, in chunks of limit', async () => {
    box.seed({ '/Before.txt': 'old' });
    const now = await call('GET', '/2.0/events?stream_position=now');
    expect(now.body).toMatchObject({ chunk_size: 0, entries: [] });
    const start = positionOf(now.text);
    expect(BigInt(start)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));

    const ids = box.seed({ '/Docs/a.txt': 'a' });
    const docs = ids['/Docs/a.txt'];
    await call('PUT', `/2.0/files/${docs}`, { name: 'b.txt' });
    await call('DELETE', `/2.0/files/${docs}`);

    const first = await call('GET', `/2.0/events?stream_position=${start}&stream_type=changes&limit=2`);
    expect(first.body).toMatchObject({ chunk_size: 2 });
    expect(first.body!.entries.map((e: any) => [e.event_type, e.source.type])).toEqual([
      ['ITEM_CREATE', 'folder'],
      ['ITEM_UPLOAD', 'file'],
    ]);
    expect(first.body!.entries[1]).toMatchObject({ type: 'event', event_id: expect.stringMatching(/^[0-9a-f]{40}$/), source: { id: docs, name: 'a.txt', sequence_id: '0' } });
    const rest = await call('GET', `/2.0/events?stream_position=${positionOf(first.text)}&stream_type=changes&limit=2`);
    expect(rest.body!.entries.map((e: any) => e.event_type)).toEqual(['ITEM_RENAME', 'ITEM_TRASH']);
    expect(rest.body!.entries[1].source).toMatchObject({ id: docs, item_status: 'trashed' });
    const caughtUp = await call('GET', `/2.0/events?stream_position=${positionOf(rest.text)}&limit=2`);
    expect(caughtUp.body).toMatchObject({ chunk_size: 0, entries: [] });
    expect(positionOf(caughtUp.text)).toBe(positionOf(rest.text));
  });

  it('repeats events when asked, and refuses a position it never gave out with a Box error', async () => {
    const start = positionOf((await call('GET', '/2.0/events?stream_position=now')).text);
    box.state.events.repeatNext(1);
    box.seed({ '/twice.txt': 'x', '/once.txt': 'y' });
    const read = await call('GET', `/2.0/events?stream_position=${start}`);
    const ids = read.body!.entries.map((e: any) => e.event_id);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);

    const refused = await call('GET', `/2.0/events?stream_position=${BigInt(start) + 1000n}`);
    expect(refused).toMatchObject({ status: 400, body: { type: 'error', status: 400, code: 'bad_request' } });
    expect((await call('GET', '/2.0/events?stream_type=admin_logs_everything')).status).toBe(400);
  });

  it('creates, lists with marker paging, updates and deletes webhooks, refusing the root folder and a second one on a target', async () => {
    const { '/Watched': folder, '/Other': other } = box.seed({ '/Watched': null, '/Other': null });
    const body = { target: { id: folder, type: 'folder' }, address: 'https://app.example/hook', triggers: ['FILE.UPLOADED'] };
    const created = await call('POST', '/2.0/webhooks', body);
    expect(created).toMatchObject({ status: 201, body: { type: 'webhook', id: expect.stringMatching(/^\d+$/), target: { id: folder, type: 'folder' }, address: 'https://app.example/hook' } });
    expect(await call('POST', '/2.0/webhooks', { ...body, address: 'https://elsewhere.example/hook' })).toMatchObject({ status: 409, body: { type: 'error', code: 'conflict' } });
    expect(await call('POST', '/2.0/webhooks', { ...body, target: { id: '0', type: 'folder' } })).toMatchObject({ status: 400, body: { code: 'bad_request' } });
    expect(await call('POST', '/2.0/webhooks', { ...body, target: { id: '999', type: 'folder' } })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await call('POST', '/2.0/webhooks', { ...body, triggers: ['FILE.EXPLODED'] })).toMatchObject({ status: 400 });
    const second = await call('POST', '/2.0/webhooks', { ...body, target: { id: other, type: 'folder' } });

    const page1 = await call('GET', '/2.0/webhooks?limit=1');
    expect(page1.body).toMatchObject({ entries: [{ id: created.body!.id, type: 'webhook', target: { id: folder, type: 'folder' } }], limit: 1 });
    const page2 = await call('GET', `/2.0/webhooks?limit=1&marker=${page1.body!.next_marker}`);
    expect(page2.body).toMatchObject({ entries: [{ id: second.body!.id }], next_marker: null });

    const updated = await call('PUT', `/2.0/webhooks/${created.body!.id}`, { address: 'https://moved.example/hook' });
    expect(updated.body).toMatchObject({ address: 'https://moved.example/hook', triggers: ['FILE.UPLOADED'] });
    expect((await call('DELETE', `/2.0/webhooks/${created.body!.id}`)).status).toBe(204);
    expect(await call('DELETE', `/2.0/webhooks/${created.body!.id}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('delivers a change under the watched folder to the webhooks listening to its trigger, signed with both keys', async () => {
    const { '/Watched/Deep': deep, '/Watched': folder } = box.seed({ '/Watched': null, '/Watched/Deep': null, '/Elsewhere': null });
    const hook = await call('POST', '/2.0/webhooks', { target: { id: folder, type: 'folder' }, address: receiver.url, triggers: ['FILE.UPLOADED', 'FILE.TRASHED'] });
    const { '/Watched/Deep/new.txt': file } = box.seed({ '/Watched/Deep/new.txt': 'new', '/Elsewhere/ignored.txt': 'no' });
    await call('POST', '/2.0/folders', { name: 'Not a file', parent: { id: deep } });
    await call('DELETE', `/2.0/files/${file}`);
    await box.state.webhooks.flush();

    expect(box.state.webhooks.deliveries.map((d) => [d.payload.trigger, d.payload.source.id, d.status])).toEqual([
      ['FILE.UPLOADED', file, 200],
      ['FILE.TRASHED', file, 200],
    ]);
    const [delivery] = box.state.webhooks.deliveries;
    expect(delivery.payload).toMatchObject({ type: 'webhook_event', webhook: { id: hook.body!.id }, source: { type: 'file', name: 'new.txt' } });
    const received = receiver.received[0];
    const timestamp = String(received.headers['box-delivery-timestamp']);
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-08:00$/);
    const sign = (key: string) => createHmac('sha256', key).update(Buffer.from(received.rawBody)).update(timestamp).digest('base64');
    expect(received.headers).toMatchObject({
      'box-signature-primary': sign('primary-key'),
      'box-signature-secondary': sign('secondary-key'),
      'box-signature-version': '1',
      'box-signature-algorithm': 'HmacSHA256',
      'user-agent': 'Box-WH-Client/0.1',
      'box-delivery-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
