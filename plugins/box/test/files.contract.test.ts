import { Readable } from 'node:stream';
import { ConflictError, DocumentEntry, DocumentLink, VendorError } from '@junction/core';
import { calls, element, RECORDED_BOUNDARY, recorded, rejectionOf, withBox } from './box-vendor';

const documents = element.documents!;
const FIELDS = 'fields=type%2Cid%2Cname%2Csize%2Ccreated_at%2Cmodified_at%2Cparent%2Cpath_collection';
const WALK = `${FIELDS}&usemarker=true&limit=1000`;
const upload = (path: string, text: string, overwrite = false) => ({ path, content: Readable.from([Buffer.from(text)]), size: Buffer.byteLength(text), overwrite });

describe('Box files', () => {
  it('uploads to a new path, reads it by path and id, moves, copies, shares and deletes it', async () => {
    const ids = await withBox('files-lifecycle', () => undefined, async (open) => {
      const uploaded = DocumentEntry.parse(await documents.upload(open(), upload('/Reports/2026/q1 ü.txt', 'quarterly numbers')));
      expect(uploaded).toMatchObject({ name: 'q1 ü.txt', path: '/Reports/2026/q1 ü.txt', directory: false, size: 17 });

      expect(DocumentEntry.parse(await documents.metadata(open(), { path: '/reports/2026/Q1 ü.txt' }, 'file'))).toEqual(uploaded);
      expect(await documents.metadata(open(), { id: uploaded.id }, 'file')).toEqual(uploaded);

      const moved = DocumentEntry.parse(await documents.move(open(), { id: uploaded.id }, '/Archive/q1.txt', 'file'));
      expect(moved).toMatchObject({ id: uploaded.id, name: 'q1.txt', path: '/Archive/q1.txt' });
      expect(moved.parentFolderId).not.toBe(uploaded.parentFolderId);

      const copied = DocumentEntry.parse(await documents.copy(open(), { path: '/Archive/q1.txt' }, '/Reports/q1 copy.txt', { overwrite: false, kind: 'file' }));
      expect(copied).toMatchObject({ name: 'q1 copy.txt', path: '/Reports/q1 copy.txt', size: 17 });
      expect(copied.id).not.toBe(uploaded.id);

      const link = DocumentLink.parse(await documents.link(open(), { id: uploaded.id }));
      expect(link).toEqual({ providerLink: expect.stringMatching(/^https:\/\/app\.box\.com\/shared\/static\/\w+\.txt$/), providerViewLink: expect.stringMatching(/^https:\/\/app\.box\.com\/s\//), expires: null });

      await documents.delete(open(), { path: '/Reports/q1 copy.txt' }, 'file');
      const gone = await rejectionOf(documents.metadata(open(), { id: copied.id }, 'file'));
      expect(gone).toBeInstanceOf(VendorError);
      expect(gone).toMatchObject({ status: 404, providerMessage: 'not_found: Not Found' });
      return { file: uploaded.id, copy: copied.id };
    });
    const exchanges = recorded('files-lifecycle');
    const reports = exchanges[1].response as { id: string };

    expect(calls('files-lifecycle')).toEqual([
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `POST api.box.com/2.0/folders?${FIELDS} 201`,
      `GET api.box.com/2.0/folders/${reports.id}/items?${WALK} 200`,
      expect.stringMatching(/^POST api\.box\.com\/2\.0\/folders\?.* 201$/),
      expect.stringMatching(/^GET api\.box\.com\/2\.0\/folders\/\d+\/items\?.* 200$/),
      `POST upload.box.com/api/2.0/files/content?${FIELDS} 201`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `GET api.box.com/2.0/folders/${reports.id}/items?${WALK} 200`,
      expect.stringMatching(/^GET api\.box\.com\/2\.0\/folders\/\d+\/items\?.* 200$/),
      `GET api.box.com/2.0/files/${ids.file}?${FIELDS} 200`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `POST api.box.com/2.0/folders?${FIELDS} 201`,
      `PUT api.box.com/2.0/files/${ids.file}?${FIELDS} 200`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      expect.stringMatching(/^GET api\.box\.com\/2\.0\/folders\/\d+\/items\?.* 200$/),
      `POST api.box.com/2.0/files/${ids.file}/copy?${FIELDS} 201`,
      `PUT api.box.com/2.0/files/${ids.file}?fields=shared_link 200`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `GET api.box.com/2.0/folders/${reports.id}/items?${WALK} 200`,
      `DELETE api.box.com/2.0/files/${ids.copy} 204`,
      `GET api.box.com/2.0/files/${ids.copy}?${FIELDS} 404`,
    ]);
    expect(exchanges[1].body).toEqual({ name: 'Reports', parent: { id: '0' } });
    expect(exchanges[5].body).toBe(
      `--${RECORDED_BOUNDARY}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n` +
        `{"name":"q1 ü.txt","parent":{"id":"${(exchanges[3].response as { id: string }).id}"}}\r\n` +
        `--${RECORDED_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="q1 ü.txt"\r\nContent-Type: application/octet-stream\r\n\r\n` +
        `quarterly numbers\r\n--${RECORDED_BOUNDARY}--\r\n`,
    );
    expect(exchanges[12].body).toEqual({ name: 'q1.txt', parent: { id: (exchanges[11].response as { id: string }).id } });
    expect(exchanges[15].body).toEqual({ parent: { id: reports.id }, name: 'q1 copy.txt' });
    expect(exchanges[16].body).toEqual({ shared_link: { access: 'open' } });
  });

  it('refuses to replace an existing file unless asked, then uploads a new version of it', async () => {
    const id = await withBox('files-overwrite', (box) => void box.seed({ '/notes.txt': 'v1' }), async (open) => {
      const refused = await rejectionOf(documents.upload(open(), upload('/notes.txt', 'version two')));
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused).toMatchObject({ status: 409, message: "A file named 'notes.txt' already exists in '/'" });

      const replaced = DocumentEntry.parse(await documents.upload(open(), upload('/notes.txt', 'version two', true)));
      expect(replaced).toMatchObject({ name: 'notes.txt', path: '/notes.txt', size: 11 });
      return replaced.id;
    });
    // Nothing was sent for the refused upload: the name was found in the folder first.
    expect(calls('files-overwrite')).toEqual([
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `POST upload.box.com/api/2.0/files/${id}/content?${FIELDS} 200`,
    ]);
    expect(recorded('files-overwrite')[2].body).toContain('name="attributes"\r\n\r\n{"name":"notes.txt"}\r\n');
  });

  it('answers 409 with Box words when a copy would replace a file, and replaces it when asked', async () => {
    await withBox('files-copy-conflict', (box) => void box.seed({ '/a.txt': 'A', '/b.txt': 'B' }), async (open, box) => {
      const refused = await rejectionOf(documents.copy(open(), { path: '/a.txt' }, '/b.txt', { overwrite: false, kind: 'file' }));
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused).toMatchObject({ status: 409, providerMessage: 'item_name_in_use: Item with the same name already exists' });

      const copied = DocumentEntry.parse(await documents.copy(open(), { path: '/a.txt' }, '/b.txt', { overwrite: true, kind: 'file' }));
      expect(copied).toMatchObject({ name: 'b.txt', path: '/b.txt', size: 1 });
      if (box) expect(box.state.store.children('0').map((i) => i.name)).toEqual(['a.txt', 'b.txt']);
    });
    const listed = recorded('files-copy-conflict')[0].response as { entries: { id: string; name: string }[] };
    const ids = { a: listed.entries[0].id, b: listed.entries[1].id };
    expect(calls('files-copy-conflict')).toEqual([
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `POST api.box.com/2.0/files/${ids.a}/copy?${FIELDS} 409`,
      `GET api.box.com/2.0/folders/0/items?${WALK} 200`,
      `POST api.box.com/2.0/files/${ids.a}/copy?${FIELDS} 409`,
      `DELETE api.box.com/2.0/files/${ids.b} 204`,
      `POST api.box.com/2.0/files/${ids.a}/copy?${FIELDS} 201`,
    ]);
  });
});
