import { Readable } from 'node:stream';
import { DocumentEntry, JunctionError, VendorError } from '@junction/core';
import { createDropboxDocuments, dropbox } from '../src';
import { readAll, withDropbox } from './dropbox-harness';

const documents = dropbox.documents!;
const NAME = 'Résumé 日本.txt';

describe('Dropbox files', () => {
  it('uploads in one call with a header-safe argument and downloads the same bytes', async () => {
    await withDropbox('upload-and-download', async ({ ctx, sent }) => {
      const entry = await documents.upload(ctx, { path: `/Junction/${NAME}`, content: Readable.from([Buffer.from('Hello, '), Buffer.from('Dropbox!\n')]), overwrite: false });
      expect(DocumentEntry.parse(entry)).toMatchObject({ name: NAME, path: `/Junction/${NAME}`, directory: false, size: 16 });
      expect(entry.id).toMatch(/^id:/);
      expect(entry.refId).toBe(entry.id);
      expect(sent[0]).toMatchObject({ method: 'POST', url: 'https://content.dropboxapi.com/2/files/upload' });
      expect(sent[0].headers).toEqual({
        'content-type': 'application/octet-stream',
        'dropbox-api-arg': '{"path":"/Junction/R\\u00e9sum\\u00e9 \\u65e5\\u672c.txt","mode":"add","autorename":false}',
      });

      // A size known to fit streams straight into files/upload; overwrite replaces the bytes.
      const replaced = await documents.upload(ctx, { path: `/Junction/${NAME}`, content: Readable.from([Buffer.from('Hello again\n')]), size: 12, overwrite: true });
      expect(replaced).toMatchObject({ id: entry.id, size: 12 });
      expect(JSON.parse(sent[1].headers['dropbox-api-arg']!)).toEqual({ path: `/Junction/${NAME}`, mode: 'overwrite', autorename: false });

      const file = await documents.download(ctx, { id: entry.id });
      expect(file).toMatchObject({ name: NAME, size: 12 });
      expect((await readAll(file.content)).toString()).toBe('Hello again\n');
      expect(sent[2]).toMatchObject({ url: 'https://content.dropboxapi.com/2/files/download', headers: { 'dropbox-api-arg': JSON.stringify({ path: entry.id }) } });

      const byPath = await documents.download(ctx, { path: `/junction/${NAME.toLowerCase()}` });
      expect((await readAll(byPath.content)).toString()).toBe('Hello again\n');
    });
  });

  it('sends a larger stream as an upload session in chunks, closing with the last one', async () => {
    const small = createDropboxDocuments({ chunkBytes: 4, singleRequestMaxBytes: 4 });
    await withDropbox('upload-session', async ({ ctx, sent }) => {
      const content = Readable.from(['abc', 'defghi', 'j'].map((s) => Buffer.from(s)));
      const entry = await small.upload(ctx, { path: '/Junction/session.bin', content, overwrite: false });
      expect(DocumentEntry.parse(entry)).toMatchObject({ name: 'session.bin', size: 10, directory: false });
      expect(sent.map((s) => [s.url.replace('https://content.dropboxapi.com/2/', ''), JSON.parse(s.headers['dropbox-api-arg']!)])).toEqual([
        ['files/upload_session/start', { close: false }],
        ['files/upload_session/append_v2', { cursor: { session_id: expect.stringMatching(/^pid_upload_session:/), offset: 4 }, close: false }],
        ['files/upload_session/finish', { cursor: { session_id: expect.stringMatching(/^pid_upload_session:/), offset: 8 }, commit: { path: '/Junction/session.bin', mode: 'add', autorename: false } }],
      ]);
      const downloaded = await small.download(ctx, { id: entry.id });
      expect((await readAll(downloaded.content)).toString()).toBe('abcdefghij');
    });
  });

  it('never finishes a session whose source stream fails, so no file is committed', async () => {
    const small = createDropboxDocuments({ chunkBytes: 4, singleRequestMaxBytes: 4 });
    await withDropbox('upload-truncated', async ({ ctx, sent }) => {
      async function* truncated() {
        yield Buffer.from('abcdefgh');
        yield Buffer.from('ij');
        throw new JunctionError(413, 'too large');
      }
      const failed = await small.upload(ctx, { path: '/Junction/truncated.bin', content: Readable.from(truncated()), overwrite: false }).catch((e: unknown) => e);
      expect(failed).toMatchObject({ status: 413 });
      expect(sent.map((s) => s.url.split('/2/')[1])).toEqual(['files/upload_session/start', 'files/upload_session/append_v2']);
      const lookup = await documents.metadata(ctx, { path: '/Junction/truncated.bin' }, 'file').catch((e: unknown) => e);
      expect(lookup).toMatchObject({ status: 404, providerMessage: 'path/not_found/..' });
    });
  });

  it('maps conflicts, missing paths and wrong kinds to hub statuses with Dropbox words', async () => {
    await withDropbox('errors', async ({ ctx, seed }) => {
      seed((sim) => {
        sim.state.put('/Junction/taken.txt', 'taken');
        sim.state.put('/Junction/other.txt', 'other');
      });
      const conflict = await documents.upload(ctx, { path: '/Junction/taken.txt', content: Readable.from([Buffer.from('new')]), overwrite: false }).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(VendorError);
      expect(conflict).toMatchObject({ status: 409, providerMessage: 'path/conflict/file/..' });

      const moved = await documents.move(ctx, { path: '/Junction/taken.txt' }, '/Junction/other.txt', 'file').catch((e: unknown) => e);
      expect(moved).toMatchObject({ status: 409, providerMessage: 'to/conflict/file/..' });

      const missing = await documents.download(ctx, { path: '/Junction/missing.txt' }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ status: 404, providerMessage: 'path/not_found/..' });

      const notFolder = await documents.list(ctx, { path: '/Junction/taken.txt' }, { pageSize: 10 }).catch((e: unknown) => e);
      expect(notFolder).toMatchObject({ status: 400, providerMessage: 'path/not_folder/..' });

      const folderAsFile = await documents.metadata(ctx, { path: '/Junction' }, 'file').catch((e: unknown) => e);
      expect(folderAsFile).toMatchObject({ status: 400, message: "'/Junction' is a folder; use /folders for it" });

      // Not a Dropbox id: nothing is asked of Dropbox.
      expect(await documents.metadata(ctx, { id: '12345' }, 'file').catch((e: unknown) => e)).toMatchObject({ status: 404 });
    });
  });
});
