import { Router, type Request, type Response } from 'express';
import {
  BadRequestError,
  ForbiddenError,
  JunctionError,
  NotFoundError,
  UnauthorizedError,
  type AnyResource,
  type CeqlNode,
  type ElementContext,
  type ObjectField,
  type ResourceOperations,
} from '@junction/core';
import { DOCUMENT_ROOTS, handleDocuments, type DocumentsOptions } from '../documents/handle';
import { principal } from '../http/request-context';
import { effectiveConfig } from '../instances/configuration';
import type { ElementContextFactory } from '../instances/element-context';
import type { ElementRegistry, RegisteredElement } from '../registry';
import { handleBinary } from '../hub/binary';
import { listPage } from '../hub/list';
import { project, sortRecords, withoutNulls } from '../hub/present-record';
import { parseHubQuery } from '../hub/query';
import { resolveTarget } from '../hub/resolve';
import { sendJson } from '../http/send-json';

function allowed<K extends keyof ResourceOperations<object>>(resource: AnyResource, op: K): NonNullable<ResourceOperations<object>[K]> {
  const operation = resource[op];
  if (!operation) throw new JunctionError(405, `${resource.name} does not support ${op}`);
  return operation as NonNullable<ResourceOperations<object>[K]>;
}

/**
 * The hub API: `/hubs/{hub}/{resource}[/{id}[/{child}]]`, and the same paths without the
 * `/hubs/{hub}` prefix. The instance comes from the Element token alone; `{hub}` is not authoritative.
 */
export function hubRoutes(registry: ElementRegistry, contexts: ElementContextFactory, documentsOptions: DocumentsOptions): Router {
  const router = Router();

  const handle = async (req: Request, res: Response, segments: string[]) => {
    const p = principal(req);
    const instance = p.instance!;
    const element = registry.get(instance.elementKey);
    res.set('Elements-Element-Instance-Id', String(instance.id));
    const discovery = segments[0] === 'objects';
    if (instance.disabled && !discovery) throw new ForbiddenError(`Instance ${instance.id} is disabled; enable it with PUT /instances/${instance.id}/enabled`);
    if (!instance.valid) throw new UnauthorizedError(`Instance ${instance.id} needs to be re-authorized with the vendor`);
    const ctx = contexts.create(element.definition, effectiveConfig(instance), instance);
    const filterNulls = instance.configuration['filter.response.nulls'] !== 'false';
    const send = (body: unknown) => sendJson(res, filterNulls ? withoutNulls(body) : body);

    if (segments.length === 1 && segments[0] === 'ping' && req.method === 'GET') {
      await element.definition.healthCheck(ctx);
      return send({ status: 'ok', element: element.definition.key, instanceId: instance.id });
    }
    if (discovery) return send(await discover(element, ctx, segments.slice(1)));
    const documents = element.definition.documents;
    if (documents && DOCUMENT_ROOTS.has(segments[0])) return handleDocuments(documentsOptions, documents, ctx, req, res, segments);

    const target = resolveTarget(element, segments);
    const { resource, native } = target;
    const present = (vendor: object, raw: boolean) => {
      const shown = native ? vendor : (resource.toHub(vendor) as Record<string, unknown>);
      return raw && !native ? { ...shown, raw: vendor } : shown;
    };
    const query = parseHubQuery(req.query as Record<string, unknown>);
    if (resource.binary && !(req.method === 'GET' && target.id === undefined)) {
      return handleBinary({ ctx, req, res, target, send: (record) => send(present(record, query.raw)), maxUploadBytes: documentsOptions.maxUploadBytes });
    }

    if (req.method === 'GET' && target.id === undefined) {
      if (target.parent) {
        const scope: CeqlNode = { kind: 'comparison', field: target.parent.field, operator: '=', value: target.parent.id };
        query.where = query.where ? { kind: 'and', operands: [scope, query.where] } : scope;
      }
      allowed(resource, 'list');
      const page = await listPage(ctx, resource, query, native);
      const records = sortRecords(
        page.records.map((r) => project(query.raw && !native ? { ...r.shown, raw: r.vendor } : r.shown, query.fields)),
        query.orderBy,
      );
      res.set('Elements-Returned-Count', String(records.length));
      if (page.nextToken) res.set('Elements-Next-Page-Token', page.nextToken);
      if (page.total !== undefined) res.set('Elements-Total-Count', String(page.total));
      if (page.inMemory) res.set('Elements-Query-Filtered-In-Memory', page.inMemory);
      return send(records);
    }
    if (target.parent && req.method === 'POST') {
      // `/incidents/{id}/comments`: a child created under its parent.
      const body = bodyOf(req, resource, native, 'create', { [target.parent.field]: target.parent.id });
      return send(present(await allowed(resource, 'create')(ctx, body), query.raw));
    }
    if (target.parent) throw new JunctionError(405, `${req.method} is not supported on a child list; use /${resource.name}`);

    if (req.method === 'POST' && target.id === undefined) {
      const body = bodyOf(req, resource, native, 'create');
      return send(present(await allowed(resource, 'create')(ctx, body), query.raw));
    }
    const id = target.id;
    if (id === undefined) throw new JunctionError(405, `${req.method} needs a record id: /${segments[0]}/{id}`);
    switch (req.method) {
      case 'GET':
        return send(project(present(await allowed(resource, 'get')(ctx, id), query.raw) as Record<string, unknown>, query.fields));
      case 'PATCH':
      case 'PUT':
        return send(present(await allowed(resource, 'update')(ctx, id, bodyOf(req, resource, native, 'update'), req.method === 'PUT' ? 'put' : 'patch'), query.raw));
      case 'DELETE':
        await allowed(resource, 'delete')(ctx, id);
        return res.status(200).end();
      default:
        throw new JunctionError(405, `${req.method} is not supported on /${segments.join('/')}`);
    }
  };

  router.all('/hubs/:hub/*path', (req, res) => handle(req, res, req.params.path as unknown as string[]));
  router.all('/*path', (req, res) => handle(req, res, req.params.path as unknown as string[]));
  return router;
}

