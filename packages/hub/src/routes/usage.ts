import { Router, type RequestHandler } from 'express';
import { BadRequestError, NotFoundError } from '@junction/core';
import type { Store, UsageEntry } from '@junction/store';
import type { Logger } from 'pino';
import { locals, principal } from '../http/request-context';

/** How long usage entries wait to be written together, and how many at most. */
const FLUSH_MS = 250;
const FLUSH_SIZE = 500;

/**
 * Records each hub call after it is answered, off the request's path: entries are written in
 * batches (one INSERT per quarter second under load), since a write per call would cost more than
 * the call itself. An entry is readable at `/usage/{requestId}` within a second.
 */
export function recordUsage(store: Store, logger: Logger): RequestHandler {
  let pending: UsageEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    store.usage.recordMany(batch).catch((error: Error) => logger.warn({ err: error.message, entries: batch.length }, 'usage records lost'));
  };
  const enqueue = (entry: UsageEntry) => {
    pending.push(entry);
    if (pending.length >= FLUSH_SIZE) flush();
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
  return (req, res, next) => {
    res.on('finish', () => {
      const l = locals(req);
      const p = l.principal;
      if (!p) return;
      enqueue({
        requestId: l.requestId,
        organizationId: p.organization.id,
        userId: p.user.id,
        instanceId: p.instance?.id,
        elementKey: p.instance?.elementKey,
        method: req.method,
        uri: req.originalUrl.split('?')[0],
        status: res.statusCode,
        processTimeMs: Math.round(performance.now() - l.startedAt),
        // `trust proxy` is off, so this is what `req.ip` would answer, without its per-call address parsing.
        ip: req.socket.remoteAddress,
        date: new Date().toISOString(),
      });
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
