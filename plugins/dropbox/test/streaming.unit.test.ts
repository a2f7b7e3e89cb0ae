import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { HostMap } from '@junction/core';
import { contextFor } from '@junction/testing/recordings';
import { startDropboxSimulator, type RunningDropboxSimulator } from '@junction/testing';
import { createDropboxDocuments, dropbox } from '../src';
import { ChunkReader } from '../src/operations/chunks';
import { readAll } from './dropbox-harness';

describe('ChunkReader', () => {
  it('cuts any stream into fixed chunks and knows which one is last', async () => {
    const reader = new ChunkReader(Readable.from(['ab', 'cdefg', '', 'hijkl'].map((s) => Buffer.from(s))), 4);
    const chunks = [await reader.next(), await reader.next(), await reader.next()];
    expect(chunks.map((c) => [c.bytes.toString(), c.last])).toEqual([
      ['abcd', false],
      ['efgh', false],
      ['ijkl', true],
    ]);
    const empty = new ChunkReader(Readable.from([]), 4);
    expect(await empty.next()).toEqual({ bytes: Buffer.alloc(0), last: true });
  });
});

/** Megabytes against the simulator over real HTTP, which recordings are not for. */
describe('Dropbox uploads over HTTP', () => {
  let sim: RunningDropboxSimulator;
  const ctx = () => contextFor(dropbox, { 'oauth.user.token': sim.accessToken }, HostMap.parse(`api.dropboxapi.com=${sim.url},content.dropboxapi.com=${sim.url}`));

  beforeEach(async () => {
    sim = await startDropboxSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('uploads megabytes through a session in bounded chunks and reads back the same bytes', async () => {
    const documents = createDropboxDocuments({ chunkBytes: 1024 * 1024 });
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const entry = await documents.upload(ctx(), { path: '/big/random.bin', content: Readable.from(pieces), overwrite: false });
    expect(entry).toMatchObject({ size: bytes.length, path: '/big/random.bin' });
    expect(sim.state.requests.map((r) => [r.path, r.bodyBytes])).toEqual([
      ['/2/files/upload_session/start', 1024 * 1024],
      ['/2/files/upload_session/append_v2', 1024 * 1024],
      ['/2/files/upload_session/append_v2', 1024 * 1024],
      ['/2/files/upload_session/finish', 17],
    ]);
    const file = await documents.download(ctx(), { id: entry.id });
    expect((await readAll(file.content)).equals(bytes)).toBe(true);
  });
});
