import { randomUUID } from 'node:crypto';
import { StoreConflictError } from '../../src';
import { isoDate, type StoreContext, type Tenant } from './context';

export function userTests(context: () => StoreContext): void {
  describe('users', () => {
    let acme: Tenant;
    let globex: Tenant;

    beforeAll(() => {
      ({ acme, globex } = context());
    });

    it('signs up, then authenticates with the returned secret pair', async () => {
      const { store } = context();
      expect(acme.user).toEqual({
        id: expect.any(Number),
        organizationId: acme.organization.id,
        email: acme.email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        createdDate: expect.stringMatching(isoDate),
      });
      expect(acme.userSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(acme.organizationSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await store.users.authenticate(acme.userSecret, acme.organizationSecret)).toEqual({
        user: acme.user,
        organization: acme.organization,
      });
      expect(await store.users.secretsOf(acme.user.id)).toEqual({
        userSecret: acme.userSecret,
        organizationSecret: acme.organizationSecret,
      });
      expect(await store.users.get(acme.user.id)).toEqual(acme.user);
      expect(await store.organizations.get(acme.organization.id)).toEqual(acme.organization);
    });

    it('shares the organization secret with the organization’s later users', async () => {
      const { store } = context();
      const second = await store.users.create({
        organizationId: acme.organization.id,
        email: `${randomUUID()}@example.test`,
        password: 'another password',
        firstName: 'Grace',
        lastName: 'Hopper',
      });
      expect(second.organizationSecret).toBe(acme.organizationSecret);
      expect(second.userSecret).not.toBe(acme.userSecret);
      const auth = await store.users.authenticate(second.userSecret, acme.organizationSecret);
      expect(auth?.user.id).toBe(second.user.id);
    });

    it('rejects a wrong secret, and a pair whose halves belong to different organizations', async () => {
      const { store } = context();
      expect(await store.users.authenticate(acme.userSecret, 'wrong')).toBeUndefined();
      expect(await store.users.authenticate('wrong', acme.organizationSecret)).toBeUndefined();
      expect(await store.users.authenticate(acme.userSecret, globex.organizationSecret)).toBeUndefined();
      expect(await store.users.authenticate(globex.userSecret, globex.organizationSecret)).toMatchObject({
        user: { id: globex.user.id },
      });
    });

    it('refuses a second signup with the same email, whatever its case', async () => {
      const { store } = context();
      const again = store.users.create({
        organizationId: globex.organization.id,
        email: acme.email.toUpperCase(),
        password: 'x',
        firstName: 'Dup',
        lastName: 'Licate',
      });
      await expect(again).rejects.toBeInstanceOf(StoreConflictError);
      expect(await context().db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [acme.email])).toHaveLength(1);
    });

    it('verifies passwords: right one (any email case) → user; wrong one or unknown email → undefined', async () => {
      const { store } = context();
      expect(await store.users.verifyPassword(acme.email.toUpperCase(), acme.password)).toEqual(acme.user);
      expect(await store.users.verifyPassword(acme.email, `${acme.password}x`)).toBeUndefined();
      expect(await store.users.verifyPassword(`nobody-${acme.email}`, acme.password)).toBeUndefined();
    });

    it('stores no password, user secret or organization secret in plaintext', async () => {
      const { db } = context();
      const [user] = await db.query<{ raw: string }>('SELECT row_to_json(u)::text AS raw FROM users u WHERE id = $1', [
        acme.user.id,
      ]);
      const [org] = await db.query<{ raw: string }>(
        'SELECT row_to_json(o)::text AS raw FROM organizations o WHERE id = $1',
        [acme.organization.id],
      );
      expect(user.raw).toContain(acme.email);
      for (const plaintext of [acme.password, acme.userSecret, acme.organizationSecret]) {
        expect(user.raw).not.toContain(plaintext);
        expect(org.raw).not.toContain(plaintext);
      }
      expect(user.raw).toContain('scrypt$');
      expect(org.raw).toContain('"v1.');
    });

    it('answers sessions until they expire', async () => {
      const { db, box, store } = context();
      const sessionId = await store.sessions.create(acme.user.id, 60);
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await store.sessions.userOf(sessionId)).toBe(acme.user.id);
      expect(await store.sessions.userOf(`${sessionId}x`)).toBeUndefined();
      expect(await db.query('SELECT 1 FROM sessions WHERE id_hash = $1', [sessionId])).toHaveLength(0);
      await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [
        box.lookupHash(sessionId),
      ]);
      expect(await store.sessions.userOf(sessionId)).toBeUndefined();
      await expect(store.sessions.create(acme.user.id, 0)).rejects.toThrow(RangeError);
    });
  });
}
