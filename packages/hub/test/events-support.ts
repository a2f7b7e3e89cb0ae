import { api, authHeader, type RunningCloseSimulator, type Secrets } from '@junction/testing';

/** Environment for a hub whose event workers run fast enough for a test. */
export const fastEventsEnv = {
  JUNCTION_POLL_FLOOR_SECONDS: '0.3',
  JUNCTION_EVENT_RETRY_SCHEDULE: '0.2,0.2,0.2,0.2',
  JUNCTION_EVENT_DELIVERY_TIMEOUT_MS: '1000',
  JUNCTION_EVENT_WORKER_INTERVAL_MS: '100',
  JUNCTION_LOG_LEVEL: 'warn',
};

/** Creates a Close instance with events on, and returns its id and token. */
export async function createCloseInstance(apiUrl: string, owner: Secrets, configuration: Record<string, string>): Promise<{ id: number; token: string }> {
  const created = await api(apiUrl, 'POST', '/instances', {
    auth: authHeader(owner),
    json: { name: 'Close events', element: { key: 'closeio' }, configuration: { username: 'api_live_key', 'event.notification.enabled': 'true', ...configuration } },
  });
  if (created.status !== 200) throw new Error(`instance creation failed: ${created.status} ${created.text}`);
  return { id: created.body.id, token: created.body.token };
}

/**
 * Polls the instance through the API until a poll of its own ran (the scheduler may hold the lease
 * for a moment): from then on the high-water mark is set and later changes are reported.
 */
export async function pollNow(apiUrl: string, owner: Secrets, instanceId: number): Promise<any> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const polled = await api(apiUrl, 'POST', `/instances/${instanceId}/events/poll`, { auth: authHeader(owner) });
    if (polled.status === 200) return polled.body;
    if (polled.status !== 409) throw new Error(`poll failed: ${polled.status} ${polled.text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the instance stayed busy polling');
}

/** Calls the Close simulator's API directly, as another Close user changing data would. */
export async function closeCall(close: RunningCloseSimulator, method: string, path: string, json?: unknown): Promise<any> {
  const response = await fetch(`${close.baseUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('api_live_key:').toString('base64')}`, 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`Close simulator answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
