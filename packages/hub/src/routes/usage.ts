import { Router, type RequestHandler } from 'express';
import { BadRequestError, NotFoundError } from '@junction/core';
import type { Store } from '@junction/store';
import type { Logger } from 'pino';
import { locals, principal } from '../http/request-context';

/** Records each hub call after it is answered, off the request's path. */
export function recordUsage(store: Store, logger: Logger): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const l = locals(req);
      const p = l.principal;
      if (!p) return;
      store.usage
        .record({
          requestId: l.requestId,
          organizationId: p.organization.id,
          userId: p.user.id,
          instanceId: p.instance?.id,
          elementKey: p.instance?.elementKey,
          method: req.method,
          uri: req.originalUrl.split('?')[0],
          status: res.statusCode,
          processTimeMs: Math.round(performance.now() - l.startedAt),
          ip: req.ip,
          date: new Date().toISOString(),
        })
        .catch((error: Error) => logger.warn({ err: error.message }, 'usage record failed'));
    });
    next();
  };
}

function presentUsage(entry: Awaited<ReturnType<Store['usage']['get']>>) {
  if (!entry) return undefined;
  return {
    traffic_id: entry.requestId,
    request_id: entry.requestId,
    user_id: entry.userId,
    company_id: entry.organizationId,
    element_instance_id: entry.instanceId,
    element_key: entry.elementKey,
    request_uri: entry.uri,
    request_method: entry.method,
    request_status: entry.status < 400 ? 'success' : 'failed',
    response_status_code: entry.status,
    process_time: entry.processTimeMs,
    request_ip: entry.ip,
    traffic_date: entry.date,
  };
}

/** `GET /usage` and `GET /usage/{requestId}`. */
export function usageRoutes(store: Store): Router {
  const router = Router();
  router.get('/usage', async (req, res) => {
    const date = (name: string) => {
      const v = req.query[name];
      if (v === undefined) return undefined;
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new BadRequestError(`Query parameter '${name}' must be a date (YYYY-MM-DD)`);
      return d;
    };
    const pageSize = Math.min(Number(req.query.pageSize ?? 100) || 100, 500);
    const offset = Number(req.query.pageOffset ?? 0) || 0;
    const entries = await store.usage.list(principal(req).organization.id, { from: date('from'), to: date('to'), limit: pageSize, offset });
    res.set('Elements-Returned-Count', String(entries.length)).json(entries.map(presentUsage));
  });
  router.get('/usage/:requestId', async (req, res) => {
    const entry = await store.usage.get(principal(req).organization.id, req.params.requestId);
    if (!entry) throw new NotFoundError(`usage record '${req.params.requestId}'`);
    res.json([presentUsage(entry)]);
  });
  return router;
}
