/** Server-wide events settings, read once at boot from the environment. */
export interface EventsSettings {
  /** No instance polls more often than this, whatever its `event.poller.refresh_interval`. @default 60 */
  pollFloorSeconds: number;
  /** Waits between delivery attempts, in ms: one retry per entry, then the event is FAILED. */
  retryScheduleMs: number[];
  /** How long a callback may take to answer one delivery. @default 10000 */
  deliveryTimeoutMs: number;
  /** How often idle workers look for due polls and deliveries. @default 1000 */
  workerIntervalMs: number;
}

/**
 * Cloud Elements' policy: 9 retries, the n-th about 4^n seconds after the first attempt, so the
 * last one comes ~73 hours after the event (4^9 s). Stored as the waits between attempts.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Array.from({ length: 9 }, (_, i) => (4 ** (i + 1) - (i === 0 ? 0 : 4 ** i)) * 1000);

/**
 * Reads `JUNCTION_POLL_FLOOR_SECONDS`, `JUNCTION_EVENT_RETRY_SCHEDULE` (seconds between attempts,
 * comma-separated, fractions allowed, e.g. `1,5,30`; an empty value means no retries),
 * `JUNCTION_EVENT_DELIVERY_TIMEOUT_MS` and `JUNCTION_EVENT_WORKER_INTERVAL_MS`. A bad value fails
 * boot naming the variable.
 */
export function eventsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EventsSettings {
  return {
    pollFloorSeconds: positiveNumber(env.JUNCTION_POLL_FLOOR_SECONDS, 'JUNCTION_POLL_FLOOR_SECONDS', 60),
    retryScheduleMs: parseRetrySchedule(env.JUNCTION_EVENT_RETRY_SCHEDULE),
    deliveryTimeoutMs: positiveNumber(env.JUNCTION_EVENT_DELIVERY_TIMEOUT_MS, 'JUNCTION_EVENT_DELIVERY_TIMEOUT_MS', 10_000),
    workerIntervalMs: positiveNumber(env.JUNCTION_EVENT_WORKER_INTERVAL_MS, 'JUNCTION_EVENT_WORKER_INTERVAL_MS', 1000),
  };
}

/** Parses a retry schedule (seconds, comma-separated); undefined gives the default. */
export function parseRetrySchedule(text: string | undefined): number[] {
  if (text === undefined) return [...DEFAULT_RETRY_SCHEDULE_MS];
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const seconds = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`JUNCTION_EVENT_RETRY_SCHEDULE must be seconds separated by commas (e.g. '4,12,48'), got '${text}'`);
    }
    return Math.round(seconds * 1000);
  });
}

/** What becomes of an event after its `attempt`-th failed delivery: the wait before the next, or none left. */
export function retryDelayMs(schedule: readonly number[], attempt: number): number | undefined {
  return attempt >= 1 && attempt <= schedule.length ? schedule[attempt - 1] : undefined;
}

function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${value}'`);
  return n;
}
