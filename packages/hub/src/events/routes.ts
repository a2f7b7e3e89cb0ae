import { Router, type Request } from 'express';
import { BadRequestError } from '@junction/core';
import type { EventsService } from '@junction/events';
import { principal } from '../http/request-context';
import type { InstanceService } from '../instances/instance-service';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

function pageOf(req: Request): { pageSize: number; nextPage?: string } {
  const size = req.query.pageSize;
  const next = req.query.nextPage;
  if (size !== undefined && (typeof size !== 'string' || !/^\d+$/.test(size) || Number(size) < 1 || Number(size) > MAX_PAGE_SIZE)) {
    throw new BadRequestError(`Query parameter 'pageSize' must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (next !== undefined && typeof next !== 'string') throw new BadRequestError("Query parameter 'nextPage' must be given once");
  return { pageSize: size ? Number(size) : DEFAULT_PAGE_SIZE, nextPage: next || undefined };
}

/**
 * The events API: `/instances/events[/{eventId}]` (the whole organization), the same under
 * `/instances/{id}/events` (one instance), `POST …/events/{eventId}/redeliver`, and
 * `POST /instances/{id}/events/poll`. Another organization's events and instances answer 404.
 */
export function eventRoutes(events: EventsService, instances: InstanceService): Router {
  const router = Router();
  const instanceOf = (req: Request) => instances.get(principal(req), Number(req.params.id));

  router.get('/instances/events', async (req, res) => {
    const page = await events.list(principal(req).organization.id, pageOf(req));
    if (page.nextPage) res.set('Elements-Next-Page-Token', page.nextPage);
    res.set('Elements-Returned-Count', String(page.events.length)).json(page.events);
  });
  router.get('/instances/events/:eventId', async (req, res) => {
    res.json(await events.get(principal(req).organization.id, req.params.eventId as string));
  });
  router.post('/instances/events/:eventId/redeliver', async (req, res) => {
    res.json(await events.redeliver(principal(req).organization.id, req.params.eventId as string));
  });

  router.get('/instances/:id/events', async (req, res) => {
    const instance = await instanceOf(req);
    const page = await events.list(instance.organizationId, { instanceId: instance.id, ...pageOf(req) });
    if (page.nextPage) res.set('Elements-Next-Page-Token', page.nextPage);
    res.set('Elements-Returned-Count', String(page.events.length)).json(page.events);
  });
  router.post('/instances/:id/events/poll', async (req, res) => {
    res.json(await events.pollNow(await instanceOf(req)));
  });
  router.get('/instances/:id/events/:eventId', async (req, res) => {
    const instance = await instanceOf(req);
    res.json(await events.get(instance.organizationId, req.params.eventId as string, instance.id));
  });
  router.post('/instances/:id/events/:eventId/redeliver', async (req, res) => {
    const instance = await instanceOf(req);
    res.json(await events.redeliver(instance.organizationId, req.params.eventId as string, instance.id));
  });
  return router;
}
