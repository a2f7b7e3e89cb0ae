import { NotFoundError, type AnyResource } from '@junction/core';
import type { RegisteredElement } from '../registry';

export interface ResolvedTarget {
  resource: AnyResource;
  native: boolean;
  id?: string;
  /** `/accounts/{id}/contacts`: the parent a child list is scoped to. */
  parent?: { field: string; id: string };
}

/** `opportunities` → `opportunityId`: the field a child resource uses to point at its parent. */
export function parentField(parentResource: string): string {
  const singular = parentResource.endsWith('ies') ? `${parentResource.slice(0, -3)}y` : parentResource.replace(/s$/, '');
  return `${singular.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Id`;
}

/** Finds the resource a hub path names: hub name first, then the vendor's own object name. */
export function resolveTarget(element: RegisteredElement, segments: string[]): ResolvedTarget {
  const [name, id, childName, ...rest] = segments;
  const lookup = (n: string) => {
    const hub = element.resources.get(n);
    if (hub) return { resource: hub, native: false };
    const native = element.nativeResources.get(n);
    if (native) return { resource: native, native: true };
    throw new NotFoundError(`resource '${n}' for element '${element.definition.key}'`);
  };
  if (rest.length) throw new NotFoundError(`resource '${segments.join('/')}'`);
  // Ids travel into vendor URL paths, where `.` and `..` would be read as path steps.
  if (id === '.' || id === '..') throw new NotFoundError(`record '${id}'`);
  const parent = lookup(name);
  if (childName === undefined) return { ...parent, id };
  const child = lookup(childName);
  const field = parentField(parent.resource.name);
  if (!(field in child.resource.model.shape)) throw new NotFoundError(`resource '${name}/{id}/${childName}'`);
  return { ...child, parent: { field, id: id! } };
}
