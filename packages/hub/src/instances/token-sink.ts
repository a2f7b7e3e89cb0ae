import type { TokenSink } from '@junction/core';
import type { Store } from '@junction/store';
import type { ElementRegistry } from '../registry';
import { effectiveConfig, splitSecrets } from './configuration';

/**
 * Where refreshed OAuth tokens go: the instance's row, secrets sealed. The refresher knows only
 * instance ids, so the context factory notes each instance's organization as it builds contexts.
 */
export class InstanceTokenSink implements TokenSink {
  private readonly organizations = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly registry: ElementRegistry,
  ) {}

  /** Called for every instance whose context is built, before any refresh can happen for it. */
  remember(instanceId: number, organizationId: number): void {
    this.organizations.set(instanceId, organizationId);
  }

  async save(instanceId: number, patch: Record<string, string | null>): Promise<void> {
    const instance = await this.instance(instanceId);
    if (!instance) return;
    const { configuration, secrets } = splitSecrets(this.registry.get(instance.elementKey).definition, patch);
    await this.store.instances.update(instance.organizationId, instanceId, { secrets, configuration });
  }

  async load(instanceId: number): Promise<Record<string, string> | undefined> {
    const instance = await this.instance(instanceId);
    return instance ? effectiveConfig(instance) : undefined;
  }

  async markInvalid(instanceId: number): Promise<void> {
    const organizationId = this.organizations.get(instanceId);
    if (organizationId !== undefined) await this.store.instances.update(organizationId, instanceId, { valid: false });
  }

  private async instance(instanceId: number) {
    const organizationId = this.organizations.get(instanceId);
    return organizationId === undefined ? undefined : this.store.instances.get(organizationId, instanceId);
  }
}
