/**
 * The Box simulator's webhooks v2: `/2.0/webhooks` CRUD (https://developer.box.com/reference/post-webhooks/
 * and siblings) and signed deliveries of tree changes to the webhooks watching them
 * (https://developer.box.com/guides/webhooks/v2/, https://developer.box.com/guides/webhooks/v2/signatures-v2/).
 *
 * Box delivers only to HTTPS on port 443 and retries failed deliveries; the simulator posts to
 * any http(s) address (tests listen on loopback) once, and records what the receiver answered.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { BoxCall, BoxRoute } from './box-routes';
import { boxError, pacific, type BoxStore, type BoxStoreChange } from './box-store';
import { WebhookPoster, type WebhookDelivery } from './webhook-poster';

/** The triggers `POST /webhooks` accepts (the spec's list). */
const KNOWN_TRIGGERS = new Set([
  ...['UPLOADED', 'PREVIEWED', 'DOWNLOADED', 'TRASHED', 'DELETED', 'RESTORED', 'COPIED', 'MOVED', 'LOCKED', 'UNLOCKED', 'RENAMED'].map((a) => `FILE.${a}`),
  ...['CREATED', 'RENAMED', 'DOWNLOADED', 'RESTORED', 'DELETED', 'COPIED', 'MOVED', 'TRASHED'].map((a) => `FOLDER.${a}`),
  ...['COMMENT.CREATED', 'COMMENT.UPDATED', 'COMMENT.DELETED', 'TASK_ASSIGNMENT.CREATED', 'TASK_ASSIGNMENT.UPDATED'],
  ...['METADATA_INSTANCE.CREATED', 'METADATA_INSTANCE.UPDATED', 'METADATA_INSTANCE.DELETED', 'WEBHOOK.DELETED'],
  ...['CREATED', 'ACCEPTED', 'REJECTED', 'REMOVED', 'UPDATED'].map((a) => `COLLABORATION.${a}`),
  ...['DELETED', 'CREATED', 'UPDATED'].map((a) => `SHARED_LINK.${a}`),
]);

/** The trigger a tree change fires, by event type. */
const TRIGGER_ACTIONS: Record<BoxStoreChange['eventType'], string> = {
  ITEM_CREATE: 'CREATED',
  ITEM_UPLOAD: 'UPLOADED',
  ITEM_RENAME: 'RENAMED',
  ITEM_MOVE: 'MOVED',
  ITEM_COPY: 'COPIED',
  ITEM_TRASH: 'TRASHED',
};

/** A webhook as `/webhooks/{id}` answers it. https://developer.box.com/reference/resources/webhook/ */
export interface BoxSimWebhook {
  id: string;
  type: 'webhook';
  target: { id: string; type: 'file' | 'folder' };
  address: string;
  triggers: string[];
  created_by: { type: 'user'; id: string; name: string; login: string };
  created_at: string;
}

/** One delivery, kept in `state.webhooks.deliveries`: the POST (`body` is what the signatures cover) and what it carried. */
export interface BoxWebhookDelivery extends WebhookDelivery {
  webhookId: string;
  payload: { id: string; trigger: string; source: Record<string, unknown>; webhook: { id: string } };
}

/** base64 HMAC-SHA256 of the raw body followed by the delivery timestamp, keyed with a signature key. */
export function signBoxWebhook(key: string, rawBody: string, timestamp: string): string {
  return createHmac('sha256', key).update(rawBody).update(timestamp).digest('base64');
}

export interface BoxWebhookOptions {
  /** Post deliveries when the tree changes. */
  deliver: boolean;
  /** The application's signature keys; each configured key adds its header. */
  keys: { primary?: string; secondary?: string };
}

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const encodeMarker = (offset: number) => Buffer.from(`webhooks:${offset}`).toString('base64url');

/** Webhooks of the simulator's one application and user, and their deliveries. */
export class BoxWebhooks {
  readonly webhooks = new Map<string, BoxSimWebhook>();
  readonly deliveries: BoxWebhookDelivery[] = [];
  private readonly poster = new WebhookPoster();
  private nextId = 4_000_001;

  constructor(
    private readonly store: BoxStore,
    private readonly now: () => number,
    private readonly options: BoxWebhookOptions,
  ) {}

  /** Resolves once every delivery started so far has been answered (or failed). */
  flush(): Promise<void> {
    return this.poster.flush();
  }

  reset(): void {
    this.webhooks.clear();
    this.deliveries.length = 0;
    this.poster.clear();
  }

  /** Posts the change to every webhook on the item or on a folder above it that listens to its trigger. */
  dispatch(change: BoxStoreChange): void {
    if (!this.options.deliver) return;
    const source = change.source as { type: 'file' | 'folder'; id: string };
    const trigger = `${source.type.toUpperCase()}.${TRIGGER_ACTIONS[change.eventType]}`;
    for (const webhook of this.webhooks.values()) {
      const watches = webhook.target.type === 'folder' ? change.ancestorIds.includes(webhook.target.id) : webhook.target.id === source.id && source.type === 'file';
      if (watches && webhook.triggers.includes(trigger)) this.post(webhook, trigger, change.source);
    }
  }

