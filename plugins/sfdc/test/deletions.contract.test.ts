import { deletedSince } from '../src/deleted-records';
import { recorded } from './sfdc-harness';

/** The poller's clock for each call; the recordings were made with the simulator's clock at 09:30. */
const at = (time: string) => () => Date.parse(`2026-03-02T${time}Z`);

describe('sfdc deletions (contract)', () => {
  it('reads Get Deleted from the position, reports each deletion once, and a later one after it', async () => {
    await recorded(
      'deletions',
      async ({ ctx, sent }) => {
        const first = await deletedSince('Contact', 'contacts', at('09:29:30'))(ctx, undefined);
        expect(first.events).toEqual([]);
        expect(sent).toEqual([]);

        const second = await deletedSince('Contact', 'contacts', at('09:31:00'))(ctx, first.state);
        expect(sent.map((r) => [r.url, r.searchParams])).toEqual([['sobjects/Contact/deleted/', { start: '2026-03-02T09:29:00.000Z', end: '2026-03-02T09:31:00.000Z' }]]);
        expect(second.events).toHaveLength(2);
        for (const event of second.events) {
          expect(event).toEqual({ eventType: 'DELETED', objectType: 'contacts', objectId: expect.stringMatching(/^003\w{15}$/), date: expect.stringMatching(/^2026-03-02T09:30:\d{2}\.000Z$/), raw: expect.any(Object) });
        }
        // Salesforce covered up to 09:30, the minute of the deletions: they are remembered by id.
        expect(JSON.parse(second.state)).toEqual({ since: '2026-03-02T09:30:00.000Z', seen: second.events.map((e) => e.objectId) });

        const again = await deletedSince('Contact', 'contacts', at('09:31:30'))(ctx, second.state);
        expect(again.events).toEqual([]);

        // Another Salesforce user deletes the record that was left.
        const [survivor] = (await ctx.http.get<{ records: { Id: string }[] }>('query', { q: 'SELECT Id FROM Contact' })).records;
        await ctx.http.delete(`sobjects/Contact/${survivor.Id}`);
        const later = await deletedSince('Contact', 'contacts', at('09:32:00'))(ctx, again.state);
        expect(later.events.map((e) => e.objectId)).toEqual([survivor.Id]);
        expect(sent.filter((r) => r.url.endsWith('/deleted/'))).toHaveLength(3);
      },
      {
        seed: (state) => {
          const ids = ['Lovelace', 'Hopper', 'Hamilton'].map((LastName) => state.seed('Contact', { LastName }));
          state.delete('Contact', ids[0]);
          state.delete('Contact', ids[1]);
        },
      },
    );
  });

  it('starts over at now when Salesforce no longer has the deletions since the position', async () => {
    await recorded(
      'deletions-purged',
      async ({ ctx, sent }) => {
        const position = JSON.stringify({ since: '2026-03-02T09:20:00.000Z', seen: [] });
        const result = await deletedSince('Contact', 'contacts', at('09:31:00'))(ctx, position);
        expect(sent.map((r) => r.searchParams)).toEqual([{ start: '2026-03-02T09:20:00.000Z', end: '2026-03-02T09:31:00.000Z' }]);
        expect(result).toEqual({ events: [], state: JSON.stringify({ since: '2026-03-02T09:31:00.000Z', seen: [] }) });
      },
      {
        seed: (state) => {
          state.delete('Contact', state.seed('Contact', { LastName: 'Purged' }));
          state.purgeDeleteLog('Contact', Date.parse('2026-03-02T09:31:00Z'));
        },
      },
    );
  });
});
