import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startHubProcess,
  startHubSpotSimulator,
  startSalesforceSimulator,
  startServiceNowSimulator,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningHubSpotSimulator,
  type RunningSalesforceSimulator,
  type RunningServiceNowSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

/**
 * Polling on Salesforce, HubSpot and ServiceNow through the real hub: each instance turns events
 * on, a record is created at the vendor, and the app's callback receives it signed.
 */
const CALLBACK = 'https://app.example.com/oauth/callback';
const KEY = 'polling-signature-key';

describe('events by polling on every crm and helpdesk element', () => {
  let salesforce: RunningSalesforceSimulator;
  let hubspot: RunningHubSpotSimulator;
  let servicenow: RunningServiceNowSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  const events = (receiverUrl: string) => ({
    'event.notification.enabled': 'true',
    'event.vendor.type': 'polling',
    'event.poller.refresh_interval': '60',
    'event.notification.callback.url': receiverUrl,
    'event.notification.signature.key': KEY,
  });

  async function oauthInstance(key: string, clientId: string, clientSecret: string) {
    const query = new URLSearchParams({ apiKey: clientId, apiSecret: clientSecret, callbackUrl: CALLBACK, state: key });
    const url = await api(hub.apiUrl, 'GET', `/elements/${key}/oauth/url?${query}`, { auth: authHeader(owner) });
    const consent = await fetch(url.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: `${key} events`,
        element: { key },
        providerData: { code },
        configuration: { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, 'oauth.callback.url': CALLBACK, ...events(receiver.url) },
      },
    });
    expect(created.status).toBe(200);
    return created.body as { id: number; token: string };
  }

  beforeAll(async () => {
    [salesforce, hubspot, servicenow, receiver] = await Promise.all([
      startSalesforceSimulator(),
      startHubSpotSimulator(),
      startServiceNowSimulator({ users: { 'svc.junction': 'pw' } }),
      startCallbackReceiver(),
    ]);
    hub = await startHubProcess({
      ...fastEventsEnv,
      JUNCTION_VENDOR_HOSTS: [`login.salesforce.com=${salesforce.url}`, `app.hubspot.com=${hubspot.url}`, `api.hubapi.com=${hubspot.url}`, `acme.service-now.com=${servicenow.url}`].join(','),
    });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([salesforce?.close(), hubspot?.close(), servicenow?.close(), receiver?.close()]);
  });

  const cases: [string, () => Promise<{ id: number; token: string }>, string, Record<string, unknown>][] = [
    ['sfdc', () => oauthInstance('sfdc', salesforce.client.clientId, salesforce.client.clientSecret), 'accounts', { name: 'Polled Salesforce Co' }],
    ['hubspot', () => oauthInstance('hubspot', 'sim-client-id', 'sim-client-secret'), 'accounts', { name: 'Polled HubSpot Co' }],
    [
      'servicenow',
      async () => {
        const created = await api(hub.apiUrl, 'POST', '/instances', {
          auth: authHeader(owner),
          json: { name: 'snow events', element: { key: 'servicenow' }, configuration: { username: 'svc.junction', password: 'pw', 'servicenow.subdomain': 'acme', ...events(receiver.url) } },
        });
        expect(created.status).toBe(200);
        return created.body;
      },
      'incidents',
      { subject: 'Polled incident' },
    ],
  ];

  it.each(cases)('%s: a record created at the vendor reaches the callback signed', async (key, provision, resource, body) => {
    const instance = await provision();
    await pollNow(hub.apiUrl, owner, instance.id);
    const created = await api(hub.apiUrl, 'POST', `/hubs/any/${resource}`, { auth: authHeader(owner, instance.token), json: body });
    expect(created.status).toBe(200);
    // Vendor clocks may tick in whole seconds: a change is reported by the first poll after it.
    const found = () => receiver.received.find((n) => n.body?.message?.instanceId === instance.id && n.body.message.events.some((e: { objectId: string }) => e.objectId === created.body.id));
    for (let attempt = 0; attempt < 20 && !found(); attempt++) {
      await pollNow(hub.apiUrl, owner, instance.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const notification = found();
    expect(notification).toBeDefined();
    expect(verifyNotification(notification!, KEY)).toEqual({ elements: true, standard: true });
    expect(notification!.body.message).toMatchObject({ elementKey: key, instanceId: instance.id });
    expect(notification!.body.message.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ objectType: resource, objectId: created.body.id, eventType: expect.stringMatching(/^(CREATED|UPDATED)$/) })]),
    );
  });
});
