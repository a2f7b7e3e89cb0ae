import { Readable } from 'node:stream';
import { boxUploadBody, randomBoundary } from './multipart';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('Box multipart upload body', () => {
  it('lays out the attributes part before the file part, byte for byte, with the file bytes untouched', async () => {
    const content = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    const multipart = boxUploadBody({ name: 'ü "x".bin', parent: { id: '42' } }, 'ü "x".bin', Readable.from([content.subarray(0, 2), content.subarray(2)]), { boundary: 'BOUNDARY', size: content.length });
    const body = await read(multipart.body);
    const expected = Buffer.concat([
      Buffer.from(
        '--BOUNDARY\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n{"name":"ü \\"x\\".bin","parent":{"id":"42"}}\r\n' +
          '--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="ü %22x%22.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
      content,
      Buffer.from('\r\n--BOUNDARY--\r\n'),
    ]);
    expect(body).toEqual(expected);
    expect(multipart.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
    expect(multipart.length).toBe(expected.length);
  });

  it('leaves the length unset when the file size is unknown, and escapes line breaks in names', async () => {
    const multipart = boxUploadBody({ name: 'a' }, 'a\r\nb', Readable.from([Buffer.from('x')]), { boundary: 'B' });
    expect(multipart.length).toBeUndefined();
    expect((await read(multipart.body)).toString()).toContain('filename="a%0D%0Ab"\r\n');
  });

  it('pulls the file stream only as the body is read', async () => {
    let pulled = 0;
    const source = new Readable({
      read() {
        pulled++;
        this.push(pulled <= 3 ? Buffer.alloc(16 * 1024, pulled) : null);
      },
    });
    const multipart = boxUploadBody({ name: 'big' }, 'big', source, { boundary: 'B' });
    expect(pulled).toBe(0);
    const body = await read(multipart.body);
    expect(pulled).toBe(4);
    expect(body.length).toBe(3 * 16 * 1024 + Buffer.byteLength('--B\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n{"name":"big"}\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="big"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n'));
  });

  it('makes boundaries that differ every time', () => {
    expect(randomBoundary()).toMatch(/^junction-[0-9a-f]{48}$/);
    expect(randomBoundary()).not.toBe(randomBoundary());
  });
});
