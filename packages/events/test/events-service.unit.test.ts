import { randomBytes } from 'node:crypto';
import { NotFoundError, UnauthorizedError, type ElementContext, type ElementDefinition, type ElementEvents, type NormalizedChange, type VendorHttp } from '@junction/core';
import { migrate, openDatabase, SecretBox, Store, type Database, type InstanceRecord } from '@junction/store';
import { startCallbackReceiver, type CallbackReceiver } from '@junction/testing';
import { EventsService, type InboundWebhook } from '../src';

/**
 * The engine against a real (embedded) database, with an element whose webhooks only announce
 * that something changed and whose changes come from a vendor change feed, as Dropbox's do:
 * challenge, signature, routing by account id, a poll on notification, delivery.
 */
describe('events engine with a change-feed element', () => {
  let db: Database;
  let store: Store;
  let receiver: CallbackReceiver;
  let service: EventsService;
  const feed: { position: number; changes: NormalizedChange[] } = { position: 0, changes: [] };
  const feedCalls: (string | undefined)[] = [];

  const events: ElementEvents = {
    polling: {
      objects: [
        {
          objectType: 'files',
          changedSince: async (_ctx: ElementContext, state: string | undefined) => {
            feedCalls.push(state);
            const from = state === undefined ? feed.changes.length : Number(state);
            return { events: feed.changes.slice(from), state: String(feed.changes.length) };
          },
        },
      ],
    },
    webhook: {
      objects: ['files'],
      pollsOnNotify: true,
      accountConfigKey: 'feedy.account.id',
      challenge: (request) => (request.method === 'GET' && request.query.challenge ? { status: 200, headers: { 'content-type': 'text/plain' }, body: request.query.challenge } : undefined),
      verify: (request, secrets) => request.headers['x-feedy-signature'] === `signed:${secrets.config['oauth.api.secret']}`,
      locate: (request) => ({ vendorAccountIds: (request.body as { accounts: string[] }).accounts }),
      normalize: () => [],
    },
  };
  // Only what the engine reads of an element.
  const element = { key: 'feedy', name: 'Feedy', events } as unknown as ElementDefinition;

  const notification = (accounts: string[], signature = 'signed:app-secret'): InboundWebhook => {
    const body = { accounts };
    return { elementKey: 'feedy', method: 'POST', url: 'http://hub/events/feedy', headers: { 'x-feedy-signature': signature }, query: {}, raw: Buffer.from(JSON.stringify(body)), body };
  };

  let instances: InstanceRecord[];

  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
    store = new Store(db, new SecretBox(randomBytes(32)));
    receiver = await startCallbackReceiver();
    const organization = await store.organizations.create({ name: 'Feed Inc' });
    const { user } = await store.users.create({ organizationId: organization.id, email: 'feed@example.test', password: 'a-long-password', firstName: 'F', lastName: 'F' });
    const create = async (account: string) =>
      (
        await store.instances.create({
          organizationId: organization.id,
          userId: user.id,
          elementKey: 'feedy',
          elementId: 1,
          name: account,
          tags: [],
          configuration: { 'feedy.account.id': account, 'event.notification.enabled': 'true', 'event.vendor.type': 'webhook', 'event.notification.callback.url': receiver.url },
          secrets: { 'oauth.api.secret': 'app-secret' },
        })
      ).instance;
    instances = [await create('dbid:AAA'), await create('dbid:AAA'), await create('dbid:BBB')];
    const http = {} as VendorHttp;
    service = new EventsService({
      store,
      settings: { pollFloorSeconds: 0.05, retryScheduleMs: [50], deliveryTimeoutMs: 1000, workerIntervalMs: 50 },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      host: { elements: () => [element], element: (key) => (key === 'feedy' ? element : undefined), context: (i) => ({ config: i.configuration, http, instanceId: i.id }) },
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
    await db?.close();
  });

  it('answers the vendor’s challenge and refuses unsigned or unroutable notifications', async () => {
    expect(await service.receiveWebhook({ ...notification([]), method: 'GET', query: { challenge: 'abc123' } })).toEqual({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'abc123' });
    await expect(service.receiveWebhook(notification(['dbid:AAA'], 'signed:wrong'))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(service.receiveWebhook(notification(['dbid:ZZZ']))).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.receiveWebhook({ ...notification([]), elementKey: 'nobody' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('schedules the feed of webhook instances, sets the feed position first, and polls every instance a notification names', async () => {
    for (const instance of instances) await service.instanceConfigured(instance);
    expect(await store.pollState.isScheduled(instances[0].id)).toBe(true);
    // The first poll only takes the feed's position: nothing that happened before is reported.
    feed.changes.push({ eventType: 'CREATED', objectType: 'files', objectId: 'id:old', date: '2025-01-01T00:00:00Z' });
    for (const instance of instances) expect((await service.pollNow(instance)).events).toEqual([]);
    expect(feedCalls.filter((s) => s === undefined)).toHaveLength(3);

    service.start('http://hub/elements/api-v2/events');
    feed.changes.push({ eventType: 'UPDATED', objectType: 'files', objectId: 'id:new', date: '2025-06-01T10:00:00.5Z' });
    expect(await service.receiveWebhook(notification(['dbid:AAA', 'dbid:AAA']))).toEqual({ status: 200, body: { eventIds: [] } });

    // Both instances of account AAA poll their feed and deliver the change; BBB was not named.
    await receiver.waitFor((r) => r.filter((n) => n.status === 200).length >= 2);
    const delivered = receiver.accepted().map((n) => n.body.message);
    expect(delivered.map((m) => m.instanceId).sort()).toEqual([instances[0].id, instances[1].id].sort());
    for (const message of delivered) {
      expect(message.events).toEqual([{ eventType: 'UPDATED', objectType: 'files', objectId: 'id:new', elementKey: 'feedy', date: '2025-06-01T10:00:00.500Z' }]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.accepted().some((n) => n.body.message.instanceId === instances[2].id)).toBe(false);
  });

  it('takes an instance off the schedule when its events are turned off', async () => {
    const off = { ...instances[2], configuration: { ...instances[2].configuration, 'event.notification.enabled': 'false' } };
    await service.instanceConfigured(off);
    expect(await store.pollState.isScheduled(off.id)).toBe(false);
  });
});
