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

/**
 * Polling end to end: the real hub polls the Close simulator and delivers what changed to a local
 * callback receiver, signed; the events API shows and redelivers what was sent.
 */
describe('events by polling', () => {
  const signatureKey = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  let close: RunningCloseSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets & { organizationId: number };

  beforeAll(async () => {
    close = await startCloseSimulator({ apiKeys: ['api_live_key'] });
    receiver = await startCallbackReceiver();
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    await close?.close();
  });

  it('delivers a change made at Close to the callback, with both signatures verifiable', async () => {
    const instance = await createCloseInstance(hub.apiUrl, owner, {
      'event.vendor.type': 'polling',
      'event.poller.refresh_interval': '0.005',
      'event.objects': 'accounts',
      'event.notification.callback.url': receiver.url,
      'event.notification.signature.key': signatureKey,
    });
    const established = await pollNow(hub.apiUrl, owner, instance.id);
    expect(established).toMatchObject({ instanceId: instance.id, objects: [{ objectType: 'accounts', changes: 0 }], events: [] });

    const lead = await closeCall(close, 'POST', '/lead/', { name: 'Polled Co' });
    // The background poller (every 0.3 s here) finds it; nobody asks for a poll.
    await receiver.waitFor((r) => r.some((n) => n.body?.message?.events?.some((e: { objectId: string }) => e.objectId === lead.id)), 10_000);
    const notification = receiver.received.find((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === lead.id))!;

    expect(verifyNotification(notification, signatureKey)).toEqual({ elements: true, standard: true });
    expect(verifyNotification(notification, 'another-key')).toEqual({ elements: false, standard: false });
    expect(notification.headers['elements-webhook-id']).toBe(notification.id);
    expect(Number(notification.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
    expect(notification.body).toEqual({
      message: {
        eventId: notification.id,
        instanceId: instance.id,
        elementKey: 'closeio',
        accountId: owner.organizationId,
        events: [{ eventType: 'CREATED', objectType: 'accounts', objectId: lead.id, elementKey: 'closeio', date: new Date(lead.date_updated).toISOString() }],
        raw: { objectType: 'accounts', accounts: [expect.objectContaining({ id: lead.id, name: 'Polled Co' })] },
      },
    });
    // Close is asked only for what changed since the mark: first the look-back window's start, then the lead's own stamp.
    const listed = close.state.requests.filter((r) => r.path === '/api/v1/lead/' && r.method === 'GET');
    expect(listed[0]?.query.query).toMatch(/^date_updated >= "\d{4}-\d\d-\d\dT[\d:.]+Z"$/);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(close.state.requests.some((r) => r.path === '/api/v1/lead/' && r.query.query === `date_updated >= "${lead.date_updated}"`)).toBe(true);

    const shown = await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events/${notification.id}`, { auth: authHeader(owner) });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: notification.id, status: 'NOTIFIED', source: 'polling', attemptCount: 1, events: [{ objectId: lead.id, eventType: 'CREATED' }] });
    expect(shown.body.attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, url: receiver.url, durationMs: expect.any(Number) })]);
    expect(JSON.parse(shown.body.providerData)).toMatchObject({ objectType: 'accounts' });

    // An update of the same lead later is UPDATED, under a new event id.
    await closeCall(close, 'PUT', `/lead/${lead.id}/`, { description: 'now with a description' });
    await receiver.waitFor((r) => r.some((n) => n.id !== notification.id && n.body?.message?.events?.[0]?.objectId === lead.id), 10_000);
    const update = receiver.received.filter((n) => n.body?.message?.events?.[0]?.objectId === lead.id).at(-1)!;
    expect(update.body.message.events[0].eventType).toBe('UPDATED');

    // Turning events off takes the instance off the schedule.
    await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}`, { auth: authHeader(owner), json: { configuration: { 'event.notification.enabled': 'false' } } });
    const refused = await api(hub.apiUrl, 'POST', `/instances/${instance.id}/events/poll`, { auth: authHeader(owner) });
    expect(refused.status).toBe(400);
  });

  it('reports records sharing the boundary timestamp exactly once across polls', async () => {
    const instance = await createCloseInstance(hub.apiUrl, owner, {
      'event.vendor.type': 'polling',
      'event.poller.refresh_interval': '60',
      'event.objects': 'opportunities',
      'event.notification.callback.url': receiver.url,
    });
    const [lead] = close.seed({ leads: [{ name: 'Boundary Co' }] }).leads;
    const stamp = '2031-01-01T00:00:00.000000+00:00';
    const [first] = close.seed({ opportunities: [{ lead_id: lead.id, note: 'first', date_created: stamp, date_updated: stamp }] }).opportunities;
    await pollNow(hub.apiUrl, owner, instance.id); // establishes the mark at `stamp`, with `first` at it

    // Same timestamp, created after the poll: a second-precision vendor does exactly this.
    const [second] = close.seed({ opportunities: [{ lead_id: lead.id, note: 'second', date_created: stamp, date_updated: stamp }] }).opportunities;
    const found = await pollNow(hub.apiUrl, owner, instance.id);
    expect(found.events.flatMap((e: { events: { objectId: string; eventType: string }[] }) => e.events.map((c) => [c.objectId, c.eventType]))).toEqual([[second.id, 'CREATED']]);
    const listed = close.state.requests.filter((r) => r.path === '/api/v1/opportunity/').at(-1);
    expect(listed?.query.date_updated__gte).toBe(stamp);

    const again = await pollNow(hub.apiUrl, owner, instance.id);
    expect(again.events).toEqual([]);
    expect(first.id).not.toBe(second.id);
  });

  it('lists events newest first with paging, redelivers one under its id, and hides them from other organizations', async () => {
    const page1 = await api(hub.apiUrl, 'GET', '/instances/events?pageSize=1', { auth: authHeader(owner) });
    expect(page1.status).toBe(200);
    expect(page1.body).toHaveLength(1);
    const token = page1.headers.get('elements-next-page-token');
    expect(token).toBeTruthy();
    const page2 = await api(hub.apiUrl, 'GET', `/instances/events?pageSize=1&nextPage=${token}`, { auth: authHeader(owner) });
    expect(page2.body).toHaveLength(1);
    expect(page2.body[0].id).not.toBe(page1.body[0].id);
    expect(Date.parse(page2.body[0].eventDate)).toBeLessThanOrEqual(Date.parse(page1.body[0].eventDate));

    const delivered = receiver.accepted()[0];
    const before = receiver.accepted().filter((n) => n.id === delivered.id).length;
    // The outcome is stored just after the callback answers; until then the event is still in flight.
    for (let i = 0; i < 100; i++) {
      if ((await api(hub.apiUrl, 'GET', `/instances/events/${delivered.id}`, { auth: authHeader(owner) })).body.status === 'NOTIFIED') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const redelivered = await api(hub.apiUrl, 'POST', `/instances/events/${delivered.id}/redeliver`, { auth: authHeader(owner) });
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ id: delivered.id, status: 'RECEIVED' });
    await receiver.waitFor(() => receiver.accepted().filter((n) => n.id === delivered.id).length === before + 1);
    const copy = receiver.accepted().filter((n) => n.id === delivered.id).at(-1)!;
    expect(copy.rawBody).toBe(delivered.rawBody);

    const stranger = await signup(hub.apiUrl, 'Globex');
    for (const path of [`/instances/events/${delivered.id}`, `/instances/${delivered.body.message.instanceId}/events`, `/instances/${delivered.body.message.instanceId}/events/${delivered.id}`]) {
      const response = await api(hub.apiUrl, 'GET', path, { auth: authHeader(stranger) });
      expect(response.status).toBe(404);
    }
    expect((await api(hub.apiUrl, 'POST', `/instances/events/${delivered.id}/redeliver`, { auth: authHeader(stranger) })).status).toBe(404);
    expect((await api(hub.apiUrl, 'GET', '/instances/events', { auth: authHeader(stranger) })).body).toEqual([]);
  });
});
