import { checkReady, openDatabase } from '../src';

/** Needs no server: PostgreSQL is chosen by a URL, and a dead server reads as "not ready". */
export function describeUnreachablePostgres(): void {
  describe('PostgreSQL engine without a server', () => {
    it('is chosen by a database URL, and reports the server unreachable without details', async () => {
      const db = await openDatabase({ databaseUrl: 'postgres://junction:hunter2@127.0.0.1:1/junction', dataDir: '/nonexistent' });
      try {
        expect(db.engine).toBe('postgres');
        const ready = await checkReady(db);
        expect(ready).toEqual({ ok: false, reason: expect.stringMatching(/^database unreachable/) });
        expect(ready.reason).not.toContain('hunter2');
      } finally {
        await db.close();
      }
    });
  });
}
