import { Router } from 'express';
import { checkReady, type Database } from '@junction/store';

/** `/health` answers while the process runs; `/ready` only once the database is usable. */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const ready = await checkReady(db).catch((error: Error) => ({ ok: false, reason: error.message }));
    res.status(ready.ok ? 200 : 503).json(ready.ok ? { status: 'ready' } : { status: 'not ready', reason: ready.reason });
  });
  return router;
}
