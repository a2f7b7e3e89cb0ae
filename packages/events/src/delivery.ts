import type { EventRecord, InstanceRecord, Store } from '@junction/store';
import type { EventsHost, EventsLogger } from './host';
import { instanceEventSettings } from './instance-settings';
import { retryDelayMs, type EventsSettings } from './settings';
import { notificationHeaders } from './signing';

/**
 * The body the app receives, built from the stored event alone so that every attempt sends the
 * same bytes (only `webhook-timestamp` and the Standard Webhooks signature change per attempt).
 */
export function notificationBody(event: EventRecord): string {
  return JSON.stringify({
    message: {
      eventId: event.id,
      instanceId: event.instanceId,
      elementKey: event.elementKey,
      accountId: event.organizationId,
      events: event.changes.map((c) => ({ eventType: c.eventType, objectType: c.objectType, objectId: c.objectId, elementKey: event.elementKey, date: c.date })),
      raw: event.raw,
    },
  });
}

/** The largest answer body read from a callback; the rest is discarded. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs claimed events to their instance's callback URL and records what came of it. */
export class Deliverer {
  constructor(
    private readonly store: Store,
    private readonly host: EventsHost,
    private readonly settings: EventsSettings,
    private readonly logger: EventsLogger,
  ) {}

  /**
   * Delivers one event claimed under `owner` to the callback of `instance` (read at delivery time,
   * so a changed callback URL or key applies to retries); the outcome is stored, never thrown.
   */
  async deliver(event: EventRecord, owner: string, instance: InstanceRecord | undefined): Promise<void> {
    if (!instance) {
      await this.store.events.abandon(event.id, owner, `instance ${event.instanceId} was deleted`);
      return;
    }
    const settings = instanceEventSettings(instance, this.host.element(instance.elementKey)?.events, this.settings.pollFloorSeconds);
    if (!settings.callbackUrl) {
      await this.store.events.abandon(event.id, owner, 'the instance has no event.notification.callback.url');
      return;
    }
    const url = settings.callbackUrl;
    const body = notificationBody(event);
    const headers = notificationHeaders(event.id, body, Math.floor(Date.now() / 1000), settings.signatureKey);
    const started = performance.now();
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.settings.deliveryTimeoutMs) });
      statusCode = response.status;
      await drain(response);
    } catch (failure) {
      error = describe(failure, this.settings.deliveryTimeoutMs);
    }
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const delivered = statusCode !== undefined && statusCode >= 200 && statusCode < 300;
    const delay = retryDelayMs(this.settings.retryScheduleMs, event.attempts);
    const outcome = delivered ? { kind: 'notified' as const } : delay !== undefined ? { kind: 'retry' as const, delayMs: delay } : { kind: 'failed' as const };
    const attempt = { attempt: event.attempts, url, durationMs, ...(statusCode !== undefined ? { statusCode } : {}), ...(error ? { error } : {}) };
    const applied = await this.store.events.finishAttempt(event.id, owner, attempt, outcome);
    if (!delivered) {
      this.logger.warn(
        { eventId: event.id, instanceId: event.instanceId, attempt: event.attempts, status: statusCode, error, next: outcome.kind, leaseLost: !applied },
        'event delivery failed',
      );
    }
  }
}

/** Reads (a bounded part of) the answer so the connection can be reused. */
async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let read = 0;
  try {
    while (read < MAX_ANSWER_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function describe(failure: unknown, timeoutMs: number): string {
  if (failure instanceof DOMException && failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (failure instanceof Error) {
    const cause = (failure as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${failure.message}: ${cause.code}` : (cause?.message ?? failure.message);
  }
  return String(failure);
}