  routes(): Record<string, BoxRoute> {
    return {
      'GET /2.0/webhooks': (call) => {
        const limit = Math.min(Math.max(1, Number(text(call.query.limit) ?? 100) || 100), 1000);
        const marker = text(call.query.marker);
        const start = marker ? decodeMarker(marker) : 0;
        const all = [...this.webhooks.values()];
        const entries = all.slice(start, start + limit).map((w) => ({ id: w.id, type: w.type, target: w.target }));
        return { status: 200, json: { entries, limit, next_marker: start + limit < all.length ? encodeMarker(start + limit) : null, prev_marker: null } };
      },
      'POST /2.0/webhooks': (call) => {
        const input = readWebhookBody(call, true);
        const target = this.checkTarget(input.target!);
        const webhook: BoxSimWebhook = {
          id: String(this.nextId++),
          type: 'webhook',
          target,
          address: input.address!,
          triggers: input.triggers!,
          created_by: { type: 'user', id: this.store.user.id, name: this.store.user.name, login: this.store.user.login },
          created_at: pacific(this.now()),
        };
        this.webhooks.set(webhook.id, webhook);
        return { status: 201, json: webhook };
      },
      'GET /2.0/webhooks/:id': (call) => ({ status: 200, json: this.get(call.params.id) }),
      'PUT /2.0/webhooks/:id': (call) => {
        const webhook = this.get(call.params.id);
        const input = readWebhookBody(call, false);
        if (input.target) webhook.target = this.checkTarget(input.target, webhook.id);
        if (input.address) webhook.address = input.address;
        if (input.triggers) webhook.triggers = input.triggers;
        return { status: 200, json: webhook };
      },
      'DELETE /2.0/webhooks/:id': (call) => {
        this.get(call.params.id);
        this.webhooks.delete(call.params.id);
        return { status: 204 };
      },
    };
  }

  private get(id: string): BoxSimWebhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw boxError(404, 'not_found', 'Not Found');
    return webhook;
  }

  /** The target must exist, not be the root folder, and carry no other webhook of this app and user. */
  private checkTarget(target: { id: string; type: 'file' | 'folder' }, except?: string): BoxSimWebhook['target'] {
    if (target.type === 'folder' && target.id === '0') throw boxError(400, 'bad_request', 'Webhooks cannot be created on the root folder');
    this.store.get(target.id, target.type);
    const taken = [...this.webhooks.values()].some((w) => w.id !== except && w.target.id === target.id && w.target.type === target.type);
    if (taken) throw boxError(409, 'conflict', 'Webhook for this target, application and user already exists');
    return { id: target.id, type: target.type };
  }

  private post(webhook: BoxSimWebhook, trigger: string, source: Record<string, unknown>): void {
    const timestamp = pacific(this.now());
    const payload = {
      type: 'webhook_event',
      id: randomUUID(),
      created_at: timestamp,
      trigger,
      webhook: { id: webhook.id, type: 'webhook' },
      created_by: webhook.created_by,
      source,
      additional_info: [],
    };
    const rawBody = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Box-WH-Client/0.1',
      'box-delivery-id': randomUUID(),
      'box-delivery-timestamp': timestamp,
      'box-signature-version': '1',
      'box-signature-algorithm': 'HmacSHA256',
    };
    if (this.options.keys.primary) headers['box-signature-primary'] = signBoxWebhook(this.options.keys.primary, rawBody, timestamp);
    if (this.options.keys.secondary) headers['box-signature-secondary'] = signBoxWebhook(this.options.keys.secondary, rawBody, timestamp);
    // The poster fills in the receiver's answer on the same record later.
    this.deliveries.push(Object.assign(this.poster.post(webhook.address, headers, rawBody), { webhookId: webhook.id, payload }));
  }
}

function decodeMarker(marker: string): number {
  const match = /^webhooks:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!match) throw boxError(400, 'bad_request', 'Invalid marker');
  return Number(match[1]);
}

/** Reads a create body (target, address and triggers required) or an update body (all optional). */
function readWebhookBody(call: BoxCall, creating: boolean): { target?: { id: string; type: 'file' | 'folder' }; address?: string; triggers?: string[] } {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(call.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    throw boxError(400, 'bad_request', 'Could not parse JSON');
  }
  const target = body.target as { id?: unknown; type?: unknown } | undefined;
  const out: { target?: { id: string; type: 'file' | 'folder' }; address?: string; triggers?: string[] } = {};
  if (target !== undefined || creating) {
    if (!target || typeof target.id !== 'string' || (target.type !== 'file' && target.type !== 'folder')) {
      throw boxError(400, 'bad_request', "'target' needs an 'id' and a 'type' of file or folder");
    }
    out.target = { id: target.id, type: target.type };
  }
  if (body.address !== undefined || creating) {
    if (typeof body.address !== 'string' || !/^https?:\/\/\S+$/.test(body.address)) throw boxError(400, 'bad_request', "'address' must be a URL");
    out.address = body.address;
  }
  if (body.triggers !== undefined || creating) {
    const triggers = body.triggers;
    if (!Array.isArray(triggers) || triggers.length === 0 || !triggers.every((t) => typeof t === 'string' && KNOWN_TRIGGERS.has(t))) {
      throw boxError(400, 'bad_request', "'triggers' must be a non-empty list of webhook triggers");
    }
    out.triggers = triggers as string[];
  }
  return out;
}
