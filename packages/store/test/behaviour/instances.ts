import { randomUUID } from 'node:crypto';
import type { InstanceRecord, NewInstance } from '../../src';
import { isoDate, type StoreContext, type Tenant } from './context';

export function instanceTests(context: () => StoreContext): void {
  describe('instances', () => {
    let acme: Tenant;
    let globex: Tenant;

    beforeAll(() => {
      ({ acme, globex } = context());
    });

    function input(overrides: Partial<NewInstance> = {}): NewInstance {
      return {
        organizationId: acme.organization.id,
        userId: acme.user.id,
        elementKey: 'servicenow',
        elementId: 7,
        name: 'My ServiceNow',
        tags: ['prod'],
        configuration: { 'servicenow.subdomain': 'acme' },
        secrets: { 'password': `pw-${randomUUID()}`, 'oauth.user.refresh_token': `rt-${randomUUID()}` },
        ...overrides,
      };
    }

    const create = async (overrides: Partial<NewInstance> = {}): Promise<InstanceRecord> =>
      (await context().store.instances.create(input(overrides))).instance;

    it('creates an instance with a token, and reads it back by id and by token', async () => {
      const { store } = context();
      const given = input();
      const { instance, token } = await store.instances.create(given);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(instance).toEqual({
        id: expect.any(Number),
        organizationId: given.organizationId,
        userId: given.userId,
        elementKey: given.elementKey,
        elementId: given.elementId,
        name: given.name,
        tags: given.tags,
        configuration: given.configuration,
        secrets: given.secrets,
        token,
        disabled: false,
        valid: true,
        externalAuthentication: 'none',
        createdDate: expect.stringMatching(isoDate),
        modifiedDate: instance.createdDate,
      });
      expect(await store.instances.get(acme.organization.id, instance.id)).toEqual(instance);
      expect(await store.instances.findByToken(token)).toEqual(instance);
      expect(await store.instances.findByToken(`${token}x`)).toBeUndefined();
      const other = await create({ valid: false, externalAuthentication: 'initial' });
      expect(other).toMatchObject({ valid: false, externalAuthentication: 'initial' });
    });

    it('hides an instance from every other organization', async () => {
      const { store } = context();
      const instance = await create();
      expect(await store.instances.get(globex.organization.id, instance.id)).toBeUndefined();
      expect((await store.instances.list(globex.organization.id)).map((i) => i.id)).not.toContain(instance.id);
      expect(await store.instances.update(globex.organization.id, instance.id, { name: 'stolen' })).toBeUndefined();
      expect(await store.instances.delete(globex.organization.id, instance.id)).toBe(false);
      expect(await store.instances.get(acme.organization.id, instance.id)).toEqual(instance);
    });

    it('lists by any of the given tags and by element key, ordered by id', async () => {
      const { store } = context();
      const [red, blue, green] = [`red-${randomUUID()}`, `blue-${randomUUID()}`, `green-${randomUUID()}`];
      const elementKey = `element-${randomUUID()}`;
      const a = await create({ tags: [red], elementKey });
      const b = await create({ tags: [green] });
      const c = await create({ tags: [blue, red], elementKey });
      const ids = async (filter: { tags?: string[]; elementKey?: string }) =>
        (await store.instances.list(acme.organization.id, filter)).map((i) => i.id);
      expect(await ids({ tags: [red, green] })).toEqual([a.id, b.id, c.id]);
      expect(await ids({ tags: [blue] })).toEqual([c.id]);
      expect(await ids({ elementKey })).toEqual([a.id, c.id]);
      expect(await ids({ tags: [green], elementKey })).toEqual([]);
      const all = await ids({});
      expect(all).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      expect(all).toEqual([...all].sort((x, y) => x - y));
    });

    it('merges configuration and secrets key by key (null removes), replaces the rest, bumps modifiedDate', async () => {
      const { db, store } = context();
      const instance = await create({ configuration: { keep: '1', change: '2', drop: '3' }, secrets: { a: 'x', b: 'y' } });
      await db.query(`UPDATE instances SET modified_date = '2000-01-01T00:00:00Z' WHERE id = $1`, [instance.id]);
      const updated = await store.instances.update(acme.organization.id, instance.id, {
        name: 'Renamed',
        tags: ['new'],
        configuration: { change: '20', drop: null, add: '4' },
        secrets: { b: null, c: 'z' },
        disabled: true,
      });
      expect(updated).toEqual({
        ...instance,
        name: 'Renamed',
        tags: ['new'],
        configuration: { keep: '1', change: '20', add: '4' },
        secrets: { a: 'x', c: 'z' },
        disabled: true,
        modifiedDate: expect.stringMatching(isoDate),
      });
      expect(updated!.modifiedDate > '2000-01-01T00:00:00.000Z').toBe(true);
      expect(await store.instances.get(acme.organization.id, instance.id)).toEqual(updated);
      const untouched = await store.instances.update(acme.organization.id, instance.id, { valid: false });
      expect(untouched).toEqual({ ...updated, valid: false, modifiedDate: expect.stringMatching(isoDate) });
    });

    it('soft-deletes: the row stays, but no read finds it any more', async () => {
      const { db, store } = context();
      const { instance, token } = await store.instances.create(input());
      expect(await store.instances.delete(acme.organization.id, instance.id)).toBe(true);
      expect(await store.instances.get(acme.organization.id, instance.id)).toBeUndefined();
      expect(await store.instances.findByToken(token)).toBeUndefined();
      expect((await store.instances.list(acme.organization.id)).map((i) => i.id)).not.toContain(instance.id);
      expect(await store.instances.update(acme.organization.id, instance.id, { name: 'zombie' })).toBeUndefined();
      expect(await store.instances.delete(acme.organization.id, instance.id)).toBe(false);
      const rows = await db.query('SELECT deleted_date FROM instances WHERE id = $1', [instance.id]);
      expect(rows).toEqual([{ deleted_date: expect.stringMatching(isoDate) }]);
    });

    it('keeps secrets and the token sealed at rest', async () => {
      const { db } = context();
      const { instance, token } = await context().store.instances.create(input());
      const [row] = await db.query<{ raw: string }>('SELECT row_to_json(i)::text AS raw FROM instances i WHERE id = $1', [
        instance.id,
      ]);
      expect(row.raw).toContain('servicenow.subdomain');
      for (const plaintext of [token, ...Object.values(instance.secrets), ...Object.keys(instance.secrets)]) {
        expect(row.raw).not.toContain(plaintext);
      }
    });

    it('refuses to read a tampered secret, without echoing it', async () => {
      const { db, store } = context();
      const instance = await create();
      const [{ secrets_sealed: sealed }] = await db.query<{ secrets_sealed: string }>(
        'SELECT secrets_sealed FROM instances WHERE id = $1',
        [instance.id],
      );
      const at = sealed.length - 5;
      const tampered = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
      await db.query('UPDATE instances SET secrets_sealed = $2 WHERE id = $1', [instance.id, tampered]);
      try {
        const error = await store.instances.get(acme.organization.id, instance.id).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/tampered/);
        expect((error as Error).message).not.toContain(instance.secrets.password);
        expect((error as Error).message).not.toContain(tampered);
      } finally {
        // Later tests (key rotation) read every sealed value.
        await db.query('UPDATE instances SET secrets_sealed = $2 WHERE id = $1', [instance.id, sealed]);
      }
      expect(await store.instances.get(acme.organization.id, instance.id)).toEqual(instance);
    });
  });
}
