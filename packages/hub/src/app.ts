import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { DependencyContainer } from 'tsyringe';
import { resolve, Tokens } from './container';
import { Authenticator } from './http/authenticate';
import { eventIngressRoutes } from './events/ingress-routes';
import { eventRoutes } from './events/routes';
import { EventsToken } from './events/service';
import { errorHandler, notFound } from './http/errors';
import type { JunctionLocals } from './http/request-context';
import { InstanceService } from './instances/instance-service';
import { elementRoutes } from './routes/elements';
import { healthRoutes } from './routes/health';
import { hubRoutes } from './routes/hub-resources';
import { instanceRoutes } from './routes/instances';
import { signupRoutes } from './routes/signup';
import { recordUsage, usageRoutes } from './routes/usage';
import type { Database } from '@junction/store';

export const API_BASE = '/elements/api-v2';

/** Exactly the list Cloud Elements clients expect on CORS responses. */
const EXPOSED_HEADERS =
  'Elements-Returned-Count, Elements-Total-Count, Elements-Request-Id, Elements-Next-Page-Token, Elements-Trace-Id, Elements-Error, Content-Disposition';

/** Builds the Express app from the services in the container. */
export function createApp(container: DependencyContainer, db: Database): Express {
  const config = resolve(container, Tokens.config);
  const store = resolve(container, Tokens.store);
  const logger = resolve(container, Tokens.logger);
  const registry = resolve(container, Tokens.registry);
  const refresher = resolve(container, Tokens.refresher);
  const contexts = resolve(container, Tokens.contextFactory);
  const events = resolve(container, EventsToken);

  const authenticator = new Authenticator(store);
  const instances = new InstanceService(
    store,
    registry,
    contexts,
    refresher,
    config.hostMap,
    () => authenticator.invalidate(),
    (instance, deleted) => events.instanceConfigured(instance, deleted),
    (elementKey, configuration) => events.checkConfiguration(elementKey, configuration),
  );
  const platformAuth = authenticator.middleware('optional');
  const hubAuth = authenticator.middleware('required');

  const app = express();
  app.disable('x-powered-by');
  // Answers are vendor data read fresh on every call, so a conditional GET would save the app no
  // vendor call; hashing every body for an ETag only cost CPU.
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'extended');

  app.use((req: Request, res: Response, next: NextFunction) => {
    const l = res.locals as JunctionLocals;
    l.requestId = randomUUID();
    l.startedAt = performance.now();
    res.setHeader('Elements-Request-Id', l.requestId);
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.set('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type');
      return void res.status(204).end();
    }
    res.on('finish', () => {
      logger.info({ requestId: l.requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - l.startedAt) }, 'request');
    });
    next();
  });
  // Vendor webhooks are verified on their exact bytes: mounted before the JSON parser.
  app.use(`${API_BASE}/events`, eventIngressRoutes(events, { maxBodyBytes: config.maxBodyBytes, publicUrl: config.publicUrl }));
  app.use(express.json({ limit: config.maxBodyBytes, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: config.maxBodyBytes }));

  app.use(healthRoutes(db));
  app.use(signupRoutes(store, config.signupEnabled));

  // Hub calls: the Element token's instance, usage, the hub router.
  const hubCalls = express.Router();
  hubCalls.use(hubAuth, recordUsage(store, logger), hubRoutes(registry, contexts, { maxUploadBytes: config.maxUploadBytes }));

  const api = express.Router();
  // `/hubs/…` is never a platform route: hub calls skip matching against every one of those.
  api.use((req, res, next) => (req.path.startsWith('/hubs/') ? hubCalls(req, res, (error?: unknown) => next(error ?? 'router')) : next()));
  api.use(elementRoutes(registry, config.hostMap, platformAuth));
  api.use(['/instances', '/elements/:keyOrId/instances'], platformAuth);
  api.use(eventRoutes(events, instances));
  api.use(instanceRoutes(instances, store));
  api.use('/usage', platformAuth);
  api.use(usageRoutes(store));
  // Anything else is a hub call, which needs an Element token; without one it is an unknown route.
  api.use((req, _res, next) => next(/\bElement\s/i.test(req.headers.authorization ?? '') || req.path.startsWith('/hubs/') ? undefined : 'router'));
  api.use(hubCalls);
  app.use(API_BASE, api);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
