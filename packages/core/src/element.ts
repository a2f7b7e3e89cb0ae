import { z } from 'zod';
import type { AuthDefinition } from './auth/kinds';
import { commonConfiguration, type ConfigKey } from './config';
import type { ElementContext } from './element-context';
import type { RetryPolicy, VendorFailure } from './http/types';
import type { DocumentsApi } from './documents';
import type { ElementEvents } from './events';
import type { AnyResource, HubModel, ResourceDefinition } from './resource';

/** The major version of this contract; the hub refuses plugins built for another. */
export const CONTRACT_VERSION = 1;

export const HUBS = ['crm', 'documents', 'helpdesk'] as const;
export type HubKey = (typeof HUBS)[number];

/** A field of a vendor object, as discovery reports it. */
export interface ObjectField {
  vendorPath: string;
  type: string;
  vendorNativeType?: string;
  vendorDisplayName?: string;
  vendorReadOnly?: boolean;
  vendorRequired?: boolean;
  filterable: boolean;
  createable: boolean;
  updateable: boolean;
  custom?: boolean;
  picklistValues?: { value: string; label?: string }[];
}

export interface ElementHttp {
  /** Base URL; `{config.key}` placeholders are filled from instance configuration. */
  baseUrl: string;
  headers?: Record<string, string>;
  retry?: Partial<RetryPolicy>;
  /** The vendor's own words from an error body; the hub keeps them in `providerMessage`. */
  providerMessage: (failure: VendorFailure) => string | undefined;
  /** Optional vendor status override, e.g. a 400 that really means "not found". */
  statusFor?: (failure: VendorFailure) => number | undefined;
}

export interface ElementDefinition {
  key: string;
  name: string;
  hub: HubKey;
  version: string;
  description: string;
  /** The major of `@junction/core` this element was written against. */
  contract: number;
  auth: AuthDefinition;
  /** Vendor-specific configuration beyond what the auth kind needs. */
  configuration?: ConfigKey[];
  http: ElementHttp;
  /**
   * A cheap authenticated call; run when an instance is created or re-authorized so bad
   * credentials are refused. It may return configuration learned on the way (the vendor's own
   * user or account id, used to route webhooks), which is stored on the instance.
   */
  healthCheck: (ctx: ElementContext) => Promise<void | { configuration?: Record<string, string> }>;
  resources: AnyResource[];
  /** The documents hub's file and folder operations (documents elements only). */
  documents?: DocumentsApi;
  /** How the hub learns of changes at the vendor: polling and/or vendor webhooks. */
  events?: ElementEvents;
  objects?: {
    /** Vendor object names; defaults to the resources' vendor names. */
    list?: (ctx: ElementContext) => Promise<string[]>;
    metadata?: (ctx: ElementContext, vendorName: string) => Promise<ObjectField[]>;
  };
}

/** A resource of any vendor record type, accepted in an element's `resources` list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResourceInput = ResourceDefinition<any, HubModel>;

/**
 * Declares an element. Validation runs at hub boot (see `validateElement`) so a broken plugin
 * fails fast with its key in the message.
 */
export function defineElement(definition: Omit<ElementDefinition, 'resources'> & { resources: ResourceInput[] }): ElementDefinition {
  return definition as ElementDefinition;
}

const keyPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const resourceNamePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const elementShape = z.object({
  key: z.string().regex(keyPattern, 'lower-case letters and digits, kebab-case'),
  name: z.string().min(1),
  hub: z.enum(HUBS),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+].*)?$/, 'a semver version'),
  description: z.string().min(1),
  contract: z.number().int(),
  resources: z.array(z.object({ name: z.string().regex(resourceNamePattern, 'kebab-case plural'), vendorName: z.string().min(1) })),
});

/** Checks an element definition; throws an Error naming the plugin and the problem. */
export function validateElement(element: ElementDefinition): void {
  const key = typeof element?.key === 'string' ? element.key : '<unknown>';
  const parsed = elementShape.safeParse(element);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`element '${key}' is invalid: ${issue.path.join('.') || 'definition'}: ${issue.message}`);
  }
  if (element.resources.length === 0 && !element.documents) {
    throw new Error(`element '${key}' is invalid: it declares no resources`);
  }
  if (element.hub === 'documents' && !element.documents) {
    throw new Error(`element '${key}' is invalid: a documents element must implement 'documents'`);
  }
  if (element.contract !== CONTRACT_VERSION) {
    throw new Error(
      `element '${key}' targets element contract ${element.contract}, but this hub supports contract ${CONTRACT_VERSION}`,
    );
  }
  const seen = new Set<string>();
  for (const resource of element.resources) {
    if (seen.has(resource.name)) throw new Error(`element '${key}' declares resource '${resource.name}' twice`);
    seen.add(resource.name);
    if (!resource.list && !resource.get && !resource.create) {
      throw new Error(`element '${key}' resource '${resource.name}' has no operations`);
    }
  }
  for (const resource of element.resources) validateBinary(key, element.resources, resource);
  if (typeof element.healthCheck !== 'function') throw new Error(`element '${key}' has no healthCheck`);
}

/** A binary resource needs `get` (downloads start from the file's record) and a parent that can be looked up. */
function validateBinary(key: string, resources: AnyResource[], resource: AnyResource): void {
  const binary = resource.binary;
  if (!binary) return;
  const prefix = `element '${key}' resource '${resource.name}'`;
  if (typeof binary.upload !== 'function' || typeof binary.download !== 'function') throw new Error(`${prefix} declares binary content without upload and download`);
  if (!resource.get) throw new Error(`${prefix} declares binary content but no get`);
  const parent = resources.find((r) => r.name === binary.parent);
  if (!parent?.get) throw new Error(`${prefix} holds files of '${binary.parent}', which is not a resource of this element with get`);
}

/** The element's full configuration list: auth keys, its own keys, then the common ones. */
export function configurationOf(element: ElementDefinition): ConfigKey[] {
  const keys = [...element.auth.configuration, ...(element.configuration ?? []), ...commonConfiguration];
  const unique = new Map<string, ConfigKey>();
  for (const k of keys) if (!unique.has(k.key)) unique.set(k.key, k);
  return [...unique.values()];
}
