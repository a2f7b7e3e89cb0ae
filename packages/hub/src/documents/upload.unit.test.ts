import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Readable } from 'node:stream';
import { JunctionError } from '@junction/core';
import express from 'express';
import { declaredSize, receiveUpload } from './upload';

/** The multipart receiver in a bare Express app, with a stand-in element that reads the stream. */
describe('receiveUpload', () => {
  let server: Server;
  let url: string;
  let seen: { bytes: number; outcome: 'ended' | 'failed'; error?: string }[];

  const consume = async ({ content, name }: { content: Readable; name: string }) => {
    let bytes = 0;
    try {
      for await (const chunk of content) bytes += (chunk as Buffer).length;
    } catch (error) {
      seen.push({ bytes, outcome: 'failed', error: (error as Error).message });
      throw new JunctionError(502, 'the vendor upload was aborted');
    }
    seen.push({ bytes, outcome: 'ended' });
    return { bytes, name };
  };

  beforeAll(async () => {
    const app = express();
    app.post('/upload', async (req, res) => {
      try {
        res.json(await receiveUpload(req, { maxBytes: 1000, size: declaredSize(req.query as Record<string, unknown>) }, consume));
      } catch (error) {
        const status = error instanceof JunctionError ? error.status : 500;
        res.status(status).json({ message: (error as Error).message });
      }
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
  });
  beforeEach(() => {
    seen = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = async (parts: [string, Buffer | string][], query = '', fileName = 'f.bin') => {
    const form = new FormData();
    for (const [field, value] of parts) form.append(field, new Blob([value]), fileName);
    const response = await fetch(`${url}${query}`, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('streams the part named file and ignores others', async () => {
    expect(await post([['other', 'ignored'], ['file', Buffer.alloc(1000, 1)]])).toEqual({ status: 200, body: { bytes: 1000, name: 'f.bin' } });
    expect(seen).toEqual([{ bytes: 1000, outcome: 'ended' }]);
  });

  it('fails the stream past the limit, so the element never sees an end, and answers 413', async () => {
    const response = await post([['file', Buffer.alloc(5000, 2)]]);
    expect(response).toEqual({ status: 413, body: { message: 'The file is larger than the 1000 bytes this server accepts (JUNCTION_MAX_UPLOAD_BYTES)' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ outcome: 'failed' });
    // At most the limit plus the one byte that showed it was exceeded.
    expect(seen[0].bytes).toBeLessThanOrEqual(1001);
  });

  it('answers 400 without the file part, and 415 for a body that is not multipart', async () => {
    expect(await post([['attachment', 'x']])).toEqual({ status: 400, body: { message: "Missing multipart part 'file' with the file content" } });
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const broken = await fetch(url, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc' });
    expect(broken.status).toBe(400);
    expect(seen).toEqual([{ bytes: 3, outcome: 'failed', error: 'Malformed multipart request: Unexpected end of form' }]);
  });

  it('hands over a UTF-8 file name as sent', async () => {
    const name = 'Störung – 障害 №7.pdf';
    expect(await post([['file', 'abc']], '', name)).toEqual({ status: 200, body: { bytes: 3, name } });
  });

  it('holds the file to a declared size: exact passes, longer and shorter fail the stream with 400', async () => {
    expect(await post([['file', Buffer.alloc(600, 3)]], '?size=600')).toMatchObject({ status: 200, body: { bytes: 600 } });
    const longer = await post([['file', Buffer.alloc(600, 3)]], '?size=599');
    expect(longer).toEqual({ status: 400, body: { message: 'The file is longer than its declared size=599' } });
    const shorter = await post([['file', Buffer.alloc(600, 3)]], '?size=601');
    expect(shorter).toEqual({ status: 400, body: { message: 'The file has 600 bytes, not its declared size=601' } });
    // The element saw the stream fail each time, never end.
    expect(seen.map((s) => s.outcome)).toEqual(['ended', 'failed', 'failed']);
    expect(seen[1].bytes).toBeLessThan(600);
  });

  it('refuses a declared size over the limit with 413 before reading, and a size that is not a number with 400', async () => {
    expect((await post([['file', 'x']], '?size=1001')).status).toBe(413);
    expect(await post([['file', 'x']], '?size=-1')).toEqual({ status: 400, body: { message: "Query parameter 'size' must be the file's length in bytes, got '-1'" } });
    expect(seen).toEqual([]);
  });
});
