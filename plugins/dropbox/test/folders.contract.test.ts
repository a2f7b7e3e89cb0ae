import { DocumentEntry } from '@junction/core';
import { dropbox } from '../src';
import { withDropbox } from './dropbox-harness';

const documents = dropbox.documents!;

describe('Dropbox folders', () => {
  it('pages through a folder with list_folder cursors', async () => {
    await withDropbox('list-paging', async ({ ctx, sent, seed }) => {
      seed((sim) => {
        for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) sim.state.put(`/Paging/${name}`, name);
        sim.state.mkdir('/Paging/Sub');
      });
      const first = await documents.list(ctx, { path: '/Paging' }, { pageSize: 2 });
      expect(first.records.map((e) => DocumentEntry.parse(e).name)).toEqual(['a.txt', 'b.txt']);
      expect(first.cursor).toEqual(expect.any(String));
      expect(sent[0]).toMatchObject({ url: 'files/list_folder', json: { path: '/Paging', recursive: false, limit: 2 } });

      const second = await documents.list(ctx, { path: '/Paging' }, { pageSize: 2, cursor: first.cursor });
      expect(second.records.map((e) => e.name)).toEqual(['c.txt', 'd.txt']);
      expect(sent[1]).toMatchObject({ url: 'files/list_folder/continue', json: { cursor: first.cursor } });

      const last = await documents.list(ctx, { path: '/Paging' }, { pageSize: 2, cursor: second.cursor });
      expect(last.records).toEqual([expect.objectContaining({ name: 'Sub', directory: true, path: '/Paging/Sub' })]);
      expect(last.cursor).toBeUndefined();

      // The root is "" to Dropbox, and listing it by the hub's root id works the same.
      const root = await documents.list(ctx, { id: '/' }, { pageSize: 100 });
      expect(root.records.map((e) => e.path)).toEqual(['/Paging']);
      expect(sent[3]).toMatchObject({ json: { path: '', recursive: false, limit: 100 } });
    });
  });

  it('creates, describes, renames, copies over an existing folder and deletes', async () => {
    await withDropbox('folders', async ({ ctx, sent, seed }) => {
      seed((sim) => sim.state.put('/Archive/Copy/old.txt', 'old'));
      const created = await documents.createFolder(ctx, '/Projects');
      expect(DocumentEntry.parse(created)).toMatchObject({ name: 'Projects', path: '/Projects', directory: true });
      expect(sent[0]).toMatchObject({ url: 'files/create_folder_v2', json: { path: '/Projects', autorename: false } });

      const described = await documents.metadata(ctx, { id: created.id }, 'folder');
      expect(described).toMatchObject({ id: created.id, name: 'Projects', directory: true });
      expect(await documents.metadata(ctx, { path: '/' }, 'folder')).toEqual({ id: '/', name: '', path: '/', directory: true });
      expect(sent).toHaveLength(2);

      const renamed = await documents.move(ctx, { id: created.id }, '/Projects 2024', 'folder');
      expect(renamed).toMatchObject({ id: created.id, path: '/Projects 2024', name: 'Projects 2024' });
      expect(sent[2]).toMatchObject({ url: 'files/move_v2', json: { from_path: created.id, to_path: '/Projects 2024', autorename: false } });

      // copy_v2 cannot overwrite: the conflict is cleared, then the copy made again.
      const copied = await documents.copy(ctx, { path: '/Projects 2024' }, '/Archive/Copy', { overwrite: true, kind: 'folder' });
      expect(copied).toMatchObject({ path: '/Archive/Copy', directory: true });
      expect(copied.id).not.toBe(created.id);
      expect(sent.slice(3).map((s) => [s.url, s.json])).toEqual([
        ['files/copy_v2', { from_path: '/Projects 2024', to_path: '/Archive/Copy', autorename: false }],
        ['files/delete_v2', { path: '/Archive/Copy' }],
        ['files/copy_v2', { from_path: '/Projects 2024', to_path: '/Archive/Copy', autorename: false }],
      ]);
      const refused = await documents.copy(ctx, { path: '/Projects 2024' }, '/Archive/Copy', { overwrite: false, kind: 'folder' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 409, providerMessage: 'to/conflict/folder/..' });

      // A folder id sent as a file is refused before anything is deleted.
      const wrongKind = await documents.delete(ctx, { id: created.id }, 'file').catch((e: unknown) => e);
      expect(wrongKind).toMatchObject({ status: 400 });
      await documents.delete(ctx, { id: created.id }, 'folder');
      expect(sent.slice(-2).map((s) => [s.url, s.json])).toEqual([
        ['files/get_metadata', { path: created.id }],
        ['files/delete_v2', { path: created.id }],
      ]);
      expect(await documents.metadata(ctx, { id: created.id }, 'folder').catch((e: unknown) => e)).toMatchObject({ status: 404, providerMessage: 'path/not_found/..' });
      expect(await documents.delete(ctx, { path: '/' }, 'folder').catch((e: unknown) => e)).toMatchObject({ status: 400, message: 'The root folder cannot be deleted' });
    });
  });
});
