import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startHubProcess,
  startHubSpotSimulator,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningHubSpotSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

/**
 * HubSpot deletions by polling through the real hub: a company deleted at HubSpot by someone
 * else goes to HubSpot's recycle bin, the next poll finds it there (`archived=true`) and the app
 * receives a signed DELETED event for it, once.
 */
const CALLBACK = 'https://app.example.com/oauth/callback';
const KEY = 'hubspot-deletions-signature-key';

describe('HubSpot deletions by polling', () => {
  let hubspot: RunningHubSpotSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  beforeAll(async () => {
    [hubspot, receiver] = await Promise.all([startHubSpotSimulator(), startCallbackReceiver()]);
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `app.hubspot.com=${hubspot.url},api.hubapi.com=${hubspot.url}` });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([hubspot?.close(), receiver?.close()]);
  });

  async function pollingInstance(): Promise<{ id: number; token: string }> {
    const query = new URLSearchParams({ apiKey: 'sim-client-id', apiSecret: 'sim-client-secret', callbackUrl: CALLBACK, state: 'hubspot' });
    const url = await api(hub.apiUrl, 'GET', `/elements/hubspot/oauth/url?${query}`, { auth: authHeader(owner) });
    const consent = await fetch(url.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: 'hubspot deletions',
        element: { key: 'hubspot' },
        providerData: { code },
        configuration: {
          'oauth.api.key': 'sim-client-id',
          'oauth.api.secret': 'sim-client-secret',
          'oauth.callback.url': CALLBACK,
          'event.notification.enabled': 'true',
          'event.vendor.type': 'polling',
          'event.poller.refresh_interval': '60',
          'event.notification.callback.url': receiver.url,
          'event.notification.signature.key': KEY,
        },
      },
    });
    expect(created.status).toBe(200);
    return created.body;
  }

  /** A DELETE another HubSpot client makes, with its own token. */
  async function deleteAtHubSpot(objectType: string, id: string): Promise<void> {
    const response = await fetch(`${hubspot.url}/crm/v3/objects/${objectType}/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${hubspot.accessToken}` } });
    expect(response.status).toBe(204);
  }

  const deletedEventsOf = (instanceId: number, objectId: string) =>
    receiver.received.filter((n) => n.body?.message?.instanceId === instanceId && n.body.message.events.some((e: { eventType: string; objectId: string }) => e.eventType === 'DELETED' && e.objectId === objectId));

  it('delivers a company deleted at HubSpot as a signed DELETED event, and reports it only once', async () => {
    const { companies } = hubspot.seed({ companies: [{ properties: { name: 'Doomed Co' } }, { properties: { name: 'Kept Co' } }] });
    const [doomed] = companies;
    await deleteAtHubSpot('companies', companies[1]);
    const instance = await pollingInstance();

    const first = await pollNow(hub.apiUrl, owner, instance.id);
    expect(first.events).toEqual([]);

    await deleteAtHubSpot('companies', doomed);
    const second = await pollNow(hub.apiUrl, owner, instance.id);
    expect(second.objects).toEqual(expect.arrayContaining([{ objectType: 'accounts', changes: 1 }]));
    expect(second.events.flatMap((e: { events: unknown[] }) => e.events)).toEqual([
      expect.objectContaining({ eventType: 'DELETED', objectType: 'accounts', objectId: doomed, elementKey: 'hubspot' }),
    ]);

    await receiver.waitFor(() => deletedEventsOf(instance.id, doomed).length > 0, 10_000);
    const [notification] = deletedEventsOf(instance.id, doomed);
    expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({ elementKey: 'hubspot', instanceId: instance.id });
    expect(notification.body.message.events).toEqual([{ eventType: 'DELETED', objectType: 'accounts', objectId: doomed, elementKey: 'hubspot', date: expect.any(String) }]);
    expect(notification.body.message.raw).toEqual({ objectType: 'accounts', accounts: [expect.objectContaining({ id: doomed, name: 'Doomed Co' })] });
    const archived = hubspot.state.requests.filter((r) => r.path === '/crm/v3/objects/companies' && r.query.archived === 'true');
    expect(archived.length).toBeGreaterThanOrEqual(2);

    const third = await pollNow(hub.apiUrl, owner, instance.id);
    expect(third.events).toEqual([]);
    expect(third.objects.every((o: { changes: number; error?: string }) => o.changes === 0 && o.error === undefined)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(deletedEventsOf(instance.id, doomed)).toHaveLength(1);
  });
});
