/**
 * Webhooks of the Dropbox simulator, as https://www.dropbox.com/developers/reference/webhooks
 * describes them: a URI added in the App Console is first verified with `GET <uri>?challenge=…`
 * (the answer must echo the challenge); after that every change in a linked account POSTs
 * `{"list_folder": {"accounts": [...]}, "delta": {"users": [...]}}`, signed in
 * `X-Dropbox-Signature` with the hex HMAC-SHA256 of the body keyed with the app secret. The
 * notification names accounts, never changes: the app reads those with its cursor.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { WebhookPoster, type WebhookDelivery } from './webhook-poster';

/** The app and the account whose changes it is told about. */
export interface DropboxWebhookApp {
  appSecret: string;
  accountId: string;
  /** The legacy numeric user id (`delta.users`). */
  uid: number;
}

/** The verification request of a URI, and how it was answered. */
export interface DropboxWebhookVerification {
  uri: string;
  challenge: string;
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Dropbox gives a webhook URI ten seconds to answer the challenge. */
const ANSWER_WITHIN_MS = 10_000;

/** Hex HMAC-SHA256 of the raw body keyed with the app secret: `X-Dropbox-Signature`. */
export function signDropboxWebhook(appSecret: string, rawBody: string): string {
  return createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** The App Console's webhook URIs and the notifications sent to them. */
export class DropboxWebhooks {
  readonly verifications: DropboxWebhookVerification[] = [];
  private readonly uris = new Set<string>();
  private readonly poster = new WebhookPoster();
  private scheduled = false;

  constructor(private readonly app: DropboxWebhookApp) {}

  /** Every notification posted so far, with the receiver's answer once it came. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.poster.deliveries;
  }

  /**
   * Adds a webhook URI as the App Console does: only a URI that echoes the challenge (status 200,
   * the challenge as the whole body) is added; anything else throws, naming what it answered.
   */
  async add(uri: string): Promise<DropboxWebhookVerification> {
    const challenge = randomBytes(16).toString('base64url');
    const url = new URL(uri);
    url.searchParams.set('challenge', challenge);
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const verification: DropboxWebhookVerification = { uri, challenge, status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
    this.verifications.push(verification);
    if (response.status !== 200 || verification.body !== challenge) {
      throw new Error(`webhook URI ${uri} failed verification: ${response.status} ${verification.body.slice(0, 200)}`);
    }
    this.uris.add(uri);
    return verification;
  }

  /** Removes a webhook URI: no more notifications go there. */
  remove(uri: string): void {
    this.uris.delete(uri);
  }

  /**
   * Called on every change: one notification per burst (all changes made in the same tick), as
   * Dropbox folds changes that come together into one notification.
   */
  changed(): void {
    if (this.scheduled || this.uris.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const uri of this.uris) this.post(uri);
    });
  }

  /** Resolves once every notification scheduled or started so far has been answered. */
  async flush(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
    await this.poster.flush();
  }

  private post(uri: string): void {
    const body = JSON.stringify({ list_folder: { accounts: [this.app.accountId] }, delta: { users: [this.app.uid] } });
    const headers = { 'content-type': 'application/json', 'user-agent': 'DropboxWebhooks/1.0', 'x-dropbox-signature': signDropboxWebhook(this.app.appSecret, body) };
    this.poster.post(uri, headers, body);
  }
}
