import path from 'node:path';
import { HostMap, type CeqlNode, type ChangedSince, type ListPolling } from '@junction/core';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import { startCloseSimulator, type RunningCloseSimulator } from '@junction/testing';
import { closeio } from '../src';
import { closeEvents } from '../src/events';
import { accounts } from '../src/resources/accounts';
import { contacts } from '../src/resources/contacts';
import { opportunities } from '../src/resources/opportunities';
import { Account, Opportunity } from '@junction/core';

/**
 * Replays `__recordings__/events-*.json`. With NOCK_BACK_MODE=record and no CLOSE_API_KEY, the
 * exchanges are recorded against the Close simulator started here on port 7101 and stored under
 * api.close.com.
 */
const recording = recordingMode() === 'record';
const apiKey = process.env.CLOSE_API_KEY ?? 'api_test_key';
const directory = path.join(__dirname, '__recordings__');
const options = { directory, originAliases: { 'http://127.0.0.1:7101': 'https://api.close.com:443' }, secrets: [apiKey] };
const hostMap = recording && !process.env.CLOSE_API_KEY ? HostMap.parse('api.close.com=http://127.0.0.1:7101') : undefined;
const ctx = () => contextFor(closeio, { username: apiKey, password: '' }, hostMap);
const since = (operator: '>=' | '>', value: string): CeqlNode => ({ kind: 'comparison', field: 'modifiedDate', operator, value });

describe('Close events at the vendor', () => {
  let simulator: RunningCloseSimulator | undefined;
  beforeAll(async () => {
    if (!hostMap) return;
    simulator = await startCloseSimulator({ port: 7101, apiKeys: [apiKey] });
    const [lead] = simulator.seed({
      leads: [
        { name: 'Stale Co', date_created: '2025-05-01T09:00:00.000000+00:00', date_updated: '2025-05-01T09:00:00.000000+00:00' },
        { name: 'Fresh Co', date_created: '2025-05-01T09:00:00.000000+00:00', date_updated: '2025-06-01T11:59:30.250117+00:00' },
      ],
    }).leads;
    simulator.seed({
      opportunities: [
        { lead_id: lead.id, note: 'Old deal', value: 1000, date_created: '2025-05-01T09:00:00.000000+00:00', date_updated: '2025-05-02T09:00:00.000000+00:00' },
        { lead_id: lead.id, note: 'Boundary deal', value: 2000, date_created: '2025-05-01T09:00:00.000000+00:00', date_updated: '2025-06-01T11:59:30.250117+00:00' },
        { lead_id: lead.id, note: 'New deal', value: 3000, date_created: '2025-06-01T11:59:31.000001+00:00', date_updated: '2025-06-01T11:59:31.000001+00:00' },
      ],
    });
  });
  afterAll(() => simulator?.close());

  it('pushes the poller’s change filter to Close: date_updated__gte / __gt for opportunities, a date_updated search for leads', async () => {
    await withRecording(options, 'events-polling-pushdown', async () => {
      const atOrAfter = await opportunities.list!(ctx(), { pageSize: 100, where: since('>=', '2025-06-01T11:59:30.250117+00:00') });
      expect(atOrAfter.records.map((o) => Opportunity.parse(opportunities.toHub(o)).description)).toEqual(['Boundary deal', 'New deal']);
      const after = await opportunities.list!(ctx(), { pageSize: 100, where: since('>', '2025-06-01T11:59:30.250117+00:00') });
      expect(after.records.map((o) => opportunities.toHub(o).description)).toEqual(['New deal']);
      expect(after.cursor).toBeUndefined();

      const leads = await accounts.list!(ctx(), { pageSize: 100, where: since('>=', '2025-06-01T00:00:00.000000+00:00') });
      expect(leads.records.map((l) => Account.parse(accounts.toHub(l)).name)).toEqual(['Fresh Co']);
    });
  });

  it('reads deletions from Close’s event log: the position first, then each deletion once', async () => {
    await withRecording(options, 'events-deletions', async () => {
      const deletionsOf = (name: string): ChangedSince => (closeEvents.polling!.objects as ListPolling[]).find((o) => o.resource.name === name)!.deletions!;
      const [leadDeletions, contactDeletions] = [deletionsOf('accounts'), deletionsOf('contacts')];
      const leadStart = await leadDeletions(ctx(), undefined);
      const contactStart = await contactDeletions(ctx(), undefined);
      expect([leadStart.events, contactStart.events]).toEqual([[], []]);

      const lead = await accounts.create!(ctx(), { name: 'Doomed Co' });
      const contact = await contacts.create!(ctx(), { name: 'Doomed Person', lead_id: lead.id });
      await accounts.delete!(ctx(), lead.id);

      // Deleting a lead deletes its contacts: Close logs each.
      const leadsGone = await leadDeletions(ctx(), leadStart.state);
      expect(leadsGone.events).toEqual([{ eventType: 'DELETED', objectType: 'accounts', objectId: lead.id, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), raw: expect.objectContaining({ object_type: 'lead', action: 'deleted', data: null }) }]);
      const contactsGone = await contactDeletions(ctx(), contactStart.state);
      expect(contactsGone.events.map((e) => [e.objectType, e.objectId])).toEqual([['contacts', contact.id]]);

      expect((await leadDeletions(ctx(), leadsGone.state)).events).toEqual([]);
      expect((await contactDeletions(ctx(), contactsGone.state)).events).toEqual([]);
    });
  });

  it('subscribes through /webhook/ for the chosen objects, keeps the signing key, and unsubscribes (a gone subscription is fine)', async () => {
    await withRecording(options, 'events-subscriptions', async () => {
      const webhook = closeEvents.webhook!;
      const created = await webhook.subscribe!(ctx(), 'https://junction.example/elements/api-v2/events/closeio/NDI=', ['accounts', 'opportunities']);
      expect(created.subscriptionId).toMatch(/^whsub_/);
      // Recordings keep the key scrubbed; against Close it is the 64-hex-digit key.
      expect(created.secret).toMatch(recording ? /^[0-9a-f]{64}$/ : /^<scrubbed>$/);
      await webhook.unsubscribe!(ctx(), created.subscriptionId);
      await expect(webhook.unsubscribe!(ctx(), created.subscriptionId)).resolves.toBeUndefined();
    });
  });

  it('reports a refused subscription with Close’s words', async () => {
    await withRecording(options, 'events-subscription-refused', async () => {
      const failure = await closeEvents.webhook!.subscribe!(ctx(), 'not a url', ['contacts']).catch((e: unknown) => e);
      expect(failure).toMatchObject({ status: 400, providerMessage: 'url: Enter a valid URL.' });
    });
  });
});
