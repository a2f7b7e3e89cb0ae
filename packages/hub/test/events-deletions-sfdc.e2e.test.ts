import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startHubProcess,
  startSalesforceSimulator,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningSalesforceSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

/**
 * Salesforce deletions through the real hub: a polling instance reads sObject Get Deleted next to
 * each list, and a record deleted at Salesforce by someone else reaches the app as a signed
 * DELETED event, once.
 */
const CALLBACK = 'https://app.example.com/oauth/callback';
const KEY = 'deletions-signature-key';

describe('Salesforce deletions by polling', () => {
  let salesforce: RunningSalesforceSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  beforeAll(async () => {
    [salesforce, receiver] = await Promise.all([startSalesforceSimulator(), startCallbackReceiver()]);
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `login.salesforce.com=${salesforce.url}` });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([salesforce?.close(), receiver?.close()]);
  });

  async function pollingInstance(): Promise<{ id: number; token: string }> {
    const { clientId, clientSecret } = salesforce.client;
    const query = new URLSearchParams({ apiKey: clientId, apiSecret: clientSecret, callbackUrl: CALLBACK, state: 'sfdc' });
    const url = await api(hub.apiUrl, 'GET', `/elements/sfdc/oauth/url?${query}`, { auth: authHeader(owner) });
    const consent = await fetch(url.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: 'sfdc deletions',
        element: { key: 'sfdc' },
        providerData: { code },
        configuration: {
          'oauth.api.key': clientId,
          'oauth.api.secret': clientSecret,
          'oauth.callback.url': CALLBACK,
          'event.notification.enabled': 'true',
          'event.vendor.type': 'polling',
          // Long enough that only the polls this test asks for run.
          'event.poller.refresh_interval': '60',
          'event.objects': 'accounts,contacts',
          'event.notification.callback.url': receiver.url,
          'event.notification.signature.key': KEY,
        },
      },
    });
    expect(created.status).toBe(200);
    return created.body;
  }

  it('delivers a record deleted at Salesforce as a signed DELETED event, cascades included, and only once', async () => {
    const account = salesforce.state.seed('Account', { Name: 'Deleted Co' });
    const contact = salesforce.state.seed('Contact', { LastName: 'Gone', AccountId: account });
    const instance = await pollingInstance();
    const established = await pollNow(hub.apiUrl, owner, instance.id);
    expect(established.events).toEqual([]);
    const deletedCalls = () => salesforce.state.requests.filter((r) => r.path.endsWith('/deleted/')).length;
    // The scheduler's first poll may have run before this one: count the calls from here on.
    const callsBefore = deletedCalls();

    // Another Salesforce client deletes the account; Salesforce deletes its contact with it.
    const deleted = await fetch(`${salesforce.url}/services/data/v67.0/sobjects/Account/${account}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${salesforce.accessToken}` },
    });
    expect(deleted.status).toBe(204);

    const polled = await pollNow(hub.apiUrl, owner, instance.id);
    expect(polled.objects).toEqual([
      { objectType: 'accounts', changes: 1 },
      { objectType: 'contacts', changes: 1 },
    ]);
    expect(deletedCalls() - callsBefore).toBe(2);
    const deletionOf = (id: string) => receiver.received.find((n) => n.body?.message?.instanceId === instance.id && n.body.message.events.some((e: { objectId: string }) => e.objectId === id));
    await receiver.waitFor(() => Boolean(deletionOf(account) && deletionOf(contact)), 10_000);

    const notification = deletionOf(account)!;
    expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({ elementKey: 'sfdc', instanceId: instance.id });
    expect(notification.body.message.events).toEqual([{ eventType: 'DELETED', objectType: 'accounts', objectId: account, elementKey: 'sfdc', date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }]);
    expect(notification.body.message.raw).toEqual({ objectType: 'accounts', accounts: [{ id: account, deletedDate: expect.any(String) }] });
    expect(deletionOf(contact)!.body.message.events).toEqual([expect.objectContaining({ eventType: 'DELETED', objectType: 'contacts', objectId: contact })]);

    // Salesforce returns the same minute again; nothing is reported twice.
    const received = receiver.received.length;
    const again = await pollNow(hub.apiUrl, owner, instance.id);
    expect(again.objects).toEqual([
      { objectType: 'accounts', changes: 0 },
      { objectType: 'contacts', changes: 0 },
    ]);
    expect(again.events).toEqual([]);
    expect(deletedCalls() - callsBefore).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(received);
  });
});
