import type { InstanceRecord, Store, WebhookSubscription } from '@junction/store';

/** How long a looked-up instance is trusted. Changes made through this process apply at once. */
export const INSTANCE_LOOKUP_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  instance: Promise<InstanceRecord | undefined>;
  /** Read on first use: delivery never needs it. */
  subscription?: Promise<WebhookSubscription | undefined>;
  expires: number;
}

/**
 * The instances (and their webhook subscriptions) that ingress and delivery need, read once per
 * few seconds instead of once per event: at event rates the reads would cost more than the events.
 * This process forgets an instance as soon as it changes it; a change made by another process (a
 * new callback URL, a deleted instance) is seen within `INSTANCE_LOOKUP_TTL_MS`.
 */
export class InstanceLookup {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = INSTANCE_LOOKUP_TTL_MS,
  ) {}

  /** The instance if it exists and is not deleted. */
  live(id: number): Promise<InstanceRecord | undefined> {
    return this.entry(id).instance;
  }

  /** The webhook subscription the hub made for the instance, if any. */
  subscription(id: number): Promise<WebhookSubscription | undefined> {
    const entry = this.entry(id);
    if (!entry.subscription) {
      entry.subscription = this.store.webhookSubscriptions.get(id);
      entry.subscription.catch(() => this.entries.get(id) === entry && this.entries.delete(id));
    }
    return entry.subscription;
  }

  forget(id: number): void {
    this.entries.delete(id);
  }

  private entry(id: number): Entry {
    const cached = this.entries.get(id);
    if (cached && cached.expires > Date.now()) return cached;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const entry: Entry = { instance: this.store.webhookSubscriptions.liveInstance(id), expires: Date.now() + this.ttlMs };
    // A failed read is not remembered.
    entry.instance.catch(() => this.entries.get(id) === entry && this.entries.delete(id));
    this.entries.set(id, entry);
    return entry;
  }
}
