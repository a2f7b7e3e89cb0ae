import { api, authHeader, signup, startCloseSimulator, startHubProcess, type HubProcess, type RunningCloseSimulator, type Secrets } from '@junction/testing';

/**
 * The README walkthrough, end to end: the real hub process, over HTTP, against the Close
 * simulator standing in for api.close.com.
 */
describe('Close through the hub', () => {
  let close: RunningCloseSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  let instance: { id: number; token: string };
  const elementAuth = () => authHeader(owner, instance.token);

  beforeAll(async () => {
    close = await startCloseSimulator({ apiKeys: ['api_live_key'] });
    hub = await startHubProcess({ JUNCTION_VENDOR_HOSTS: `api.close.com=${close.url}` });
    owner = await signup(hub.apiUrl);
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: '<b>Close</b> main', element: { key: 'closeio' }, configuration: { username: 'api_live_key' } },
    });
    expect(created.status).toBe(200);
    instance = created.body;
  });

  afterAll(async () => {
    await hub?.stop();
    await close?.close();
  });

  it('provisions an instance with the key checked at Close and secrets never echoed', async () => {
    const got = await api(hub.apiUrl, 'GET', `/instances/${instance.id}`, { auth: authHeader(owner) });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: instance.id, name: 'Close main', tags: ['Close main'], valid: true, element: { key: 'closeio' } });
    expect(got.body.configuration.username).toBe('api_live_key');
    expect(got.body).not.toHaveProperty('providerData');
    const me = close.state.requests.find((r) => r.path === '/api/v1/me/');
    expect(me?.headers.authorization).toBe(`Basic ${Buffer.from('api_live_key:').toString('base64')}`);
  });

  it('refuses a key Close rejects, with Close words and nothing stored', async () => {
    const before = await api(hub.apiUrl, 'GET', '/instances', { auth: authHeader(owner) });
    const bad = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: 'bad', element: { key: 'closeio' }, configuration: { username: 'wrong' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Close rejected the instance credentials/);
    expect(typeof bad.body.providerMessage).toBe('string');
    const after = await api(hub.apiUrl, 'GET', '/instances', { auth: authHeader(owner) });
    expect(after.body).toHaveLength(before.body.length);
  });

  it('creates, reads, updates, lists with CEQL and paging, and deletes contacts', async () => {
    const account = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: elementAuth(), json: { name: 'Acme Corp', website: 'https://acme.example' } });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ name: 'Acme Corp', website: 'https://acme.example' });
    expect(account.body.id).toMatch(/^lead_/);

    const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', "Dennis O'Ritchie"];
    const ids: string[] = [];
    for (const name of names) {
      const [firstName, lastName] = name.split(' ');
      const created = await api(hub.apiUrl, 'POST', '/hubs/crm/contacts', {
        auth: elementAuth(),
        json: { firstName, lastName, email: `${firstName.toLowerCase()}@acme.example`, accountId: account.body.id },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ firstName, lastName, accountId: account.body.id });
      ids.push(created.body.id);
    }
    const vendorCreate = close.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/contact/').at(-1);
    expect(vendorCreate?.body).toEqual({ name: "Dennis O'Ritchie", emails: [{ type: 'office', email: 'dennis@acme.example' }], lead_id: account.body.id });

    const one = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts/${ids[0]}`, { auth: elementAuth() });
    expect(one.body).toMatchObject({ id: ids[0], email: 'ada@acme.example' });
    expect(one.headers.get('elements-element-instance-id')).toBe(String(instance.id));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const usage = await api(hub.apiUrl, 'GET', `/usage/${one.headers.get('elements-request-id')}`, { auth: authHeader(owner) });
    expect(usage.body).toEqual([expect.objectContaining({ request_uri: `/elements/api-v2/hubs/crm/contacts/${ids[0]}`, response_status_code: 200, element_instance_id: instance.id })]);

    const patched = await api(hub.apiUrl, 'PATCH', `/hubs/crm/contacts/${ids[1]}`, { auth: elementAuth(), json: { title: 'Rear Admiral' } });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('Rear Admiral');

    // CEQL: accountId is pushed to Close as lead_id; the LIKE is applied by the hub.
    const where = encodeURIComponent(`accountId = '${account.body.id}' AND email LIKE 'a%'`);
    const filtered = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts?where=${where}`, { auth: elementAuth() });
    expect(filtered.status).toBe(200);
    expect(filtered.body.map((c: { email: string }) => c.email).sort()).toEqual(['ada@acme.example', 'alan@acme.example']);
    expect(filtered.headers.get('elements-query-filtered-in-memory')).toBe("email LIKE 'a%'");
    const listCall = close.state.requests.filter((r) => r.path === '/api/v1/contact/' && r.method === 'GET').at(-1);
    expect(listCall?.query.lead_id).toBe(account.body.id);

    const quoted = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts?where=${encodeURIComponent("lastName = 'O''Ritchie'")}`, { auth: elementAuth() });
    expect(quoted.body.map((c: { id: string }) => c.id)).toEqual([ids[3]]);

    // Paging: two pages of two, then a third that ends the list, with no duplicates.
    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 3; page++) {
      const response = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts?pageSize=2&nextPage=${token}`, { auth: elementAuth() });
      expect(response.status).toBe(200);
      expect(response.body.length).toBeLessThanOrEqual(2);
      expect(response.headers.get('elements-returned-count')).toBe(String(response.body.length));
      seen.push(...response.body.map((c: { id: string }) => c.id));
      token = response.headers.get('elements-next-page-token') ?? '';
      if (!token) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...ids].sort());
    const page2 = await api(hub.apiUrl, 'GET', '/hubs/crm/contacts?page=2&pageSize=2', { auth: elementAuth() });
    const page1 = await api(hub.apiUrl, 'GET', '/hubs/crm/contacts?page=1&pageSize=2', { auth: elementAuth() });
    const all4 = await api(hub.apiUrl, 'GET', '/hubs/crm/contacts?page=1&pageSize=4', { auth: elementAuth() });
    expect([...page1.body, ...page2.body]).toEqual(all4.body);

    // The hub segment is not authoritative; the resource is also served without it.
    const bare = await api(hub.apiUrl, 'GET', `/contacts/${ids[0]}`, { auth: elementAuth() });
    const otherHub = await api(hub.apiUrl, 'GET', `/hubs/documents/contacts/${ids[0]}`, { auth: elementAuth() });
    expect(bare.body).toEqual(one.body);
    expect(otherHub.body).toEqual(one.body);

    const deleted = await api(hub.apiUrl, 'DELETE', `/hubs/crm/contacts/${ids[2]}`, { auth: elementAuth() });
    expect(deleted.status).toBe(200);
    const gone = await api(hub.apiUrl, 'GET', `/hubs/crm/contacts/${ids[2]}`, { auth: elementAuth() });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ requestId: expect.any(String), message: expect.any(String), providerMessage: expect.any(String) });
  });

  it('serves vendor-native objects, raw records, children and discovery', async () => {
    const account = await api(hub.apiUrl, 'POST', '/hubs/crm/accounts', { auth: elementAuth(), json: { name: 'Native Inc' } });
    await api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: elementAuth(), json: { name: 'Solo Contact', accountId: account.body.id } });
    const native = await api(hub.apiUrl, 'GET', `/hubs/crm/lead/${account.body.id}`, { auth: elementAuth() });
    expect(native.body).toMatchObject({ id: account.body.id, display_name: 'Native Inc' });
    const raw = await api(hub.apiUrl, 'GET', `/hubs/crm/accounts/${account.body.id}?raw=true`, { auth: elementAuth() });
    expect(raw.body.raw).toMatchObject({ id: account.body.id, display_name: 'Native Inc' });
    const children = await api(hub.apiUrl, 'GET', `/hubs/crm/accounts/${account.body.id}/contacts`, { auth: elementAuth() });
    expect(children.body.map((c: { name: string }) => c.name)).toEqual(['Solo Contact']);
    const objects = await api(hub.apiUrl, 'GET', '/hubs/crm/objects', { auth: elementAuth() });
    expect(objects.body).toEqual(expect.arrayContaining(['accounts', 'contacts', 'opportunities', 'lead', 'contact', 'opportunity']));
    const metadata = await api(hub.apiUrl, 'GET', '/hubs/crm/objects/contacts/metadata', { auth: elementAuth() });
    expect(metadata.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ vendorPath: 'email', filterable: true, createable: true })]));
  });

  it('answers bad input with clear JSON errors', async () => {
    const cases: [string, Promise<{ status: number; body: { message: string; requestId: string } }>, number, RegExp][] = [
      ['malformed JSON', api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: elementAuth(), body: '{"name":', headers: { 'content-type': 'application/json' } }), 400, /Malformed JSON/],
      ['unknown element', api(hub.apiUrl, 'POST', '/instances', { auth: authHeader(owner), json: { name: 'x', element: { key: 'nope' } } }), 404, /No element 'nope' found/],
      ['missing configuration', api(hub.apiUrl, 'POST', '/instances', { auth: authHeader(owner), json: { name: 'x', element: { key: 'closeio' }, configuration: {} } }), 400, /Missing required configuration: username/],
      ['malformed CEQL', api(hub.apiUrl, 'GET', `/hubs/crm/contacts?where=${encodeURIComponent("email = 'x")}`, { auth: elementAuth() }), 400, /Error parsing query.*position/],
      ['unknown CEQL field', api(hub.apiUrl, 'GET', `/hubs/crm/contacts?where=${encodeURIComponent("shoeSize = 9")}`, { auth: elementAuth() }), 400, /Unknown field 'shoeSize'/],
      ['page size zero', api(hub.apiUrl, 'GET', '/hubs/crm/contacts?pageSize=0', { auth: elementAuth() }), 400, /pageSize/],
      ['page size too large', api(hub.apiUrl, 'GET', '/hubs/crm/contacts?pageSize=100000', { auth: elementAuth() }), 400, /pageSize/],
      ['page size not a number', api(hub.apiUrl, 'GET', '/hubs/crm/contacts?pageSize=ten', { auth: elementAuth() }), 400, /pageSize/],
      ['bad next page token', api(hub.apiUrl, 'GET', '/hubs/crm/contacts?nextPage=%%%', { auth: elementAuth() }), 400, /nextPage/],
      ['oversized body', api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: elementAuth(), json: { name: 'x'.repeat(2 * 1024 * 1024) } }), 413, /larger than/],
      ['no auth header', api(hub.apiUrl, 'GET', '/instances'), 401, /Missing Authorization/],
      ['wrong auth shape', api(hub.apiUrl, 'GET', '/instances', { auth: 'Bearer abc' }), 401, /Malformed Authorization/],
      ['wrong secrets', api(hub.apiUrl, 'GET', '/instances', { auth: 'User nope, Organization nope' }), 401, /Unauthorized/],
      ['hub call without element token', api(hub.apiUrl, 'GET', '/hubs/crm/contacts', { auth: authHeader(owner) }), 401, /Element token/],
      ['unknown resource', api(hub.apiUrl, 'GET', '/hubs/crm/widgets', { auth: elementAuth() }), 404, /No resource 'widgets'/],
      ['unknown hub field on create', api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: elementAuth(), json: { shoeSize: 9 } }), 400, /Unknown field 'shoeSize'/],
      ['empty create body', api(hub.apiUrl, 'POST', '/hubs/crm/contacts', { auth: elementAuth(), json: {} }), 400, /empty/],
      ['unknown platform route', api(hub.apiUrl, 'GET', '/nothing/here', { auth: authHeader(owner) }), 404, /No resource/],
    ];
    for (const [name, call, status, message] of cases) {
      const response = await call;
      expect({ name, status: response.status }).toEqual({ name, status });
      expect(response.body.message).toMatch(message);
      expect(response.body.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('disables, isolates organizations and revokes deleted tokens', async () => {
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: 'temp', element: { key: 'closeio' }, configuration: { username: 'api_live_key' }, tags: ['temp'] },
    });
    const temp = created.body;
    const tagged = await api(hub.apiUrl, 'GET', '/instances?tags[]=temp', { auth: authHeader(owner) });
    expect(tagged.body.map((i: { id: number }) => i.id)).toEqual([temp.id]);

    expect((await api(hub.apiUrl, 'DELETE', `/instances/${temp.id}/enabled`, { auth: authHeader(owner) })).status).toBe(200);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts', { auth: authHeader(owner, temp.token) })).status).toBe(403);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/objects', { auth: authHeader(owner, temp.token) })).status).toBe(200);
    expect((await api(hub.apiUrl, 'PUT', `/instances/${temp.id}/enabled`, { auth: authHeader(owner) })).status).toBe(200);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts', { auth: authHeader(owner, temp.token) })).status).toBe(200);

    const stranger = await signup(hub.apiUrl, 'Other Co');
    expect((await api(hub.apiUrl, 'GET', `/instances/${temp.id}`, { auth: authHeader(stranger) })).status).toBe(404);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts', { auth: authHeader(stranger, temp.token) })).status).toBe(401);

    expect((await api(hub.apiUrl, 'DELETE', `/instances/${temp.id}`, { auth: authHeader(owner) })).status).toBe(200);
    expect((await api(hub.apiUrl, 'GET', '/hubs/crm/accounts', { auth: authHeader(owner, temp.token) })).status).toBe(401);
  });

  it('edits configuration entries, keeping secrets masked', async () => {
    const entries = await api(hub.apiUrl, 'GET', '/instances/configuration', { auth: elementAuth() });
    const nulls = entries.body.find((e: { key: string }) => e.key === 'filter.response.nulls');
    expect(nulls.propertyValue).toBe('true');
    const patched = await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}/configuration/${nulls.id}`, { auth: authHeader(owner), json: { ...nulls, propertyValue: 'false' } });
    expect(patched.body).toMatchObject({ id: nulls.id, key: 'filter.response.nulls', propertyValue: 'false' });
    const accounts = await api(hub.apiUrl, 'GET', '/hubs/crm/accounts?pageSize=1&raw=true', { auth: elementAuth() });
    expect(Object.values(accounts.body[0].raw)).toContain(null);
    await api(hub.apiUrl, 'PATCH', `/instances/${instance.id}/configuration/${nulls.id}`, { auth: authHeader(owner), json: { propertyValue: 'true' } });
  });

  it('logs no secrets', () => {
    const log = hub.output();
    expect(log).toContain('"msg":"request"');
    expect(log).not.toContain(owner.userSecret);
    expect(log).not.toContain(owner.organizationSecret);
    expect(log).not.toContain(instance.token);
    expect(log).not.toContain('api_live_key');
  });
});

describe('session login as Cloud Elements clients do it', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHubProcess();
  });
  afterAll(async () => hub?.stop());

  it('logs in with the form and returns the secrets pair', async () => {
    const email = `session-${Date.now()}@example.com`;
    const created = await api(hub.apiUrl, 'POST', '/signup', { json: { email, password: 'correct-horse-battery', firstName: 'Ada', lastName: 'L', company: 'S' } });
    const login = await fetch(`${hub.url}/elements/j_spring_security_check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ j_username: email, j_password: 'correct-horse-battery' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const secrets = await api(hub.url, 'GET', '/elements/api-v1/ui/getSecrets', { headers: { cookie } });
    expect(secrets.body).toEqual({ user: created.body.userSecret, company: created.body.organizationSecret });

    const wrong = await fetch(`${hub.url}/elements/j_spring_security_check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ j_username: email, j_password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    const duplicate = await api(hub.apiUrl, 'POST', '/signup', { json: { email, password: 'correct-horse-battery', firstName: 'A', lastName: 'L' } });
    expect(duplicate.status).toBe(409);
  });

  it('serves health and readiness without auth', async () => {
    expect((await api(hub.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await api(hub.url, 'GET', '/ready')).status).toBe(200);
  });
});

describe('signup switched off', () => {
  it('refuses signup when JUNCTION_SIGNUP=off', async () => {
    const hub = await startHubProcess({ JUNCTION_SIGNUP: 'off' });
    try {
      const response = await api(hub.apiUrl, 'POST', '/signup', { json: { email: 'x@example.com', password: 'correct-horse-battery', firstName: 'A', lastName: 'B' } });
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/disabled/);
    } finally {
      await hub.stop();
    }
  });
});
