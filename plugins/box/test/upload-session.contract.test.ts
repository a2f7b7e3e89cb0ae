import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BadRequestError, DocumentEntry } from '@junction/core';
import { calls, element, RECORDED_PART_SIZE, recorded, rejectionOf, spied, withBox } from './box-vendor';
import { operationFor } from './box-openapi';

const documents = element.documents!;
const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('base64');
/** 100 bytes: three full 32-byte parts and a last one of 4. */
const REPORT = Buffer.from(Array.from({ length: 10 }, (_, i) => `line ${String(i).padStart(2, '0')}\n`).join('').padEnd(100, '='));
/** Streams `data` in uneven chunks, as a client upload arrives. */
const trickle = (data: Buffer) => Readable.from([data.subarray(0, 7), data.subarray(7, 50), data.subarray(50, 51), data.subarray(51)]);

describe('Box upload sessions', () => {
  it('uploads a large file in parts with per-part and whole-file SHA-1 digests, waiting out a 202 commit', async () => {
    const sent = await withBox('upload-session', () => undefined, async (open, box) => {
      box?.state.notReadyNext('commit', 1, 1);
      const { ctx, sent } = spied(open());
      const entry = DocumentEntry.parse(await documents.upload(ctx, { path: '/big report.txt', content: trickle(REPORT), size: REPORT.length, overwrite: false }));
      expect(entry).toMatchObject({ name: 'big report.txt', path: '/big report.txt', size: 100, directory: false });
      return sent;
    });

    const exchanges = recorded('upload-session');
    expect(calls('upload-session').map((c) => c.replace(/upload_sessions\/\w+/, 'upload_sessions/{session}'))).toEqual([
      expect.stringMatching(/^GET api\.box\.com\/2\.0\/folders\/0\/items\?.* 200$/),
      'POST upload.box.com/api/2.0/files/upload_sessions 201',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'POST upload.box.com/api/2.0/files/upload_sessions/{session}/commit 202',
      'POST upload.box.com/api/2.0/files/upload_sessions/{session}/commit 201',
    ]);
    expect(exchanges[1].body).toEqual({ folder_id: '0', file_size: 100, file_name: 'big report.txt' });
    expect(exchanges[1].response).toMatchObject({ part_size: RECORDED_PART_SIZE, total_parts: 4 });
    // The parts' bytes, in order, are the file.
    expect(Buffer.concat(exchanges.slice(2, 6).map((e) => Buffer.from(e.body as string)))).toEqual(REPORT);
    const parts = exchanges.slice(2, 6).map((e) => (e.response as { part: unknown }).part);
    expect(exchanges[6].body).toEqual({ parts });
    expect(exchanges[7].body).toEqual({ parts });

    const partsSent = sent.filter((r) => r.method === 'PUT');
    expect(partsSent.map((r) => r.headers)).toEqual(
      [0, 32, 64, 96].map((offset) => {
        const part = REPORT.subarray(offset, offset + RECORDED_PART_SIZE);
        return { 'content-type': 'application/octet-stream', 'content-range': `bytes ${offset}-${offset + part.length - 1}/100`, digest: `sha=${sha1(part)}` };
      }),
    );
    const commits = sent.filter((r) => r.url.endsWith('/commit'));
    expect(commits.map((r) => r.headers)).toEqual([{ digest: `sha=${sha1(REPORT)}` }, { digest: `sha=${sha1(REPORT)}` }]);
    // Headers the spec requires on these operations were all sent.
    for (const request of [...partsSent, ...commits]) {
      const operation = operationFor(request.method, request.url);
      for (const header of operation.requiredHeaders) expect(request.headers).toHaveProperty(header);
    }
  });

  it('aborts the session when the stream ends short of its declared size', async () => {
    await withBox('upload-session-short', () => undefined, async (open) => {
      const short = await rejectionOf(documents.upload(open(), { path: '/short.bin', content: trickle(REPORT.subarray(0, 80)), size: 90, overwrite: false }));
      expect(short).toBeInstanceOf(BadRequestError);
      expect(short).toMatchObject({ status: 400, message: 'The upload ended after 80 of its declared 90 bytes' });
    });
    expect(calls('upload-session-short').map((c) => c.replace(/upload_sessions\/\w+/, 'upload_sessions/{session}'))).toEqual([
      expect.stringMatching(/^GET api\.box\.com\/2\.0\/folders\/0\/items\?.* 200$/),
      'POST upload.box.com/api/2.0/files/upload_sessions 201',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'PUT upload.box.com/api/2.0/files/upload_sessions/{session} 200',
      'DELETE upload.box.com/api/2.0/files/upload_sessions/{session} 204',
    ]);
  });
});
