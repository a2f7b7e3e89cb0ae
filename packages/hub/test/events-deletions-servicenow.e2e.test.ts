import {
  api,
  authHeader,
  signup,
  startCallbackReceiver,
  startHubProcess,
  startServiceNowSimulator,
  verifyNotification,
  type CallbackReceiver,
  type HubProcess,
  type RunningServiceNowSimulator,
  type Secrets,
} from '@junction/testing';
import { fastEventsEnv, pollNow } from './events-support';

/**
 * ServiceNow deletions through the real hub: a polling instance reads the Deleted Records table
 * (sys_audit_delete) next to each list, and an incident deleted at the instance by another client
 * reaches the app as a signed DELETED event, once.
 */
const KEY = 'servicenow-deletions-signature-key';

describe('ServiceNow deletions by polling', () => {
  let servicenow: RunningServiceNowSimulator;
  let receiver: CallbackReceiver;
  let hub: HubProcess;
  let owner: Secrets;

  beforeAll(async () => {
    [servicenow, receiver] = await Promise.all([
      startServiceNowSimulator({ users: { 'svc.junction': 'pw', 'service.desk': 'desk-pw' }, auditDeletedTables: ['sys_user'] }),
      startCallbackReceiver(),
    ]);
    hub = await startHubProcess({ ...fastEventsEnv, JUNCTION_VENDOR_HOSTS: `acme.service-now.com=${servicenow.url}` });
    owner = await signup(hub.apiUrl);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([servicenow?.close(), receiver?.close()]);
  });

  it('delivers an incident deleted at ServiceNow as a signed DELETED event, and only once', async () => {
    const incident = servicenow.state.insert('incident', { short_description: 'Raised twice by mistake' });
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: 'snow deletions',
        element: { key: 'servicenow' },
        configuration: {
          username: 'svc.junction',
          password: 'pw',
          'servicenow.subdomain': 'acme',
          'event.notification.enabled': 'true',
          'event.vendor.type': 'polling',
          // Long enough that only the polls this test asks for run.
          'event.poller.refresh_interval': '60',
          'event.notification.callback.url': receiver.url,
          'event.notification.signature.key': KEY,
        },
      },
    });
    expect(created.status).toBe(200);
    const instance = created.body as { id: number };
    const auditReads = () => servicenow.state.requests.filter((r) => r.path === '/api/now/table/sys_audit_delete');

    const established = await pollNow(hub.apiUrl, owner, instance.id);
    expect(established.events).toEqual([]);
    // The first poll takes each object's position in the log; the scheduler may have polled once already.
    expect(new Set(auditReads().map((r) => r.query.sysparm_query))).toEqual(
      new Set(['tablename=incident^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id', 'tablename=sys_user^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id', 'tablename=core_company^ORDERBYDESCsys_created_on^ORDERBYDESCsys_id']),
    );
    const readsBefore = auditReads().length;

    // Another ServiceNow user deletes the incident through the Table API.
    const deleted = await fetch(`${servicenow.url}/api/now/table/incident/${incident.sys_id}`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from('service.desk:desk-pw').toString('base64')}`, accept: 'application/json' },
    });
    expect(deleted.status).toBe(204);
    const [audit] = servicenow.state.records('sys_audit_delete');
    expect(audit).toMatchObject({ tablename: 'incident', documentkey: incident.sys_id, sys_created_by: 'service.desk' });

    const polled = await pollNow(hub.apiUrl, owner, instance.id);
    expect(polled.objects).toEqual([
      { objectType: 'incidents', changes: 1 },
      { objectType: 'agents', changes: 0 },
      { objectType: 'contacts', changes: 0 },
      { objectType: 'accounts', changes: 0 },
    ]);
    const deletionOf = (id: string) => receiver.received.find((n) => n.body?.message?.instanceId === instance.id && n.body.message.events.some((e: { objectId: string }) => e.objectId === id));
    await receiver.waitFor(() => Boolean(deletionOf(incident.sys_id)), 10_000);

    const notification = deletionOf(incident.sys_id)!;
    expect(verifyNotification(notification, KEY)).toEqual({ elements: true, standard: true });
    expect(notification.body.message).toMatchObject({ elementKey: 'servicenow', instanceId: instance.id });
    const deletedAt = `${audit.sys_created_on.replace(' ', 'T')}.000Z`;
    expect(notification.body.message.events).toEqual([{ eventType: 'DELETED', objectType: 'incidents', objectId: incident.sys_id, elementKey: 'servicenow', date: deletedAt }]);
    expect(notification.body.message.raw).toEqual({
      objectType: 'incidents',
      incidents: [{ sys_id: audit.sys_id, tablename: 'incident', documentkey: incident.sys_id, sys_created_on: audit.sys_created_on, sys_created_by: 'service.desk' }],
    });

    // The next poll reads the log from the deletion's second again, and reports nothing twice.
    const received = receiver.received.length;
    const again = await pollNow(hub.apiUrl, owner, instance.id);
    expect(again.objects.map((o: { changes: number }) => o.changes)).toEqual([0, 0, 0, 0]);
    expect(again.events).toEqual([]);
    // Two polls, four deletion reads each (agents and contacts both read sys_user's).
    expect(auditReads().length - readsBefore).toBe(8);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(received);
  });
});
