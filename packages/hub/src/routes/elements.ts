import { Router, type Request, type RequestHandler } from 'express';
import { authorizeUrl, BadRequestError, configurationOf, HostMap, type ElementDefinition } from '@junction/core';
import type { ElementRegistry, RegisteredElement } from '../registry';

/** The element as the catalog shows it (Cloud Elements element schema, fields Junction has). */
export function presentElement(element: RegisteredElement) {
  const d: ElementDefinition = element.definition;
  return {
    id: element.id,
    key: d.key,
    name: d.name,
    description: d.description,
    hub: d.hub,
    version: d.version,
    contract: d.contract,
    active: true,
    deleted: false,
    private: false,
    beta: false,
    extended: false,
    cloneable: false,
    extendable: false,
    typeOauth: d.auth.kind === 'oauth2',
    authentication: { type: d.auth.kind === 'oauth2' ? 'oauth2' : d.auth.kind === 'basic' ? 'basic' : 'custom' },
    transformationsEnabled: false,
    bulkDownloadEnabled: false,
    bulkUploadEnabled: false,
    configuration: configurationOf(d)
      .filter((c) => !c.internal)
      .map((c) => ({
        key: c.key,
        name: c.name,
        description: c.description ?? c.name,
        type: c.type ?? 'TEXTFIELD_1000',
        defaultValue: c.defaultValue ?? '',
        required: c.required ?? false,
        hideFromConsole: false,
        secret: c.secret ?? false,
      })),
    resources: d.resources.map((r) => ({ name: r.name, vendorName: r.vendorName, path: `/hubs/${d.hub}/${r.name}`, description: r.description ?? r.name })),
  };
}

/** `GET /elements/{id}/metadata`: what the element supports, for apps deciding what to call. */
function presentMetadata(element: RegisteredElement) {
  const d = element.definition;
  return {
    id: element.id,
    key: d.key,
    name: d.name,
    description: d.description,
    hub: d.hub,
    version: d.version,
    authenticationType: d.auth.kind,
    normalizedPaging: true,
    events: {
      supported: Boolean(d.events?.polling || d.events?.webhook),
      methods: [...(d.events?.polling ? ['polling'] : []), ...(d.events?.webhook ? ['webhook'] : [])],
    },
    resources: d.resources.map((r) => ({
      name: r.name,
      vendorName: r.vendorName,
      operations: (['list', 'get', 'create', 'update', 'delete'] as const).filter((op) => r[op]),
      paging: r.paging,
      ceql: Object.fromEntries(Object.entries(r.pushdown).map(([field, p]) => [field, p.operators])),
    })),
  };
}

export function elementRoutes(registry: ElementRegistry, hostMap: HostMap, auth: RequestHandler): Router {
  const router = Router();

  router.get('/elements', auth, (_req, res) => {
    res.json(registry.all().map(presentElement));
  });
  router.get('/elements/keys', auth, (_req, res) => {
    res.json(registry.all().map((e) => e.definition.key));
  });
  router.get('/elements/:keyOrId', auth, (req, res) => {
    res.json(presentElement(registry.get(req.params.keyOrId as string)));
  });
  router.get('/elements/:keyOrId/metadata', auth, (req, res) => {
    res.json(presentMetadata(registry.get(req.params.keyOrId as string)));
  });
  router.get('/elements/:keyOrId/configuration', auth, (req, res) => {
    res.json(presentElement(registry.get(req.params.keyOrId as string)).configuration);
  });

  const oauthUrl = (req: Request, params: Record<string, unknown>) => {
    const element = registry.get(req.params.keyOrId as string);
    const auth = element.definition.auth;
    if (auth.kind !== 'oauth2') throw new BadRequestError(`Element '${element.definition.key}' does not use OAuth 2.0`);
    const text = (name: string) => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);
    const clientId = text('apiKey');
    const callbackUrl = text('callbackUrl');
    if (!clientId) throw new BadRequestError("Missing required parameter 'apiKey' (the OAuth client id)");
    if (!callbackUrl) throw new BadRequestError("Missing required parameter 'callbackUrl'");
    const values = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const keys = configurationOf(element.definition);
    // Cloud Elements apps send `subdomain`; the element names it e.g. `servicenow.subdomain`.
    const subdomainKey = keys.find((k) => k.key.endsWith('.subdomain'))?.key;
    if (subdomainKey && values.subdomain && !values[subdomainKey]) values[subdomainKey] = values.subdomain;
    // Values go into the authorize URL's host or path: each must pass its key's own check.
    for (const key of keys) {
      const value = values[key.key];
      if (value !== undefined && key.schema && !key.schema.safeParse(value).success) throw new BadRequestError(`Invalid '${key.key}' for ${element.definition.name}`);
    }
    try {
      return { element: element.definition.key, oauthUrl: authorizeUrl(auth, { clientId, callbackUrl, scope: text('scope'), state: text('state'), values }, hostMap) };
    } catch (error) {
      throw new BadRequestError((error as Error).message);
    }
  };
  router.get('/elements/:keyOrId/oauth/url', (req, res) => {
    res.json(oauthUrl(req, req.query as Record<string, unknown>));
  });
  router.post('/elements/:keyOrId/oauth/url', (req, res) => {
    res.json(oauthUrl(req, { ...(req.query as Record<string, unknown>), ...(req.body ?? {}) }));
  });

  return router;
}
