import {
  api,
  authHeader,
  signup,
  startCloseSimulator,
  startHubProcess,
  startHubSpotSimulator,
  startSalesforceSimulator,
  type HubProcess,
  type RunningCloseSimulator,
  type RunningHubSpotSimulator,
  type RunningSalesforceSimulator,
  type Secrets,
} from '@junction/testing';

/**
 * One app, three CRMs: the same code provisions Close (API key), Salesforce and HubSpot (OAuth
 * code flow, exchanged by the hub) and runs the same hub calls on each, against the simulators
 * through the real hub process.
 */
const CALLBACK = 'https://app.example.com/oauth/callback';

describe('the crm hub across Close, Salesforce and HubSpot', () => {
  let close: RunningCloseSimulator;
  let salesforce: RunningSalesforceSimulator;
  let hubspot: RunningHubSpotSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  const instances: Record<string, { id: number; token: string }> = {};

  /** What an app does: ask the hub for the authorize URL, send the user there, post the code back. */
  async function provisionOAuth(key: string, clientId: string, clientSecret: string, extra: Record<string, string> = {}) {
    const query = new URLSearchParams({ apiKey: clientId, apiSecret: clientSecret, callbackUrl: CALLBACK, state: `state-${key}`, ...extra });
    const { body } = await api(hub.apiUrl, 'GET', `/elements/${key}/oauth/url?${query}`, { auth: authHeader(owner) });
    expect(body.element).toBe(key);
    const consent = await fetch(body.oauthUrl, { redirect: 'manual' });
    const redirect = new URL(consent.headers.get('location')!);
    expect(redirect.origin + redirect.pathname).toBe(CALLBACK);
    expect(redirect.searchParams.get('state')).toBe(`state-${key}`);
    return redirect.searchParams.get('code')!;
  }

  async function createOAuthInstance(key: string, clientId: string, clientSecret: string) {
    const code = await provisionOAuth(key, clientId, clientSecret);
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: `${key} main`,
        element: { key },
        providerData: { code },
        configuration: { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, 'oauth.callback.url': CALLBACK },
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.configuration['oauth.api.secret']).toBe('********');
    expect(created.body.configuration['oauth.user.refresh_token']).toBe('********');
    expect(created.body.configuration).not.toHaveProperty('oauth.user.token');
    return created.body;
  }

  beforeAll(async () => {
    [close, salesforce, hubspot] = await Promise.all([startCloseSimulator(), startSalesforceSimulator(), startHubSpotSimulator()]);
    hub = await startHubProcess({
      JUNCTION_VENDOR_HOSTS: [
        `api.close.com=${close.url}`,
        `login.salesforce.com=${salesforce.url}`,
        `app.hubspot.com=${hubspot.url}`,
        `api.hubapi.com=${hubspot.url}`,
      ].join(','),
    });
    owner = await signup(hub.apiUrl);
    const closeInstance = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: 'closeio main', element: { key: 'closeio' }, configuration: { username: 'api_test_key' } },
    });
    instances.closeio = closeInstance.body;
    instances.sfdc = await createOAuthInstance('sfdc', salesforce.client.clientId, salesforce.client.clientSecret);
    instances.hubspot = await createOAuthInstance('hubspot', 'sim-client-id', 'sim-client-secret');
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([close?.close(), salesforce?.close(), hubspot?.close()]);
  });

  const as = (key: string) => authHeader(owner, instances[key].token);

  it.each(['closeio', 'sfdc', 'hubspot'])('%s: the same app code creates, reads, updates, lists and deletes', async (key) => {
    const tag = `${key}${Date.now()}`;
    const account = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: as(key), json: { name: `Acme ${tag}` } });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ id: expect.any(String), name: `Acme ${tag}` });

    const people = ['Ada', 'Grace', 'Edsger'];
    const contacts = [];
    for (const firstName of people) {
      const created = await api(hub.apiUrl, 'POST', '/hubs/crm/contacts', {
        auth: as(key),
        json: { firstName, lastName: `Tester${tag}`, email: `${firstName.toLowerCase()}.${tag}@acme.example`, accountId: account.body.id },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ id: expect.any(String), firstName, lastName: `Tester${tag}`, email: `${firstName.toLowerCase()}.${tag}@acme.example` });
      contacts.push(created.body);
    }

    const read = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts/${contacts[0].id}`, { auth: as(key) });
    expect(read.body).toMatchObject({ id: contacts[0].id, firstName: 'Ada' });

    const updated = await api(hub.apiUrl, 'PATCH', `/hubs/crm/contacts/${contacts[1].id}`, { auth: as(key), json: { title: 'Rear Admiral' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: contacts[1].id, title: 'Rear Admiral' });

    const where = encodeURIComponent(`lastName = 'Tester${tag}' AND email LIKE 'grace%'`);
    const found = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts?where=${where}`, { auth: as(key) });
    expect(found.status).toBe(200);
    expect(found.body.map((c: { id: string }) => c.id)).toEqual([contacts[1].id]);

    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 5; page++) {
      const response = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts?pageSize=2&nextPage=${token}&where=${encodeURIComponent(`lastName = 'Tester${tag}'`)}`, { auth: as(key) });
      expect(response.status).toBe(200);
      expect(response.body.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.map((c: { id: string }) => c.id));
      token = response.headers.get('elements-next-page-token') ?? '';
      if (!token) break;
    }
    expect(seen.sort()).toEqual(contacts.map((c) => c.id).sort());

    for (const contact of contacts) expect((await api(hub.apiUrl, 'DELETE', `/hubs/crm/contacts/${contact.id}`, { auth: as(key) })).status).toBe(200);
    expect((await api(hub.apiUrl, 'DELETE', `/hubs/crm/accounts/${account.body.id}`, { auth: as(key) })).status).toBe(200);
    const gone = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts/${contacts[0].id}`, { auth: as(key) });
    expect(gone.status).toBe(404);
    expect(gone.body.providerMessage).toEqual(expect.any(String));
  });

  it('sent each vendor its own API', () => {
    expect(close.state.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/contact/')).toBe(true);
    expect(salesforce.state.requests.some((r) => r.method === 'POST' && /\/services\/data\/v\d+\.0\/sobjects\/Contact\/?$/.test(r.path))).toBe(true);
    expect(salesforce.state.requests.some((r) => r.method === 'GET' && /\/query\/?$/.test(r.path) && /WHERE/.test(String(r.query.q)))).toBe(true);
    expect(hubspot.state.requests.some((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts')).toBe(true);
    expect(hubspot.state.requests.some((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts/search')).toBe(true);
    const exchanges = [...salesforce.state.requests, ...hubspot.state.requests].filter((r) => /token\/?$/.test(r.path));
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['sfdc', 'hubspot'])('%s: 40 concurrent calls on an expired token cause one refresh', async (key) => {
    const sim = key === 'sfdc' ? salesforce : hubspot;
    sim.state.expireAccessTokens();
    const before = sim.state.requests.filter((r) => /token\/?$/.test(r.path)).length;
    const responses = await Promise.all(Array.from({ length: 40 }, () => api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as(key) })));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const refreshes = sim.state.requests.filter((r) => /token\/?$/.test(r.path)).length - before;
    expect(refreshes).toBe(1);
  });

  it.each(['sfdc', 'hubspot'])('%s: a revoked refresh token invalidates the instance until it is re-authorized in place', async (key) => {
    const sim = key === 'sfdc' ? salesforce : hubspot;
    const clientId = key === 'sfdc' ? salesforce.client.clientId : 'sim-client-id';
    const clientSecret = key === 'sfdc' ? salesforce.client.clientSecret : 'sim-client-secret';
    sim.state.revokeRefreshTokens();
    sim.state.expireAccessTokens();
    const refused = await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as(key) });
    expect(refused.status).toBe(401);
    expect(refused.body.providerMessage).toEqual(expect.any(String));
    const invalid = await api(hub.apiUrl, 'GET', `/instances/${instances[key].id}`, { auth: authHeader(owner) });
    expect(invalid.body.valid).toBe(false);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as(key) })).status).toBe(401);

    const code = await provisionOAuth(key, clientId, clientSecret);
    const again = await api(hub.apiUrl, 'PATCH', `/instances/${instances[key].id}`, { auth: authHeader(owner), json: { providerData: { code } } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: instances[key].id, token: instances[key].token, valid: true });
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as(key) })).status).toBe(200);
  });

  it('waits out a short 429, retries a 503 on reads, and reports a malformed vendor answer', async () => {
    hubspot.failNext(1, 429, { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' }, { 'retry-after': '1' });
    const limited = await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as('hubspot') });
    expect(limited.status).toBe(200);

    close.state.failNext(2, 503, { error: 'maintenance' });
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as('closeio') })).status).toBe(200);

    close.state.failNext(1, 400, { errors: [], 'field-errors': { name: 'Too long' } });
    const rejected = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: as('closeio'), json: { name: 'x' } });
    expect(rejected).toMatchObject({ status: 400, body: { providerMessage: 'name: Too long' } });

    salesforce.state.failNext(4, 502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
    const broken = await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1', { auth: as('sfdc') });
    expect(broken.status).toBe(502);
    expect(broken.body.message).toEqual(expect.any(String));
  });
});
