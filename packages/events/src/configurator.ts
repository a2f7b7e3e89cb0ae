import type { InstanceRecord, Store } from '@junction/store';
import type { EventsHost, EventsLogger } from './host';
import { instanceEventSettings } from './instance-settings';

/**
 * Brings an instance's background event work in line with its configuration, after it is created,
 * updated, enabled, disabled or deleted: on or off the polling schedule, and subscribed or not at
 * vendors whose webhooks are managed by API. A vendor refusing a (un)subscription is logged, not
 * thrown: the instance change itself stands, and the next change of the instance tries again.
 */
export class EventConfigurator {
  constructor(
    private readonly store: Store,
    private readonly host: EventsHost,
    private readonly pollFloorSeconds: number,
    private readonly logger: EventsLogger,
    private readonly ingressUrl: (elementKey: string, instanceId: number) => string,
  ) {}

  async configured(instance: InstanceRecord, deleted: boolean): Promise<void> {
    const element = this.host.element(instance.elementKey);
    const events = element?.events;
    const settings = instanceEventSettings(instance, events, this.pollFloorSeconds);
    const live = !deleted && settings.enabled;

    if (!deleted && settings.polls) await this.store.pollState.schedule(instance.id);
    else await this.store.pollState.remove(instance.id);

    const webhook = events?.webhook;
    if (!element || !webhook?.subscribe || !webhook.unsubscribe) return;
    const existing = await this.store.webhookSubscriptions.get(instance.id);
    const url = this.ingressUrl(element.key, instance.id);
    const wanted = live && settings.mode === 'webhook';
    if (existing && (!wanted || existing.callbackUrl !== url)) {
      try {
        await webhook.unsubscribe(this.host.context(instance), existing.subscriptionId);
      } catch (error) {
        this.logger.warn({ err: error, element: element.key, instanceId: instance.id, subscriptionId: existing.subscriptionId }, 'webhook unsubscribe failed');
      }
      await this.store.webhookSubscriptions.delete(instance.id);
    }
    if (wanted && existing?.callbackUrl !== url) {
      try {
        const created = await webhook.subscribe(this.host.context(instance), url, settings.webhookObjects);
        await this.store.webhookSubscriptions.save({ instanceId: instance.id, elementKey: element.key, callbackUrl: url, ...created });
        this.logger.info({ element: element.key, instanceId: instance.id, subscriptionId: created.subscriptionId }, 'webhook subscription created');
      } catch (error) {
        this.logger.warn({ err: error, element: element.key, instanceId: instance.id }, 'webhook subscribe failed');
      }
    }
  }
}
