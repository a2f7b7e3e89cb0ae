// Events benchmark: the real hub process against the Close simulator and a local callback receiver.
//  1. webhook ingress → delivery: signed Close webhooks POSTed by autocannon (its own process) as
//     fast as the hub takes them; events/s stored and delivered, p50/p99 from the moment the hub
//     stored each event (detection) to the app's receipt of it; then a steady 40 webhooks/s;
//  2. poll burst: 5,000 leads changed at Close, found by one poll; changes/s and notifications/s
//     delivered (a polling notification carries up to 10 changes), p50/p99 stored → delivered;
//  3. polling: leads created at Close while the hub polls every second; p50/p99 from the poll that
//     found each change (event stored) to delivery, and from the change itself to delivery;
//  4. idle polling: 1,000 instances polling a Close with nothing changing; hub CPU and polls/s.
// Not part of `npm test`. `node bench/events.mjs`; BENCH_WEBHOOKS, BENCH_BURST, BENCH_IDLE_INSTANCES,
// BENCH_IDLE_INTERVAL_SECONDS (default 60, the default floor) and BENCH_IDLE_SECONDS change the sizes;
// BENCH_DATABASE_URL runs the hub on that PostgreSQL database instead of embedded PGlite.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { cpuSecondsOf, root, runAutocannon, startNode } from './lib/processes.mjs';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 10000);
const BURST = Number(process.env.BENCH_BURST ?? 5000);
const CONCURRENCY = 32;
const PACED_RATE = 40;
const PACED_SECONDS = 10;
const IDLE_INSTANCES = Number(process.env.BENCH_IDLE_INSTANCES ?? 1000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const IDLE_INTERVAL_SECONDS = Number(process.env.BENCH_IDLE_INTERVAL_SECONDS ?? 60);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const round = (n) => Math.round(n * 10) / 10;

async function loadCloseSimulator(work) {
  const outfile = path.join(work, 'close-simulator.cjs');
  await build({ entryPoints: [path.join(root, 'packages/testing/src/simulators/close.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** The app's callback endpoint: records when each notification arrived. */
function startReceiver() {
  const arrivals = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/callback`, arrivals, close: () => server.close() })));
}

async function call(apiUrl, method, pathname, auth, body) {
  const response = await fetch(`${apiUrl}${pathname}`, { method, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function startHub(work, close, env = {}) {
  const hub = await startNode([path.join(root, 'dist/junction.cjs'), 'start'], {
    env: { PORT: '0', HOST: '127.0.0.1', JUNCTION_DATA_DIR: path.join(work, 'data'), JUNCTION_LOG_LEVEL: 'warn', DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}`, ...env },
    pattern: /Junction is listening on (\S+)/,
  });
  const apiUrl = `${hub.match[1]}/elements/api-v2`;
  const owner = await call(apiUrl, 'POST', '/signup', undefined, { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', firstName: 'B', lastName: 'B', company: 'Bench' });
  return { ...hub, apiUrl, auth: `User ${owner.userSecret}, Organization ${owner.organizationSecret}` };
}

const instance = (hub, receiver, configuration) =>
  call(hub.apiUrl, 'POST', '/instances', hub.auth, {
    name: 'bench',
    element: { key: 'closeio' },
    configuration: { username: 'api_test_key', 'event.notification.enabled': 'true', 'event.notification.callback.url': receiver.url, 'event.notification.signature.key': 'bench-key', ...configuration },
  });

/** Sends Close-signed webhooks for `objectIds` to the subscription's URL; resolves with when each was acknowledged. */
function webhookSender(subscription) {
  return async (objectId) => {
    const raw = JSON.stringify({ subscription_id: subscription.id, event: { object_type: 'lead', object_id: objectId, action: 'updated', date_created: new Date().toISOString().slice(0, -1), data: { id: objectId } } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const hash = createHmac('sha256', Buffer.from(subscription.signature_key, 'hex')).update(timestamp + raw).digest('hex');
    const response = await fetch(subscription.url, { method: 'POST', headers: { 'content-type': 'application/json', 'close-sig-hash': hash, 'close-sig-timestamp': timestamp }, body: raw });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`ingress answered ${response.status}`);
    return Date.now();
  };
}

async function collect(receiver, acknowledged, count) {
  while (receiver.arrivals.length < count) await sleep(50);
  const latencies = receiver.arrivals.map((a) => a.at - acknowledged.get(a.body.message.events[0].objectId));
  const last = receiver.arrivals.at(-1).at;
  receiver.arrivals.length = 0;
  return { latencies, last };
}

/** When the hub stored each of the instance's events (its `eventDate`), by event id, through the events API. */
async function storedAt(hub, instanceId) {
  const stored = new Map();
  let nextPage;
  do {
    const response = await fetch(`${hub.apiUrl}/instances/${instanceId}/events?pageSize=500${nextPage ? `&nextPage=${nextPage}` : ''}`, { headers: { authorization: hub.auth } });
    if (!response.ok) throw new Error(`events API answered ${response.status}`);
    for (const event of await response.json()) stored.set(event.id, Date.parse(event.eventDate));
    nextPage = response.headers.get('elements-next-page-token');
  } while (nextPage);
  return stored;
}

async function waitForArrivals(receiver, count, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  const arrived = () => receiver.arrivals.reduce((n, a) => n + a.body.message.events.length, 0);
  while (arrived() < count) {
    if (Date.now() > deadline) throw new Error(`only ${arrived()} of ${count} changes arrived`);
    await sleep(20);
  }
}

async function webhookThroughput(hub, close, receiver) {
  const created = await instance(hub, receiver, { 'event.vendor.type': 'webhook' });
  const subscription = [...close.state.webhooks.values()].find((s) => s.url.endsWith(Buffer.from(String(created.id)).toString('base64')));

  // One signed delivery, sent WEBHOOKS times (Close signs with a timestamp the hub accepts for 5 minutes):
  // each is a separate vendor call, stored as its own event and delivered as its own notification.
  const raw = JSON.stringify({ subscription_id: subscription.id, event: { object_type: 'lead', object_id: 'lead_load', action: 'updated', date_created: new Date().toISOString().slice(0, -1), data: { id: 'lead_load' } } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hash = createHmac('sha256', Buffer.from(subscription.signature_key, 'hex')).update(timestamp + raw).digest('hex');
  const started = Date.now();
  const load = await runAutocannon(subscription.url, {
    connections: CONCURRENCY,
    amount: WEBHOOKS,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'close-sig-hash': hash, 'close-sig-timestamp': timestamp },
    body: raw,
  });
  if (load.errors) throw new Error(`${load.errors} webhooks were refused`);
  await waitForArrivals(receiver, WEBHOOKS);
  const arrivals = receiver.arrivals.splice(0);
  const last = arrivals.at(-1).at;
  const stored = await storedAt(hub, created.id);
  const latencies = arrivals.map((a) => a.at - stored.get(a.body.message.eventId));

  const send = webhookSender(subscription);
  const paced = new Map();
  const sends = [];
  for (let i = 0; i < PACED_RATE * PACED_SECONDS; i++) {
    const objectId = `lead_paced${i}`;
    sends.push(send(objectId).then((at) => paced.set(objectId, at)));
    await sleep(1000 / PACED_RATE);
  }
  await Promise.all(sends);
  const steady = await collect(receiver, paced, PACED_RATE * PACED_SECONDS);
  await call(hub.apiUrl, 'DELETE', `/instances/${created.id}`, hub.auth);
  return {
    webhooks: WEBHOOKS,
    concurrency: CONCURRENCY,
    ingressEventsPerSecond: round(WEBHOOKS / (load.durationMs / 1000)),
    deliveredEventsPerSecond: round(WEBHOOKS / ((last - started) / 1000)),
    detectionToDeliveryMsAtFullLoad: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    detectionToDeliveryMsAt40PerSecond: { p50: percentile(steady.latencies, 50), p99: percentile(steady.latencies, 99) },
  };
}

/** BURST leads changed at Close at once, found by one poll, delivered ten changes to a notification. */
async function pollBurst(hub, close, receiver) {
  const created = await instance(hub, receiver, { 'event.vendor.type': 'polling', 'event.poller.refresh_interval': '60', 'event.objects': 'accounts' });
  await pollUntilDone(hub, created.id); // sets the mark
  close.seed({ leads: Array.from({ length: BURST }, (_, i) => ({ name: `Burst ${i}` })) });
  const started = Date.now();
  await pollUntilDone(hub, created.id);
  await waitForArrivals(receiver, BURST);
  const arrivals = receiver.arrivals.splice(0);
  const seconds = (arrivals.at(-1).at - started) / 1000;
  const stored = await storedAt(hub, created.id);
  const latencies = arrivals.map((a) => a.at - stored.get(a.body.message.eventId));
  await call(hub.apiUrl, 'DELETE', `/instances/${created.id}`, hub.auth);
  return {
    changes: BURST,
    notifications: arrivals.length,
    changesDeliveredPerSecond: round(BURST / seconds),
    notificationsDeliveredPerSecond: round(arrivals.length / seconds),
    storedToDeliveredMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  };
}

/** `POST /instances/{id}/events/poll`, again while the scheduler holds the instance (409). */
async function pollUntilDone(hub, instanceId) {
  for (;;) {
    const response = await fetch(`${hub.apiUrl}/instances/${instanceId}/events/poll`, { method: 'POST', headers: { authorization: hub.auth } });
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (response.status !== 409) throw new Error(`poll answered ${response.status}`);
    await sleep(100);
  }
}

async function pollingLatency(hub, close, receiver) {
  const created = await instance(hub, receiver, { 'event.vendor.type': 'polling', 'event.poller.refresh_interval': String(1 / 60), 'event.objects': 'accounts' });
  await sleep(1500); // the first poll sets the mark
  const changedAt = new Map();
  for (let i = 0; i < 100; i++) {
    const [lead] = close.seed({ leads: [{ name: `Polled ${i}` }] }).leads;
    changedAt.set(lead.id, Date.now());
    await sleep(50);
  }
  while (receiver.arrivals.flatMap((a) => a.body.message.events).length < 100) await sleep(50);
  const events = await call(hub.apiUrl, 'GET', `/instances/${created.id}/events?pageSize=500`, hub.auth);
  const storedAt = new Map(events.map((e) => [e.id, Date.parse(e.eventDate)]));
  const detection = receiver.arrivals.map((a) => a.at - storedAt.get(a.body.message.eventId));
  const change = receiver.arrivals.flatMap((a) => a.body.message.events.map((e) => a.at - changedAt.get(e.objectId)));
  receiver.arrivals.length = 0;
  await call(hub.apiUrl, 'DELETE', `/instances/${created.id}`, hub.auth);
  return {
    changes: 100,
    pollIntervalSeconds: 1,
    detectionToDeliveryMs: { p50: percentile(detection, 50), p99: percentile(detection, 99) },
    changeToDeliveryMs: { p50: percentile(change, 50), p99: percentile(change, 99) },
  };
}

async function idlePolling(hub, close, receiver) {
  // Idle means nothing changed: without the earlier scenarios' records (thousands of leads sharing
  // one timestamp, which every poll would page through again at its boundary).
  close.state.reset();
  for (let i = 0; i < IDLE_INSTANCES; i++) {
    await instance(hub, receiver, { 'event.vendor.type': 'polling', 'event.poller.refresh_interval': String(IDLE_INTERVAL_SECONDS / 60), 'event.objects': 'accounts' });
  }
  await sleep(5000); // each instance's first poll (due at creation) has set its mark
  const polls = () => close.state.requests.filter((r) => r.path === '/api/v1/lead/').length;
  const before = { cpu: cpuSecondsOf(hub.child.pid), polls: polls(), at: Date.now() };
  await sleep(IDLE_SECONDS * 1000);
  const seconds = (Date.now() - before.at) / 1000;
  const cpu = cpuSecondsOf(hub.child.pid) - before.cpu;
  return {
    instances: IDLE_INSTANCES,
    intervalSeconds: IDLE_INTERVAL_SECONDS,
    measuredSeconds: round(seconds),
    pollsPerSecond: round((polls() - before.polls) / seconds),
    expectedPollsPerSecond: round(IDLE_INSTANCES / IDLE_INTERVAL_SECONDS),
    hubCpuPercent: round((cpu / seconds) * 100),
    hubCpuMsPerPoll: round((cpu * 1000) / Math.max(1, polls() - before.polls)),
  };
}

export async function eventsBench() {
  execFileSync(process.execPath, [path.join(root, 'tools/build/build.mjs')], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(path.join(tmpdir(), 'junction-bench-events-'));
  const { startCloseSimulator } = await loadCloseSimulator(work);
  const close = await startCloseSimulator({ deliverWebhooks: false });
  const receiver = await startReceiver();
  const hub = await startHub(work, close, { JUNCTION_POLL_FLOOR_SECONDS: '1', JUNCTION_EVENT_WORKER_INTERVAL_MS: '200' });
  try {
    const results = {
      webhooks: await webhookThroughput(hub, close, receiver),
      pollBurst: await pollBurst(hub, close, receiver),
      polling: await pollingLatency(hub, close, receiver),
      idlePolling: await idlePolling(hub, close, receiver),
    };
    return { database: process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite', ...results };
  } finally {
    await hub.stop();
    receiver.close();
    await close.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await eventsBench(), null, 2));
}
