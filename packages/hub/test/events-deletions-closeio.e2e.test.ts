import {
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
 * Close deletions through the real hub: a polling instance reads Close's event log next to each
 * list, and a lead deleted at Close by someone else reaches the app as signed DELETED events (its
 * contacts and opportunities with it), once.
 */
const KEY = 'deletions-signature-key';

describe('Close deletions by polling', () => {
  let close: RunningCloseSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  beforeAll(async () => {
    [close, receiver] = await Promise.all([startCloseSimulator({ apiKeys: ['api_live_key'] }), startCallbackReceiver()]);
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([close?.close(), receiver?.close()]);
  });

  it('delivers a lead deleted at Close as signed DELETED events, cascades included, and only once', async () => {
    const [lead] = close.seed({ leads: [{ name: 'Deleted Co' }] }).leads;
    const [contact] = close.seed({ contacts: [{ lead_id: lead.id, name: 'Gone Person' }] }).contacts;
    const [opportunity] = close.seed({ opportunities: [{ lead_id: lead.id, note: 'Gone deal', value: 1000 }] }).opportunities;
    const instance = await createCloseInstance(hub.apiUrl, owner, {
      'event.vendor.type': 'polling',
      // Long enough that only the polls this test asks for run.
      'event.poller.refresh_interval': '60',
      'event.notification.callback.url': receiver.url,
      'event.notification.signature.key': KEY,
    });
    const eventLogCalls = () => close.state.requests.filter((r) => r.path === '/api/v1/event/');
    const established = await pollNow(hub.apiUrl, owner, instance.id);
    expect(established.events).toEqual([]);
    // The first poll takes each object's position in the log (Close's clock is in the answer's Date).
    // The scheduler may have polled once already, so the calls are counted as kinds, not one by one.
    expect(new Set(eventLogCalls().map((r) => `${r.query.object_type}/${r.query.action}`))).toEqual(new Set(['lead/deleted', 'contact/deleted', 'opportunity/deleted']));
    const callsBefore = eventLogCalls().length;

    // Another Close client deletes the lead; Close deletes its contact and opportunity with it.
    await closeCall(close, 'DELETE', `/lead/${lead.id}/`);

    const polled = await pollNow(hub.apiUrl, owner, instance.id);
    expect(polled.objects).toEqual([
      { objectType: 'accounts', changes: 1 },
      { objectType: 'contacts', changes: 1 },
      { objectType: 'opportunities', changes: 1 },
    ]);
    const deletionOf = (id: string) => receiver.received.find((n) => n.body?.message?.instanceId === instance.id && n.body.message.events.some((e: { objectId: string }) => e.objectId === id));
    await receiver.waitFor(() => Boolean(deletionOf(lead.id) && deletionOf(contact.id) && deletionOf(opportunity.id)), 10_000);

    const notification = deletionOf(lead.id)!;
    expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({ elementKey: 'closeio', instanceId: instance.id });
    const logged = close.state.eventLog.events.find((e) => e.object_id === lead.id && e.action === 'deleted')!;
    expect(notification.body.message.events).toEqual([
      { eventType: 'DELETED', objectType: 'accounts', objectId: lead.id, elementKey: 'closeio', date: new Date(`${logged.date_created}Z`).toISOString() },
    ]);
    expect(notification.body.message.raw).toEqual({ objectType: 'accounts', accounts: [expect.objectContaining({ id: logged.id, object_type: 'lead', object_id: lead.id, action: 'deleted', data: null })] });
    expect(deletionOf(contact.id)!.body.message.events).toEqual([expect.objectContaining({ eventType: 'DELETED', objectType: 'contacts', objectId: contact.id })]);
    expect(deletionOf(opportunity.id)!.body.message.events).toEqual([expect.objectContaining({ eventType: 'DELETED', objectType: 'opportunities', objectId: opportunity.id })]);

    // The next poll reads the last five minutes of the log again, and reports nothing twice.
    const received = receiver.received.length;
    const again = await pollNow(hub.apiUrl, owner, instance.id);
    expect(again.objects).toEqual([
      { objectType: 'accounts', changes: 0 },
      { objectType: 'contacts', changes: 0 },
      { objectType: 'opportunities', changes: 0 },
    ]);
    expect(again.events).toEqual([]);
    expect(eventLogCalls().length - callsBefore).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(received);
  });
});
