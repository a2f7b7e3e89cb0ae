import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BadRequestError, ConflictError, NotFoundError, validateEvents } from '@junction/core';
import type { InstanceRecord, PollMark, Store } from '@junction/store';
import { EventConfigurator } from './configurator';
import { Deliverer } from './delivery';
import type { EventsHost, EventsLogger } from './host';
import { WebhookIngress, type InboundWebhook, type IngressAnswer } from './ingress';
import { GroupWriter } from './group-writer';
import { InstanceLookup } from './instance-lookup';
import { instanceEventSettings } from './instance-settings';
import { Poller, type PollReport } from './poller';
import { decodeEventPage, encodeEventPage, presentEvent } from './present';
import type { EventsSettings } from './settings';
import { WorkLoop } from './work-loop';

/** A poll runs under a lease this long; a process that dies mid-poll holds the instance no longer. */
const POLL_LEASE_MS = 5 * 60_000;
const POLL_BATCH = 25;
/** Deliveries in flight per process; a slow callback holds one slot, not a whole batch. */
const DELIVERY_CONCURRENCY = 64;

export interface EventsServiceOptions {
  store: Store;
  host: EventsHost;
  settings: EventsSettings;
  logger: EventsLogger;
}

/**
 * Events for the hub: the polling and delivery workers, webhook ingress, reacting to instance
 * changes, and the events API's operations. Any number of processes may run it on one database.
 * Throws at construction, naming the element, when an element's events declaration is invalid.
 */
export class EventsService {
  /** Identifies this process's leases; unique per run, so a restarted process never resumes a dead one's lease. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly store: Store;
  private readonly host: EventsHost;
  private readonly settings: EventsSettings;
  private readonly logger: EventsLogger;
  private readonly poller: Poller;
  private readonly deliverer: Deliverer;
  private readonly ingress: WebhookIngress;
  private readonly configurator: EventConfigurator;
  private readonly delivery: WorkLoop;
  private readonly polling: WorkLoop;
  private ingressBaseUrl = '';
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lookup: InstanceLookup;
  /** Polls that end together release their leases together (one statement). */
  private readonly releases: GroupWriter<{ instanceId: number; owner: string; nextInMs: number; error?: string }, undefined>;

  constructor(options: EventsServiceOptions) {
    ({ store: this.store, host: this.host, settings: this.settings, logger: this.logger } = options);
    const { host } = options;
    for (const element of host.elements()) validateEvents(element.key, element.events);
    const floor = this.settings.pollFloorSeconds;
    this.lookup = new InstanceLookup(this.store);
    this.releases = new GroupWriter(async (released) => {
      await this.store.pollState.releaseMany(released);
      return released.map(() => undefined);
    });
    this.poller = new Poller(this.store, host, floor);
    this.deliverer = new Deliverer(this.store, host, this.settings, this.logger);
    this.ingress = new WebhookIngress(this.store, host, floor, this.logger, () => this.delivery.wake(), () => this.polling.wake(), this.lookup);
    this.configurator = new EventConfigurator(this.store, host, floor, this.logger, (key, id) => this.ingressUrl(key, id));
    this.delivery = new WorkLoop('event delivery', this.settings.workerIntervalMs, () => this.deliverDue(), this.logger);
    this.polling = new WorkLoop('event polling', this.settings.workerIntervalMs, () => this.pollDue(), this.logger);
  }

  /** Starts the workers. `ingressBaseUrl` is where vendors reach `/events` (public URL + API base). */
  start(ingressBaseUrl: string): void {
    this.ingressBaseUrl = ingressBaseUrl.replace(/\/+$/, '');
    this.delivery.start();
    this.polling.start();
    this.resumeSchedules().catch((error: unknown) => this.logger.error({ err: error }, 'could not check the polling schedule'));
  }

