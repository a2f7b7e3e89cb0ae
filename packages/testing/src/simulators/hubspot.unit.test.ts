import { type HubSpotSimulatorOptions, type RunningHubSpotSimulator, startHubSpotSimulator } from './hubspot';

interface Reply {
  status: number;
  headers: Headers;
  json: any;
}

async function call(
  sim: RunningHubSpotSimulator,
  method: string,
  path: string,
  options: { body?: unknown; form?: Record<string, string>; token?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? sim.accessToken}`;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${sim.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const eq = (propertyName: string, value: string) => ({ propertyName, operator: 'EQ', value });

describe('HubSpot simulator', () => {
  let sim: RunningHubSpotSimulator;
  let clockMs: number;
  const open: RunningHubSpotSimulator[] = [];

  async function start(options: HubSpotSimulatorOptions = {}): Promise<RunningHubSpotSimulator> {
    const started = await startHubSpotSimulator({ now: () => clockMs, ...options });
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

  describe('OAuth', () => {
    const client = { client_id: 'sim-client-id', client_secret: 'sim-client-secret' };

    async function authorize(): Promise<string> {
      const reply = await call(sim, 'GET', '/oauth/authorize?client_id=sim-client-id&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=oauth%20crm.objects.contacts.read&state=xyz', { token: null });
      expect(reply.status).toBe(302);
      const location = new URL(reply.headers.get('location')!);
      expect(location.origin + location.pathname).toBe('https://app.example/cb');
      expect(location.searchParams.get('state')).toBe('xyz');
      return location.searchParams.get('code')!;
    }

    it('redirects with a code, exchanges it once for tokens that expire in 1800 s, and refreshes with the same refresh token', async () => {
      const code = await authorize();
      const grant = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb' } });
      expect(grant.status).toBe(200);
      expect(grant.json).toMatchObject({ token_type: 'bearer', expires_in: 1800, hub_id: 62515, scopes: ['oauth', 'crm.objects.contacts.read'] });
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts', { token: grant.json.access_token })).status).toBe(200);

      const reused = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb' } });
      expect(reused).toMatchObject({ status: 400, json: { status: 'BAD_AUTH_CODE' } });

      const refreshed = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'refresh_token', refresh_token: grant.json.refresh_token } });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.refresh_token).toBe(grant.json.refresh_token);
      expect(refreshed.json.access_token).not.toBe(grant.json.access_token);
    });

    it('refuses a wrong client secret, a mismatched redirect_uri and a JSON token request', async () => {
      const code = await authorize();
      const badSecret = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, client_secret: 'nope', grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb' } });
      expect(badSecret).toMatchObject({ status: 400, json: { status: 'BAD_CLIENT_SECRET' } });
      const badRedirect = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'authorization_code', code, redirect_uri: 'https://other.example/cb' } });
      expect(badRedirect).toMatchObject({ status: 400, json: { status: 'BAD_REDIRECT_URI' } });
      expect((await call(sim, 'POST', '/oauth/v1/token', { token: null, body: { ...client, grant_type: 'refresh_token' } })).status).toBe(415);
    });

    it('answers 401 EXPIRED_AUTHENTICATION after expireAccessTokens(), and BAD_REFRESH_TOKEN after revokeRefreshTokens()', async () => {
      sim.expireAccessTokens();
      clockMs += 5000;
      const expired = await call(sim, 'GET', '/crm/v3/objects/contacts');
      expect(expired).toMatchObject({ status: 401, json: { status: 'error', category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired 5 second(s) ago.' } });

      const refreshed = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'refresh_token', refresh_token: 'sim-refresh-token' } });
      expect(refreshed.status).toBe(200);
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts', { token: refreshed.json.access_token })).status).toBe(200);

      sim.revokeRefreshTokens();
      const revoked = await call(sim, 'POST', '/oauth/v1/token', { token: null, form: { ...client, grant_type: 'refresh_token', refresh_token: 'sim-refresh-token' } });
      expect(revoked).toMatchObject({ status: 400, json: { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' } });
    });

    it('describes an access token (hub id, scopes, remaining lifetime) and answers 401 without one', async () => {
      const info = await call(sim, 'GET', `/oauth/v1/access-tokens/${sim.accessToken}`, { token: null });
      expect(info).toMatchObject({ status: 200, json: { token: sim.accessToken, hub_id: 62515, token_type: 'access' } });
      const missing = await call(sim, 'GET', '/crm/v3/objects/contacts', { token: null });
      expect(missing).toMatchObject({ status: 401, json: { status: 'error', category: 'INVALID_AUTHENTICATION' } });
      expect(missing.json.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('objects', () => {
    it('creates (201), reads with ?properties=, patches (200) and archives (204) a contact; then answers 404 OBJECT_NOT_FOUND', async () => {
      const created = await call(sim, 'POST', '/crm/v3/objects/contacts', { body: { properties: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' } } });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ id: '1001', archived: false, properties: { email: 'ada@example.com', hs_object_id: '1001', createdate: '2025-03-01T12:00:00.000Z' } });

      const read = await call(sim, 'GET', '/crm/v3/objects/contacts/1001?properties=email,phone');
      expect(read.json.properties).toEqual({ email: 'ada@example.com', phone: null, createdate: '2025-03-01T12:00:00.000Z', lastmodifieddate: '2025-03-01T12:00:00.000Z', hs_object_id: '1001' });

      clockMs += 60_000;
      const patched = await call(sim, 'PATCH', '/crm/v3/objects/contacts/1001', { body: { properties: { phone: '+1 555 0100', firstname: '' } } });
      expect(patched.status).toBe(200);
      expect(patched.json.properties).toMatchObject({ phone: '+1 555 0100', lastmodifieddate: '2025-03-01T12:01:00.000Z' });
      expect(patched.json.properties.firstname).toBeUndefined();

      expect((await call(sim, 'DELETE', '/crm/v3/objects/contacts/1001')).status).toBe(204);
      const gone = await call(sim, 'GET', '/crm/v3/objects/contacts/1001');
      expect(gone).toMatchObject({ status: 404, json: { status: 'error', category: 'OBJECT_NOT_FOUND', context: { id: ['1001'] } } });
    });

    it('answers 409 for a duplicate email and 400 VALIDATION_ERROR for unknown, read-only or invalid values', async () => {
      sim.seed({ contacts: [{ id: '7', properties: { email: 'dup@example.com' } }] });
      const duplicate = await call(sim, 'POST', '/crm/v3/objects/contacts', { body: { properties: { email: 'DUP@example.com' } } });
      expect(duplicate).toMatchObject({ status: 409, json: { status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: 'Contact already exists. Existing ID: 7' } });

      const invalid = await call(sim, 'POST', '/crm/v3/objects/deals', { body: { properties: { favourite: 'x', hs_object_id: '9', dealstage: 'won', amount: 'lots' } } });
      expect(invalid.status).toBe(400);
      expect(invalid.json.category).toBe('VALIDATION_ERROR');
      expect(invalid.json.message).toMatch(/^Property values were not valid: /);
      const problems = JSON.parse(invalid.json.message.replace('Property values were not valid: ', '')) as { error: string; name: string }[];
      expect(problems.map((p) => [p.name, p.error])).toEqual([
        ['favourite', 'PROPERTY_DOESNT_EXIST'],
        ['hs_object_id', 'READ_ONLY_VALUE'],
        ['dealstage', 'INVALID_OPTION'],
        ['amount', 'INVALID_FLOAT'],
      ]);
      expect((await call(sim, 'GET', '/crm/v3/objects/widgets')).json.message).toBe('Unable to infer object type from: widgets');
    });

    it('lists in id order with limit (at most 100) and paging.next.after', async () => {
      sim.seed({ companies: ['A', 'B', 'C'].map((name) => ({ properties: { name } })) });
      const first = await call(sim, 'GET', '/crm/v3/objects/companies?limit=2&properties=name');
      expect(first.json.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual(['A', 'B']);
      expect(first.json.paging.next).toEqual({ after: '1003', link: '?after=1003' });
      const second = await call(sim, 'GET', `/crm/v3/objects/companies?limit=2&after=${first.json.paging.next.after}`);
      expect(second.json.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual(['C']);
      expect(second.json.paging).toBeUndefined();
      expect((await call(sim, 'GET', '/crm/v3/objects/companies?limit=101')).status).toBe(400);
    });

    it('keeps deleted records in the recycle bin, listed with archivedAt only when archived=true, paged like the live list', async () => {
      sim.seed({ companies: ['A', 'B', 'C', 'D'].map((name) => ({ properties: { name } })) });
      for (const id of ['1003', '1001', '1002']) {
        clockMs += 1000;
        expect((await call(sim, 'DELETE', `/crm/v3/objects/companies/${id}`)).status).toBe(204);
      }
      const live = await call(sim, 'GET', '/crm/v3/objects/companies?properties=name');
      expect(live.json.results.map((r: { id: string }) => r.id)).toEqual(['1004']);
      expect(live.json.results[0]).toMatchObject({ archived: false });
      expect(live.json.results[0].archivedAt).toBeUndefined();
      expect((await call(sim, 'GET', '/crm/v3/objects/companies?archived=false')).json.results.map((r: { id: string }) => r.id)).toEqual(['1004']);

      const first = await call(sim, 'GET', '/crm/v3/objects/companies?archived=true&limit=2&properties=name');
      expect(first.status).toBe(200);
      expect(first.json.results).toEqual([
        expect.objectContaining({ id: '1001', archived: true, archivedAt: '2025-03-01T12:00:02.000Z', properties: expect.objectContaining({ name: 'A' }) }),
        expect.objectContaining({ id: '1002', archived: true, archivedAt: '2025-03-01T12:00:03.000Z' }),
      ]);
      expect(first.json.paging.next).toEqual({ after: '1003', link: '?after=1003' });
      const second = await call(sim, 'GET', '/crm/v3/objects/companies?archived=true&limit=2&after=1003');
      expect(second.json).toEqual({ results: [expect.objectContaining({ id: '1003', archived: true, archivedAt: '2025-03-01T12:00:01.000Z' })] });

      expect((await call(sim, 'GET', '/crm/v3/objects/companies/1001')).status).toBe(404);
      expect(await call(sim, 'GET', '/crm/v3/objects/companies?archived=yes')).toMatchObject({ status: 400, json: { status: 'error', category: 'VALIDATION_ERROR' } });
    });

    it('reads primary company associations, changes them with the v4 PUT, and batch-reads them (207 for records without any)', async () => {
      const ids = sim.seed({
        companies: [{ id: '1', properties: { name: 'Acme' } }, { id: '2', properties: { name: 'Globex' } }],
        deals: [{ id: '10', properties: { dealname: 'Big', dealstage: 'qualifiedtobuy', pipeline: 'default' }, primaryCompanyId: '1' }, { id: '11', properties: { dealname: 'Lone' } }],
        contacts: [{ id: '20', properties: { email: 'c@example.com' }, primaryCompanyId: '1' }],
      });
      expect(ids).toEqual({ companies: ['1', '2'], deals: ['10', '11'], contacts: ['20'] });
      const deal = await call(sim, 'GET', '/crm/v3/objects/deals/10?associations=companies');
      expect(deal.json.associations).toEqual({ companies: { results: [{ id: '1', type: 'deal_to_company' }, { id: '1', type: 'deal_to_company_unlabeled' }] } });
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts/20?properties=associatedcompanyid')).json.properties.associatedcompanyid).toBe('1');

      const moved = await call(sim, 'PUT', '/crm/v4/objects/deals/10/associations/companies/2', { body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] });
      expect(moved).toMatchObject({ status: 200, json: { fromObjectTypeId: '0-3', fromObjectId: 10, toObjectTypeId: '0-2', toObjectId: 2 } });
      const batch = await call(sim, 'POST', '/crm/v4/associations/deals/companies/batch/read', { body: { inputs: [{ id: '10' }, { id: '11' }] } });
      expect(batch.status).toBe(207);
      expect(batch.json.results).toEqual([
        {
          from: { id: '10' },
          to: [
            { toObjectId: 1, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }] },
            { toObjectId: 2, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Deal with Primary Company' }, { category: 'HUBSPOT_DEFINED', typeId: 341, label: null }] },
          ],
        },
      ]);
      expect(batch.json.numErrors).toBe(1);
      expect(batch.json.errors[0].message).toBe('No company is associated with deal 11.');

      const wrongType = await call(sim, 'PUT', '/crm/v4/objects/deals/10/associations/companies/2', { body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] });
      expect(wrongType.status).toBe(400);
    });

    it('describes properties like the properties API (type, fieldType, options, read-only values)', async () => {
      const reply = await call(sim, 'GET', '/crm/v3/properties/deals');
      const stage = reply.json.results.find((p: { name: string }) => p.name === 'dealstage');
      expect(stage).toMatchObject({ type: 'enumeration', fieldType: 'select', hubspotDefined: true, modificationMetadata: { readOnlyValue: false } });
      expect(stage.options[0]).toEqual({ label: 'appointmentscheduled', value: 'appointmentscheduled', displayOrder: 0, hidden: false });
      const created = reply.json.results.find((p: { name: string }) => p.name === 'createdate');
      expect(created).toMatchObject({ type: 'datetime', modificationMetadata: { readOnlyValue: true } });
    });
  });

  describe('search', () => {
    beforeEach(() => {
      sim.seed({
        contacts: [
          { id: '1', createdAt: '2024-01-10T00:00:00.000Z', properties: { email: 'ann@acme.com', firstname: 'Ann', lastname: 'Lee', lifecyclestage: 'lead' } },
          { id: '2', createdAt: '2024-02-10T00:00:00.000Z', properties: { email: 'bob@acme.com', firstname: 'Bob', lastname: 'Ng', phone: '555' } },
          { id: '3', createdAt: '2024-03-10T00:00:00.000Z', properties: { email: 'cy@globex.com', firstname: 'Cy', lastname: 'Lee', lifecyclestage: 'lead' } },
        ],
      });
    });

    const search = async (body: unknown) => call(sim, 'POST', '/crm/v3/objects/contacts/search', { body });
    const ids = (reply: Reply) => reply.json.results.map((r: { id: string }) => r.id);

    it('ANDs filters inside a group and ORs groups; compares datetimes as epoch milliseconds', async () => {
      const reply = await search({
        filterGroups: [{ filters: [eq('lastname', 'lee'), { propertyName: 'createdate', operator: 'GT', value: String(Date.parse('2024-02-01T00:00:00Z')) }] }, { filters: [eq('firstname', 'Bob')] }],
        properties: ['email'],
      });
      expect(reply.status).toBe(200);
      expect(ids(reply)).toEqual(['2', '3']);
      expect(reply.json.total).toBe(2);
      expect(Object.keys(reply.json.results[0].properties).sort()).toEqual(['createdate', 'email', 'hs_object_id', 'lastmodifieddate']);
    });

    it('supports IN (lower-case values on text), HAS_PROPERTY / NOT_HAS_PROPERTY and CONTAINS_TOKEN with a wildcard', async () => {
      expect(ids(await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: ['ann@acme.com', 'cy@globex.com'] }] }] }))).toEqual(['1', '3']);
      expect(ids(await search({ filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'HAS_PROPERTY' }] }] }))).toEqual(['2']);
      expect(ids(await search({ filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: 'NOT_HAS_PROPERTY' }] }] }))).toEqual(['2']);
      expect(ids(await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.com' }] }] }))).toEqual(['1', '2']);
      expect(ids(await search({ filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'NEQ', value: 'Lee' }] }] }))).toEqual(['2']);
    });

    it('sorts, pages with after, and reports the total', async () => {
      const first = await search({ sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }], limit: 2 });
      expect(ids(first)).toEqual(['3', '2']);
      expect(first.json.paging.next.after).toBe('2');
      const second = await search({ sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }], limit: 2, after: first.json.paging.next.after });
      expect(ids(second)).toEqual(['1']);
      expect(second.json.paging).toBeUndefined();
      expect(second.json.total).toBe(3);
    });

    it('answers 400 VALIDATION_ERROR past 5 groups, 6 filters in a group, 18 filters in all, or after=10000', async () => {
      const group = (n: number) => ({ filters: Array.from({ length: n }, () => eq('firstname', 'Ann')) });
      for (const body of [
        { filterGroups: Array.from({ length: 6 }, () => group(1)) },
        { filterGroups: [group(7)] },
        { filterGroups: [group(6), group(6), group(6), group(1)] },
        { after: '10000' },
        { filterGroups: [{ filters: [eq('nickname', 'x')] }] },
      ]) {
        const reply = await search(body);
        expect(reply.status).toBe(400);
        expect(reply.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      }
      expect((await search({ filterGroups: [group(6), group(6), group(6)] })).status).toBe(200);
    });
  });

  describe('rate limits, faults and the request log', () => {
    it('sends the secondly pair on every call and answers 429 SECONDLY when the window is spent', async () => {
      const limited = await start({ rateLimit: { secondly: 2 } });
      const first = await call(limited, 'GET', '/crm/v3/objects/contacts');
      expect(first.headers.get('x-hubspot-ratelimit-secondly')).toBe('2');
      expect(first.headers.get('x-hubspot-ratelimit-secondly-remaining')).toBe('1');
      expect(first.headers.get('x-hubspot-ratelimit-daily')).toBeNull();
      await call(limited, 'GET', '/crm/v3/objects/contacts');
      const third = await call(limited, 'GET', '/crm/v3/objects/contacts');
      expect(third).toMatchObject({ status: 429, json: { status: 'error', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', message: 'You have reached your secondly limit.' } });
      expect(third.headers.get('x-hubspot-ratelimit-secondly-remaining')).toBe('0');
      clockMs += 1000;
      expect((await call(limited, 'GET', '/crm/v3/objects/contacts')).status).toBe(200);
    });

    it('answers 429 DAILY with Daily-Remaining 0 until the next UTC day', async () => {
      const limited = await start({ rateLimit: { daily: 1 } });
      const first = await call(limited, 'GET', '/crm/v3/objects/contacts');
      expect(first.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
      clockMs += 2000;
      const second = await call(limited, 'GET', '/crm/v3/objects/contacts');
      expect(second).toMatchObject({ status: 429, json: { policyName: 'DAILY', message: 'You have reached your daily limit.' } });
      clockMs += 24 * 3600 * 1000;
      expect((await call(limited, 'GET', '/crm/v3/objects/contacts')).status).toBe(200);
    });

    it('injects failures before auth, then answers normally; keeps the request log', async () => {
      sim.failNext(2, 502);
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts', { token: null })).status).toBe(502);
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts')).status).toBe(502);
      expect((await call(sim, 'GET', '/crm/v3/objects/contacts?limit=5')).status).toBe(200);
      sim.failNext(1, 429, { status: 'error', message: 'custom' }, { 'x-hubspot-ratelimit-secondly-remaining': '0' });
      const injected = await call(sim, 'POST', '/crm/v3/objects/contacts/search', { body: { limit: 1 } });
      expect(injected).toMatchObject({ status: 429, json: { message: 'custom' } });
      expect(injected.headers.get('x-hubspot-ratelimit-secondly-remaining')).toBe('0');
      expect(sim.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /crm/v3/objects/contacts',
        'GET /crm/v3/objects/contacts',
        'GET /crm/v3/objects/contacts',
        'POST /crm/v3/objects/contacts/search',
      ]);
      expect(sim.state.requests[2].query).toEqual({ limit: '5' });
      expect(sim.state.requests[3].body).toEqual({ limit: 1 });
    });
  });
});
