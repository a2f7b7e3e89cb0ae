import { randomBytes } from 'node:crypto';
import type { ElementContext, ElementDefinition, ElementEvents, ListPolling, NormalizedChange, VendorHttp } from '@junction/core';
import { migrate, openDatabase, SecretBox, Store, type Database, type InstanceRecord } from '@junction/store';
import { DELETIONS_MARK_SUFFIX, Poller } from '../src/poller';

/**
 * A polled list whose element also reports deletions (as Salesforce, HubSpot and Close can): the
 * deletions keep their own position next to the list's high-water mark, come out as DELETED
 * changes of the same object, and the first poll replays none of them.
 */
describe('polling a list with deletions', () => {
  let db: Database;
  let store: Store;
  let instance: InstanceRecord;
  let poller: Poller;
  const records: { id: string; modified: string }[] = [{ id: 'c1', modified: '2026-11-20T10:00:00.000Z' }];
  const deleted: NormalizedChange[] = [];
  const deletionCalls: (string | undefined)[] = [];

  // Only what the poller reads of a resource: its list, its hub shape and its paging.
  const contacts = {
    name: 'contacts',
    vendorName: 'Contact',
    maxPageSize: 100,
    pushdown: {},
    list: async () => ({ records: records.map((r) => ({ ...r })) }),
    toHub: (r: { id: string; modified: string }) => ({ id: r.id, modifiedDate: r.modified, createdDate: '2026-11-01T00:00:00.000Z' }),
  } as unknown as ListPolling['resource'];
  const events: ElementEvents = {
    polling: {
      objects: [
        {
          resource: contacts,
          deletions: async (_ctx: ElementContext, state: string | undefined) => {
            deletionCalls.push(state);
            const from = state === undefined ? deleted.length : Number(state);
            return { events: deleted.slice(from), state: String(deleted.length) };
          },
        },
      ],
    },
  };
  const element = { key: 'listy', name: 'Listy', events } as unknown as ElementDefinition;

  const pollOnce = async () => {
    expect(await store.pollState.claim(instance.id, 'test', 60_000)).toBe(true);
    try {
      return await poller.poll(instance, 'test', new Date('2026-11-21T00:00:00.000Z'));
    } finally {
      await store.pollState.release(instance.id, 'test', 60_000);
    }
  };

  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
    store = new Store(db, new SecretBox(randomBytes(32)));
    const organization = await store.organizations.create({ name: 'List Inc' });
    const { user } = await store.users.create({ organizationId: organization.id, email: 'list@example.test', password: 'a-long-password', firstName: 'L', lastName: 'L' });
    ({ instance } = await store.instances.create({
      organizationId: organization.id,
      userId: user.id,
      elementKey: 'listy',
      elementId: 1,
      name: 'listy',
      tags: [],
      configuration: { 'event.notification.enabled': 'true', 'event.vendor.type': 'polling' },
      secrets: {},
    }));
    const http = {} as VendorHttp;
    poller = new Poller(store, { elements: () => [element], element: () => element, context: (i) => ({ config: i.configuration, http, instanceId: i.id }) }, 0);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('takes the deletions position on the first poll and reports nothing from before it', async () => {
    deleted.push({ eventType: 'DELETED', objectType: 'contacts', objectId: 'c0', date: '2026-11-19T00:00:00.000Z' });
    const first = await pollOnce();
    expect(first.events).toEqual([]);
    expect(first.objects).toEqual([{ objectType: 'contacts', changes: 0 }]);
    expect(deletionCalls).toEqual([undefined]);
    const marks = await store.pollState.marks(instance.id);
    expect(marks.get(`contacts${DELETIONS_MARK_SUFFIX}`)).toEqual({ boundaryIds: [], feedState: '1' });
    expect(marks.get('contacts')?.highWater).toBeDefined();
  });

  it('reports a deletion and an update of the same object in one poll, each once', async () => {
    records.push({ id: 'c2', modified: '2026-11-20T11:00:00.000Z' });
    deleted.push({ eventType: 'DELETED', objectType: 'contacts', objectId: 'c1', date: '2026-11-20T12:00:00Z' });
    const second = await pollOnce();
    expect(second.objects).toEqual([{ objectType: 'contacts', changes: 2 }]);
    const changes = second.events.flatMap((e) => e.changes);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventType: 'UPDATED', objectType: 'contacts', objectId: 'c2' }),
        { eventType: 'DELETED', objectType: 'contacts', objectId: 'c1', date: '2026-11-20T12:00:00.000Z' },
      ]),
    );
    expect(changes).toHaveLength(2);
    expect(deletionCalls.at(-1)).toBe('1');

    const third = await pollOnce();
    expect(third.events).toEqual([]);
    expect(deletionCalls.at(-1)).toBe('2');
  });
});
