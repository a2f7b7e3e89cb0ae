import { DocumentEntry, DocumentLink, StorageInfo, VendorError } from '@junction/core';
import { dropbox } from '../src';
import { withDropbox } from './dropbox-harness';

const documents = dropbox.documents!;

describe('Dropbox links, search, quota and health', () => {
  it('shares a file once and hands back the existing link after that', async () => {
    await withDropbox('links', async ({ ctx, sent, seed }) => {
      seed((sim) => sim.state.put('/Shared/report.pdf', '%PDF-1.7'));
      const created = await documents.link(ctx, { path: '/Shared/report.pdf' });
      expect(DocumentLink.parse(created)).toEqual({
        providerLink: expect.stringMatching(/^https:\/\/www\.dropbox\.com\/scl\/fi\/.+\/report\.pdf\?rlkey=.+&dl=1$/),
        providerViewLink: expect.stringMatching(/&dl=0$/),
        expires: null,
        raw: expect.objectContaining({ '.tag': 'file' }),
      });
      expect(sent[0]).toMatchObject({ url: 'sharing/create_shared_link_with_settings', json: { path: '/Shared/report.pdf' } });

      const again = await documents.link(ctx, { path: '/Shared/report.pdf' });
      expect(again.providerLink).toBe(created.providerLink);
      expect(sent.slice(1).map((s) => [s.url, s.json])).toEqual([
        ['sharing/create_shared_link_with_settings', { path: '/Shared/report.pdf' }],
        ['sharing/list_shared_links', { path: '/Shared/report.pdf', direct_only: true }],
      ]);
    });
  });

  it('searches by name with continue cursors, and lists everything below a folder without text', async () => {
    await withDropbox('search', async ({ ctx, sent, seed }) => {
      seed((sim) => {
        for (let i = 1; i <= 3; i++) sim.state.put(`/Reports/Q${i} report.pdf`, `q${i}`);
        sim.state.put('/Reports/notes.txt', 'notes');
      });
      const first = await documents.search(ctx, { text: 'report', path: '/Reports', pageSize: 2 });
      expect(first.records.map((e) => DocumentEntry.parse(e).name)).toEqual(['Q1 report.pdf', 'Q2 report.pdf']);
      expect(sent[0]).toMatchObject({ url: 'files/search_v2', json: { query: 'report', options: { path: '/Reports', max_results: 2 } } });
      const rest = await documents.search(ctx, { text: 'report', path: '/Reports', pageSize: 2, cursor: first.cursor });
      expect(rest.records.map((e) => e.name)).toEqual(['Q3 report.pdf']);
      expect(rest.cursor).toBeUndefined();
      expect(sent[1]).toMatchObject({ url: 'files/search/continue_v2', json: { cursor: first.cursor } });

      const everything = await documents.search(ctx, { text: '', path: '/Reports', pageSize: 10 });
      expect(everything.records).toHaveLength(4);
      expect(sent[2]).toMatchObject({ url: 'files/list_folder', json: { path: '/Reports', recursive: true, limit: 10 } });
    });
  });

  it('reports quota, checks the account, waits out a short rate limit and gives back a long one', async () => {
    await withDropbox('storage-and-limits', async ({ ctx, sent, seed }) => {
      seed((sim) => {
        sim.state.put('/quota.bin', Buffer.alloc(1234));
        sim.state.failNext({ route: 'users/get_space_usage', status: 429, body: { error_summary: 'too_many_requests/..', error: { reason: { '.tag': 'too_many_requests' }, retry_after: 1 } }, headers: { 'retry-after': '1' } });
        sim.state.failNext({ route: 'files/list_folder', status: 429, body: { error_summary: 'too_many_write_operations/..', error: { reason: { '.tag': 'too_many_write_operations' }, retry_after: 3600 } }, headers: { 'retry-after': '3600' } });
      });
      const started = Date.now();
      const quota = await documents.storage(ctx);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(StorageInfo.parse(quota)).toEqual({ used: 1234, allocated: 2 * 1024 ** 3, raw: expect.objectContaining({ used: 1234 }) });
      expect(sent[0]).toMatchObject({ url: 'users/get_space_usage', json: null });

      await dropbox.healthCheck(ctx);
      expect(sent[1]).toMatchObject({ url: 'users/get_current_account', json: null });

      const limited = await documents.list(ctx, { path: '/' }, { pageSize: 5 }).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(VendorError);
      expect(limited).toMatchObject({ status: 429, providerMessage: 'too_many_write_operations/..', headers: { 'retry-after': '3600' } });
    });
  });
});
