import { createHmac } from 'node:crypto';
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
import { createCloseInstance, fastEventsEnv } from './events-support';

const signatureKey = 'webhook-test-key';

/**
 * Vendor webhooks end to end: enabling events subscribes at Close, Close's signed deliveries come
 * in through the ingress, are verified on their raw bytes, stored and delivered to the app.
 */
describe('events by vendor webhooks', () => {
  let close: RunningCloseSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;
  let instance: { id: number; token: string };
  const encoded = () => Buffer.from(String(instance.id)).toString('base64');
  const ingress = () => `${hub.apiUrl}/events/closeio/${encoded()}`;

  /** POSTs `body` to the ingress as Close would, signed with `key` at `timestamp`. */
  const post = (url: string, body: unknown, key: string, timestamp = Math.floor(Date.now() / 1000)) => {
    const raw = JSON.stringify(body);
    const hash = createHmac('sha256', Buffer.from(key, 'hex')).update(`${timestamp}${raw}`).digest('hex');
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'close-sig-hash': hash, 'close-sig-timestamp': String(timestamp) }, body: raw });
  };

  beforeAll(async () => {
    close = await startCloseSimulator({ apiKeys: ['api_live_key'], deliverWebhooks: true });
    receiver = await startCallbackReceiver();
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_LOG_LEVEL: 'info', JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` });
    owner = await signup(hub.apiUrl);
    instance = await createCloseInstance(hub.apiUrl, owner, {
      'event.vendor.type': 'webhook',
      'event.notification.callback.url': receiver.url,
      'event.notification.signature.key': signatureKey,
    });
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    await close?.close();
  });

  it('subscribes at Close when events are enabled, pointing Close at the instance’s ingress URL', () => {
    const subscriptions = [...close.state.webhooks.values()];
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({ url: ingress(), status: 'active' });
    expect(subscriptions[0].events).toEqual(expect.arrayContaining([{ object_type: 'lead', action: 'created' }, { object_type: 'contact', action: 'deleted' }]));
  });

  it('turns a change at Close into a signed notification to the app', async () => {
    const account = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: authHeader(owner, instance.token), json: { name: 'Hooked Co' } });
    expect(account.status).toBe(200);
    await receiver.waitFor((r) => r.some((n) => n.body?.message?.events?.[0]?.objectId === account.body.id));
    await close.state.flushWebhooks();
    expect(close.state.deliveries.find((d) => d.payload.event.object_id === account.body.id)?.status).toBe(200);

    const notification = receiver.received.find((n) => n.body.message.events[0].objectId === account.body.id)!;
    expect(verifyNotification(notification, signatureKey)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({
      instanceId: instance.id,
      elementKey: 'closeio',
      events: [{ eventType: 'CREATED', objectType: 'accounts', objectId: account.body.id, elementKey: 'closeio' }],
      raw: { subscription_id: expect.stringMatching(/^whsub_/), event: expect.objectContaining({ object_type: 'lead', action: 'created' }) },
    });
    const shown = await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events/${notification.id}`, { auth: authHeader(owner) });
    expect(shown.body).toMatchObject({ source: 'webhook', status: 'NOTIFIED' });
  });

  it('accepts a correctly signed delivery, also routed by subscription id alone, and refuses a bad signature with 401', async () => {
    const subscription = [...close.state.webhooks.values()][0];
    const delivery = (objectId: string) => ({
      subscription_id: subscription.id,
      event: { id: 'ev_manual', object_type: 'contact', object_id: objectId, action: 'updated', organization_id: close.state.organization.id, date_created: '2025-06-01T12:00:00.000000', data: { id: objectId } },
    });
    const good = await post(ingress(), delivery('cont_signed'), subscription.signature_key);
    expect(good.status).toBe(200);
    const { eventIds } = (await good.json()) as { eventIds: string[] };
    expect(eventIds).toHaveLength(1);
    await receiver.waitFor((r) => r.some((n) => n.id === eventIds[0] && n.status === 200));
    expect(receiver.received.find((n) => n.id === eventIds[0])!.body.message.events).toEqual([
      { eventType: 'UPDATED', objectType: 'contacts', objectId: 'cont_signed', elementKey: 'closeio', date: '2025-06-01T12:00:00.000Z' },
    ]);

    const located = await post(`${hub.apiUrl}/events/closeio`, delivery('cont_located'), subscription.signature_key);
    expect(located.status).toBe(200);

    const before = (await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events?pageSize=500`, { auth: authHeader(owner) })).body.length;
    const forged = await post(ingress(), delivery('cont_forged'), 'ab'.repeat(32));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: expect.stringMatching(/signature/), requestId: expect.any(String) });
    const stale = await post(ingress(), delivery('cont_stale'), subscription.signature_key, Math.floor(Date.now() / 1000) - 600);
    expect(stale.status).toBe(401);
    const after = (await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events?pageSize=500`, { auth: authHeader(owner) })).body.length;
    expect(after).toBe(before);
    expect(receiver.received.some((n) => JSON.stringify(n.body).includes('cont_forged'))).toBe(false);
    expect(hub.output()).toMatch(new RegExp(`"element":"closeio","instanceId":${instance.id}.*webhook signature rejected`));
  });

  it('answers 404 for an unknown instance, element or unroutable payload, and takes no app credentials for a vendor signature', async () => {
    const unknown = await post(`${hub.apiUrl}/events/closeio/${Buffer.from('999999').toString('base64')}`, { event: {} }, 'ab'.repeat(32));
    expect(unknown.status).toBe(404);
    expect((await post(`${hub.apiUrl}/events/nosuchelement`, {}, 'ab')).status).toBe(404);
    expect((await post(`${hub.apiUrl}/events/closeio`, { subscription_id: 'whsub_unknown', event: {} }, 'ab')).status).toBe(404);
    const other = await signup(hub.apiUrl, 'Other');
    const response = await fetch(`${hub.apiUrl}/events/closeio/${encoded()}`, { method: 'POST', headers: { 'element-instances': String(instance.id), authorization: authHeader(other) }, body: '{}' });
    expect(response.status).toBe(401);
  });

  it('unsubscribes at Close when events are turned off', async () => {
    const patched = await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}`, { auth: authHeader(owner), json: { configuration: { 'event.notification.enabled': 'false' } } });
    expect(patched.status).toBe(200);
    expect(close.state.webhooks.size).toBe(0);
    expect(close.state.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/api/v1/webhook/whsub_'))).toBe(true);
  });
});
