import { createHmac } from 'node:crypto';
import { type RunningSimulator, readRawBody, sendJson, startSimulator } from './simulator-server';
import { type CloseSimulatorOptions, type RunningCloseSimulator, startCloseSimulator } from './close';

const KEY = 'api_test_key';
const ID43 = /^[A-Za-z0-9]{43}$/;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

interface Reply {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

function basic(key: string, password = ''): string {
  return `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`;
}

async function call(
  sim: RunningCloseSimulator,
  method: string,
  path: string,
  options: { body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== null) headers.authorization = options.auth ?? basic(KEY);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

describe('Close simulator', () => {
  let sim: RunningCloseSimulator;
  let clockMs: number;
  const open: RunningSimulator[] = [];

  async function start(options: CloseSimulatorOptions = {}): Promise<RunningCloseSimulator> {
    const started = await startCloseSimulator({ now: () => clockMs, ...options });
    open.push(started);
    return started;
  }

  beforeEach(async () => {
    clockMs = Date.parse('2025-03-01T12:00:00Z');
    sim = await start();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  describe('auth', () => {
    it('answers 401 with a JSON error when the key is missing, wrong, or sent as the password', async () => {
      for (const auth of [null, basic('nope'), basic('', KEY), `Bearer ${KEY}`]) {
        const reply = await call(sim, 'GET', '/api/v1/me/', { auth });
        expect(reply.status).toBe(401);
        expect(typeof reply.json.error).toBe('string');
      }
    });

    it('accepts the key as Basic username with an empty password and answers /me/', async () => {
      const reply = await call(sim, 'GET', '/api/v1/me/');
      expect(reply.status).toBe(200);
      expect(reply.json.id).toMatch(/^user_/);
      expect(reply.json).toMatchObject({ email: 'sim.user@example.com', first_name: 'Sim', last_name: 'User' });
      expect(reply.json.organizations[0]).toMatchObject({ id: sim.state.organization.id, name: 'Simulated Organization' });
      expect(reply.json.organizations[0].id).toMatch(/^orga_/);
    });

    it('accepts configured keys and bearer tokens', async () => {
      const custom = await start({ apiKeys: ['k1', 'k2'], bearerTokens: ['tok'] });
      expect((await call(custom, 'GET', '/api/v1/me/', { auth: basic('k2') })).status).toBe(200);
      expect((await call(custom, 'GET', '/api/v1/me/', { auth: 'Bearer tok' })).status).toBe(200);
      expect((await call(custom, 'GET', '/api/v1/me/', { auth: basic(KEY) })).status).toBe(401);
    });
  });

  describe('leads', () => {
    it('creates, reads, partially updates and deletes a lead with nested contacts', async () => {
      const created = await call(sim, 'POST', '/api/v1/lead/', {
        body: {
          name: 'Acme Inc',
          url: 'https://acme.example',
          addresses: [{ label: 'business', city: 'San Francisco', country: 'US' }],
          contacts: [{ name: 'Gob', emails: [{ type: 'office', email: 'gob@acme.example' }], phones: [{ phone: '8004445555' }] }],
          'custom.cf_source': 'Website',
        },
      });
      expect(created.status).toBe(200);
      const lead = created.json;
      expect(lead.id).toMatch(/^lead_/);
      expect(lead.id.slice(5)).toMatch(ID43);
      expect(lead).toMatchObject({
        name: 'Acme Inc',
        display_name: 'Acme Inc',
        description: null,
        organization_id: sim.state.organization.id,
        status_label: 'Potential',
        status_id: sim.state.organization.leadStatuses[0].id,
        'custom.cf_source': 'Website',
      });
      expect(lead.addresses[0]).toMatchObject({ label: 'business', city: 'San Francisco', address_1: null });
      expect(lead.date_created).toMatch(STAMP);
      expect(lead.contacts).toHaveLength(1);
      expect(lead.contacts[0]).toMatchObject({ name: 'Gob', lead_id: lead.id, title: null });
      expect(lead.contacts[0].id).toMatch(/^cont_[A-Za-z0-9]{43}$/);
      expect(lead.contacts[0].emails).toEqual([{ type: 'office', email: 'gob@acme.example', is_unsubscribed: false }]);
      expect(lead.contacts[0].phones[0]).toMatchObject({ type: 'office', phone: '+18004445555', phone_formatted: '+1 800-444-5555' });
      expect(lead.contact_ids).toEqual([lead.contacts[0].id]);

      const fetched = await call(sim, 'GET', `/api/v1/lead/${lead.id}/`);
      expect(fetched.json).toEqual(lead);

      clockMs += 5000;
      const updated = await call(sim, 'PUT', `/api/v1/lead/${lead.id}/`, { body: { description: 'Big fish' } });
      expect(updated.status).toBe(200);
      expect(updated.json).toMatchObject({ name: 'Acme Inc', description: 'Big fish', url: 'https://acme.example' });
      expect(updated.json.date_updated > lead.date_updated).toBe(true);
      expect(updated.json.date_created).toBe(lead.date_created);

      const deleted = await call(sim, 'DELETE', `/api/v1/lead/${lead.id}/`);
      expect(deleted).toMatchObject({ status: 200, json: {} });
      expect((await call(sim, 'GET', `/api/v1/lead/${lead.id}/`)).status).toBe(404);
      expect((await call(sim, 'GET', `/api/v1/contact/${lead.contacts[0].id}/`)).status).toBe(404);
    });

    it('validates types and status ids', async () => {
      const reply = await call(sim, 'POST', '/api/v1/lead/', { body: { name: 5, status_id: 'stat_nope', addresses: 'x' } });
      expect(reply.status).toBe(400);
      expect(reply.json.errors).toEqual([]);
      expect(Object.keys(reply.json['field-errors']).sort()).toEqual(['addresses', 'name', 'status_id']);
    });

    it('accepts a status label and keeps a stable creation order in lists', async () => {
      const { leads } = sim.seed({ leads: [{ name: 'B' }, { name: 'A' }, { name: 'C', status: 'Qualified' }] });
      expect(leads[2].status_label).toBe('Qualified');
      const list = await call(sim, 'GET', '/api/v1/lead/');
      expect(list.json.data.map((l: { name: string }) => l.name)).toEqual(['B', 'A', 'C']);
    });
  });

  describe('paging and fields', () => {
    const names = (reply: Reply) => reply.json.data.map((l: { name: string }) => l.name);

    beforeEach(() => {
      sim.seed({ leads: Array.from({ length: 200 }, (_, i) => ({ name: `Lead ${i}` })) });
    });

    it('pages with _skip/_limit and reports has_more exactly at the boundary', async () => {
      const first = await call(sim, 'GET', '/api/v1/lead/');
      expect(first.json.data).toHaveLength(100);
      expect(first.json.has_more).toBe(true);
      expect(names(first)[0]).toBe('Lead 0');

      const last = await call(sim, 'GET', '/api/v1/lead/?_skip=100&_limit=100');
      expect(last.json.data).toHaveLength(100);
      expect(last.json.has_more).toBe(false);
      expect(names(last)[99]).toBe('Lead 199');

      const almost = await call(sim, 'GET', '/api/v1/lead/?_skip=99&_limit=100');
      expect(almost.json.has_more).toBe(true);

      const past = await call(sim, 'GET', '/api/v1/lead/?_skip=200');
      expect(past.json).toMatchObject({ data: [], has_more: false });
    });

    it('rejects _limit over the maximum and non-integer paging values with 400', async () => {
      expect((await call(sim, 'GET', '/api/v1/lead/?_limit=101')).status).toBe(400);
      const bad = await call(sim, 'GET', '/api/v1/contact/?_skip=-1');
      expect(bad.status).toBe(400);
      expect(bad.json['field-errors']._skip).toEqual(expect.any(String));
      expect((await call(sim, 'GET', '/api/v1/opportunity/?_limit=1000')).status).toBe(400);
    });

    it('returns only the fields named in _fields', async () => {
      const reply = await call(sim, 'GET', '/api/v1/lead/?_limit=2&_fields=id,display_name');
      expect(reply.json.data).toHaveLength(2);
      for (const lead of reply.json.data) expect(Object.keys(lead).sort()).toEqual(['display_name', 'id']);
      const one = await call(sim, 'GET', `/api/v1/lead/${reply.json.data[0].id}/?_fields=name`);
      expect(one.json).toEqual({ name: 'Lead 0' });
    });
  });

  describe('lead query', () => {
    it('supports name:, plain words, status: and date_updated comparisons', async () => {
      sim.seed({
        leads: [
          { name: 'Acme Inc', date_created: '2024-01-01T00:00:00.000000+00:00' },
          { name: 'Acme Labs', status: 'Customer', date_created: '2024-06-01T00:00:00.000000+00:00' },
          { name: 'Globex', date_created: '2024-09-01T00:00:00.000000+00:00' },
        ],
      });
      const names = async (q: string) =>
        (await call(sim, 'GET', `/api/v1/lead/?query=${encodeURIComponent(q)}`)).json.data.map((l: { name: string }) => l.name);
      expect(await names('name:"acme inc"')).toEqual(['Acme Inc']);
      expect(await names('acme')).toEqual(['Acme Inc', 'Acme Labs']);
      expect(await names('acme status:"Customer"')).toEqual(['Acme Labs']);
      expect(await names('date_updated > "2024-03-01T00:00:00Z"')).toEqual(['Acme Labs', 'Globex']);
      expect(await names('date_updated>=2024-09-01')).toEqual(['Globex']);
      const unsupported = await call(sim, 'GET', '/api/v1/lead/?query=industry:tech');
      expect(unsupported.status).toBe(400);
      expect(unsupported.json['field-errors'].query).toMatch(/industry/);
    });
  });

  describe('contacts', () => {
    it('filters by lead_id and creates a lead named after the contact when lead_id is missing', async () => {
      const { leads } = sim.seed({ leads: [{ name: 'One' }, { name: 'Two' }] });
      sim.seed({ contacts: [{ lead_id: leads[0].id, name: 'A' }, { lead_id: leads[1].id, name: 'B' }] });
      const filtered = await call(sim, 'GET', `/api/v1/contact/?lead_id=${leads[1].id}`);
      expect(filtered.json.data.map((c: { name: string }) => c.name)).toEqual(['B']);
      expect(filtered.json.has_more).toBe(false);

      const orphan = await call(sim, 'POST', '/api/v1/contact/', { body: { name: 'Lonely Larry', title: 'CEO' } });
      expect(orphan.status).toBe(200);
      const lead = await call(sim, 'GET', `/api/v1/lead/${orphan.json.lead_id}/`);
      expect(lead.json).toMatchObject({ name: 'Lonely Larry', contact_ids: [orphan.json.id] });
    });

    it('answers 400 field-errors for an unknown lead_id or bad types, and updates partially', async () => {
      const unknown = await call(sim, 'POST', '/api/v1/contact/', { body: { lead_id: 'lead_missing', name: 'X' } });
      expect(unknown.status).toBe(400);
      expect(unknown.json).toEqual({ errors: [], 'field-errors': { lead_id: expect.any(String) } });
      const badTypes = await call(sim, 'POST', '/api/v1/contact/', { body: { name: ['x'], emails: 'a@b.c' } });
      expect(badTypes.status).toBe(400);
      expect(Object.keys(badTypes.json['field-errors']).sort()).toEqual(['emails', 'name']);

      const { contacts } = sim.seed({ leads: [{ name: 'L' }], contacts: [] });
      expect(contacts).toEqual([]);
      const made = await call(sim, 'POST', '/api/v1/contact/', { body: { name: 'Jo', title: 'CTO' } });
      const put = await call(sim, 'PUT', `/api/v1/contact/${made.json.id}`, { body: { title: 'CEO' } });
      expect(put.json).toMatchObject({ name: 'Jo', title: 'CEO' });
    });
  });

  describe('opportunities', () => {
    it('creates with integer cents, derives values, filters and validates', async () => {
      const { leads } = sim.seed({ leads: [{ name: 'Wayne' }, { name: 'Other' }] });
      const won = sim.state.organization.opportunityStatuses.find((s) => s.type === 'won')!;
      const created = await call(sim, 'POST', '/api/v1/opportunity/', {
        body: { lead_id: leads[0].id, value: 50000, value_period: 'monthly', confidence: 90, note: 'hope' },
      });
      expect(created.status).toBe(200);
      expect(created.json.id).toMatch(/^oppo_[A-Za-z0-9]{43}$/);
      expect(created.json).toMatchObject({
        lead_id: leads[0].id,
        lead_name: 'Wayne',
        value: 50000,
        value_currency: 'USD',
        value_period: 'monthly',
        value_formatted: '$500 monthly',
        annualized_value: 600000,
        expected_value: 45000,
        annualized_expected_value: 540000,
        status_type: 'active',
        status_label: 'Active',
        date_won: null,
        user_id: sim.state.user.id,
      });

      clockMs += 60_000;
      const mark = new Date(clockMs).toISOString();
      clockMs += 1000;
      const updated = await call(sim, 'PUT', `/api/v1/opportunity/${created.json.id}/`, { body: { status_id: won.id } });
      expect(updated.json).toMatchObject({ status_type: 'won', status_label: 'Won', date_won: '2025-03-01', note: 'hope' });
      sim.seed({ opportunities: [{ lead_id: leads[1].id, value: 100 }] });

      const byLead = await call(sim, 'GET', `/api/v1/opportunity/?lead_id=${leads[1].id}`);
      expect(byLead.json.data).toHaveLength(1);
      expect(byLead.json.total_results).toBe(1);
      const recent = await call(sim, 'GET', `/api/v1/opportunity/?date_updated__gt=${encodeURIComponent(mark)}`);
      expect(recent.json.data.map((o: { id: string }) => o.id)).toContain(created.json.id);
      const old = await call(sim, 'GET', `/api/v1/opportunity/?date_updated__lt=${encodeURIComponent(mark)}`);
      expect(old.json.data).toEqual([]);
      const wonOnly = await call(sim, 'GET', '/api/v1/opportunity/?status_type__in=won,lost');
      expect(wonOnly.json.data.map((o: { id: string }) => o.id)).toEqual([created.json.id]);

      for (const body of [{ lead_id: leads[0].id, value: 12.5 }, { lead_id: 'lead_x' }, { confidence: 101 }, { value_period: 'weekly' }]) {
        const reply = await call(sim, 'POST', '/api/v1/opportunity/', { body });
        expect(reply.status).toBe(400);
        expect(Object.keys(reply.json['field-errors'])).toHaveLength(1);
      }
    });
  });

  describe('protocol errors', () => {
    it('answers 404 for unknown ids and paths, 405 with Allow for unsupported methods', async () => {
      expect((await call(sim, 'GET', '/api/v1/opportunity/oppo_missing/')).status).toBe(404);
      const gone = await call(sim, 'DELETE', '/api/v1/contact/cont_missing/');
      expect(gone.status).toBe(404);
      expect(typeof gone.json.error).toBe('string');
      expect((await call(sim, 'GET', '/api/v1/nothing/')).status).toBe(404);
      const patch = await call(sim, 'PATCH', '/api/v1/lead/', { body: {} });
      expect(patch.status).toBe(405);
      expect(patch.headers.get('allow')).toBe('GET, POST');
      expect((await call(sim, 'GET', '/api/v1/lead')).status).toBe(200);
    });

    it('answers 400 for malformed JSON, 415 for non-JSON bodies and 413 for oversized ones', async () => {
      expect((await call(sim, 'POST', '/api/v1/lead/', { body: '{"name":' })).status).toBe(400);
      const form = await call(sim, 'POST', '/api/v1/lead/', { body: 'name=x', headers: { 'content-type': 'text/plain' } });
      expect(form.status).toBe(415);
      const small = await start({ maxBodyBytes: 64 });
      expect((await call(small, 'POST', '/api/v1/lead/', { body: { name: 'x'.repeat(100) } })).status).toBe(413);
    });
  });

  describe('rate limiting', () => {
    it('sends RateLimit on every answer and 429 with retry-after over the limit', async () => {
      const limited = await start({ rateLimit: { limit: 3, windowSeconds: 10 } });
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const reply = await call(limited, 'GET', '/api/v1/lead/');
        expect(reply.status).toBe(200);
        seen.push(reply.headers.get('ratelimit') ?? '');
        clockMs += 1000;
      }
      expect(seen).toEqual([
        'limit=3, remaining=2, reset=10',
        'limit=3, remaining=1, reset=9',
        'limit=3, remaining=0, reset=8',
      ]);
      const refused = await call(limited, 'GET', '/api/v1/lead/');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(refused.headers.get('ratelimit')).toBe('limit=3, remaining=0, reset=7');
      expect(refused.headers.get('ratelimit')).toMatch(/limit=(\d+), remaining=(\d+), reset=(\d+)/);

      clockMs += 7000;
      const again = await call(limited, 'GET', '/api/v1/lead/');
      expect(again.status).toBe(200);
      expect(again.headers.get('ratelimit')).toBe('limit=3, remaining=2, reset=10');
    });
  });

  describe('fault injection and recording', () => {
    it('failNext answers the next n requests with the given status and body', async () => {
      sim.state.failNext(2, 503);
      const first = await call(sim, 'GET', '/api/v1/me/');
      expect(first.status).toBe(503);
      expect(first.json).toEqual({ error: expect.any(String) });
      expect((await call(sim, 'GET', '/api/v1/me/', { auth: null })).status).toBe(503);
      expect((await call(sim, 'GET', '/api/v1/me/')).status).toBe(200);

      sim.state.failNext(1, 200, '{"data": [');
      const malformed = await call(sim, 'GET', '/api/v1/lead/');
      expect(malformed.status).toBe(200);
      expect(malformed.text).toBe('{"data": [');
    });

    it('records what the vendor received', async () => {
      await call(sim, 'POST', '/api/v1/lead/?_fields=id', { body: { name: 'Rec' }, headers: { 'x-tz-offset': '+01:00' } });
      const last = sim.state.requests.at(-1)!;
      expect(last).toMatchObject({ method: 'POST', path: '/api/v1/lead/', query: { _fields: 'id' }, body: { name: 'Rec' } });
      expect(last.headers['x-tz-offset']).toBe('+01:00');
      expect(last.headers.authorization).toBe(basic(KEY));
    });
  });

  describe('event log', () => {
    const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
    const ids = (reply: Reply) => reply.json.data.map((e: { object_id: string }) => e.object_id);

    it('logs what the API changed, newest first, with deletions carrying no data; seeding logs nothing', async () => {
      const { leads } = sim.seed({ leads: [{ name: 'Seeded' }] });
      const lead = (await call(sim, 'POST', '/api/v1/lead/', { body: { name: 'Logged', contacts: [{ name: 'Kid' }] } })).json;
      await call(sim, 'POST', '/api/v1/opportunity/', { body: { lead_id: lead.id, value: 100 } });
      clockMs += 1000;
      await call(sim, 'DELETE', `/api/v1/lead/${lead.id}/`);
      await call(sim, 'DELETE', `/api/v1/lead/${leads[0].id}/`);

      const all = await call(sim, 'GET', '/api/v1/event/');
      expect(all.status).toBe(200);
      expect(all.json.data.map((e: { object_type: string; action: string }) => `${e.object_type} ${e.action}`)).toEqual([
        'lead deleted',
        'lead deleted',
        'contact deleted',
        'opportunity deleted',
        'opportunity created',
        'contact created',
        'lead created',
      ]);
      expect(all.json).toMatchObject({ cursor_next: null, cursor_previous: null });
      const deletedLead = all.json.data[1];
      expect(deletedLead).toMatchObject({ object_id: lead.id, lead_id: lead.id, data: null, organization_id: sim.state.organization.id });
      expect(deletedLead.previous_data).toMatchObject({ id: lead.id, name: 'Logged' });
      expect(deletedLead.id).toMatch(/^ev_[A-Za-z0-9]{22}$/);
      expect(deletedLead.date_updated).toMatch(NAIVE);
      // Event stamps are the simulator clock's UTC time, without an offset.
      expect(deletedLead.date_updated.startsWith('2025-03-01T12:00:01.')).toBe(true);
      expect(all.headers.get('date')).toBe('Sat, 01 Mar 2025 12:00:01 GMT');

      const leadDeletions = await call(sim, 'GET', '/api/v1/event/?object_type=lead&action=deleted');
      expect(ids(leadDeletions)).toEqual([leads[0].id, lead.id]);
      const since = await call(sim, 'GET', `/api/v1/event/?object_type=lead&action=deleted&date_updated__gt=${deletedLead.date_updated}`);
      expect(ids(since)).toEqual([leads[0].id]);
      const one = await call(sim, 'GET', `/api/v1/event/${deletedLead.id}/`);
      expect(one.json).toEqual(deletedLead);
      expect((await call(sim, 'GET', '/api/v1/event/ev_missing/')).status).toBe(404);
    });

    it('pages by _cursor in both directions, at most 50 events a page, keeping the date filters', async () => {
      const made: string[] = [];
      for (let i = 0; i < 60; i++) made.push((await call(sim, 'POST', '/api/v1/lead/', { body: { name: `L${i}` } })).json.id);
      const newestFirst = [...made].reverse();
      const floor = sim.state.eventLog.events[4].date_updated;
      const query = `object_type=lead&action=created&date_updated__gte=${floor}`;

      const first = await call(sim, 'GET', `/api/v1/event/?${query}&_limit=500`);
      expect(ids(first)).toEqual(newestFirst.slice(0, 50));
      expect(first.json.cursor_previous).toBeNull();
      // Only the date filter is left out on the next page: the cursor keeps it.
      const second = await call(sim, 'GET', `/api/v1/event/?object_type=lead&action=created&_cursor=${first.json.cursor_next}`);
      expect(ids(second)).toEqual(newestFirst.slice(50, 56));
      expect(second.json.cursor_next).toBeNull();
      const back = await call(sim, 'GET', `/api/v1/event/?object_type=lead&action=created&_limit=3&_cursor=${second.json.cursor_previous}`);
      expect(ids(back)).toEqual(newestFirst.slice(47, 50));

      const small = await call(sim, 'GET', '/api/v1/event/?object_type=lead&action=created&_limit=2');
      expect(ids(small)).toEqual(newestFirst.slice(0, 2));
    });

    it('refuses _skip, filter combinations Close does not support, bad cursors and bad dates with 400', async () => {
      const skip = await call(sim, 'GET', '/api/v1/event/?_skip=10');
      expect(skip.status).toBe(400);
      expect(Object.keys(skip.json['field-errors'])).toEqual(['_skip']);
      const action = await call(sim, 'GET', '/api/v1/event/?action=deleted');
      expect(action.status).toBe(400);
      expect(action.json.error).toMatch(/action/);
      expect((await call(sim, 'GET', '/api/v1/event/?object_type=lead&lead_id=lead_x')).status).toBe(200);
      const cursor = await call(sim, 'GET', '/api/v1/event/?_cursor=not-a-cursor');
      expect(cursor.status).toBe(400);
      expect(Object.keys(cursor.json['field-errors'])).toEqual(['_cursor']);
      expect((await call(sim, 'GET', '/api/v1/event/?object_type=lead&action=deleted&date_updated__gt=yesterday')).status).toBe(400);
    });

    it('keeps nothing with eventLog off, and delivers nothing to subscribers unless deliverWebhooks is on', async () => {
      const quiet = await start({ eventLog: false });
      await call(quiet, 'POST', '/api/v1/lead/', { body: { name: 'Unlogged' } });
      expect((await call(quiet, 'GET', '/api/v1/event/')).json.data).toEqual([]);

      await call(sim, 'POST', '/api/v1/webhook/', { body: { url: 'http://127.0.0.1:9/hook', events: [{ object_type: 'lead', action: 'created' }] } });
      await call(sim, 'POST', '/api/v1/lead/', { body: { name: 'Logged only' } });
      await sim.state.flushWebhooks();
      expect(sim.state.deliveries).toEqual([]);
      expect(sim.state.eventLog.events).toHaveLength(1);
    });
  });

  describe('webhooks', () => {
    let receiver: RunningSimulator;
    let received: { headers: Record<string, string | string[] | undefined>; raw: string }[];

    beforeEach(async () => {
      received = [];
      receiver = await startSimulator(async (req, res) => {
        received.push({ headers: req.headers, raw: (await readRawBody(req)).toString('utf8') });
        sendJson(res, 200, {});
      });
      open.push(receiver);
    });

    it('manages subscriptions', async () => {
      const created = await call(sim, 'POST', '/api/v1/webhook/', {
        body: { url: `${receiver.url}/hook`, events: [{ object_type: 'lead', action: 'created' }] },
      });
      expect(created.status).toBe(201);
      expect(created.json.id).toMatch(/^whsub_[A-Za-z0-9]{22}$/);
      expect(created.json.signature_key).toMatch(/^[0-9a-f]{64}$/);
      expect(created.json).toMatchObject({ status: 'active', verify_ssl: true, url: `${receiver.url}/hook` });
      expect((await call(sim, 'GET', `/api/v1/webhook/${created.json.id}/`)).json).toEqual(created.json);
      const paused = await call(sim, 'PUT', `/api/v1/webhook/${created.json.id}/`, { body: { status: 'paused' } });
      expect(paused.json).toMatchObject({ status: 'paused', pause_reason: 'api' });
      expect((await call(sim, 'DELETE', `/api/v1/webhook/${created.json.id}/`)).status).toBe(200);
      expect((await call(sim, 'GET', `/api/v1/webhook/${created.json.id}/`)).status).toBe(404);
      const invalid = await call(sim, 'POST', '/api/v1/webhook/', { body: { url: 'nope' } });
      expect(invalid.status).toBe(400);
      expect(Object.keys(invalid.json['field-errors']).sort()).toEqual(['events', 'url']);
    });

    it('delivers signed events to matching subscriptions', async () => {
      const hooked = await start({ deliverWebhooks: true });
      const subscription = (
        await call(hooked, 'POST', '/api/v1/webhook/', {
          body: {
            url: `${receiver.url}/hook`,
            events: [
              { object_type: 'lead', action: 'created' },
              { object_type: 'lead', action: 'updated' },
            ],
          },
        })
      ).json;
      const lead = (await call(hooked, 'POST', '/api/v1/lead/', { body: { name: 'Hooked', contacts: [{ name: 'C' }] } })).json;
      await call(hooked, 'PUT', `/api/v1/lead/${lead.id}/`, { body: { name: 'Hooked 2' } });
      await call(hooked, 'POST', '/api/v1/opportunity/', { body: { lead_id: lead.id } });
      await hooked.state.flushWebhooks();

      expect(received).toHaveLength(2);
      for (const delivery of received) {
        const timestamp = String(delivery.headers['close-sig-timestamp']);
        expect(timestamp).toMatch(/^\d+$/);
        const expected = createHmac('sha256', Buffer.from(subscription.signature_key, 'hex'))
          .update(timestamp + delivery.raw)
          .digest('hex');
        expect(delivery.headers['close-sig-hash']).toBe(expected);
        expect(delivery.headers['content-type']).toBe('application/json');
      }
      const [created, updated] = received.map((d) => JSON.parse(d.raw));
      expect(created.subscription_id).toBe(subscription.id);
      expect(created.event).toMatchObject({
        object_type: 'lead',
        action: 'created',
        object_id: lead.id,
        lead_id: lead.id,
        organization_id: hooked.state.organization.id,
        previous_data: {},
        meta: { request_method: 'POST', request_path: '/api/v1/lead/' },
      });
      expect(created.event.id).toMatch(/^ev_[A-Za-z0-9]{22}$/);
      expect(created.event.data).toMatchObject({ id: lead.id, name: 'Hooked' });
      expect(updated.event).toMatchObject({
        action: 'updated',
        changed_fields: ['date_updated', 'display_name', 'name'],
        previous_data: { name: 'Hooked', display_name: 'Hooked', date_updated: lead.date_updated },
      });
      expect(updated.event.data.name).toBe('Hooked 2');
      expect(hooked.state.deliveries.map((d) => d.status)).toEqual([200, 200]);
    });
  });
});
