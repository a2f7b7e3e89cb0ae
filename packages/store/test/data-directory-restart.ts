import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkReady, loadMasterKey, migrate, openDatabase, SecretBox, Store } from '../src';
import { signUp } from './behaviour/context';

/**
 * A restart on a data directory the behaviour suite has used and closed: schema, data and master
 * key survive, and the key file and directory are private to their owner.
 * Reopening an existing directory skips initdb, so this is cheap.
 */
export function describeDataDirectoryRestart(dataDir: string): void {
  describe('PGlite data directory across restarts', () => {
    it('keeps schema, data and the master key, with owner-only permissions', async () => {
      const first = await openDatabase({ dataDir });
      const tenant = await signUp(new Store(first, new SecretBox(loadMasterKey({ dataDir }))), 'Persistent');
      await first.close();

      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);

      const reopened = await openDatabase({ dataDir });
      try {
        expect(await checkReady(reopened)).toEqual({ ok: true });
        expect(await migrate(reopened)).toEqual({ applied: [] });
        const store = new Store(reopened, new SecretBox(loadMasterKey({ dataDir })));
        expect(await store.users.authenticate(tenant.userSecret, tenant.organizationSecret)).toEqual({
          user: tenant.user,
          organization: tenant.organization,
        });
      } finally {
        await reopened.close();
      }
    }, 30_000);
  });
}