  /**
   * Puts back on the schedule every instance that should poll and is not on it: instances whose
   * events were turned on by a process that stopped before scheduling them, or before this version.
   */
  private async resumeSchedules(): Promise<void> {
    for (const element of this.host.elements()) {
      if (!element.events?.polling) continue;
      for (const instance of await this.store.webhookSubscriptions.instancesByConfiguration(element.key, 'event.notification.enabled', 'true')) {
        const settings = instanceEventSettings(instance, element.events, this.settings.pollFloorSeconds);
        if (settings.polls) await this.store.pollState.schedule(instance.id);
      }
    }
  }

  /** Stops taking new work and waits for the work in hand (bounded by the delivery timeout). */
  async stop(): Promise<void> {
    await Promise.all([this.delivery.stop(), this.polling.stop()]);
    await Promise.all(this.inFlight);
  }

  /** The URL a vendor subscription for this instance points at. */
  ingressUrl(elementKey: string, instanceId: number): string {
    return `${this.ingressBaseUrl}/${encodeURIComponent(elementKey)}/${Buffer.from(String(instanceId)).toString('base64')}`;
  }

  /** Call after an instance is created, changed or deleted. */
  async instanceConfigured(instance: InstanceRecord, deleted = false): Promise<void> {
    // Forgotten again once any subscription is saved: a webhook that came in meanwhile read none.
    this.lookup.forget(instance.id);
    try {
      await this.configurator.configured(instance, deleted);
    } finally {
      this.lookup.forget(instance.id);
    }
  }

