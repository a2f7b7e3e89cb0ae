import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startCloseSimulator,
  startHubProcess,
  type CallbackReceiver,
  type HubProcess,
  type RunningCloseSimulator,
  type Secrets,
} from '@junction/testing';
import { createCloseInstance, fastEventsEnv, pollNow } from './events-support';

const serverUrl = process.env.TEST_DATABASE_URL;

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Two hub processes on one PostgreSQL database share the event work: each event is delivered by
 * exactly one of them, and each instance is polled once per interval, not once per process.
 */
(serverUrl ? describe : describe.skip)('events with two hubs on one PostgreSQL', () => { // skipped without TEST_DATABASE_URL: runs in the PostgreSQL pass that .ci/run enables
  const database = `junction_events_${process.pid}_${randomBytes(4).toString('hex')}`;
  let close: RunningCloseSimulator;
  let receiver: CallbackReceiver;
  let hubs: HubProcess[] = [];
  let owner: Secrets;

  beforeAll(async () => {
    await onServer(`CREATE DATABASE ${database}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    close = await startCloseSimulator({ apiKeys: ['api_live_key', 'api_interval_key'] });
    receiver = await startCallbackReceiver();
    const env = { ...fastEventsEnv, DATABASE_URL: url.toString(), JUNCTION_SECRET_KEY: randomBytes(32).toString('base64'), JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` };
    hubs = await Promise.all([startHubProcess(env), startHubProcess(env)]);
    owner = await signup(hubs[0].apiUrl);
  });

  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
    await receiver?.close();
    await close?.close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('delivers each of N events exactly once between the two processes', async () => {
    const instance = await createCloseInstance(hubs[0].apiUrl, owner, {
      'event.vendor.type': 'polling',
      'event.poller.refresh_interval': '60',
      'event.objects': 'accounts',
      'event.notification.callback.url': receiver.url,
    });
    await pollNow(hubs[1].apiUrl, owner, instance.id);
    close.seed({ leads: Array.from({ length: 200 }, (_, i) => ({ name: `Shared ${i}` })) });
    const report = await pollNow(hubs[1].apiUrl, owner, instance.id);
    const eventIds: string[] = report.events.map((e: { eventId: string }) => e.eventId);
    expect(eventIds).toHaveLength(20);

    await receiver.waitFor(() => eventIds.every((id) => receiver.accepted().some((n) => n.id === id)), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a duplicate to show up
    const deliveries = receiver.received.filter((n) => eventIds.includes(n.id));
    expect(deliveries).toHaveLength(20);
    expect(new Set(deliveries.map((n) => n.id)).size).toBe(20);
    const listed = await api(hubs[0].apiUrl, 'GET', `/instances/${instance.id}/events?pageSize=50`, { auth: authHeader(owner) });
    expect(listed.body.filter((e: { id: string; status: string; attemptCount: number }) => eventIds.includes(e.id) && e.status === 'NOTIFIED' && e.attemptCount === 1)).toHaveLength(20);
  });

  it('polls an instance once per interval, whichever process does it', async () => {
    // Its own API key tells its polls apart at the simulator.
    const instance = await createCloseInstance(hubs[1].apiUrl, owner, {
      username: 'api_interval_key',
      'event.vendor.type': 'polling',
      'event.poller.refresh_interval': '0.02',
      'event.objects': 'accounts',
      'event.notification.callback.url': receiver.url,
    });
    const mine = `Basic ${Buffer.from('api_interval_key:').toString('base64')}`;
    const polls = () => close.state.requests.filter((r) => r.path === '/api/v1/lead/' && r.headers.authorization === mine).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const start = polls();
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const count = polls() - start;
    // 6 s at one poll per 1.2 s is 5 (fewer on a loaded machine); polling by both processes would be about 10.
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(6);
    await api(hubs[0].apiUrl, 'DELETE', `/instances/${instance.id}`, { auth: authHeader(owner) });
  });
});
