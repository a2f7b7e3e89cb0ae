import { createHmac } from 'node:crypto';
import {
  api,
  authHeader,
  signup,
  startBoxSimulator,
  startCallbackReceiver,
  startHubProcess,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type ReceivedNotification,
  type RunningBoxSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

const signatureKey = 'whsec_Ym94LWV2ZW50cy1zaWduYXR1cmUta2V5';
const boxKeys = { primary: 'box-primary-signature-key', secondary: 'box-secondary-signature-key' };
const callbackUrl = 'https://app.example/box/callback';

/**
 * Box events end to end: the real hub process, the Box simulator for every Box host, the app's
 * callback receiver. Polling reads Box's user event stream; webhooks are created on a folder when
 * events are turned on, Box's signed deliveries come in through the ingress, and are removed again.
 */
describe('events from Box', () => {
  let box: RunningBoxSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  /** OAuth provisioning as an app does it: the authorize URL, Box's redirect with a code, the instance. */
  const createInstance = async (name: string, configuration: Record<string, string>) => {
    const oauth = await api(hub.apiUrl, 'GET', `/elements/box/oauth/url?apiKey=box-app-id&apiSecret=box-app-secret&callbackUrl=${encodeURIComponent(callbackUrl)}&state=s`, {
      auth: authHeader(owner),
    });
    const consent = await fetch(oauth.body.oauthUrl, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name,
        element: { key: 'box' },
        providerData: { code },
        configuration: {
          'oauth.api.key': 'box-app-id',
          'oauth.api.secret': 'box-app-secret',
          'oauth.callback.url': callbackUrl,
          'event.notification.enabled': 'true',
          'event.notification.callback.url': receiver.url,
          'event.notification.signature.key': signatureKey,
          ...configuration,
        },
      },
    });
    expect(created.status).toBe(200);
    return created.body as { id: number; configuration: Record<string, string> };
  };
  /** What the app was told about a Box item, from every notification it received. */
  const changesOf = (objectId: string) =>
    receiver.received.flatMap((n) => (n.body?.message?.events ?? []).filter((e: { objectId: string }) => e.objectId === objectId).map((e: object) => ({ ...e, notification: n })));
  /** Deletes a file at Box itself, as another Box client would. */
  const deleteAtBox = async (fileId: string) => {
    const response = await fetch(`${box.url}/2.0/files/${fileId}`, { method: 'DELETE', headers: { authorization: 'Bearer sim-access-token' } });
    expect(response.status).toBe(204);
  };

  beforeAll(async () => {
    box = await startBoxSimulator({ clientId: 'box-app-id', clientSecret: 'box-app-secret', deliverWebhooks: true, webhookSignatureKeys: boxKeys });
    receiver = await startCallbackReceiver();
    const hosts = ['api.box.com', 'upload.box.com', 'account.box.com', 'dl.boxcloud.com'].map((host) => `${host}=${box.url}`).join(',');
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_LOG_LEVEL: 'info', JUNCTION_VENDOR_HOSTS: hosts });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    await box?.close();
  });

  it('polls the event stream: an upload and a delete at Box reach the app once each, signed', async () => {
    // An hour between scheduled polls: only the polls this test asks for run.
    const instance = await createInstance('Box polling', { 'event.vendor.type': 'polling', 'event.poller.refresh_interval': '60' });
    expect(instance.configuration['oauth.user.id']).toBe('33000001');
    const first = await pollNow(hub.apiUrl, owner, instance.id);
    expect(first.events).toEqual([]);

    // Box's stream may carry an event twice: the upload comes twice.
    box.state.events.repeatNext(1);
    const { '/polled-report.txt': fileId } = box.seed({ '/polled-report.txt': 'quarterly' });
    await deleteAtBox(fileId);
    expect(box.state.events.all().filter((e) => e.source.id === fileId).map((e) => e.event_type)).toEqual(['ITEM_UPLOAD', 'ITEM_UPLOAD', 'ITEM_TRASH']);

    const polled = await pollNow(hub.apiUrl, owner, instance.id);
    expect(polled.objects).toEqual(expect.arrayContaining([{ objectType: 'files', changes: 2 }, { objectType: 'folders', changes: 0 }]));
    await receiver.waitFor(() => changesOf(fileId).length >= 2 && changesOf(fileId).every((c) => c.notification.status === 200));
    expect(changesOf(fileId).map(({ notification: _n, ...change }) => change)).toEqual([
      { eventType: 'CREATED', objectType: 'files', objectId: fileId, elementKey: 'box', date: expect.stringMatching(/Z$/) },
      { eventType: 'DELETED', objectType: 'files', objectId: fileId, elementKey: 'box', date: expect.stringMatching(/Z$/) },
    ]);
    const notification: ReceivedNotification = changesOf(fileId)[0].notification;
    expect(verifyNotification(notification, signatureKey)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({ instanceId: instance.id, elementKey: 'box', raw: { objectType: 'files', files: [{ event_type: 'ITEM_UPLOAD' }, { event_type: 'ITEM_TRASH' }] } });
    // The hub read the stream from the position it saved, asking only for tree changes.
    const reads = box.state.requests.filter((r) => r.path === '/2.0/events');
    expect(reads.at(-1)?.query).toMatchObject({ stream_type: 'changes', limit: '500', stream_position: expect.stringMatching(/^\d{19}$/) });

    const again = await pollNow(hub.apiUrl, owner, instance.id);
    expect(again.events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changesOf(fileId)).toHaveLength(2);
    await api(hub.apiUrl, 'DELETE', `/instances/${instance.id}`, { auth: authHeader(owner) });
  });

  describe('by webhook', () => {
    let instance: { id: number; configuration: Record<string, string> };
    let folderId: string;
    const ingress = () => `${hub.apiUrl}/events/box/${Buffer.from(String(instance.id)).toString('base64')}`;

    /** POSTs `body` to the ingress as Box would, signed with `key` at `timestamp`. */
    const post = (body: unknown, key: string, timestamp: string) => {
      const raw = JSON.stringify(body);
      const signature = createHmac('sha256', key).update(raw).update(timestamp).digest('base64');
      return fetch(ingress(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'box-delivery-timestamp': timestamp, 'box-signature-primary': signature, 'box-delivery-id': 'manual' },
        body: raw,
      });
    };

    beforeAll(async () => {
      folderId = box.seed({ '/Watched': null })['/Watched'];
      instance = await createInstance('Box webhooks', {
        'event.vendor.type': 'webhook',
        'box.webhook.folder.id': folderId,
        'box.webhook.signature.primary': boxKeys.primary,
        'box.webhook.signature.secondary': boxKeys.secondary,
      });
    });

    it('creates the Box webhook on the folder, pointing at the instance’s ingress URL, and keeps the signature keys secret', async () => {
      const webhooks = [...box.state.webhooks.webhooks.values()];
      expect(webhooks).toEqual([expect.objectContaining({ target: { id: folderId, type: 'folder' }, address: ingress(), triggers: expect.arrayContaining(['FILE.UPLOADED', 'FILE.TRASHED', 'FOLDER.CREATED']) })]);
      expect(instance.configuration).toMatchObject({ 'box.webhook.signature.primary': '********', 'box.webhook.signature.secondary': '********', 'box.webhook.folder.id': folderId });
      const shown = await api(hub.apiUrl, 'GET', `/instances/${instance.id}`, { auth: authHeader(owner) });
      expect(JSON.stringify(shown.body)).not.toContain(boxKeys.primary);
      expect(hub.output()).not.toContain(boxKeys.primary);
    });

    it('refuses the root folder as the webhook folder with a 400 naming the key', async () => {
      const refused = await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}`, { auth: authHeader(owner), json: { configuration: { 'box.webhook.folder.id': '0' } } });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ requestId: expect.any(String), message: expect.stringContaining("'box.webhook.folder.id'") });
    });

    it('refuses to drop the webhook folder while webhook events are on, and keeps the configuration as it was', async () => {
      const refused = await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}`, { auth: authHeader(owner), json: { configuration: { 'box.webhook.folder.id': null } } });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain("'box.webhook.folder.id'");
      const kept = await api(hub.apiUrl, 'GET', `/instances/${instance.id}/configuration`, { auth: authHeader(owner) });
      expect(JSON.stringify(kept.body)).toContain('box.webhook.folder.id');
    });

    it('turns an upload into the watched folder into a signed notification to the app', async () => {
      const { '/Watched/hooked.pdf': fileId } = box.seed({ '/Watched/hooked.pdf': '%PDF' });
      await receiver.waitFor(() => changesOf(fileId).some((c) => c.notification.status === 200));
      await box.state.webhooks.flush();
      expect(box.state.webhooks.deliveries.find((d) => d.payload.source.id === fileId)).toMatchObject({ status: 200, url: ingress() });

      const [change] = changesOf(fileId);
      expect(change).toMatchObject({ eventType: 'CREATED', objectType: 'files', objectId: fileId, elementKey: 'box' });
      expect(verifyNotification(change.notification, signatureKey)).toEqual({ elements: true, standard: true });
      expect(change.notification.body.message).toMatchObject({ instanceId: instance.id, raw: { type: 'webhook_event', trigger: 'FILE.UPLOADED', source: { id: fileId } } });
      const shown = await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events/${change.notification.id}`, { auth: authHeader(owner) });
      expect(shown.body).toMatchObject({ source: 'webhook', status: 'NOTIFIED' });
    });

    it('answers 401 to a forged or stale signature and delivers nothing', async () => {
      const delivery = box.state.webhooks.deliveries.at(-1)!;
      const forgedBody = { ...delivery.payload, id: 'forged', source: { ...delivery.payload.source, id: '1999999999' } };
      const count = async () => (await api(hub.apiUrl, 'GET', `/instances/${instance.id}/events?pageSize=500`, { auth: authHeader(owner) })).body.length;
      const before = await count();

      const fresh = new Date().toISOString();
      const forged = await post(forgedBody, 'not-the-box-key', fresh);
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ message: expect.stringMatching(/signature/), requestId: expect.any(String) });
      const stale = await post(forgedBody, boxKeys.primary, new Date(Date.now() - 11 * 60 * 1000).toISOString());
      expect(stale.status).toBe(401);

      expect(await count()).toBe(before);
      expect(changesOf('1999999999')).toEqual([]);
      expect(hub.output()).toMatch(new RegExp(`"element":"box","instanceId":${instance.id}.*webhook signature rejected`));
      // The same body, correctly signed and fresh, goes through: the 401s were the signatures.
      expect((await post(forgedBody, boxKeys.primary, fresh)).status).toBe(200);
    });

    it('deletes the Box webhook when events are turned off', async () => {
      const webhookId = [...box.state.webhooks.webhooks.keys()][0];
      const patched = await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}`, { auth: authHeader(owner), json: { configuration: { 'event.notification.enabled': 'false' } } });
      expect(patched.status).toBe(200);
      expect(box.state.webhooks.webhooks.size).toBe(0);
      expect(box.state.requests.some((r) => r.method === 'DELETE' && r.path === `/2.0/webhooks/${webhookId}`)).toBe(true);
    });
  });
});
