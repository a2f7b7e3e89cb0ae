import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startCloseSimulator,
  startHubProcess,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningCloseSimulator,
  type Secrets,
} from '@junction/testing';
import { closeCall, createCloseInstance, fastEventsEnv, pollNow } from './events-support';

const signatureKey = 'delivery-test-key';

/**
 * Durable delivery: retries with backoff under the same id, the dead-letter state, redelivery, and
 * a hub killed with SIGKILL mid-delivery losing nothing.
 */
describe('event delivery', () => {
  let close: RunningCloseSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'junction-e2e-events-'));
  const env = () => ({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` });

  /** A polling instance (polled only when asked) whose mark is set; returns its id. */
  async function pollingInstance(): Promise<number> {
    const instance = await createCloseInstance(hub.apiUrl, owner, {
      'event.vendor.type': 'polling',
      'event.poller.refresh_interval': '60',
      'event.objects': 'accounts',
      'event.notification.callback.url': receiver.url,
      'event.notification.signature.key': signatureKey,
    });
    await pollNow(hub.apiUrl, owner, instance.id);
    return instance.id;
  }

  /** Creates `count` leads at Close and polls: the ids of the events stored. */
  async function changes(instanceId: number, count: number): Promise<string[]> {
    for (let i = 0; i < count; i++) await closeCall(close, 'POST', '/lead/', { name: `Lead ${i}` });
    const report = await pollNow(hub.apiUrl, owner, instanceId);
    return report.events.map((e: { eventId: string }) => e.eventId);
  }

  const eventOf = (id: string) => api(hub.apiUrl, 'GET', `/instances/events/${id}`, { auth: authHeader(owner) });
  /** The event once it has `status`: the hub stores an attempt's outcome just after the callback answers. */
  const eventWithStatus = async (id: string, status: string) => {
    let shown = await eventOf(id);
    for (let i = 0; i < 100 && shown.body.status !== status; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = await eventOf(id);
    }
    return shown;
  };

  beforeAll(async () => {
    close = await startCloseSimulator({ apiKeys: ['api_live_key'] });
    receiver = await startCallbackReceiver();
    hub = await startHubProcess(env(), { dataDir });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    await close?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('retries a callback that fails three times and then delivers the event exactly once, under one id', async () => {
    const instanceId = await pollingInstance();
    receiver.failNext(3, 503);
    const [eventId] = await changes(instanceId, 1);
    await receiver.waitFor(() => receiver.accepted().some((n) => n.id === eventId));
    await new Promise((resolve) => setTimeout(resolve, 800)); // room for a wrong extra delivery to show up

    const attempts = receiver.received.filter((n) => n.id === eventId);
    expect(attempts.map((n) => n.status)).toEqual([503, 503, 503, 200]);
    expect(receiver.accepted().filter((n) => n.id === eventId)).toHaveLength(1);
    expect(new Set(attempts.map((n) => n.rawBody)).size).toBe(1);
    for (const n of attempts) expect(verifyNotification(n, signatureKey)).toEqual({ elements: true, standard: true });
    // Backoff: the schedule here waits 0.2 s between attempts.
    for (let i = 1; i < attempts.length; i++) expect(attempts[i].receivedAt - attempts[i - 1].receivedAt).toBeGreaterThanOrEqual(180);

    const shown = await eventWithStatus(eventId, 'NOTIFIED');
    expect(shown.body).toMatchObject({ status: 'NOTIFIED', attemptCount: 4 });
    expect(shown.body.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 200]);
  });

  it('dead-letters an event after the last retry, and redelivers it on request', async () => {
    const instanceId = await pollingInstance();
    receiver.failNext(1000, 500);
    const [eventId] = await changes(instanceId, 1);
    const failed = await eventWithStatus(eventId, 'FAILED');
    expect(failed.body).toMatchObject({ status: 'FAILED', attemptCount: 5, lastError: 'callback answered 500' });
    expect(failed.body.attempts).toHaveLength(5);

    receiver.failNext(0);
    const requeued = await api(hub.apiUrl, 'POST', `/instances/${instanceId}/events/${eventId}/redeliver`, { auth: authHeader(owner) });
    expect(requeued.status).toBe(200);
    await receiver.waitFor(() => receiver.accepted().some((n) => n.id === eventId));
    expect((await eventWithStatus(eventId, 'NOTIFIED')).body).toMatchObject({ status: 'NOTIFIED', attemptCount: 1 });
    // While a delivery is in flight the event cannot be queued again.
    receiver.holdNext(1);
    const seen = receiver.received.length;
    expect((await api(hub.apiUrl, 'POST', `/instances/events/${eventId}/redeliver`, { auth: authHeader(owner) })).status).toBe(200);
    await receiver.waitFor((r) => r.length > seen);
    const busy = await api(hub.apiUrl, 'POST', `/instances/events/${eventId}/redeliver`, { auth: authHeader(owner) });
    expect(busy.status).toBe(409);
    expect(busy.body.message).toMatch(/still being delivered/);
    receiver.release();
    await receiver.waitFor(() => receiver.accepted().filter((n) => n.id === eventId).length === 2);
  });

  it('loses nothing when the hub is killed mid-delivery: the restarted hub delivers every event', async () => {
    const instanceId = await pollingInstance();
    receiver.holdNext(1000);
    const eventIds = await changes(instanceId, 25);
    expect(eventIds).toHaveLength(3);
    await receiver.waitFor((r) => eventIds.every((id) => r.some((n) => n.id === id)));
    hub.child.kill('SIGKILL');
    await new Promise((resolve) => hub.child.once('exit', resolve));
    receiver.holdNext(0);
    receiver.release();

    hub = await startHubProcess(env(), { dataDir });
    // The dead process's leases expire (2 × the 1 s delivery timeout + 1 s), then the events go out again.
    await receiver.waitFor(() => eventIds.every((id) => receiver.accepted().some((n) => n.id === id)), 20_000);
    const delivered = receiver.received.filter((n) => eventIds.includes(n.id));
    expect(new Set(receiver.accepted().map((n) => n.id).filter((id) => eventIds.includes(id)))).toEqual(new Set(eventIds));
    // Duplicates, if any, are retries of the same notification: same id, same bytes.
    for (const id of eventIds) expect(new Set(delivered.filter((n) => n.id === id).map((n) => n.rawBody)).size).toBe(1);
    const changed = delivered.flatMap((n) => n.body.message.events.map((e: { objectId: string }) => e.objectId));
    expect(new Set(changed).size).toBe(25);
    for (const id of eventIds) expect((await eventWithStatus(id, 'NOTIFIED')).body.status).toBe('NOTIFIED');
  });
});
