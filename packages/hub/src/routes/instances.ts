import { Router, type Request, type Response } from 'express';
import { BadRequestError, NotFoundError } from '@junction/core';
import type { InstanceRecord, Store, User } from '@junction/store';
import { principal, type Principal } from '../http/request-context';
import { configurationEntries, readConfiguration } from '../instances/configuration';
import type { InstanceService } from '../instances/instance-service';
import { presentInstance } from '../instances/present';

/** `/instances` and `/elements/{keyOrId}/instances`, including the Element-token forms without an id. */
export function instanceRoutes(service: InstanceService, store: Store): Router {
  const router = Router();

  const owners = async (p: Principal, instances: InstanceRecord[]) => {
    const users = new Map<number, User | undefined>([[p.user.id, p.user]]);
    for (const i of instances) if (!users.has(i.userId)) users.set(i.userId, await store.users.get(i.userId));
    return users;
  };
  const send = async (req: Request, res: Response, instance: InstanceRecord) => {
    const p = principal(req);
    const users = await owners(p, [instance]);
    res.json(presentInstance(instance, service.elementOf(instance), users.get(instance.userId)));
  };

  /** The instance id from the path, or from the Element token when the path has none. */
  const instanceId = (req: Request): number => {
    const raw = req.params.id as string | undefined;
    if (raw !== undefined) {
      if (!/^\d+$/.test(raw)) throw new NotFoundError(`instance '${raw}'`);
      return Number(raw);
    }
    const fromToken = principal(req).instance?.id;
    if (fromToken === undefined) throw new BadRequestError('No instance id in the path and no Element token in the Authorization header');
    return fromToken;
  };

  for (const base of ['/instances', '/elements/:keyOrId/instances']) {
    router.post(base, async (req, res) => {
      const instance = await service.create(principal(req), req.body, req.params.keyOrId as string | undefined);
      await send(req, res, instance);
    });

    router.get(base, async (req, res) => {
      const p = principal(req);
      const tags = ([] as unknown[]).concat(req.query['tags[]'] ?? req.query.tags ?? []).filter((t): t is string => typeof t === 'string');
      const elementKey = req.params.keyOrId ? service.elementOf({ elementKey: req.params.keyOrId } as InstanceRecord).definition.key : undefined;
      const instances = await store.instances.list(p.organization.id, { tags: tags.length ? tags : undefined, elementKey });
      const users = await owners(p, instances);
      res.json(instances.map((i) => presentInstance(i, service.elementOf(i), users.get(i.userId))));
    });
  }

  for (const path of ['/instances/configuration', '/instances/:id/configuration']) {
    router.get(path, async (req, res) => {
      const instance = await service.get(principal(req), instanceId(req));
      res.json(configurationEntries(service.elementOf(instance).definition, instance));
    });
    for (const verb of ['get', 'patch', 'put'] as const) {
      router[verb](`${path}/:configId`, async (req, res) => {
        const p = principal(req);
        let instance = await service.get(p, instanceId(req));
        const element = service.elementOf(instance).definition;
        const find = (i: InstanceRecord) => configurationEntries(element, i).find((e) => String(e.id) === req.params.configId || e.key === req.params.configId);
        const entry = find(instance);
        if (!entry) throw new NotFoundError(`configuration '${req.params.configId}'`);
        if (verb !== 'get') {
          const value = req.body?.propertyValue;
          if (value === undefined) throw new BadRequestError("Missing 'propertyValue'");
          readConfiguration(element, { [entry.key]: value });
          instance = await service.update(p, instance.id, { configuration: { [entry.key]: value } });
        }
        res.json(find(instance));
      });
    }
  }

  for (const path of ['/instances/enabled', '/instances/:id/enabled']) {
    router.put(path, async (req, res) => send(req, res, await service.setEnabled(principal(req), instanceId(req), true)));
    router.delete(path, async (req, res) => send(req, res, await service.setEnabled(principal(req), instanceId(req), false)));
  }

  for (const path of ['/instances', '/instances/:id', '/elements/:keyOrId/instances/:id']) {
    if (path !== '/instances') {
      router.get(path, async (req, res) => send(req, res, await service.get(principal(req), instanceId(req))));
      router.delete(path, async (req, res) => {
        await service.delete(principal(req), instanceId(req));
        res.json({});
      });
    }
    router.put(path, async (req, res) => send(req, res, await service.update(principal(req), instanceId(req), req.body)));
    router.patch(path, async (req, res) => send(req, res, await service.update(principal(req), instanceId(req), req.body)));
  }

  return router;
}
