import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { readRawBody, sendJson, startSimulator } from './simulators/simulator-server';

/** One notification POST as the app's callback endpoint received it. */
export interface ReceivedNotification {
  /** `webhook-id` (the event id, stable across retries). */
  id: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as text: what the signatures cover. */
  rawBody: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the notification freely
  body: any;
  /** What the receiver answered; 0 while held open or when the sender went away first. */
  status: number;
  receivedAt: number;
}

/** An app's callback endpoint for event notifications, with failure injection. */
export interface CallbackReceiver {
  url: string;
  /** Every request, in arrival order (failed and held ones included). */
  readonly received: ReceivedNotification[];
  /** Notifications answered 2xx: what the app accepted. */
  accepted(): ReceivedNotification[];
  /** The next `count` requests answer `status` (default 500). */
  failNext(count: number, status?: number): void;
  /** The next `count` requests are held open without an answer until `release()` (or the sender gives up). */
  holdNext(count: number): void;
  /** Answers every held request 200. */
  release(): void;
  /** Resolves once `predicate` holds for what was received; rejects after `timeoutMs` saying what arrived. */
  waitFor(predicate: (received: ReceivedNotification[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Checks both signatures of a notification independently of the code that made them:
 * `Elements-Webhook-Signature` (HMAC-SHA256 of the body, key as UTF-8) and Standard Webhooks'
 * `webhook-signature` (HMAC-SHA256 of `id.timestamp.body`, a `whsec_` key base64-decoded).
 */
export function verifyNotification(notification: Pick<ReceivedNotification, 'headers' | 'rawBody'>, key: string): { elements: boolean; standard: boolean } {
  const header = (name: string) => {
    const value = notification.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const same = (a: string, b: string | undefined) => b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const elements = `sha256=${createHmac('sha256', key).update(notification.rawBody).digest('base64')}`;
  const standardKey = key.startsWith('whsec_') ? Buffer.from(key.slice(6), 'base64') : Buffer.from(key);
  const signed = `${header('webhook-id')}.${header('webhook-timestamp')}.${notification.rawBody}`;
  const standard = `v1,${createHmac('sha256', standardKey).update(signed).digest('base64')}`;
  // The header may carry several space-separated signatures (key rotation); one match is enough.
  const offered = (header('webhook-signature') ?? '').split(' ');
  return { elements: same(elements, header('elements-webhook-signature')), standard: offered.some((s) => same(standard, s)) };
}

/** Starts a callback receiver on a loopback port. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedNotification[] = [];
  const held: { res: ServerResponse; entry: ReceivedNotification }[] = [];
  const waiters = new Set<() => void>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let holds = 0;

  const running = await startSimulator(async (req, res) => {
    const raw = (await readRawBody(req, { limitBytes: 10 * 1024 * 1024 })).toString('utf8');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      // keep the text
    }
    const header = req.headers['webhook-id'];
    const entry: ReceivedNotification = { id: Array.isArray(header) ? header[0] : (header ?? ''), headers: req.headers, rawBody: raw, body, status: 0, receivedAt: Date.now() };
    received.push(entry);
    if (holds > 0) {
      holds--;
      held.push({ res, entry });
    } else if (failures.count > 0) {
      failures.count--;
      entry.status = failures.status;
      sendJson(res, failures.status, { error: 'injected failure' });
    } else {
      entry.status = 200;
      sendJson(res, 200, { ok: true });
    }
    for (const wake of waiters) wake();
  });

  return {
    url: `${running.url}/callback`,
    received,
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    holdNext: (count) => {
      holds = count;
    },
    release: () => {
      for (const { res, entry } of held.splice(0)) {
        if (res.destroyed) continue;
        entry.status = 200;
        sendJson(res, 200, { ok: true });
      }
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`callback receiver: condition not met in ${timeoutMs} ms; received ${received.map((r) => `${r.id}:${r.status}`).join(', ') || 'nothing'}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      for (const { res } of held.splice(0)) res.destroy();
      await running.close();
    },
  };
}
