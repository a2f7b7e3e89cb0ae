import { z } from 'zod';
import {
  BadRequestError,
  exchangeCode,
  JunctionError,
  NotFoundError,
  OAUTH_KEYS,
  refreshTokens,
  tokenConfig,
  VendorError,
  type ElementDefinition,
  type HostMap,
  type TokenRefresher,
} from '@junction/core';
import type { InstanceRecord, Store } from '@junction/store';
import type { Principal } from '../http/request-context';
import type { ElementRegistry, RegisteredElement } from '../registry';
import { effectiveConfig, missingRequired, readConfiguration, splitSecrets, withDefaults, type ConfigPatch } from './configuration';
import type { ElementContextFactory } from './element-context';

const InstanceBody = z.object({
  name: z.string().max(500).optional(),
  element: z.object({ key: z.string().optional(), id: z.union([z.number(), z.string()]).optional() }).optional(),
  configuration: z.unknown().optional(),
  providerData: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string().max(200)).max(50).optional(),
  externalAuthentication: z.enum(['none', 'initial']).optional(),
  disabled: z.boolean().optional(),
});
type InstanceBody = z.infer<typeof InstanceBody>;

/** Names are shown in consoles: markup is stripped, as Cloud Elements does. */
export function sanitizeName(name: string): string {
  return name.replace(/<[^>]*>/g, '').replace(/[<>]/g, '').trim();
}

/** Creating, re-provisioning and updating instances, with credentials checked at the vendor first. */
export class InstanceService {
  constructor(
    private readonly store: Store,
    private readonly registry: ElementRegistry,
    private readonly contexts: ElementContextFactory,
    private readonly refresher: TokenRefresher,
    private readonly hostMap: HostMap,
    private readonly onChange: () => void,
    /** Told of every instance created, changed or deleted, after it is stored (events use it to start or stop work). */
    private readonly onConfigured: (instance: InstanceRecord, deleted: boolean) => Promise<void> = async () => undefined,
    /** Refuses (throws) a configuration whose events cannot work, before anything is stored. */
    private readonly checkEvents: (elementKey: string, config: Readonly<Record<string, string | null>>) => void = () => undefined,
  ) {}

  async create(principal: Principal, rawBody: unknown, elementFromPath?: string): Promise<InstanceRecord> {
    const body = parseBody(rawBody);
    const elementRef = elementFromPath ?? body.element?.key ?? (body.element?.id !== undefined ? String(body.element.id) : undefined);
    if (!elementRef) throw new BadRequestError("Missing 'element' ({key} or {id}) in the instance body");
    const element = this.registry.get(elementRef);
    const name = sanitizeName(body.name ?? '');
    if (!name) throw new BadRequestError("Missing 'name' for the instance");

    let config = withDefaults(element.definition, readConfiguration(element.definition, body.configuration));
    config = { ...config, ...(await this.authorize(element.definition, config, body)) };
    const missing = missingRequired(element.definition, config);
    if (missing.length) throw new BadRequestError(`Missing required configuration: ${missing.join(', ')}`);
    this.checkEvents(element.definition.key, config);
    config = { ...config, ...(await this.checkCredentials(element.definition, config)) };

    const { configuration, secrets } = splitSecrets(element.definition, config);
    const { instance } = await this.store.instances.create({
      organizationId: principal.organization.id,
      userId: principal.user.id,
      elementKey: element.definition.key,
      elementId: element.id,
      name,
      tags: body.tags?.map(sanitizeName).filter(Boolean) ?? [name],
      configuration: compact(configuration),
      secrets: compact(secrets),
      externalAuthentication: body.externalAuthentication ?? 'none',
    });
    await this.onConfigured(instance, false);
    return instance;
  }

