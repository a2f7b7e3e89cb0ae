import {
  api,
  authHeader,
  hubSpotWebhookHeaders,
  signup,
  startCallbackReceiver,
  startHubProcess,
  startHubSpotSimulator,
  startSalesforceSimulator,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningHubSpotSimulator,
  type RunningSalesforceSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv } from './events-support';

/**
 * Vendor webhooks of the CRM elements through the real hub: a record changed at the vendor comes
 * back as the vendor's own webhook — HubSpot's signed event batch, Salesforce's SOAP outbound
 * message — is verified, stored, and delivered signed to the app; forgeries are refused.
 */
const CALLBACK = 'https://app.example.com/oauth/callback';
const KEY = 'crm-webhook-signature-key';
const SFDC_TOKEN = 'Rk2v9QmX4tLw7ZpB1nYc8JsD';

describe('events by HubSpot and Salesforce webhooks', () => {
  let hubspot: RunningHubSpotSimulator;
  let salesforce: RunningSalesforceSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  const events = (extra: Record<string, string> = {}) => ({
    'event.notification.enabled': 'true',
    'event.vendor.type': 'webhook',
    'event.notification.callback.url': receiver.url,
    'event.notification.signature.key': KEY,
    ...extra,
  });

  async function oauthInstance(who: Secrets, key: string, clientId: string, clientSecret: string, extra: Record<string, string> = {}) {
    const query = new URLSearchParams({ apiKey: clientId, apiSecret: clientSecret, callbackUrl: CALLBACK, state: key });
    const url = await api(hub.apiUrl, 'GET', `/elements/${key}/oauth/url?${query}`, { auth: authHeader(who) });
    const consent = await fetch(url.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(who),
      json: {
        name: `${key} webhooks`,
        element: { key },
        providerData: { code },
        configuration: { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, 'oauth.callback.url': CALLBACK, ...events(extra) },
      },
    });
    expect(created.status).toBe(200);
    return created.body as { id: number; token: string; configuration: Record<string, string> };
  }

  const eventCount = async (who: Secrets, instanceId: number) => (await api(hub.apiUrl, 'GET', `/instances/${instanceId}/events?pageSize=500`, { auth: authHeader(who) })).body.length as number;
  const notificationsFor = (instanceId: number) => receiver.received.filter((n) => n.body?.message?.instanceId === instanceId);

  beforeAll(async () => {
    [hubspot, salesforce, receiver] = await Promise.all([startHubSpotSimulator(), startSalesforceSimulator(), startCallbackReceiver()]);
    hub = await startHubProcess({
      ...fastEventsEnv,
      JUNCTION_VENDOR_HOSTS: [`login.salesforce.com=${salesforce.url}`, `app.hubspot.com=${hubspot.url}`, `api.hubapi.com=${hubspot.url}`].join(','),
    });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([hubspot?.close(), salesforce?.close(), receiver?.close()]);
  });

  describe('HubSpot', () => {
    let instance: { id: number; token: string; configuration: Record<string, string> };
    const ingress = () => `${hub.apiUrl}/events/hubspot`;

    beforeAll(async () => {
      instance = await oauthInstance(owner, 'hubspot', 'sim-client-id', 'sim-client-secret');
      // The app's target URL is set once in the HubSpot developer account, for every portal.
      hubspot.state.webhooks.targetUrl = ingress();
    });

    it('records the portal the instance is connected to when it is created', () => {
      expect(instance.configuration['hubspot.portal.id']).toBe('62515');
    });

    it('turns a change at HubSpot into HubSpot’s signed delivery, and that into a signed notification to the app', async () => {
      const account = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: authHeader(owner, instance.token), json: { name: 'Hooked HubSpot Co' } });
      expect(account.status).toBe(200);
      await receiver.waitFor(() => notificationsFor(instance.id).some((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === account.body.id)));
      await hubspot.state.webhooks.flush();
      const delivery = hubspot.state.webhooks.deliveries.find((d) => d.body.includes(`"objectId":${account.body.id}`))!;
      expect(delivery.headers).toMatchObject({ 'x-hubspot-signature-v3': expect.any(String), 'x-hubspot-request-timestamp': expect.stringMatching(/^\d{13}$/) });
      expect(delivery.status).toBe(200);
      expect(JSON.parse(delivery.response!)).toEqual({ eventIds: [expect.any(String)] });

      const notification = notificationsFor(instance.id).find((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === account.body.id))!;
      expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
      expect(notification.body.message).toMatchObject({
        elementKey: 'hubspot',
        instanceId: instance.id,
        events: [{ eventType: 'CREATED', objectType: 'accounts', objectId: account.body.id, elementKey: 'hubspot', date: expect.any(String) }],
        raw: [expect.objectContaining({ subscriptionType: 'company.creation', portalId: 62515, objectId: Number(account.body.id) })],
      });
    });

    it('gives each instance only its own portal’s events from a batch naming several portals', async () => {
      const other = await signup(hub.apiUrl, 'Other portal owner');
      const second = await oauthInstance(other, 'hubspot', 'sim-client-id', 'sim-client-secret');
      const patched = await api(hub.apiUrl, 'PATCH', `/instances/${second.id}`, { auth: authHeader(other), json: { configuration: { 'hubspot.portal.id': '77777' } } });
      expect(patched.status).toBe(200);
      const event = (portalId: number, objectId: number) => ({
        eventId: objectId, subscriptionId: 1, portalId, appId: 1000001, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId, propertyName: 'email', propertyValue: 'x@example.com', changeSource: 'CRM',
      });
      const body = JSON.stringify([event(62515, 501), event(77777, 502), event(62515, 503)]);
      const posted = await fetch(ingress(), { method: 'POST', headers: hubSpotWebhookHeaders('sim-client-secret', ingress(), body, String(Date.now())), body });
      expect(posted.status).toBe(200);
      expect(((await posted.json()) as { eventIds: string[] }).eventIds).toHaveLength(2);

      await receiver.waitFor(() => notificationsFor(second.id).length > 0 && notificationsFor(instance.id).some((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === '503')));
      const mine = notificationsFor(instance.id).find((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === '501'))!;
      expect(mine.body.message.events.map((e: { objectId: string; eventType: string }) => `${e.eventType} ${e.objectId}`)).toEqual(['UPDATED 501', 'UPDATED 503']);
      expect(mine.body.message.raw.map((e: { portalId: number }) => e.portalId)).toEqual([62515, 62515]);
      const theirs = notificationsFor(second.id);
      expect(theirs).toHaveLength(1);
      expect(theirs[0].body.message).toMatchObject({ events: [{ objectId: '502' }], raw: [{ portalId: 77777, objectId: 502 }] });
    });

    it('refuses a forged or stale delivery with 401 and delivers nothing', async () => {
      const before = await eventCount(owner, instance.id);
      const body = JSON.stringify([{ eventId: 9, subscriptionId: 1, portalId: 62515, appId: 1000001, occurredAt: Date.now(), subscriptionType: 'contact.deletion', attemptNumber: 0, objectId: 666 }]);
      const forged = await fetch(ingress(), { method: 'POST', headers: hubSpotWebhookHeaders('not-the-app-secret', ingress(), body, String(Date.now())), body });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ requestId: expect.any(String), message: expect.stringMatching(/signature/) });
      const stale = await fetch(ingress(), { method: 'POST', headers: hubSpotWebhookHeaders('sim-client-secret', ingress(), body, String(Date.now() - 10 * 60 * 1000)), body });
      expect(stale.status).toBe(401);
      const unsigned = await fetch(ingress(), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(unsigned.status).toBe(401);
      expect(await eventCount(owner, instance.id)).toBe(before);
      expect(receiver.received.some((n) => n.rawBody.includes('"666"'))).toBe(false);
    });
  });

  describe('Salesforce', () => {
    let instance: { id: number; token: string; configuration: Record<string, string> };
    const encoded = () => Buffer.from(String(instance.id)).toString('base64');
    const ingress = (token = SFDC_TOKEN) => `${hub.apiUrl}/events/sfdc/${encoded()}?token=${token}`;

    beforeAll(async () => {
      instance = await oauthInstance(owner, 'sfdc', salesforce.client.clientId, salesforce.client.clientSecret, { 'sfdc.webhook.token': SFDC_TOKEN });
      // An admin adds the outbound message to a flow or workflow rule in Salesforce Setup.
      salesforce.state.outbound.define({ object: 'Contact', endpointUrl: ingress(), fields: ['LastName', 'Email', 'LastModifiedDate'] });
    });

    it('records the org id from the token response and keeps the token secret', () => {
      expect(instance.configuration['sfdc.organization.id']).toBe(salesforce.state.orgId);
      expect(instance.configuration['sfdc.webhook.token']).toBe('********');
    });

    it('turns a saved record into an outbound message, acknowledges it, and notifies the app signed', async () => {
      const contact = await api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: authHeader(owner, instance.token), json: { firstName: 'Ada', lastName: 'Outbound', email: 'ada@outbound.example' } });
      expect(contact.status).toBe(200);
      await receiver.waitFor(() => notificationsFor(instance.id).some((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === contact.body.id)));
      await salesforce.state.outbound.flush();
      const delivery = salesforce.state.outbound.deliveries.find((d) => d.body.includes(contact.body.id))!;
      expect(delivery).toMatchObject({ status: 200, acked: true });

      const notification = notificationsFor(instance.id).find((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === contact.body.id))!;
      expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
      expect(notification.body.message).toMatchObject({
        elementKey: 'sfdc',
        instanceId: instance.id,
        events: [{ eventType: 'UPDATED', objectType: 'contacts', objectId: contact.body.id, elementKey: 'sfdc' }],
      });
      expect(notification.body.message.raw).toContain('<OrganizationId>');
    });

    it('finds the instance by org id when the URL does not name it', async () => {
      const body = salesforce.state.outbound.deliveries[0].body;
      const located = await fetch(`${hub.apiUrl}/events/sfdc?token=${SFDC_TOKEN}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
      expect(located.status).toBe(200);
      expect(located.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await located.text()).toMatch(/<Ack>true<\/Ack>/);
    });

    it('refuses a wrong token or another org with 401 and malformed XML with 400, delivering nothing', async () => {
      const before = await eventCount(owner, instance.id);
      const genuine = salesforce.state.outbound.deliveries[0].body;
      const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });

      const wrongToken = await post(ingress('Xk2v9QmX4tLw7ZpB1nYc8JsD'), genuine);
      expect(wrongToken.status).toBe(401);
      expect(await wrongToken.json()).toMatchObject({ requestId: expect.any(String), message: expect.stringMatching(/signature/) });
      const otherOrg = await post(ingress(), genuine.replace(salesforce.state.orgId, '00DSm0000000009ZZZ'));
      expect(otherOrg.status).toBe(401);
      const malformed = await post(ingress(), '<soapenv:Envelope><soapenv:Body>');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ requestId: expect.any(String), message: expect.stringMatching(/^Malformed XML/) });
      const withDtd = await post(ingress(), `<!DOCTYPE x [<!ENTITY a "${'a'.repeat(100)}">]>${genuine.replace(/^<\?xml[^>]*>/, '')}`);
      expect(withDtd.status).toBe(400);
      expect(await eventCount(owner, instance.id)).toBe(before);
    });
  });
});
