import { createHmac } from 'node:crypto';
import { BadRequestError, ConflictError, signaturesMatch, type ChangeType, type ElementContext, type NormalizedChange, type WebhookEvents, type WebhookRequest } from '@junction/core';
import { ROOT_FOLDER_ID } from './box-api';
import { sourceItem, uploadChange, type BoxEventSource, type BoxObjectType } from './events-feed';

/** Instance configuration the webhooks read. */
export const WEBHOOK_KEYS = {
  folderId: 'box.webhook.folder.id',
  primaryKey: 'box.webhook.signature.primary',
  secondaryKey: 'box.webhook.signature.secondary',
} as const;

/** Box refuses deliveries older than this itself; the same bound keeps a captured one from being replayed later. */
const MAX_SIGNATURE_AGE_MS = 10 * 60 * 1000;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** Box's page cap for listing webhooks. https://developer.box.com/reference/get-webhooks/ */
const WEBHOOK_PAGE_LIMIT = 1000;

/**
 * The triggers Junction subscribes to, per hub object, with what each means to an app mirroring
 * the folder. A copy's source is the new item; a restore brings back an item under its old id.
 * https://developer.box.com/reference/post-webhooks/ (the trigger list)
 */
const TRIGGERS: Record<BoxObjectType, Record<string, ChangeType | 'UPLOAD'>> = {
  files: {
    'FILE.UPLOADED': 'UPLOAD',
    'FILE.COPIED': 'CREATED',
    'FILE.RENAMED': 'UPDATED',
    'FILE.MOVED': 'UPDATED',
    'FILE.RESTORED': 'UPDATED',
    'FILE.TRASHED': 'DELETED',
    'FILE.DELETED': 'DELETED',
  },
  folders: {
    'FOLDER.CREATED': 'CREATED',
    'FOLDER.COPIED': 'CREATED',
    'FOLDER.RENAMED': 'UPDATED',
    'FOLDER.MOVED': 'UPDATED',
    'FOLDER.RESTORED': 'UPDATED',
    'FOLDER.TRASHED': 'DELETED',
    'FOLDER.DELETED': 'DELETED',
  },
};

/** A webhook v2 delivery. https://developer.box.com/reference/resources/webhook-invocation/ */
interface BoxWebhookPayload {
  type?: string;
  id?: string;
  created_at?: string;
  trigger?: string;
  webhook?: { id?: string };
  source?: BoxEventSource | null;
}

interface BoxWebhookMini {
  id: string;
  target?: { id?: string; type?: string };
}

function payloadOf(body: unknown): BoxWebhookPayload {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as BoxWebhookPayload) : {};
}

/** base64 HMAC-SHA256 of the raw body bytes followed by the timestamp bytes. https://developer.box.com/guides/webhooks/v2/signatures-v2/ */
function boxSignature(key: string, raw: Buffer, timestamp: string): string {
  return createHmac('sha256', key).update(raw).update(timestamp).digest('base64');
}

/**
 * Box signs every delivery twice, with the application's primary and secondary keys, so a key can
 * be rotated while the other stays valid: either match is enough. The timestamp must be within ten
 * minutes either way. https://developer.box.com/guides/webhooks/v2/signatures-v2/
 */
export function verifyBoxSignature(request: WebhookRequest, config: Readonly<Record<string, string | undefined>>, now: Date): boolean {
  const timestamp = request.headers['box-delivery-timestamp'];
  if (!timestamp || !RFC_3339.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Date.parse(timestamp)) > MAX_SIGNATURE_AGE_MS) return false;
  const version = request.headers['box-signature-version'];
  const algorithm = request.headers['box-signature-algorithm'];
  if ((version !== undefined && version !== '1') || (algorithm !== undefined && algorithm !== 'HmacSHA256')) return false;
  const pairs: [string | undefined, string | undefined][] = [
    [config[WEBHOOK_KEYS.primaryKey], request.headers['box-signature-primary']],
    [config[WEBHOOK_KEYS.secondaryKey], request.headers['box-signature-secondary']],
  ];
  return pairs.some(([key, signature]) => !!key && signaturesMatch(boxSignature(key, request.raw, timestamp), signature));
}

