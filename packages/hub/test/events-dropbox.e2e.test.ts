import {
  api,
  authHeader,
  signDropboxWebhook,
  signup,
  startCallbackReceiver,
  startDropboxSimulator,
  startHubProcess,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningDropboxSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

const CALLBACK = 'https://app.example/dropbox/callback';
const KEY = 'dropbox-events-signature-key';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Dropbox events through the real hub: the change cursor polled on a schedule, and Dropbox's
 * webhook notifications (verified with the app secret, routed by account id) triggering a poll
 * at once. Changes are made at the simulator directly, as another Dropbox client would.
 */
describe('Dropbox events', () => {
  let dropbox: RunningDropboxSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;
  const vendorCalls = (route: string) => dropbox.state.requests.filter((r) => r.path === `/2/${route}`);
  const forInstance = (id: number) => receiver.received.filter((n) => n.body?.message?.instanceId === id);
  const changesOf = (id: number) => forInstance(id).flatMap((n) => n.body.message.events as { eventType: string; objectId: string; objectType: string }[]);

  /** A Dropbox call made by some other client of the account, not through Junction. */
  const direct = async (route: string, arg: unknown, bytes?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${dropbox.accessToken}` };
    if (bytes === undefined) headers['content-type'] = 'application/json';
    else Object.assign(headers, { 'content-type': 'application/octet-stream', 'dropbox-api-arg': JSON.stringify(arg) });
    const response = await fetch(`${dropbox.url}/2/${route}`, { method: 'POST', headers, body: bytes ?? JSON.stringify(arg) });
    expect(response.status).toBe(200);
    return (await response.json()) as { id?: string; metadata?: { id: string } };
  };

  /** An instance provisioned through the OAuth code flow, with events on. */
  const provision = async (vendorType: 'polling' | 'webhook') => {
    const oauth = await api(hub.apiUrl, 'GET', `/elements/dropbox/oauth/url?apiKey=${dropbox.clientId}&callbackUrl=${encodeURIComponent(CALLBACK)}&state=${vendorType}`, { auth: authHeader(owner) });
    const approved = await fetch(oauth.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(approved.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: `Dropbox ${vendorType}`,
        element: { key: 'dropbox' },
        providerData: { code },
        configuration: {
          'oauth.api.key': dropbox.clientId,
          'oauth.api.secret': dropbox.clientSecret,
          'oauth.callback.url': CALLBACK,
          'event.notification.enabled': 'true',
          'event.vendor.type': vendorType,
          // Scheduled polls never come during the test: every poll is one it asks for.
          'event.poller.refresh_interval': '60',
          'event.notification.callback.url': receiver.url,
          'event.notification.signature.key': KEY,
        },
      },
    });
    expect(created.status).toBe(200);
    return created.body as { id: number; token: string; configuration: Record<string, string> };
  };

  beforeAll(async () => {
    [dropbox, receiver] = await Promise.all([startDropboxSimulator(), startCallbackReceiver()]);
    hub = await startHubProcess({
      ...fastEventsEnv,
      JUNCTION_LOG_LEVEL: 'info',
      JUNCTION_VENDOR_HOSTS: ['www.dropbox.com', 'api.dropboxapi.com', 'content.dropboxapi.com'].map((h) => `${h}=${dropbox.url}`).join(','),
    });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([receiver?.close(), dropbox?.close()]);
  });

  describe('by polling the change cursor', () => {
    let instance: { id: number; token: string; configuration: Record<string, string> };

    beforeAll(async () => {
      dropbox.state.put('/Polling/old.txt', 'to be deleted');
      instance = await provision('polling');
    });

    it('takes a cursor on the first poll and reports nothing from before it', async () => {
      const first = await pollNow(hub.apiUrl, owner, instance.id);
      expect(first.objects).toEqual([{ objectType: 'files', changes: 0 }]);
      expect(vendorCalls('files/list_folder/get_latest_cursor').at(-1)?.arg).toEqual({ path: '', recursive: true, include_deleted: true });
      expect(changesOf(instance.id)).toEqual([]);
    });

    it('delivers an upload and a deletion made elsewhere, signed, and the next poll repeats neither', async () => {
      const uploaded = await direct('files/upload', { path: '/Polling/report.txt', mode: 'add' }, 'quarterly numbers');
      await direct('files/delete_v2', { path: '/Polling/old.txt' });
      const polled = await pollNow(hub.apiUrl, owner, instance.id);
      expect(polled.objects).toEqual([{ objectType: 'files', changes: 2 }]);

      await receiver.waitFor(() => changesOf(instance.id).length >= 2);
      const notification = forInstance(instance.id)[0];
      expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
      expect(notification.body.message).toMatchObject({ elementKey: 'dropbox', instanceId: instance.id });
      expect(notification.body.message.events).toEqual([
        { eventType: 'UPDATED', objectType: 'files', objectId: uploaded.id, elementKey: 'dropbox', date: expect.stringMatching(/Z$/) },
        { eventType: 'DELETED', objectType: 'files', objectId: '/polling/old.txt', elementKey: 'dropbox', date: expect.stringMatching(/Z$/) },
      ]);
      expect(notification.body.message.raw.files).toEqual([
        expect.objectContaining({ '.tag': 'file', id: uploaded.id, path_display: '/Polling/report.txt' }),
        { '.tag': 'deleted', name: 'old.txt', path_lower: '/polling/old.txt', path_display: '/Polling/old.txt' },
      ]);

      const again = await pollNow(hub.apiUrl, owner, instance.id);
      expect(again.objects).toEqual([{ objectType: 'files', changes: 0 }]);
      await sleep(500);
      expect(changesOf(instance.id)).toHaveLength(2);
    });

    it('replaces an expired cursor, tells the app changes may be missing, and goes on from the new one', async () => {
      dropbox.state.put('/Polling/lost.txt', 'made while the cursor was expiring');
      dropbox.state.expireCursors();
      const reset = await pollNow(hub.apiUrl, owner, instance.id);
      expect(reset.objects).toEqual([{ objectType: 'files', changes: 1 }]);
      await receiver.waitFor(() => changesOf(instance.id).length >= 3);
      expect(changesOf(instance.id)[2]).toMatchObject({ eventType: 'UNKNOWN', objectType: 'files', objectId: '/' });

      const after = await direct('files/upload', { path: '/Polling/after.txt', mode: 'add' }, 'after the reset');
      expect((await pollNow(hub.apiUrl, owner, instance.id)).objects).toEqual([{ objectType: 'files', changes: 1 }]);
      await receiver.waitFor(() => changesOf(instance.id).some((c) => c.objectId === after.id));
      expect(changesOf(instance.id).some((c) => JSON.stringify(c).includes('lost.txt'))).toBe(false);
    });

    afterAll(async () => {
      // Both instances watch the same Dropbox account; the webhook tests want theirs alone.
      expect((await api(hub.apiUrl, 'DELETE', `/instances/${instance.id}`, { auth: authHeader(owner) })).status).toBe(200);
    });
  });

  describe('by Dropbox webhooks', () => {
    let instance: { id: number; token: string; configuration: Record<string, string> };
    const ingress = () => `${hub.apiUrl}/events/dropbox`;
    const notify = (secret: string, accounts = [dropbox.state.account.accountId]) => {
      const raw = JSON.stringify({ list_folder: { accounts }, delta: { users: [dropbox.state.account.uid] } });
      return fetch(ingress(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-dropbox-signature': signDropboxWebhook(secret, raw) }, body: raw });
    };

    beforeAll(async () => {
      instance = await provision('webhook');
      // Takes the cursor, as the first scheduled poll would, so that later changes are reported.
      await pollNow(hub.apiUrl, owner, instance.id);
    });

    it('stores the Dropbox account id on the instance when it is provisioned', () => {
      expect(instance.configuration['dropbox.account.id']).toBe(dropbox.state.account.accountId);
    });

    it('answers the verification challenge with the challenge as nosniff plain text, without credentials', async () => {
      const response = await fetch(`${ingress()}?challenge=abc123XYZ`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('abc123XYZ');
      expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(ingress())).status).toBe(405);

      const verification = await dropbox.state.webhooks.add(ingress());
      expect(verification.body).toBe(verification.challenge);
    });

    it('polls the instance when Dropbox notifies of a change, and delivers the change to the app', async () => {
      const uploaded = await direct('files/upload', { path: '/Hooked/notes.md', mode: 'add' }, '# notes');
      await receiver.waitFor(() => changesOf(instance.id).some((c) => c.objectId === uploaded.id));
      await dropbox.state.webhooks.flush();
      const delivery = dropbox.state.webhooks.deliveries.at(-1)!;
      expect(delivery).toMatchObject({ url: ingress(), status: 200, response: expect.stringContaining('"eventIds":[]') });

      const notification = forInstance(instance.id).find((n) => n.body.message.events.some((e: { objectId: string }) => e.objectId === uploaded.id))!;
      expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
      expect(notification.body.message.events).toEqual(expect.arrayContaining([expect.objectContaining({ eventType: 'UPDATED', objectType: 'files', objectId: uploaded.id })]));
      const stored = await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events/${notification.id}`, { auth: authHeader(owner) });
      expect(stored.body).toMatchObject({ source: 'polling', status: 'NOTIFIED' });
    });

    it('refuses a forged notification with 401 and polls nothing, then takes a genuine one', async () => {
      dropbox.state.webhooks.remove(ingress());
      dropbox.state.put('/Hooked/quiet.txt', 'changed while Dropbox was not notifying');
      const continues = vendorCalls('files/list_folder/continue').length;

      const forged = await notify('not-the-app-secret');
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ message: expect.stringMatching(/signature/), requestId: expect.any(String) });
      const unsigned = await fetch(ingress(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ list_folder: { accounts: [dropbox.state.account.accountId] } }) });
      expect(unsigned.status).toBe(401);
      expect((await notify(dropbox.clientSecret, ['dbid:AAnobodyKnowsThisAccount'])).status).toBe(404);
      await sleep(800);
      expect(vendorCalls('files/list_folder/continue')).toHaveLength(continues);
      expect(JSON.stringify(forInstance(instance.id))).not.toContain('quiet.txt');
      expect(hub.output()).toMatch(new RegExp(`"element":"dropbox","instanceId":${instance.id}.*webhook signature rejected`));

      const genuine = await notify(dropbox.clientSecret);
      expect(genuine.status).toBe(200);
      expect(await genuine.json()).toEqual({ eventIds: [] });
      await receiver.waitFor(() => JSON.stringify(forInstance(instance.id)).includes('/Hooked/quiet.txt'));
    });
  });
});