  /** PUT and PATCH: name, tags and configuration merge; `providerData.code` re-authorizes in place. */
  async update(principal: Principal, id: number, rawBody: unknown): Promise<InstanceRecord> {
    const body = parseBody(rawBody);
    const existing = await this.get(principal, id);
    const element = this.registry.get(existing.elementKey);
    let patch = readConfiguration(element.definition, body.configuration);
    const reauthorizing = Boolean(body.providerData?.code) || patch[OAUTH_KEYS.refreshToken] !== undefined;
    if (reauthorizing) patch = { ...patch, ...(await this.authorize(element.definition, { ...effectiveConfig(existing), ...patch }, body)) };
    const touchesCredentials = Object.keys(patch).some((key) => element.definition.auth.configuration.some((k) => k.key === key));
    if (touchesCredentials) {
      const merged = { ...effectiveConfig(existing), ...patch };
      const missing = missingRequired(element.definition, merged);
      if (missing.length) throw new BadRequestError(`Missing required configuration: ${missing.join(', ')}`);
      patch = { ...patch, ...(await this.checkCredentials(element.definition, merged)) };
    }
    this.checkEvents(element.definition.key, { ...effectiveConfig(existing), ...patch });
    const { configuration, secrets } = splitSecrets(element.definition, patch);
    const name = body.name !== undefined ? sanitizeName(body.name) : undefined;
    if (name === '') throw new BadRequestError("'name' cannot be empty");
    const updated = await this.store.instances.update(principal.organization.id, id, {
      name,
      tags: body.tags?.map(sanitizeName).filter(Boolean),
      configuration,
      secrets,
      ...(reauthorizing || touchesCredentials ? { valid: true } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
    });
    if (!updated) throw new NotFoundError(`instance ${id}`);
    this.refresher.forget(id);
    this.onChange();
    await this.onConfigured(updated, false);
    return updated;
  }

  async get(principal: Principal, id: number): Promise<InstanceRecord> {
    const instance = Number.isSafeInteger(id) ? await this.store.instances.get(principal.organization.id, id) : undefined;
    if (!instance) throw new NotFoundError(`instance ${id}`);
    return instance;
  }

  async setEnabled(principal: Principal, id: number, enabled: boolean): Promise<InstanceRecord> {
    await this.get(principal, id);
    const updated = await this.store.instances.update(principal.organization.id, id, { disabled: !enabled });
    this.onChange();
    await this.onConfigured(updated!, false);
    return updated!;
  }

  async delete(principal: Principal, id: number): Promise<void> {
    const existing = await this.get(principal, id);
    if (!(await this.store.instances.delete(principal.organization.id, id))) throw new NotFoundError(`instance ${id}`);
    this.refresher.forget(id);
    this.onChange();
    await this.onConfigured(existing, true);
  }

  elementOf(instance: InstanceRecord): RegisteredElement {
    return this.registry.get(instance.elementKey);
  }

  /** OAuth: exchanges `providerData.code`, or turns an app-supplied refresh token into an access token. */
  private async authorize(element: ElementDefinition, config: ConfigPatch, body: InstanceBody): Promise<ConfigPatch> {
    const auth = element.auth;
    if (auth.kind !== 'oauth2') return {};
    const clientId = config[OAUTH_KEYS.clientId];
    const clientSecret = config[OAUTH_KEYS.clientSecret];
    if (!clientId || !clientSecret) throw new BadRequestError(`Missing required configuration: ${OAUTH_KEYS.clientId}, ${OAUTH_KEYS.clientSecret}`);
    const values = stringValues({ ...config, ...body.providerData });
    const code = body.providerData?.code;
    if (typeof code === 'string' && code) {
      const tokens = await exchangeCode(auth, { code, clientId, clientSecret, callbackUrl: config[OAUTH_KEYS.callbackUrl] ?? undefined, values }, this.hostMap);
      return tokenConfig(tokens);
    }
    const refreshToken = config[OAUTH_KEYS.refreshToken];
    if (refreshToken) {
      try {
        return tokenConfig(await refreshTokens(auth, { refreshToken, clientId, clientSecret, values }, this.hostMap));
      } catch (error) {
        if (error instanceof JunctionError && error.status === 401) throw new BadRequestError('The OAuth refresh token was rejected by the vendor', error.providerMessage);
        throw error;
      }
    }
    if (config[OAUTH_KEYS.accessToken]) return {};
    throw new BadRequestError("OAuth element: send 'providerData.code' from the vendor's redirect, or 'oauth.user.refresh_token' with externalAuthentication 'initial'");
  }

  /**
   * One cheap vendor call with the new credentials; refusals become 400 with the vendor's words.
   * Returns what the element learned (e.g. the vendor's user id) to store with the instance.
   */
  private async checkCredentials(element: ElementDefinition, config: ConfigPatch): Promise<ConfigPatch> {
    const ctx = this.contexts.create(element, compact(config));
    try {
      return (await element.healthCheck(ctx))?.configuration ?? {};
    } catch (error) {
      if (error instanceof VendorError && (error.vendorStatus === 401 || error.vendorStatus === 403)) {
        throw new BadRequestError(`${element.name} rejected the instance credentials`, error.providerMessage);
      }
      throw error;
    }
  }
}

function parseBody(raw: unknown): InstanceBody {
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestError('The instance body must be a JSON object');
  return InstanceBody.parse(raw);
}

function compact(config: ConfigPatch): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter((e): e is [string, string] => e[1] !== null));
}

function stringValues(values: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}
