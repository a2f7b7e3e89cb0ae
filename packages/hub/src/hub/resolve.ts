import { NotFoundError, type AnyResource } from '@junction/core';
import type { RegisteredElement } from '../registry';

export interface ResolvedTarget {
  resource: AnyResource;
  native: boolean;
  /** The record: `/contacts/{id}`, or a file under a parent, `/incidents/{id}/attachments/{id}`. */
  id?: string;
  /** `/accounts/{id}/contacts`: the parent a child list is scoped to. */
  parent?: { field: string; id: string; resource: AnyResource };
}

/** `opportunities` → `opportunity`, `work-notes` → `work-note`. */
export function singular(resourceName: string): string {
  return resourceName.endsWith('ies') ? `${resourceName.slice(0, -3)}y` : resourceName.replace(/s$/, '');
}

/** `opportunities` → `opportunityId`: the field a child resource uses to point at its parent. */
export function parentField(parentResource: string): string {
  return `${singular(parentResource).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Id`;
}

/**
 * Finds the resource a hub path names: hub name first, then the vendor's own object name. A
 * fourth segment names one record of a child only where the child holds files (`binary`).
 */
export function resolveTarget(element: RegisteredElement, segments: string[]): ResolvedTarget {
  const [name, id, childName, childId, ...rest] = segments;
  const lookup = (n: string) => {
    const hub = element.resources.get(n);
    if (hub) return { resource: hub, native: false };
    const native = element.nativeResources.get(n);
    if (native) return { resource: native, native: true };
    throw new NotFoundError(`resource '${n}' for element '${element.definition.key}'`);
  };
  if (rest.length) throw new NotFoundError(`resource '${segments.join('/')}'`);
  // Ids travel into vendor URL paths, where `.` and `..` would be read as path steps.
  for (const step of [id, childId]) if (step === '.' || step === '..') throw new NotFoundError(`record '${step}'`);
  const parent = lookup(name);
  if (childName === undefined) return { ...parent, id };
  const child = lookup(childName);
  const field = parentField(parent.resource.name);
  if (!(field in child.resource.model.shape)) throw new NotFoundError(`resource '${name}/{id}/${childName}'`);
  if (childId !== undefined && !child.resource.binary) throw new NotFoundError(`resource '${segments.join('/')}'`);
  return { ...child, id: childId, parent: { field, id: id!, resource: parent.resource } };
}
