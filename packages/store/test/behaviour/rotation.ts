import { randomBytes } from 'node:crypto';
import { rotateMasterKey, SecretBox, Store } from '../../src';
import type { StoreContext } from './context';

async function sealedValueCount(context: StoreContext): Promise<number> {
  const [row] = await context.db.query<{ n: number }>(
    `SELECT (SELECT count(secret_sealed) FROM organizations) + (SELECT count(secret_sealed) FROM users)
          + (SELECT count(token_sealed) + count(secrets_sealed) FROM instances) AS n`,
  );
  return row.n;
}

export function rotationTests(context: () => StoreContext): void {
  describe('master key rotation', () => {
    it('re-encrypts everything under the new key, refuses a wrong old key, and rotates back', async () => {
      const ctx = context();
      const tenant = ctx.acme;
      const { instance, token } = await ctx.store.instances.create({
        organizationId: tenant.organization.id,
        userId: tenant.user.id,
        elementKey: 'box',
        elementId: 1,
        name: 'Box',
        tags: [],
        configuration: {},
        secrets: { 'oauth.user.token': 'access-token-1' },
      });
      const session = await ctx.store.sessions.create(tenant.user.id);
      const [before] = await ctx.db.query<{ token_sealed: string }>('SELECT token_sealed FROM instances WHERE id = $1', [instance.id]);
      const expected = await sealedValueCount(ctx);

      const newBox = new SecretBox(randomBytes(32));
      const rotated = new Store(ctx.db, newBox);
      expect(await rotateMasterKey(ctx.db, ctx.box, newBox)).toEqual({ reencrypted: expected });

      expect(await rotated.users.authenticate(tenant.userSecret, tenant.organizationSecret)).toBeDefined();
      expect(await rotated.instances.findByToken(token)).toEqual(instance);
      expect(await rotated.users.secretsOf(tenant.user.id)).toEqual({
        userSecret: tenant.userSecret,
        organizationSecret: tenant.organizationSecret,
      });
      expect(await ctx.store.users.authenticate(tenant.userSecret, tenant.organizationSecret)).toBeUndefined();
      await expect(ctx.store.instances.get(tenant.organization.id, instance.id)).rejects.toThrow(/different master key/);
      const [after] = await ctx.db.query<{ token_sealed: string }>('SELECT token_sealed FROM instances WHERE id = $1', [instance.id]);
      expect(after.token_sealed).not.toBe(before.token_sealed);
      expect(await rotated.sessions.userOf(session)).toBeUndefined();

      // The old key no longer opens anything: the whole rotation fails and leaves the data as it was.
      await expect(rotateMasterKey(ctx.db, ctx.box, new SecretBox(randomBytes(32)))).rejects.toThrow(/Cannot rotate/);
      expect(await rotated.instances.findByToken(token)).toBeDefined();

      expect(await rotateMasterKey(ctx.db, newBox, ctx.box)).toEqual({ reencrypted: expected });
      expect(await ctx.store.instances.findByToken(token)).toEqual(instance);
      expect(await ctx.store.users.authenticate(tenant.userSecret, tenant.organizationSecret)).toBeDefined();
    });
  });
}
