import { createVendorClient, credentialsFor, fillTemplate, HostMap, type ElementContext, type ElementDefinition } from '@junction/core';

/**
 * An element context outside the hub, for contract tests: the element's own base URL, auth and
 * error mapping, with credentials taken from `config` (no refresh: recordings carry fixed tokens).
 */
export function contextFor(element: ElementDefinition, config: Record<string, string>, hostMap: HostMap = HostMap.empty()): ElementContext {
  return {
    config,
    http: createVendorClient({
      elementName: element.name,
      http: element.http,
      baseUrl: fillTemplate(element.http.baseUrl, config),
      hostMap,
      credentials: credentialsFor(element.auth, config),
    }),
  };
}
