import { timingSafeEqual } from 'node:crypto';
import type { CeqlNode } from './ceql/ast';
import type { ElementContext } from './element-context';
import { conjuncts } from './pushdown';
import type { HubModel, ResourceDefinition } from './resource';

/**
 * The element side of events: how the hub learns that records changed at the vendor, by polling
 * (`polling`) and by the vendor's own webhooks (`webhook`). The hub stores every change it learns
 * of and delivers it, signed, to the instance's callback URL; elements only describe the vendor.
 */

/** What happened to a record. `UNKNOWN` when the vendor does not say. */
export type ChangeType = 'CREATED' | 'UPDATED' | 'DELETED' | 'UNKNOWN';

/** One change, in hub terms, as the app receives it in `message.events`. */
export interface NormalizedChange {
  eventType: ChangeType;
  /** The hub resource name (`contacts`), or the element's own object name where it has no hub resource. */
  objectType: string;
  objectId: string;
  /** When the change happened, ISO-8601. */
  date: string;
  /** The vendor's record or event for this change, when there is one. */
  raw?: unknown;
}

/**
 * A vendor change feed (Dropbox `list_folder/continue` cursor, Box event stream position): given
 * the position saved after the previous call (`undefined` on the first), the changes since and the
 * position to save. The first call returns no changes, only the current position, so enabling
 * events does not replay history.
 */
export type ChangedSince = (ctx: ElementContext, state: string | undefined) => Promise<{ events: NormalizedChange[]; state: string }>;

/**
 * A resource polled through its own `list`, with `modifiedDate >= '<last high-water mark>'` pushed
 * down as CEQL where the resource declares it (the hub re-checks every record, so a looser vendor
 * filter costs only bandwidth). The hub model's `modifiedDate` and `createdDate` decide what changed.
 */
export interface ListPolling {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any vendor record type, as in `defineElement`
  resource: ResourceDefinition<any, HubModel>;
  /**
   * The resource's records deleted since the saved position, where the vendor tells (Salesforce's
   * deleted-records call, HubSpot's archived records, Close's event log): `DELETED` changes, kept
   * apart from the list's high-water mark. The first call returns only the position, as feeds do.
   */
  deletions?: ChangedSince;
}

/** An object polled through a vendor change feed instead of its list call. */
export interface FeedPolling {
  /** The name the changes carry (`files`). */
  objectType: string;
  changedSince: ChangedSince;
}

export type PolledObject = ListPolling | FeedPolling;

export interface PollingEvents {
  /** Every object the element can poll; `event.objects` chooses among them (default: all). */
  objects: PolledObject[];
}

/** An inbound vendor webhook call, as the hub received it. Header names are lower-case. */
export interface WebhookRequest {
  method: string;
  /** The absolute URL the vendor called (public base URL + path + query), for signatures that cover it. */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are checked on these, never on re-serialized JSON. */
  raw: Buffer;
  /** The body parsed: JSON, a form as a string map, or the text for anything else. */
  body: unknown;
}

/** What `verify` may check signatures with. */
export interface WebhookSecrets {
  /** The instance configuration, secrets decrypted (app secrets, Box signature keys). */
  config: Readonly<Record<string, string | undefined>>;
  /** The secret the vendor returned when the hub subscribed (Close `signature_key`), if any. */
  subscription?: string;
}

/** An answer the element gives to the vendor directly (a verification challenge). */
export interface WebhookReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** How to find the instance(s) a webhook is for when its URL and headers do not say. */
export interface WebhookLocation {
  /** A subscription the hub created through `subscribe`. */
  subscriptionId?: string;
  /**
   * The vendor account ids the payload names (one notification may name several, as Dropbox's
   * does), matched against `accountConfigKey` of the element's instances.
   */
  vendorAccountIds?: string[];
}