  /**
   * Throws a `BadRequestError` when `config` turns webhook events on for an element whose webhooks
   * cannot work with it (see `WebhookEvents.checkConfiguration`). Call before saving an instance.
   */
  checkConfiguration(elementKey: string, config: Readonly<Record<string, string | null>>): void {
    const events = this.host.element(elementKey)?.events;
    if (!events?.webhook?.checkConfiguration) return;
    // A `null` in a configuration patch removes the key.
    const present = Object.fromEntries(Object.entries(config).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const settings = instanceEventSettings({ configuration: present, secrets: {}, disabled: false }, events, this.settings.pollFloorSeconds);
    if (settings.enabled && settings.mode === 'webhook') events.webhook.checkConfiguration(present);
  }

  receiveWebhook(request: InboundWebhook): Promise<IngressAnswer> {
    return this.ingress.receive(request);
  }

  /** `POST /instances/{id}/events/poll`: polls the instance now and answers what it found. */
  async pollNow(instance: InstanceRecord) {
    const settings = instanceEventSettings(instance, this.host.element(instance.elementKey)?.events, this.settings.pollFloorSeconds);
    if (!settings.polls) {
      throw new BadRequestError(`Instance ${instance.id} does not poll: set event.notification.enabled to true and event.vendor.type to polling on an element that polls`);
    }
    const owner = `${this.owner}:api:${randomUUID().slice(0, 8)}`;
    if (!(await this.store.pollState.claim(instance.id, owner, POLL_LEASE_MS))) throw new ConflictError(`A poll of instance ${instance.id} is already running`);
    let report: PollReport;
    try {
      report = await this.poller.poll(instance, owner);
    } finally {
      await this.store.pollState.release(instance.id, owner, settings.intervalMs);
    }
    if (report.events.length) this.delivery.wake();
    return {
      instanceId: instance.id,
      objects: report.objects,
      events: report.events.map((e) => ({ eventId: e.id, events: e.changes.map((c) => ({ ...c, elementKey: e.elementKey })) })),
    };
  }

  async list(organizationId: number, q: { instanceId?: number; pageSize: number; nextPage?: string }) {
    const after = q.nextPage ? decodeEventPage(q.nextPage) : undefined;
    const events = await this.store.events.list(organizationId, { instanceId: q.instanceId, limit: q.pageSize + 1, after });
    const page = events.slice(0, q.pageSize);
    return { events: page.map((e) => presentEvent(e)), nextPage: events.length > q.pageSize ? encodeEventPage(page[page.length - 1]) : undefined };
  }

  async get(organizationId: number, eventId: string, instanceId?: number) {
    const event = await this.store.events.get(organizationId, eventId);
    if (!event || (instanceId !== undefined && event.instanceId !== instanceId)) throw new NotFoundError(`event '${eventId}'`);
    return presentEvent(event, await this.store.events.attempts(event.id));
  }

  async redeliver(organizationId: number, eventId: string, instanceId?: number) {
    const current = await this.store.events.get(organizationId, eventId);
    if (!current || (instanceId !== undefined && current.instanceId !== instanceId)) throw new NotFoundError(`event '${eventId}'`);
    const event = await this.store.events.redeliver(organizationId, eventId);
    if (event === undefined) throw new NotFoundError(`event '${eventId}'`);
    if (event === 'busy') throw new ConflictError(`Event ${eventId} is still being delivered; only NOTIFIED and FAILED events can be redelivered`);
    this.delivery.wake();
    return presentEvent(event);
  }

  /** Claims as many due events as there are free delivery slots and starts them; true when more may be waiting. */
  private async deliverDue(): Promise<boolean> {
    const room = DELIVERY_CONCURRENCY - this.inFlight.size;
    // Claiming as each slot frees up would cost a statement per event; wait for half the slots.
    if (room < DELIVERY_CONCURRENCY / 2) {
      await Promise.race(this.inFlight);
      return true;
    }
    // The lease outlives the longest attempt, so no second worker picks an event up mid-attempt.
    const claimed = await this.store.events.claimDue(this.owner, this.settings.deliveryTimeoutMs * 2 + 1000, room);
    for (const event of claimed) {
      const delivery: Promise<void> = this.lookup
        .live(event.instanceId)
        .then((instance) => this.deliverer.deliver(event, this.owner, instance))
        .catch((error: unknown) => this.logger.error({ err: error, eventId: event.id }, 'event delivery crashed'))
        .finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
    return claimed.length === room;
  }

  /**
   * Polls the instances that are due, up to a batch: their records and marks are read for the
   * whole batch at once, and their leases released in groups, so an idle poll costs the vendor call
   * and little else (1,000 instances polled each minute are mostly idle ones).
   */
  private async pollDue(): Promise<boolean> {
    const due = await this.store.pollState.claimDue(this.owner, POLL_LEASE_MS, POLL_BATCH);
    if (due.length === 0) return false;
    const [instances, marks] = await Promise.all([this.store.webhookSubscriptions.liveInstances(due), this.store.pollState.marksOf(due)]);
    const byId = new Map(instances.map((instance) => [instance.id, instance]));
    await Promise.all(due.map((id) => this.pollScheduled(id, byId.get(id), marks.get(id) ?? new Map())));
    return due.length === POLL_BATCH;
  }

  private async pollScheduled(instanceId: number, instance: InstanceRecord | undefined, marks: Map<string, PollMark>): Promise<void> {
    const settings = instance && instanceEventSettings(instance, this.host.element(instance.elementKey)?.events, this.settings.pollFloorSeconds);
    if (!instance || !settings?.polls) {
      await this.store.pollState.remove(instanceId);
      return;
    }
    let error: string | undefined;
    try {
      const report = await this.poller.poll(instance, this.owner, new Date(), marks);
      const failed = report.objects.filter((o) => o.error);
      if (failed.length) {
        error = failed.map((o) => `${o.objectType}: ${o.error}`).join('; ');
        this.logger.warn({ instanceId, element: instance.elementKey, error }, 'poll failed');
      }
      if (report.events.length) this.delivery.wake();
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.logger.warn({ instanceId, element: instance.elementKey, error }, 'poll failed');
    }
    await this.releases.add({ instanceId, owner: this.owner, nextInMs: settings.intervalMs, error });
  }
}
