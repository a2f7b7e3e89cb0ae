/**
 * HubSpot simulator: the app's webhook subscriptions. HubSpot posts the events of every portal
 * that installed the app to one target URL, as a JSON array of up to 100 events, signed with the
 * app's client secret. https://developers.hubspot.com/docs/api/webhooks
 *
 * Signatures: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret, method + URI + body +
 * `X-HubSpot-Request-Timestamp`), the URI's encoded `: / ? @ ! $ ' ( ) * , ;` decoded; the v1
 * `X-HubSpot-Signature` (hex SHA-256 of secret + body) rides along for older receivers.
 * https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
import { createHash, createHmac } from 'node:crypto';
import type { HubSpotChange } from './hubspot-store';
import { singular } from './hubspot-store';
import { WebhookPoster, type WebhookDelivery } from './webhook-poster';

/** One event of a delivery, as HubSpot sends it. */
export interface HubSpotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
}

/** HubSpot puts at most this many events in one request. */
const MAX_BATCH = 100;

const DECODED: Record<string, string> = { '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';' };

/** The v3 signature of a POST of `body` to `url` at `timestamp` (epoch ms as text). */
export function signHubSpotWebhook(clientSecret: string, url: string, body: string, timestamp: string): string {
  const uri = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (_, hex: string) => DECODED[hex.toUpperCase()]);
  return createHmac('sha256', clientSecret).update(`POST${uri}${body}${timestamp}`).digest('base64');
}

/** The headers HubSpot sends with a delivery of `body` to `url`. */
export function hubSpotWebhookHeaders(clientSecret: string, url: string, body: string, timestamp: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon',
    'x-hubspot-signature': createHash('sha256').update(clientSecret + body).digest('hex'),
    'x-hubspot-signature-version': 'v1',
    'x-hubspot-signature-v3': signHubSpotWebhook(clientSecret, url, body, timestamp),
    'x-hubspot-request-timestamp': timestamp,
  };
}

/**
 * The app's subscriptions (creation, property change and deletion of contacts, companies and
 * deals): every store change becomes events, batched per turn of the event loop and posted to
 * `targetUrl` when one is set.
 */
export class HubSpotWebhooks {
  /** The app's target URL; nothing is sent while it is unset. */
  targetUrl: string | undefined;
  private readonly poster = new WebhookPoster();
  private queue: HubSpotWebhookEvent[] = [];
  private nextEventId = 1;

  constructor(
    private readonly app: { clientSecret: string; appId: number; portalId: number },
    private readonly now: () => number,
    targetUrl?: string,
  ) {
    this.targetUrl = targetUrl;
  }

  /** Deliveries so far, with the receiver's answers. */
  get deliveries(): WebhookDelivery[] {
    return this.poster.deliveries;
  }

  /** The events a store change produces: one per written property for an update, as per-property subscriptions do. */
  record(change: HubSpotChange): void {
    if (!this.targetUrl) return;
    const base = { portalId: this.app.portalId, appId: this.app.appId, occurredAt: this.now(), attemptNumber: 0, objectId: Number(change.record.id), changeSource: 'CRM' };
    const type = `${singular(change.type)}.${change.action}`;
    const events =
      change.action === 'propertyChange'
        ? change.properties.map((name) => ({ ...base, subscriptionType: type, propertyName: name, propertyValue: change.record.properties[name] ?? '' }))
        : [{ ...base, subscriptionType: type, ...(change.action === 'creation' ? { changeFlag: 'NEW' } : { changeFlag: 'DELETED' }) }];
    const wasEmpty = this.queue.length === 0;
    for (const event of events) this.queue.push({ eventId: this.nextEventId++, subscriptionId: subscriptionIdOf(type), ...event });
    if (wasEmpty) setImmediate(() => this.send());
  }

  /** Sends what is queued and waits for every delivery so far to be answered. */
  async flush(): Promise<void> {
    this.send();
    await this.poster.flush();
  }

  clear(): void {
    this.queue = [];
    this.poster.clear();
  }

  private send(): void {
    const url = this.targetUrl;
    const queued = this.queue;
    this.queue = [];
    if (!url) return;
    for (let i = 0; i < queued.length; i += MAX_BATCH) {
      const body = JSON.stringify(queued.slice(i, i + MAX_BATCH));
      this.poster.post(url, hubSpotWebhookHeaders(this.app.clientSecret, url, body, String(this.now())), body);
    }
  }
}

/** A stable subscription id per subscription type, as an app's subscriptions have. */
function subscriptionIdOf(type: string): number {
  let hash = 0;
  for (const char of type) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return 100_000 + hash;
}
