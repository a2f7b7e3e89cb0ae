/**
 * Close CRM simulator: webhook subscriptions, event payloads, signing and delivery.
 *
 * Subscription shape: https://developer.close.com/api/resources/webhooks/create (201 answer with
 * `id` `whsub_…`, `signature_key`, `status`, `verify_ssl`, …). Event payload:
 * https://developer.close.com/api/resources/webhooks (`{"event": {...}, "subscription_id"}`).
 * Signature: `close-sig-hash` = hex HMAC-SHA256 keyed with the hex-decoded `signature_key` over
 * `close-sig-timestamp` + raw body (https://developer.close.com/api/resources/webhooks).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BodyFields, type CloseClock, FieldErrors, MESSAGES, closeId } from './close-model';
import type { CloseChange } from './close-store';

/** One `{object_type, action}` pair a subscription listens to. */
export interface CloseWebhookEventSpec {
  object_type: string;
  action: string;
  extra_filter?: Record<string, unknown> | null;
}

/** A webhook subscription as `/webhook/` returns it. */
export interface CloseWebhookSubscription {
  id: string;
  url: string;
  events: CloseWebhookEventSpec[];
  verify_ssl: boolean;
  status: 'active' | 'paused';
  signature_key: string;
  created_by: string;
  updated_by: string;
  date_created: string;
  date_updated: string;
  health_status: string;
  latest_error: string | null;
  pause_reason: string | null;
  recent_consecutive_fail_buckets_cnt: number;
  counters: Record<string, unknown>;
}

/** The `event` object of a delivery. */
export interface CloseWebhookEvent {
  id: string;
  object_type: string;
  action: string;
  object_id: string;
  lead_id: string;
  organization_id: string;
  user_id: string;
  request_id: string | null;
  api_key_id: string | null;
  oauth_client_id: string | null;
  oauth_scope: string | null;
  date_created: string;
  date_updated: string;
  changed_fields: string[];
  meta: { request_method: string; request_path: string };
  /** The object as the API returns it; `null` for deletions (https://developer.close.com/api/resources/events). */
  data: Record<string, unknown> | null;
  previous_data: Record<string, unknown>;
}

/** A delivery attempt, kept in `state.deliveries`. */
export interface CloseWebhookDelivery {
  subscriptionId: string;
  url: string;
  headers: Record<string, string>;
  /** The exact bytes posted (what the signature covers). */
  rawBody: string;
  payload: { subscription_id: string; event: CloseWebhookEvent };
  /** Receiver's status, once it answered. */
  status?: number;
  /** Network error text, if the post failed. */
  error?: string;
}

/** Reads a create (all of `url`, `events` required) or update body (all optional). */
export function readSubscriptionBody(
  body: Record<string, unknown>,
  creating: boolean,
): { ok: true; value: Partial<Pick<CloseWebhookSubscription, 'url' | 'events' | 'verify_ssl' | 'status'>> } | {
  ok: false;
  problems: FieldErrors;
} {
  const fields = new BodyFields(body, new FieldErrors());
  const url = fields.text('url', { required: creating, nullable: false });
  if (typeof url === 'string' && !/^https?:\/\/\S+$/.test(url)) fields.problems.add('url', 'Enter a valid URL.');
  if (creating && !fields.has('events')) fields.problems.add('events', MESSAGES.required);
  const events = fields.objects('events', (item) => {
    const objectType = item.text('object_type', { required: true });
    const action = item.text('action', { required: true });
    if (typeof objectType !== 'string' || typeof action !== 'string') return undefined;
    const spec: CloseWebhookEventSpec = { object_type: objectType, action };
    if (item.has('extra_filter')) spec.extra_filter = item.body.extra_filter as Record<string, unknown> | null;
    return spec;
  });
  if (events && events.length === 0) fields.problems.add('events', 'This list may not be empty.');
  let verifySsl: boolean | undefined;
  if (fields.has('verify_ssl')) {
    if (typeof body.verify_ssl === 'boolean') verifySsl = body.verify_ssl;
    else fields.problems.add('verify_ssl', MESSAGES.boolean);
  }
  let status: 'active' | 'paused' | undefined;
  if (!creating && fields.has('status')) {
    if (body.status === 'active' || body.status === 'paused') status = body.status;
    else fields.problems.add('status', MESSAGES.choice(body.status));
  }
  if (!fields.problems.empty) return { ok: false, problems: fields.problems };
  const value: Partial<Pick<CloseWebhookSubscription, 'url' | 'events' | 'verify_ssl' | 'status'>> = {};
  if (typeof url === 'string') value.url = url;
  if (events) value.events = events;
  if (verifySsl !== undefined) value.verify_ssl = verifySsl;
  if (status) value.status = status;
  return { ok: true, value };
}

