import { dropbox } from '../src';
import { withDropbox } from './dropbox-harness';

const polled = dropbox.events!.polling!.objects[0];
const changedSince = 'changedSince' in polled ? polled.changedSince : undefined;

describe('Dropbox change cursor against Dropbox', () => {
  it('takes a cursor, reports what changed after it, and starts over from a fresh cursor after a reset', async () => {
    await withDropbox('events', async ({ ctx, sent, seed }) => {
      seed((sim) => sim.state.put('/Existing/old.txt', 'old'));
      const first = await changedSince!(ctx, undefined);
      expect(first.events).toEqual([]);
      expect(sent[0]).toMatchObject({ url: 'files/list_folder/get_latest_cursor', json: { path: '', recursive: true, include_deleted: true } });

      seed((sim) => {
        sim.state.put('/Reports/q1.pdf', '%PDF-1.7 q1');
        sim.state.remove('/Existing/old.txt');
      });
      const second = await changedSince!(ctx, first.state);
      expect(sent[1]).toMatchObject({ url: 'files/list_folder/continue', json: { cursor: first.state } });
      expect(second.events).toEqual([
        { eventType: 'UPDATED', objectType: 'files', objectId: expect.stringMatching(/^id:/), date: expect.any(String), raw: expect.objectContaining({ '.tag': 'folder', path_display: '/Reports' }) },
        {
          eventType: 'UPDATED',
          objectType: 'files',
          objectId: expect.stringMatching(/^id:/),
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          raw: expect.objectContaining({ '.tag': 'file', path_display: '/Reports/q1.pdf', size: 11 }),
        },
        { eventType: 'DELETED', objectType: 'files', objectId: '/existing/old.txt', date: expect.any(String), raw: { '.tag': 'deleted', name: 'old.txt', path_lower: '/existing/old.txt', path_display: '/Existing/old.txt' } },
      ]);
      expect(second.events[1].date).toBe((second.events[1].raw as { server_modified: string }).server_modified);

      const idle = await changedSince!(ctx, second.state);
      expect(idle.events).toEqual([]);

      seed((sim) => sim.state.expireCursors());
      const reset = await changedSince!(ctx, idle.state);
      expect(sent.slice(3).map((s) => s.url)).toEqual(['files/list_folder/continue', 'files/list_folder/get_latest_cursor']);
      expect(reset.events).toEqual([{ eventType: 'UNKNOWN', objectType: 'files', objectId: '/', date: expect.any(String), raw: { error_summary: 'reset/..' } }]);
      expect(reset.state).not.toBe(idle.state);
    });
  });
});
