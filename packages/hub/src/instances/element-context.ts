import {
  createVendorClient,
  credentialsFor,
  fillTemplate,
  BadRequestError,
  type ElementContext,
  type ElementDefinition,
  type HostMap,
  type TokenRefresher,
} from '@junction/core';
import type { Logger } from 'pino';
import type { InstanceTokenSink } from './token-sink';

/** Builds the per-call context an element operation receives: configuration plus a bound vendor client. */
export class ElementContextFactory {
  constructor(
    private readonly hostMap: HostMap,
    private readonly refresher: TokenRefresher,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
    private readonly tokenSink: InstanceTokenSink,
  ) {}

  create(element: ElementDefinition, config: Record<string, string>, instance?: { id: number; organizationId: number }): ElementContext {
    const instanceId = instance?.id;
    if (instance) this.tokenSink.remember(instance.id, instance.organizationId);
    let baseUrl: string;
    try {
      baseUrl = fillTemplate(element.http.baseUrl, config);
    } catch (error) {
      throw new BadRequestError(`Instance configuration is incomplete: ${(error as Error).message}`);
    }
    const credentials = credentialsFor(
      element.auth,
      config,
      instanceId !== undefined && element.auth.kind === 'oauth2' ? { refresher: this.refresher, instanceId } : undefined,
    );
    const http = createVendorClient({
      elementName: element.name,
      http: element.http,
      baseUrl,
      hostMap: this.hostMap,
      credentials,
      timeoutMs: this.timeoutMs,
      onCall: (call) => {
        if (call.status === 0 || call.status >= 400) {
          this.logger.warn({ element: element.key, instanceId, method: call.method, status: call.status, attempt: call.attempt, ms: Math.round(call.ms) }, 'vendor call failed');
        }
      },
    });
    return { config, http, instanceId };
  }
}
