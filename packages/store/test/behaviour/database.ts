import { checkReady, migrate } from '../../src';
import { migrations } from '../../src/migrations';
import { isoDate, type StoreContext } from './context';

const allIds = migrations.map((m) => m.id);

export function databaseTests(context: () => StoreContext): void {
  describe('migrations', () => {
    it('applies every migration exactly once when two migrate() calls race on a fresh database', async () => {
      const { db, concurrentMigrations } = context();
      const appliedByEither = concurrentMigrations.flatMap((run) => run.applied);
      expect(appliedByEither.sort()).toEqual([...allIds].sort());
      const ledger = await db.query<{ id: string }>('SELECT id FROM junction_migrations ORDER BY id');
      expect(ledger.map((row) => row.id)).toEqual(allIds);
    });

    it('is idempotent', async () => {
      const { db } = context();
      expect(await migrate(db)).toEqual({ applied: [] });
      expect(await db.query('SELECT id FROM junction_migrations')).toHaveLength(allIds.length);
    });

    it('reports readiness, and names a migration that is missing', async () => {
      const { db, readinessBeforeMigrating } = context();
      expect(readinessBeforeMigrating).toEqual({ ok: false, reason: 'migrations not applied' });
      expect(await checkReady(db)).toEqual({ ok: true });
      const [last] = await db.query<{ id: string; applied_date: string }>(
        'DELETE FROM junction_migrations WHERE id = $1 RETURNING id, applied_date',
        [allIds[allIds.length - 1]],
      );
      try {
        const ready = await checkReady(db);
        expect(ready.ok).toBe(false);
        expect(ready.reason).toContain(last.id);
      } finally {
        await db.query('INSERT INTO junction_migrations (id, applied_date) VALUES ($1, $2)', [last.id, last.applied_date]);
      }
      expect(await checkReady(db)).toEqual({ ok: true });
    });
  });

  describe('database', () => {
    it('returns the same shapes on every engine: bigint → number, timestamptz → ISO string with Z', async () => {
      const [row] = await context().db.query(
        `SELECT 42::bigint AS n, '{1,2}'::bigint[] AS ns, now() AS t, '{2024-05-06 07:08:09.123+02}'::timestamptz[] AS ts,
           1.5::numeric AS d, '{"a":"b"}'::jsonb AS j, true AS b, 9007199254740993::bigint AS big`,
      );
      expect(row).toEqual({
        n: 42,
        ns: [1, 2],
        t: expect.stringMatching(isoDate),
        ts: ['2024-05-06T05:08:09.123Z'],
        d: '1.5',
        j: { a: 'b' },
        b: true,
        big: 9007199254740993n,
      });
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const { db } = context();
      const name = `tx-${Date.now()}`;
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO organizations (name) VALUES ($1)', [name]);
          expect(await tx.query('SELECT 1 FROM organizations WHERE name = $1', [name])).toHaveLength(1);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await db.query('SELECT 1 FROM organizations WHERE name = $1', [name])).toHaveLength(0);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [name]);
        return row.id;
      });
      expect(await db.query('SELECT name FROM organizations WHERE id = $1', [id])).toEqual([{ name }]);
    });

    it('keeps statements sent while a transaction is open out of it, and runs concurrent ones (on one connection: in call order)', async () => {
      const { db } = context();
      const name = `iso-${Date.now()}`;
      let outside: Promise<unknown[]> | undefined;
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO organizations (name) VALUES ($1)', [name]);
          // Sent from outside mid-transaction: it must neither see the uncommitted row nor be rolled back with it.
          outside = db.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [`${name}-outside`]);
          await tx.query('SELECT 1');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await outside).toHaveLength(1);
      expect(await db.query('SELECT name FROM organizations WHERE name LIKE $1 ORDER BY name', [`${name}%`])).toEqual([{ name: `${name}-outside` }]);

      const writes = Array.from({ length: 20 }, (_, i) => db.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [`${name}-${String(i).padStart(2, '0')}`]));
      const ids = (await Promise.all(writes)).map((rows) => (rows[0] as { id: number }).id);
      expect(new Set(ids).size).toBe(20);
      // One connection runs them in the order sent; a PostgreSQL pool spreads them over several.
      if (db.engine === 'pglite') expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    it('keeps bound parameters out of errors', async () => {
      const error = await context()
        .db.query('SELECT $1::text AS v FROM no_such_table', ['secret-value-1234'])
        .catch((err: unknown) => err);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toHaveProperty('params');
      expect(JSON.stringify(error)).not.toContain('secret-value-1234');
      expect((error as Error).message).toContain('no_such_table');
    });
  });
}
