import { randomBytes, randomUUID } from 'node:crypto';
import { rotateMasterKey, SecretBox, Store, type InstanceRecord, type NewEvent, type PollMark } from '../../src';
import { isoDate, type StoreContext, type Tenant } from './context';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function eventTests(context: () => StoreContext): void {
  describe('events', () => {
    let acme: Tenant;
    let instance: InstanceRecord;
    let other: InstanceRecord;

    const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
      id: randomUUID(),
      organizationId: acme.organization.id,
      instanceId: instance.id,
      elementKey: 'closeio',
      source: 'polling',
      changes: [{ eventType: 'CREATED', objectType: 'contacts', objectId: 'cont_1', date: '2025-01-02T03:04:05.123456+00:00' }],
      raw: { objectType: 'contacts', contacts: [{ id: 'cont_1' }] },
      ...overrides,
    });

    beforeAll(async () => {
      const { store, globex } = context();
      acme = context().acme;
      const create = async (tenant: Tenant, configuration: Record<string, string>) =>
        (
          await store.instances.create({
            organizationId: tenant.organization.id,
            userId: tenant.user.id,
            elementKey: 'closeio',
            elementId: 3,
            name: 'Close',
            tags: [],
            configuration,
            secrets: { username: `key-${randomUUID()}` },
          })
        ).instance;
      instance = await create(acme, { 'vendor.account': `acct-${randomUUID()}` });
      other = await create(globex, {});
    });

    it('stores events RECEIVED and lists them newest first, per instance and per organization, with keyset paging', async () => {
      const { store, globex } = context();
      const first = newEvent();
      const second = newEvent({ source: 'webhook', raw: 'userId=["7"]&event=uploaded' });
      await store.events.insert([first]);
      await sleep(5);
      await store.events.insert([second]);
      await store.events.insert([newEvent({ organizationId: globex.organization.id, instanceId: other.id })]);

      const got = await store.events.get(acme.organization.id, first.id);
      expect(got).toEqual({
        ...first,
        status: 'RECEIVED',
        attempts: 0,
        nextAttemptDate: expect.stringMatching(isoDate),
        createdDate: expect.stringMatching(isoDate),
        modifiedDate: expect.stringMatching(isoDate),
      });
      expect(await store.events.get(globex.organization.id, first.id)).toBeUndefined();

      const page1 = await store.events.list(acme.organization.id, { instanceId: instance.id, limit: 1 });
      expect(page1.map((e) => e.id)).toEqual([second.id]);
      expect(page1[0].raw).toBe('userId=["7"]&event=uploaded');
      const page2 = await store.events.list(acme.organization.id, { instanceId: instance.id, limit: 5, after: page1[0] });
      expect(page2.map((e) => e.id)).toEqual([first.id]);
      const orgWide = await store.events.list(acme.organization.id, { limit: 100 });
      expect(orgWide.every((e) => e.organizationId === acme.organization.id)).toBe(true);
      expect(await store.events.list(acme.organization.id, { instanceId: other.id, limit: 10 })).toEqual([]);
    });

    it('hands each due event to one worker, retries after the delay, takes back expired leases, and records every attempt', async () => {
      const { store, db } = context();
      // Events left by other tests would be claimed too: deliver them out of the way first.
      for (const e of await store.events.claimDue('sweeper', 60_000, 1000)) await store.events.abandon(e.id, 'sweeper', 'test sweep');
      const event = newEvent();
      await store.events.insert([event]);

      const [a, b] = await Promise.all([store.events.claimDue('worker-a', 60_000, 10), store.events.claimDue('worker-b', 60_000, 10)]);
      const claimed = [...a, ...b];
      expect(claimed.map((e) => e.id)).toEqual([event.id]);
      expect(claimed[0]).toMatchObject({ status: 'DISPATCHED', attempts: 1 });
      const owner = a.length ? 'worker-a' : 'worker-b';
      const intruder = a.length ? 'worker-b' : 'worker-a';

      expect(await store.events.finishAttempt(event.id, intruder, { attempt: 1, url: 'http://x', statusCode: 200, durationMs: 1 }, { kind: 'notified' })).toBe(false);
      expect(await store.events.finishAttempt(event.id, owner, { attempt: 1, url: 'http://x', statusCode: 503, durationMs: 12.5 }, { kind: 'retry', delayMs: 150 })).toBe(true);
      expect(await store.events.get(acme.organization.id, event.id)).toMatchObject({ status: 'RECEIVED', attempts: 1, lastError: 'callback answered 503' });
      expect(await store.events.claimDue(owner, 60_000, 10)).toEqual([]);
      await sleep(250);
      const [again] = await store.events.claimDue(owner, 40, 10);
      expect(again).toMatchObject({ id: event.id, attempts: 2 });

      // The owner "dies": its 40 ms lease runs out and another worker takes the event over.
      await sleep(120);
      const [takenOver] = await store.events.claimDue(intruder, 60_000, 10);
      expect(takenOver).toMatchObject({ id: event.id, attempts: 3 });
      expect(await store.events.finishAttempt(event.id, owner, { attempt: 2, url: 'http://x', error: 'socket hang up', durationMs: 40 }, { kind: 'failed' })).toBe(false);
      expect(await store.events.finishAttempt(event.id, intruder, { attempt: 3, url: 'http://x', statusCode: 204, durationMs: 3 }, { kind: 'notified' })).toBe(true);

      const done = await store.events.get(acme.organization.id, event.id);
      expect(done).toMatchObject({ status: 'NOTIFIED', notifiedDate: expect.stringMatching(isoDate) });
      expect(done).not.toHaveProperty('lastError');
      expect((await store.events.attempts(event.id)).map((t) => [t.attempt, t.statusCode, t.error])).toEqual([
        [1, 200, undefined],
        [1, 503, undefined],
        [2, undefined, 'socket hang up'],
        [3, 204, undefined],
      ]);
      const [lease] = await db.query<{ lease_owner: string | null }>('SELECT lease_owner FROM events WHERE id = $1', [event.id]);
      expect(lease.lease_owner).toBeNull();
    });

    it('redelivers NOTIFIED and FAILED events only, within the organization', async () => {
      const { store, globex } = context();
      for (const e of await store.events.claimDue('sweeper', 60_000, 1000)) await store.events.abandon(e.id, 'sweeper', 'test sweep');
      const event = newEvent();
      await store.events.insert([event]);
      expect(await store.events.redeliver(acme.organization.id, event.id)).toBe('busy');
      const [claimed] = await store.events.claimDue('w', 60_000, 10);
      await store.events.finishAttempt(claimed.id, 'w', { attempt: 1, url: 'http://x', statusCode: 500, durationMs: 1 }, { kind: 'failed' });
      expect(await store.events.redeliver(globex.organization.id, event.id)).toBeUndefined();
      expect(await store.events.redeliver(acme.organization.id, event.id)).toMatchObject({ status: 'RECEIVED', attempts: 0 });
      expect((await store.events.claimDue('w', 60_000, 10)).map((e) => e.id)).toEqual([event.id]);
    });

    it('polls each scheduled instance once per claim, and stores a poll only under a held lease', async () => {
      const { store } = context();
      const ps = store.pollState;
      await ps.remove(instance.id);
      await ps.schedule(instance.id);
      await ps.schedule(instance.id);
      expect(await ps.isScheduled(instance.id)).toBe(true);

      const [a, b] = await Promise.all([ps.claimDue('a', 60_000, 100), ps.claimDue('b', 60_000, 100)]);
      expect([...a, ...b].filter((id) => id === instance.id)).toEqual([instance.id]);
      const owner = a.includes(instance.id) ? 'a' : 'b';
      expect(await ps.claim(instance.id, 'api', 60_000)).toBe(false);

      const event = newEvent();
      const mark = { highWater: '2025-01-02T03:04:05.123456+00:00', boundaryIds: ['cont_1', 'cont_2'] };
      expect(await ps.commit(instance.id, 'not-the-owner', 'contacts', mark, [event])).toBe(false);
      expect(await store.events.get(acme.organization.id, event.id)).toBeUndefined();
      expect(await ps.commit(instance.id, owner, 'contacts', mark, [event])).toBe(true);
      expect(await ps.commit(instance.id, owner, 'files', { boundaryIds: [], feedState: 'cursor-1' }, [])).toBe(true);
      expect(await store.events.get(acme.organization.id, event.id)).toBeDefined();
      expect(await ps.marks(instance.id)).toEqual(
        new Map<string, PollMark>([
          ['contacts', mark],
          ['files', { boundaryIds: [], feedState: 'cursor-1' }],
        ]),
      );

      await ps.release(instance.id, owner, 60_000);
      expect(await ps.claimDue('a', 60_000, 100)).not.toContain(instance.id);
      expect(await ps.claim(instance.id, 'api', 60_000)).toBe(true);
      await ps.release(instance.id, 'api', 0);
      await sleep(5);
      expect(await ps.claimDue('c', 60_000, 100)).toContain(instance.id);
      await ps.release(instance.id, 'c', 0);
      await sleep(5);

      // A poll requested while one runs is claimed again right after, whatever the schedule says.
      expect(await ps.claimDue('d', 60_000, 100)).toContain(instance.id);
      await ps.requestPoll(instance.id);
      expect(await ps.claimDue('e', 60_000, 100)).not.toContain(instance.id);
      await ps.release(instance.id, 'd', 60_000);
      expect(await ps.claimDue('e', 60_000, 100)).toContain(instance.id);
      await ps.release(instance.id, 'e', 60_000);
      expect(await ps.claimDue('f', 60_000, 100)).not.toContain(instance.id);

      // Released in a group: only the lease holder's release applies.
      expect(await ps.claim(instance.id, 'g', 60_000)).toBe(true);
      await ps.releaseMany([{ instanceId: instance.id, owner: 'not-the-owner', nextInMs: 0 }]);
      expect(await ps.claim(instance.id, 'h', 60_000)).toBe(false);
      await ps.releaseMany([{ instanceId: instance.id, owner: 'g', nextInMs: 0, error: 'vendor said no' }]);
      await sleep(5);
      expect(await ps.claimDue('h', 60_000, 100)).toContain(instance.id);
      await ps.releaseMany([{ instanceId: instance.id, owner: 'h', nextInMs: 60_000 }]);
      expect(await ps.claimDue('i', 60_000, 100)).not.toContain(instance.id);
      expect((await ps.marksOf([instance.id, other.id])).get(instance.id)?.get('files')).toEqual({ boundaryIds: [], feedState: 'cursor-1' });

      await ps.remove(instance.id);
      expect(await ps.isScheduled(instance.id)).toBe(false);
      expect(await ps.marks(instance.id)).toEqual(new Map());
      await ps.requestPoll(instance.id);
      expect(await ps.isScheduled(instance.id)).toBe(true);
      await ps.remove(instance.id);
    });

    it('keeps subscription secrets sealed, routes webhooks to instances, and rotation reaches the secrets', async () => {
      const ctx = context();
      const subs = ctx.store.webhookSubscriptions;
      const secret = randomBytes(32).toString('hex');
      const subscriptionId = `whsub_${randomUUID()}`;
      await subs.save({ instanceId: instance.id, elementKey: 'closeio', subscriptionId, callbackUrl: 'https://hub.example/e', secret });
      const [row] = await ctx.db.query<{ secret_sealed: string }>('SELECT secret_sealed FROM webhook_subscriptions WHERE instance_id = $1', [instance.id]);
      expect(row.secret_sealed).not.toContain(secret);
      expect(await subs.get(instance.id)).toMatchObject({ subscriptionId, secret, callbackUrl: 'https://hub.example/e' });
      expect(await subs.findBySubscriptionId('closeio', subscriptionId)).toMatchObject({ instanceId: instance.id });
      expect(await subs.findBySubscriptionId('box', subscriptionId)).toBeUndefined();

      expect((await subs.liveInstance(other.id))?.organizationId).toBe(ctx.globex.organization.id);
      expect((await subs.liveInstances([other.id, instance.id, 999_999_999])).map((i) => i.id).sort((x, y) => x - y)).toEqual([instance.id, other.id].sort((x, y) => x - y));
      const routed = await subs.instancesByConfiguration('closeio', 'vendor.account', instance.configuration['vendor.account']);
      expect(routed.map((i) => i.id)).toEqual([instance.id]);
      expect(await subs.instancesByConfiguration('box', 'vendor.account', instance.configuration['vendor.account'])).toEqual([]);

      const newBox = new SecretBox(randomBytes(32));
      await rotateMasterKey(ctx.db, ctx.box, newBox);
      try {
        expect((await new Store(ctx.db, newBox).webhookSubscriptions.get(instance.id))?.secret).toBe(secret);
      } finally {
        await rotateMasterKey(ctx.db, newBox, ctx.box);
      }

      expect(await subs.delete(instance.id)).toBe(true);
      expect(await subs.delete(instance.id)).toBe(false);
      expect(await subs.get(instance.id)).toBeUndefined();
    });
  });
}
