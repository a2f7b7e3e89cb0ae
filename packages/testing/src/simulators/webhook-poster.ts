/**
 * Outgoing webhook calls of the simulators that push to a configured URL (HubSpot's app target
 * URL, Salesforce outbound messages): each POST is recorded with the receiver's answer, runs in the
 * background so the vendor API call that caused it answers first, and can be awaited with `flush`.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One POST to a receiver, kept in `deliveries`. */
export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes posted (what a signature covers). */
  body: string;
  /** The receiver's status and body, once it answered. */
  status?: number;
  response?: string;
  /** Network error text, if the post failed. */
  error?: string;
}

const TIMEOUT_MS = 10_000;

/** Posts and records webhook calls. */
export class WebhookPoster {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** Starts a POST of `body` to `url`; the returned record fills in when the receiver answers. */
  post(url: string, headers: Record<string, string>, body: string): WebhookDelivery {
    const delivery: WebhookDelivery = { url, headers, body };
    this.deliveries.push(delivery);
    const done = send(url, headers, body).then(
      (answer) => {
        Object.assign(delivery, answer);
      },
      (error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      },
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return delivery;
  }

  /** Resolves once every POST started so far has been answered or has failed. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Forgets recorded deliveries. */
  clear(): void {
    this.deliveries.length = 0;
  }
}

function send(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; response: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } };
    const req = target.protocol === 'https:' ? httpsRequest(target, options) : httpRequest(target, options);
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('webhook delivery timed out')));
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, response: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', reject);
    });
    req.end(body);
  });
}