export interface WebhookEvents {
  /** The object types this element's webhooks report; `event.objects` chooses among them (default: all). */
  objects: string[];
  /**
   * Whether the call really comes from the vendor: the signature over `request.raw` (and whatever
   * else the vendor signs), and the timestamp's age where the vendor sends one. Unsigned is false.
   */
  verify: (request: WebhookRequest, secrets: WebhookSecrets, now: Date) => boolean;
  /** Answers a verification handshake (Dropbox's `GET ?challenge=`); `undefined` when the request is not one. */
  challenge?: (request: WebhookRequest) => WebhookReply | undefined;
  /** Where the payload names the connection (Box `oauth.user.id`, HubSpot portal, Close subscription). */
  locate?: (request: WebhookRequest) => WebhookLocation;
  /** The configuration key holding the vendor account id that `locate` reports. */
  accountConfigKey?: string;
  /**
   * One delivery may carry the changes of several vendor accounts (HubSpot batches the events of
   * every portal that installed the app). Given an instance's `accountConfigKey` value, the part of
   * `request.body` that concerns that account: the hub normalizes and stores only that part for the
   * instance, so no instance sees another account's changes. Absent: the whole body is the instance's.
   */
  accountPart?: (body: unknown, accountId: string | undefined) => unknown;
  /** The changes one call reports (empty when there is nothing the hub understands). */
  normalize: (request: WebhookRequest) => NormalizedChange[];
  /**
   * The answer the vendor expects once the events are stored, for vendors that retry anything else
   * (Salesforce's SOAP `Ack`). Absent: `200 {"eventIds": [...]}`.
   */
  acknowledge?: (eventIds: string[]) => WebhookReply;
  /**
   * The notification only says that something changed (Dropbox): the hub then polls the instance's
   * change feeds (`polling`) right away instead of reading changes from the body. Such an instance
   * is also polled every `event.poller.refresh_interval`, which catches missed notifications.
   */
  pollsOnNotify?: boolean;
  /**
   * For vendors whose subscriptions are managed by API: run when events are enabled on an instance.
   * `secret` is stored encrypted and handed back to `verify` as `secrets.subscription`.
   */
  subscribe?: (ctx: ElementContext, callbackUrl: string, objectTypes: string[]) => Promise<{ subscriptionId: string; secret?: string }>;
  /** Run when events are disabled or the instance is deleted. */
  unsubscribe?: (ctx: ElementContext, subscriptionId: string) => Promise<void>;
  /**
   * Checks, before an instance with webhook events on is saved, that its configuration can work
   * (a key `subscribe` needs is set); throws a `BadRequestError` naming the key when it cannot.
   */
  checkConfiguration?: (config: Readonly<Record<string, string | undefined>>) => void;
}

/** An element's events: polling, webhooks, or both (`event.vendor.type` picks one per instance). */
export interface ElementEvents {
  polling?: PollingEvents;
  webhook?: WebhookEvents;
}

/** The `objectType` a polled object's changes carry. */
export function polledObjectType(object: PolledObject): string {
  return 'changedSince' in object ? object.objectType : object.resource.name;
}

/**
 * The `modifiedDate >= '<date>'` (or `>`) conjunct of a pushed query: what a poll asks a resource's
 * `list` for, for translating into the vendor's "changed since" filter. Any one such conjunct is
 * enough, since the hub re-checks the whole query.
 *
 * @example
 * const since = modifiedSince(request.where); // { operator: '>=', value: '2025-01-02T03:04:05Z' }
 */
export function modifiedSince(where: CeqlNode | undefined, field = 'modifiedDate'): { operator: '>=' | '>'; value: string } | undefined {
  for (const node of conjuncts(where)) {
    if (node.kind === 'comparison' && node.field === field && (node.operator === '>=' || node.operator === '>') && typeof node.value === 'string') {
      return { operator: node.operator, value: node.value };
    }
  }
  return undefined;
}

/**
 * Compares a signature the vendor sent with the one computed, in constant time, so the comparison
 * does not tell an attacker how many leading characters were right.
 */
export function signaturesMatch(expected: string, received: string | undefined): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks an element's events declaration; throws naming the element and the problem. */
export function validateEvents(key: string, events: ElementEvents | undefined): void {
  if (!events) return;
  if (!events.polling && !events.webhook) throw new Error(`element '${key}' declares events with neither polling nor webhook`);
  const seen = new Set<string>();
  for (const object of events.polling?.objects ?? []) {
    const name = polledObjectType(object);
    if (seen.has(name)) throw new Error(`element '${key}' polls '${name}' twice`);
    seen.add(name);
    if (!('changedSince' in object) && !object.resource.list) throw new Error(`element '${key}' polls '${name}', which has no list`);
    if (!('changedSince' in object) && object.deletions !== undefined && typeof object.deletions !== 'function') {
      throw new Error(`element '${key}' polls '${name}' deletions with something other than a function`);
    }
  }
  const webhook = events.webhook;
  if (webhook) {
    if (typeof webhook.verify !== 'function' || typeof webhook.normalize !== 'function') {
      throw new Error(`element '${key}' webhook events need verify and normalize`);
    }
    if (Boolean(webhook.subscribe) !== Boolean(webhook.unsubscribe)) {
      throw new Error(`element '${key}' webhook events need both subscribe and unsubscribe, or neither`);
    }
    if (webhook.accountPart && !webhook.accountConfigKey) throw new Error(`element '${key}' webhook accountPart needs accountConfigKey`);
    if (webhook.locate && !webhook.accountConfigKey && !webhook.subscribe) {
      throw new Error(`element '${key}' webhook locate needs accountConfigKey or subscribe to route by`);
    }
    if (webhook.pollsOnNotify && !events.polling) throw new Error(`element '${key}' webhook pollsOnNotify needs polling objects to poll`);
  }
}
