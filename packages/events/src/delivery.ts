import type { EventRecord, FinishedAttempt, InstanceRecord, Store } from '@junction/store';
import { postCallback } from './callback-client';
import { GroupWriter } from './group-writer';
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

/** POSTs claimed events to their instance's callback URL and records what came of it. */
export class Deliverer {
  /** Outcomes of deliveries that finish together are stored together (one statement). */
  private readonly outcomes: GroupWriter<FinishedAttempt, boolean>;

  constructor(
    private readonly store: Store,
    private readonly host: EventsHost,
    private readonly settings: EventsSettings,
    private readonly logger: EventsLogger,
  ) {
    this.outcomes = new GroupWriter(async (finished) => {
      const applied = await this.store.events.finishAttempts(finished);
      return finished.map((f) => applied.has(f.eventId));
    });
  }

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
    const answer = await postCallback(url, headers, body, this.settings.deliveryTimeoutMs);
    const statusCode = 'statusCode' in answer ? answer.statusCode : undefined;
    const error = 'error' in answer ? answer.error : undefined;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const delivered = statusCode !== undefined && statusCode >= 200 && statusCode < 300;
    const delay = retryDelayMs(this.settings.retryScheduleMs, event.attempts);
    const outcome = delivered ? { kind: 'notified' as const } : delay !== undefined ? { kind: 'retry' as const, delayMs: delay } : { kind: 'failed' as const };
    const attempt = { attempt: event.attempts, url, durationMs, ...(statusCode !== undefined ? { statusCode } : {}), ...(error ? { error } : {}) };
    const applied = await this.outcomes.add({ eventId: event.id, owner, attempt, outcome });
    if (!delivered) {
      this.logger.warn(
        { eventId: event.id, instanceId: event.instanceId, attempt: event.attempts, status: statusCode, error, next: outcome.kind, leaseLost: !applied },
        'event delivery failed',
      );
    }
  }
}
