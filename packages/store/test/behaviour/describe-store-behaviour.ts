import { randomBytes } from 'node:crypto';
import { checkReady, migrate, SecretBox, Store, type Database } from '../../src';
import { signUp, type StoreContext } from './context';
import { databaseTests } from './database';
import { elementAndUsageTests } from './elements-and-usage';
import { eventTests } from './events';
import { instanceTests } from './instances';
import { rotationTests } from './rotation';
import { userTests } from './users';

/**
 * The behaviour every engine must show. `open` is called twice and must give two handles on the
 * same fresh, unmigrated database (the same handle is fine for PGlite, which is one connection);
 * the suite migrates through both at once, then closes both.
 */
export function describeStoreBehaviour(engine: string, open: () => Promise<Database>): void {
  describe(`store on ${engine}`, () => {
    const ctx = {} as StoreContext;
    let second: Database | undefined;

    beforeAll(async () => {
      ctx.db = await open();
      second = await open();
      ctx.readinessBeforeMigrating = await checkReady(ctx.db);
      ctx.concurrentMigrations = await Promise.all([migrate(ctx.db), migrate(second)]);
      ctx.box = new SecretBox(randomBytes(32));
      ctx.store = new Store(ctx.db, ctx.box);
      ctx.acme = await signUp(ctx.store, 'Acme');
      ctx.globex = await signUp(ctx.store, 'Globex');
    }, 60_000);

    afterAll(async () => {
      await second?.close();
      await ctx.db?.close();
    });

    databaseTests(() => ctx);
    userTests(() => ctx);
    instanceTests(() => ctx);
    elementAndUsageTests(() => ctx);
    rotationTests(() => ctx);
    eventTests(() => ctx);
  });
}