/** A new active subscription with a fresh 32-byte hex `signature_key`. */
export function newSubscription(
  input: { url: string; events: CloseWebhookEventSpec[]; verify_ssl?: boolean },
  userId: string,
  clock: CloseClock,
): CloseWebhookSubscription {
  const now = clock.naiveTimestamp();
  return {
    id: closeId('whsub', 22),
    url: input.url,
    events: input.events,
    verify_ssl: input.verify_ssl ?? true,
    status: 'active',
    signature_key: randomBytes(32).toString('hex'),
    created_by: userId,
    updated_by: userId,
    date_created: now,
    date_updated: now,
    health_status: 'healthy',
    latest_error: null,
    pause_reason: null,
    recent_consecutive_fail_buckets_cnt: 0,
    counters: {},
  };
}

/** Hex HMAC-SHA256 of `timestamp + rawBody`, keyed with the hex-decoded signature key. */
export function signCloseWebhook(signatureKey: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', Buffer.from(signatureKey, 'hex')).update(timestamp + rawBody).digest('hex');
}

/** Builds the event-log entry for a store change. */
export function buildEvent(
  change: CloseChange,
  context: { organizationId: string; userId: string; method: string; path: string },
  clock: CloseClock,
): CloseWebhookEvent {
  const now = clock.naiveTimestamp();
  return {
    id: closeId('ev', 22),
    object_type: change.objectType,
    action: change.action,
    object_id: change.objectId,
    lead_id: change.leadId,
    organization_id: context.organizationId,
    user_id: context.userId,
    request_id: null,
    api_key_id: null,
    oauth_client_id: null,
    oauth_scope: null,
    date_created: now,
    date_updated: now,
    changed_fields: change.changedFields,
    meta: { request_method: context.method, request_path: context.path },
    data: change.action === 'deleted' ? null : change.data,
    previous_data: change.previousData,
  };
}

/** Posts signed events to subscribers without blocking the API answer. */
export class WebhookDispatcher {
  readonly deliveries: CloseWebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly nowMs: () => number) {}

  /** Sends `event` to every active subscription listening to its object type + action. */
  dispatch(event: CloseWebhookEvent, subscriptions: Iterable<CloseWebhookSubscription>): void {
    for (const subscription of subscriptions) {
      if (subscription.status !== 'active') continue;
      const listens = subscription.events.some(
        (spec) => spec.object_type === event.object_type && spec.action === event.action,
      );
      if (listens) this.post(subscription, event);
    }
  }

  /** Resolves once every delivery started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Forgets recorded deliveries. */
  clear(): void {
    this.deliveries.length = 0;
  }

  private post(subscription: CloseWebhookSubscription, event: CloseWebhookEvent): void {
    const payload = { subscription_id: subscription.id, event };
    const rawBody = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.nowMs() / 1000));
    const headers = {
      'content-type': 'application/json',
      'close-sig-hash': signCloseWebhook(subscription.signature_key, timestamp, rawBody),
      'close-sig-timestamp': timestamp,
    };
    const delivery: CloseWebhookDelivery = { subscriptionId: subscription.id, url: subscription.url, headers, rawBody, payload };
    this.deliveries.push(delivery);
    const done = send(subscription.url, headers, rawBody, subscription.verify_ssl).then(
      (status) => {
        delivery.status = status;
      },
      (error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      },
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }
}

function send(url: string, headers: Record<string, string>, body: string, verifySsl: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, { ...options, rejectUnauthorized: verifySsl })
        : httpRequest(target, options);
    req.setTimeout(10_000, () => req.destroy(new Error('webhook delivery timed out')));
    req.once('error', reject);
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.end(body);
  });
}
