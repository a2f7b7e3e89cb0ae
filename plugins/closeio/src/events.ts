import { createHmac } from 'node:crypto';
import { signaturesMatch, type ChangeType, type ElementEvents, type NormalizedChange } from '@junction/core';
import { closeDeletions } from './deletions';
import { accounts } from './resources/accounts';
import { contacts } from './resources/contacts';
import { opportunities } from './resources/opportunities';

/** Close's object types, by the hub resource they are. https://developer.close.com/api/resources/events */
const CLOSE_OBJECT_TYPES: Record<string, string> = { accounts: 'lead', contacts: 'contact', opportunities: 'opportunity' };
const HUB_RESOURCES = Object.fromEntries(Object.entries(CLOSE_OBJECT_TYPES).map(([hub, close]) => [close, hub]));
const ACTIONS: Record<string, ChangeType> = { created: 'CREATED', updated: 'UPDATED', deleted: 'DELETED' };

/** Close rejects nothing older itself; five minutes bounds how long a captured delivery can be replayed. */
const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** The `event` of a Close webhook delivery. https://developer.close.com/api/resources/webhooks */
interface CloseEvent {
  id?: string;
  object_type?: string;
  object_id?: string;
  action?: string;
  organization_id?: string;
  date_created?: string;
  data?: unknown;
}

function deliveryOf(body: unknown): { subscription_id?: unknown; event?: CloseEvent } {
  return body && typeof body === 'object' ? (body as { subscription_id?: unknown; event?: CloseEvent }) : {};
}

/**
 * Close events. Polling: leads, contacts and opportunities through their lists, with the change
 * filter pushed to Close for leads (`query=date_updated >= …`) and opportunities
 * (`date_updated__gte`); contacts have no date filter, so they are filtered by the hub. Their
 * deletions come from Close's event log (see `closeDeletions`).
 * Webhooks: Junction subscribes through `/webhook/` when events are enabled, and Close signs each
 * delivery with the subscription's `signature_key`. https://developer.close.com/api/resources/webhooks
 */
export const closeEvents: ElementEvents = {
  polling: {
    objects: [
      { resource: accounts, deletions: closeDeletions('lead', 'accounts') },
      { resource: contacts, deletions: closeDeletions('contact', 'contacts') },
      { resource: opportunities, deletions: closeDeletions('opportunity', 'opportunities') },
    ],
  },
  webhook: {
    objects: Object.keys(CLOSE_OBJECT_TYPES),
    // `close-sig-hash` = hex HMAC-SHA256, keyed with the hex-decoded `signature_key`, of
    // `close-sig-timestamp` followed by the raw body. https://developer.close.com/api/resources/webhooks
    verify: (request, secrets, now) => {
      const key = secrets.subscription ?? secrets.config['closeio.webhook.signature.key'];
      const hash = request.headers['close-sig-hash'];
      const timestamp = request.headers['close-sig-timestamp'];
      if (!key || !hash || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
      if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return false;
      const expected = createHmac('sha256', Buffer.from(key, 'hex')).update(timestamp).update(request.raw).digest('hex');
      return signaturesMatch(expected, hash.toLowerCase());
    },
    // Subscriptions Junction made carry their id; others route by `closeio.organization.id` (and
    // are verified with `closeio.webhook.signature.key`).
    locate: (request) => {
      const delivery = deliveryOf(request.body);
      return {
        subscriptionId: typeof delivery.subscription_id === 'string' ? delivery.subscription_id : undefined,
        vendorAccountIds: delivery.event?.organization_id ? [delivery.event.organization_id] : undefined,
      };
    },
    accountConfigKey: 'closeio.organization.id',
    normalize: (request): NormalizedChange[] => {
      const event = deliveryOf(request.body).event;
      const objectType = event?.object_type ? HUB_RESOURCES[event.object_type] : undefined;
      if (!event || !objectType || typeof event.object_id !== 'string') return [];
      return [
        {
          eventType: ACTIONS[event.action ?? ''] ?? 'UNKNOWN',
          objectType,
          objectId: event.object_id,
          // Close's event dates are UTC without an offset.
          date: event.date_created ?? new Date().toISOString(),
          raw: event.data,
        },
      ];
    },
    // https://developer.close.com/api/resources/webhooks/create (POST /webhook/ → 201 with `signature_key`)
    subscribe: async (ctx, callbackUrl, objectTypes) => {
      const events = objectTypes.flatMap((hub) => Object.keys(ACTIONS).map((action) => ({ object_type: CLOSE_OBJECT_TYPES[hub], action })));
      const created = await ctx.http.post<{ id: string; signature_key: string }>('webhook/', { url: callbackUrl, events });
      return { subscriptionId: created.id, secret: created.signature_key };
    },
    // https://developer.close.com/api/resources/webhooks/delete (DELETE /webhook/{id}/); already gone is fine
    unsubscribe: async (ctx, subscriptionId) => {
      await ctx.http.request({ method: 'DELETE', url: `webhook/${encodeURIComponent(subscriptionId)}/`, allowStatuses: [404] });
    },
  },
};
