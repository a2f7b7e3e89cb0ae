import { DocumentEntry, StorageInfo, VendorError } from '@junction/core';
import { calls, element, recorded, rejectionOf, withBox } from './box-vendor';

const documents = element.documents!;

describe('Box folders, search and storage', () => {
  it('creates nested folders, refuses an existing one, pages contents with markers, searches by offset, reports quota and deletes recursively', async () => {
    const seed = { '/Projects/Gemini/report-a.txt': 'a', '/Projects/Gemini/report-b.txt': 'bb', '/Projects/Gemini/notes.txt': 'ccc', '/Projects/Gemini/Drafts': null };
    await withBox('folders', (box) => void box.seed(seed), async (open) => {
      const apollo = DocumentEntry.parse(await documents.createFolder(open(), '/Projects/Apollo/Launch'));
      expect(apollo).toMatchObject({ name: 'Launch', path: '/Projects/Apollo/Launch', directory: true });
      const again = await rejectionOf(documents.createFolder(open(), '/Projects/Apollo/Launch'));
      expect(again).toBeInstanceOf(VendorError);
      expect(again).toMatchObject({ status: 409, providerMessage: 'item_name_in_use: Item with the same name already exists' });

      const first = await documents.list(open(), { path: '/Projects/Gemini' }, { pageSize: 3 });
      expect(first.records.map((r) => DocumentEntry.parse(r).name)).toEqual(['Drafts', 'notes.txt', 'report-a.txt']);
      expect(first.records[0]).toMatchObject({ directory: true, path: '/Projects/Gemini/Drafts' });
      expect(first.cursor).toEqual(expect.any(String));
      const gemini = first.records[0].parentFolderId!;
      const second = await documents.list(open(), { id: gemini }, { pageSize: 3, cursor: first.cursor });
      expect(second.records.map((r) => r.path)).toEqual(['/Projects/Gemini/report-b.txt']);
      expect(second.cursor).toBeUndefined();

      const found = await documents.search(open(), { text: 'report', path: '/Projects', pageSize: 1 });
      expect(found).toMatchObject({ cursor: '1', total: 2 });
      const rest = await documents.search(open(), { text: 'report', path: '/Projects', pageSize: 1, cursor: found.cursor });
      expect([...found.records, ...rest.records].map((r) => r.name).sort()).toEqual(['report-a.txt', 'report-b.txt']);
      expect(rest.cursor).toBeUndefined();

      expect(StorageInfo.parse(await documents.storage(open()))).toEqual({ used: 6, allocated: 10 * 1024 ** 3 });
      await documents.delete(open(), { path: '/Projects' }, 'folder');
      expect(await documents.list(open(), { path: '/' }, { pageSize: 10 })).toEqual({ records: [], cursor: undefined });
    });

    const exchanges = recorded('folders');
    const paths = calls('folders');
    expect(paths.filter((c) => c.startsWith('POST api.box.com/2.0/folders?'))).toEqual([
      expect.stringMatching(/ 201$/),
      expect.stringMatching(/ 201$/),
      expect.stringMatching(/ 409$/),
    ]);
    const listings = exchanges.filter((e) => e.path.includes('/items?') && !e.path.includes('limit=1000'));
    expect(listings.map((e) => new URL(`https://x${e.path}`).searchParams.get('limit'))).toEqual(['3', '3', '10']);
    expect(new URL(`https://x${listings[1].path}`).searchParams.get('marker')).toBe((listings[0].response as { next_marker: string }).next_marker);
    const searches = exchanges.filter((e) => e.path.startsWith('/2.0/search?')).map((e) => Object.fromEntries(new URL(`https://x${e.path}`).searchParams));
    expect(searches.map(({ query, limit, offset }) => ({ query, limit, offset }))).toEqual([
      { query: 'report', limit: '1', offset: '0' },
      { query: 'report', limit: '1', offset: '1' },
    ]);
    expect(searches[0].ancestor_folder_ids).toMatch(/^\d+$/);
    expect(paths).toContainEqual(expect.stringMatching(/^DELETE api\.box\.com\/2\.0\/folders\/\d+\?recursive=true 204$/));
    expect(paths).toContain('GET api.box.com/2.0/users/me?fields=space_amount%2Cspace_used 200');
  });
});
