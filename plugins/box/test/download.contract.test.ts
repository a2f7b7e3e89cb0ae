import { JunctionError } from '@junction/core';
import { calls, element, recorded, rejectionOf, withBox } from './box-vendor';

const documents = element.documents!;
const PIXEL = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x01]);

async function bytesOf(content: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('Box downloads', () => {
  it('follows the 302 to dl.boxcloud.com and streams the bytes, by id and by path', async () => {
    await withBox('download-redirect', (box) => void box.seed({ '/photos/pixel.png': PIXEL }), async (open) => {
      const byPath = await documents.download(open(), { path: '/photos/pixel.png' });
      expect(byPath).toMatchObject({ name: 'pixel.png', size: PIXEL.length, mimeType: 'application/octet-stream' });
      expect(await bytesOf(byPath.content)).toEqual(PIXEL);

      const { id } = await documents.metadata(open(), { path: '/photos/pixel.png' }, 'file');
      const byId = await documents.download(open(), { id });
      expect(byId.name).toBe('pixel.png');
      expect(await bytesOf(byId.content)).toEqual(PIXEL);
    });
    const exchanges = recorded('download-redirect');
    const redirects = exchanges.filter((e) => e.status === 302);
    expect(redirects).toHaveLength(2);
    // Each 302 points at dl.boxcloud.com, and that is where the bytes came from.
    for (const redirect of redirects) {
      const location = new URL((redirect.rawHeaders as Record<string, string>).location);
      expect(location.host).toBe('dl.boxcloud.com');
      expect(exchanges).toContainEqual(expect.objectContaining({ scope: 'https://dl.boxcloud.com:443', path: location.pathname, status: 200 }));
    }
    expect(calls('download-redirect').filter((c) => c.includes('dl.boxcloud.com'))).toHaveLength(2);
  });

  it('waits out a 202 with Retry-After while Box prepares the file, and gives up after a few', async () => {
    await withBox('download-not-ready', (box) => void box.seed({ '/fresh.txt': 'just uploaded' }), async (open, box) => {
      box?.state.notReadyNext('download', 1, 1);
      const started = Date.now();
      const ready = await documents.download(open(), { path: '/fresh.txt' });
      expect(await bytesOf(ready.content)).toEqual(Buffer.from('just uploaded'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

      box?.state.notReadyNext('download', 3, 0);
      const never = await rejectionOf(documents.download(open(), { path: '/fresh.txt' }));
      expect(never).toBeInstanceOf(JunctionError);
      expect(never).toMatchObject({ status: 503, message: "Box has not finished processing 'fresh.txt' yet; retry the download later" });
    });
    expect(calls('download-not-ready').map((c) => c.replace(/\?.*? /, ' ').replace(/\/d\/1\/[^/]+\//, '/d/1/{token}/').replace(/\/files\/\d+\//, '/files/{id}/'))).toEqual([
      'GET api.box.com/2.0/folders/0/items 200',
      'GET api.box.com/2.0/files/{id}/content 202',
      'GET api.box.com/2.0/files/{id}/content 302',
      'GET dl.boxcloud.com/d/1/{token}/download 200',
      'GET api.box.com/2.0/folders/0/items 200',
      'GET api.box.com/2.0/files/{id}/content 202',
      'GET api.box.com/2.0/files/{id}/content 202',
      'GET api.box.com/2.0/files/{id}/content 202',
    ]);
  });
});
