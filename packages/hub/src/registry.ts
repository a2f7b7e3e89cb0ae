import { NotFoundError, validateElement, type AnyResource, type ElementDefinition } from '@junction/core';

export interface RegisteredElement {
  id: number;
  definition: ElementDefinition;
  /** Hub resources by name, and the same resources by their vendor object name. */
  resources: Map<string, AnyResource>;
  nativeResources: Map<string, AnyResource>;
}

/** The elements this hub serves, validated at boot and addressable by key or numeric id. */
export class ElementRegistry {
  private readonly byKey = new Map<string, RegisteredElement>();
  private readonly byId = new Map<number, RegisteredElement>();

  /** Validates every element (throwing with the plugin's key) and registers it under its stable id. */
  constructor(elements: ElementDefinition[], ids: Map<string, number>) {
    for (const definition of elements) {
      validateElement(definition);
      if (this.byKey.has(definition.key)) throw new Error(`element '${definition.key}' is installed twice`);
      const id = ids.get(definition.key);
      if (id === undefined) throw new Error(`element '${definition.key}' has no catalog id`);
      const entry: RegisteredElement = {
        id,
        definition,
        resources: new Map(definition.resources.map((r) => [r.name, r])),
        // Several hub resources may share a vendor object (ServiceNow agents and contacts are both
        // sys_user); its native name routes to the first one declared.
        nativeResources: new Map([...definition.resources].reverse().map((r) => [r.vendorName, r])),
      };
      this.byKey.set(definition.key, entry);
      this.byId.set(id, entry);
    }
  }

  all(): RegisteredElement[] {
    return [...this.byKey.values()];
  }

  find(keyOrId: string | number): RegisteredElement | undefined {
    const asNumber = typeof keyOrId === 'number' ? keyOrId : /^\d+$/.test(keyOrId) ? Number(keyOrId) : undefined;
    return asNumber !== undefined ? this.byId.get(asNumber) : this.byKey.get(String(keyOrId));
  }

  /** Like `find`, answering 404 for an unknown element. */
  get(keyOrId: string | number): RegisteredElement {
    const element = this.find(keyOrId);
    if (!element) throw new NotFoundError(`element '${keyOrId}'`);
    return element;
  }
}