/** Validates a create/update body: hub fields for hub resources, anything for vendor-native objects. */
function bodyOf(req: Request, resource: AnyResource, native: boolean, mode: 'create' | 'update', scope: Record<string, string> = {}): Record<string, unknown> {
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) && !native ? { ...req.body, ...scope } : req.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The request body must be a JSON object');
  if (mode === 'create' && Object.keys(body).length === 0) throw new BadRequestError(`The request body is empty: send the ${resource.name} fields to create`);
  if (native) return body as Record<string, unknown>;
  const known = Object.keys(resource.model.shape);
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new BadRequestError(`Unknown field '${unknown[0]}' for ${resource.name}; known fields: ${known.join(', ')} (vendor fields go through /${resource.vendorName})`);
  }
  return resource.toVendor(resource.input.parse(body), mode);
}

/** `/objects` and `/objects/{name}/metadata`. */
async function discover(element: RegisteredElement, ctx: ElementContext, rest: string[]) {
  const d = element.definition;
  if (rest.length === 0) {
    const vendor = d.objects?.list ? await d.objects.list(ctx) : d.resources.map((r) => r.vendorName);
    return [...new Set([...d.resources.map((r) => r.name), ...vendor])];
  }
  if (rest.length !== 2 || rest[1] !== 'metadata') throw new NotFoundError(`resource 'objects/${rest.join('/')}'`);
  const name = rest[0];
  // A vendor object name goes to the element's own discovery, even where a hub resource shares it
  // (HubSpot `contacts`); a hub resource name otherwise describes the hub model.
  const native = element.nativeResources.get(name);
  if (d.objects?.metadata && (native || !element.resources.has(name))) return { fields: await d.objects.metadata(ctx, native?.vendorName ?? name) };
  const described = element.resources.get(name) ?? native;
  if (!described) throw new NotFoundError(`object '${name}'`);
  return { fields: modelFields(described) };
}

function modelFields(resource: AnyResource): ObjectField[] {
  const readOnly = new Set(['id', 'createdDate', 'modifiedDate']);
  return Object.entries(resource.model.shape).map(([field, schema]) => {
    const inner = (schema as { unwrap?: () => { type?: string }; type?: string }).unwrap?.() ?? (schema as { type?: string });
    return {
      vendorPath: field,
      type: inner.type ?? 'string',
      filterable: true,
      createable: !readOnly.has(field),
      updateable: !readOnly.has(field),
    };
  });
}
