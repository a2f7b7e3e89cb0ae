import { Readable } from 'node:stream';
import { contextFor } from '@junction/testing/recordings';
import { WEBHOOK_KEYS } from '../src/webhooks';
import { calls, config, element, recorded, withBox } from './box-vendor';

const documents = element.documents!;
const events = element.events!;
const [files, folders] = events.polling!.objects.map((o) => ('changedSince' in o ? o : undefined)!);
const webhook = events.webhook!;
const address = 'https://hub.example/elements/api-v2/events/box/MQ==';

describe('Box events against the Box API', () => {
  it('reads the event stream from now, reports an upload, and starts over when a position is refused', async () => {
    // Positions within 2^53: recordings keep answers as parsed JSON (Box's own positions are longer).
    await withBox('events-stream', (box) => box.state.events.startAt(8_200_000_000_001n), async (open) => {
      const start = await files.changedSince(open(), undefined);
      expect(start).toEqual({ events: [], state: '8200000000001' });
      const uploaded = await documents.upload(open(), { path: '/Inbox/scan.pdf', content: Readable.from([Buffer.from('%PDF')]), size: 4, overwrite: false });

      const fileChanges = await files.changedSince(open(), start.state);
      expect(fileChanges.events).toEqual([expect.objectContaining({ eventType: 'CREATED', objectType: 'files', objectId: uploaded.id })]);
      expect(BigInt(fileChanges.state)).toBeGreaterThan(BigInt(start.state));
      const folderChanges = await folders.changedSince(open(), start.state);
      expect(folderChanges.events).toEqual([expect.objectContaining({ eventType: 'CREATED', objectType: 'folders', objectId: uploaded.parentFolderId })]);

      const restarted = await files.changedSince(open(), '1');
      expect(restarted).toEqual({ events: [], state: fileChanges.state });
    });
    expect(calls('events-stream').filter((c) => c.includes('/2.0/events'))).toEqual([
      'GET api.box.com/2.0/events?stream_position=now 200',
      'GET api.box.com/2.0/events?stream_position=8200000000001&stream_type=changes&limit=500 200',
      'GET api.box.com/2.0/events?stream_position=8200000000001&stream_type=changes&limit=500 200',
      'GET api.box.com/2.0/events?stream_position=1&stream_type=changes&limit=500 400',
      'GET api.box.com/2.0/events?stream_position=now 200',
    ]);
  });

  it('creates a folder webhook, takes it over on 409, and deletes it (already gone is fine)', async () => {
    await withBox('events-webhooks', () => undefined, async (open, _simulator, hostMap) => {
      const folder = await documents.createFolder(open(), '/Watched');
      const ctx = contextFor(element, { ...config, [WEBHOOK_KEYS.folderId]: folder.id }, hostMap);
      const created = await webhook.subscribe!(ctx, address, ['files', 'folders']);
      expect(created).toEqual({ subscriptionId: expect.stringMatching(/^\d+$/) });
      expect(await webhook.subscribe!(ctx, `${address}?moved`, ['files'])).toEqual(created);
      await webhook.unsubscribe!(ctx, created.subscriptionId);
      await webhook.unsubscribe!(ctx, created.subscriptionId);
    });
    const exchanges = recorded('events-webhooks').filter((e) => e.path.includes('/webhooks'));
    expect(exchanges.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /2.0/webhooks 201',
      'POST /2.0/webhooks 409',
      'GET /2.0/webhooks?limit=1000 200',
      expect.stringMatching(/^PUT \/2\.0\/webhooks\/\d+ 200$/),
      expect.stringMatching(/^DELETE \/2\.0\/webhooks\/\d+ 204$/),
      expect.stringMatching(/^DELETE \/2\.0\/webhooks\/\d+ 404$/),
    ]);
    expect(exchanges[1].response).toMatchObject({ type: 'error', status: 409, code: 'conflict' });
    expect(exchanges[3].body).toEqual({ address: `${address}?moved`, triggers: expect.arrayContaining(['FILE.UPLOADED']) });
  });
});