/** The change a delivery reports, if its trigger is one the hub reports. */
export function changeOfDelivery(body: unknown): NormalizedChange | undefined {
  const payload = payloadOf(body);
  const item = sourceItem(payload.source);
  for (const [objectType, triggers] of Object.entries(TRIGGERS) as [BoxObjectType, Record<string, ChangeType | 'UPLOAD'>][]) {
    const kind = triggers[payload.trigger ?? ''];
    if (!kind || !item.id) continue;
    return {
      eventType: kind === 'UPLOAD' ? uploadChange(payload.source) : kind,
      objectType,
      objectId: item.id,
      date: payload.created_at ?? new Date().toISOString(),
      raw: payload.source,
    };
  }
  return undefined;
}

/** The folder webhooks watch: Box allows none on the root folder. https://developer.box.com/guides/webhooks/v2/limitations-v2/ */
function webhookFolder(config: Readonly<Record<string, string | undefined>>): string {
  const folderId = config[WEBHOOK_KEYS.folderId];
  if (!folderId || !/^\d+$/.test(folderId) || folderId === ROOT_FOLDER_ID) {
    throw new BadRequestError(`Box webhooks need '${WEBHOOK_KEYS.folderId}': the id of a folder other than the root (Box allows no webhooks on folder 0)`);
  }
  return folderId;
}

/** The webhook this app and user already have on the folder (Box allows one per item, app and user). */
async function findWebhook(ctx: ElementContext, folderId: string): Promise<BoxWebhookMini | undefined> {
  let marker: string | undefined;
  do {
    // https://developer.box.com/reference/get-webhooks/ (marker paging)
    const page = await ctx.http.get<{ entries?: BoxWebhookMini[]; next_marker?: string | null }>('webhooks', { limit: WEBHOOK_PAGE_LIMIT, marker });
    const found = page.entries?.find((w) => w.target?.type === 'folder' && w.target.id === folderId);
    if (found) return found;
    marker = page.next_marker || undefined;
  } while (marker);
  return undefined;
}

/**
 * Box webhooks v2 on one folder (`box.webhook.folder.id`), which Box applies to everything under
 * it. Enabling webhook events creates the webhook, or takes over the one this app and user already
 * have on the folder and points it at the instance; deliveries are verified with the application's
 * signature keys. https://developer.box.com/guides/webhooks/v2/
 */
export const boxWebhooks: WebhookEvents = {
  objects: Object.keys(TRIGGERS),
  verify: (request, secrets, now) => verifyBoxSignature(request, secrets.config, now),
  // Junction's own webhooks route by their id; others (made in the Developer Console and posted to
  // /events/box) by the owner of the item, matched against `oauth.user.id`.
  locate: (request) => {
    const payload = payloadOf(request.body);
    const owner = payload.source?.owned_by?.id;
    return {
      subscriptionId: typeof payload.webhook?.id === 'string' ? payload.webhook.id : undefined,
      vendorAccountIds: owner === undefined ? undefined : [String(owner)],
    };
  },
  accountConfigKey: 'oauth.user.id',
  checkConfiguration: (config) => void webhookFolder(config),
  normalize: (request) => {
    const change = changeOfDelivery(request.body);
    return change ? [change] : [];
  },
  subscribe: async (ctx, callbackUrl, objectTypes) => {
    const folderId = webhookFolder(ctx.config);
    const triggers = objectTypes.flatMap((objectType) => Object.keys(TRIGGERS[objectType as BoxObjectType] ?? {}));
    const body = { target: { id: folderId, type: 'folder' }, address: callbackUrl, triggers };
    // https://developer.box.com/reference/post-webhooks/ (201; 409 when this app and user already watch the folder)
    const created = await ctx.http.request<{ id: string }>({ method: 'POST', url: 'webhooks', json: body, allowStatuses: [409] });
    if (created.status !== 409) return { subscriptionId: String(created.body.id) };
    const existing = await findWebhook(ctx, folderId);
    if (!existing) throw new ConflictError(`Box reports a webhook on folder ${folderId} that it does not list`);
    // https://developer.box.com/reference/put-webhooks-id/
    await ctx.http.put(`webhooks/${encodeURIComponent(existing.id)}`, { address: callbackUrl, triggers });
    return { subscriptionId: String(existing.id) };
  },
  // https://developer.box.com/reference/delete-webhooks-id/ (204; already gone is fine)
  unsubscribe: async (ctx, subscriptionId) => {
    await ctx.http.request({ method: 'DELETE', url: `webhooks/${encodeURIComponent(subscriptionId)}`, allowStatuses: [404] });
  },
};
