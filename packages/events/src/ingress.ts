import { randomUUID } from 'node:crypto';
import { JunctionError, NotFoundError, UnauthorizedError, type ElementDefinition, type WebhookEvents, type WebhookRequest } from '@junction/core';
import type { InstanceRecord, NewEvent, Store } from '@junction/store';
import { GroupWriter } from './group-writer';
import type { EventsHost, EventsLogger } from './host';
import type { InstanceLookup } from './instance-lookup';
import { instanceEventSettings } from './instance-settings';
import { normalizeDate } from './poller';

/** Changes per notification for webhook events, as Cloud Elements sends them. */
export const CHANGES_PER_WEBHOOK_EVENT = 20;

/** A vendor's call to `/events/{elementKey}[/{base64(instanceId)}]`. */
export interface InboundWebhook extends WebhookRequest {
  elementKey: string;
  /** The `{base64(instanceId)}` path segment, when the URL has one. */
  encodedInstanceId?: string;
}

/** The answer to give the vendor. */
export interface IngressAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** `Element-Instances: 12, 13` or the base64 path segment → instance ids; undefined when neither is given. */
function instanceIdsOf(request: InboundWebhook): number[] | undefined {
  const header = request.headers['element-instances'];
  if (header) return header.split(',').map((part) => parseId(part.trim()));
  if (request.encodedInstanceId === undefined) return undefined;
  return [parseId(Buffer.from(request.encodedInstanceId, 'base64').toString('utf8'))];
}

function parseId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new NotFoundError(`instance '${text.slice(0, 40)}'`);
  return Number(text);
}

/**
 * Webhook ingress: finds the instance(s) a vendor call is for, checks the vendor's signature on the
 * raw bytes with each instance's secrets, normalizes the payload and stores the events (RECEIVED)
 * before the vendor gets its 200, so an acknowledged webhook is never lost.
 */
export class WebhookIngress {
  constructor(
    private readonly store: Store,
    private readonly host: EventsHost,
    private readonly pollFloorSeconds: number,
    private readonly logger: EventsLogger,
    private readonly stored: () => void,
    private readonly pollRequested: () => void,
    private readonly lookup: InstanceLookup,
  ) {}

  /**
   * Webhooks that arrive together are stored together (one INSERT); each is answered once its own
   * events are committed. Should a shared INSERT fail, each webhook's events are tried on their own,
   * so one bad call cannot fail the others.
   */
  private readonly inserts = new GroupWriter<NewEvent[], Error | undefined>(async (lists) => {
    try {
      await this.store.events.insert(lists.flat());
      return lists.map(() => undefined);
    } catch {
      return Promise.all(lists.map((events) => this.store.events.insert(events).then(() => undefined, (error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
    }
  });

  async receive(request: InboundWebhook): Promise<IngressAnswer> {
    const element = this.host.element(request.elementKey);
    const webhook = element?.events?.webhook;
    if (!element || !webhook) throw new NotFoundError(`webhook events for element '${request.elementKey}'`);
    const challenge = webhook.challenge?.(request);
    if (challenge) return challenge;
    if (request.method !== 'POST') throw new JunctionError(405, `${request.method} is not supported on webhook ingress; vendors POST here`);

    const { instances: candidates, named } = await this.instancesFor(element, webhook, request);
    const instances = await this.verified(element, webhook, request, candidates, named);
    const events: NewEvent[] = [];
    for (const instance of instances) {
      const settings = instanceEventSettings(instance, element.events, this.pollFloorSeconds);
      if (!settings.enabled) continue;
      if (settings.polls && webhook.pollsOnNotify) {
        await this.store.pollState.requestPoll(instance.id);
        this.pollRequested();
      }
      const body = webhook.accountPart ? webhook.accountPart(request.body, instance.configuration[webhook.accountConfigKey!]) : request.body;
      const changes = webhook.normalize(body === request.body ? request : { ...request, body });
      const wanted = changes.filter((c) => settings.webhookObjects.includes(c.objectType));
      for (let i = 0; i < wanted.length; i += CHANGES_PER_WEBHOOK_EVENT) {
        events.push({
          id: randomUUID(),
          organizationId: instance.organizationId,
          instanceId: instance.id,
          elementKey: element.key,
          source: 'webhook',
          changes: wanted.slice(i, i + CHANGES_PER_WEBHOOK_EVENT).map((c) => ({ eventType: c.eventType, objectType: c.objectType, objectId: c.objectId, date: normalizeDate(c.date) })),
          raw: body,
        });
      }
    }
    if (events.length) {
      const failed = await this.inserts.add(events);
      if (failed) throw failed;
      this.stored();
    }
    const eventIds = events.map((e) => e.id);
    return webhook.acknowledge ? webhook.acknowledge(eventIds) : { status: 200, body: { eventIds } };
  }

  /**
   * The instances whose secrets verify the call. Instances the caller named must all verify; of
   * instances found from the payload, those that do not are skipped (the same vendor account may
   * be connected through another app, with another secret), and 401 only when none verifies.
   */
  private async verified(element: ElementDefinition, webhook: WebhookEvents, request: InboundWebhook, candidates: InstanceRecord[], named: boolean): Promise<InstanceRecord[]> {
    const now = new Date();
    const accepted: InstanceRecord[] = [];
    const rejected: InstanceRecord[] = [];
    for (const instance of candidates) {
      const subscription = await this.lookup.subscription(instance.id);
      const secrets = { config: { ...instance.configuration, ...instance.secrets }, subscription: subscription?.secret };
      (webhook.verify(request, secrets, now) ? accepted : rejected).push(instance);
    }
    if (accepted.length === 0 || (named && rejected.length > 0)) {
      for (const instance of rejected) this.logger.warn({ element: element.key, instanceId: instance.id }, 'webhook signature rejected');
      throw new UnauthorizedError(`The ${element.name} webhook signature does not match`);
    }
    return accepted;
  }

  /** The instances named by header or path (`named`), else the ones the payload points to; 404 when none. */
  private async instancesFor(element: ElementDefinition, webhook: WebhookEvents, request: InboundWebhook): Promise<{ instances: InstanceRecord[]; named: boolean }> {
    const ids = instanceIdsOf(request);
    if (ids) {
      const found: InstanceRecord[] = [];
      for (const id of ids) {
        const instance = await this.lookup.live(id);
        if (!instance || instance.elementKey !== element.key) throw new NotFoundError(`instance ${id} of element '${element.key}'`);
        found.push(instance);
      }
      return { instances: found, named: true };
    }
    const location = webhook.locate?.(request) ?? {};
    if (location.subscriptionId) {
      const subscription = await this.store.webhookSubscriptions.findBySubscriptionId(element.key, location.subscriptionId);
      const instance = subscription && (await this.lookup.live(subscription.instanceId));
      if (instance) return { instances: [instance], named: false };
    }
    if (location.vendorAccountIds?.length && webhook.accountConfigKey) {
      const found = new Map<number, InstanceRecord>();
      for (const accountId of new Set(location.vendorAccountIds)) {
        for (const instance of await this.store.webhookSubscriptions.instancesByConfiguration(element.key, webhook.accountConfigKey, accountId)) found.set(instance.id, instance);
      }
      if (found.size) return { instances: [...found.values()], named: false };
    }
    throw new NotFoundError(`instance of element '${element.key}' for this webhook: send Element-Instances or use /events/${element.key}/{base64(instanceId)}`);
  }
}
