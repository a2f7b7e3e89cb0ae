import { startServiceNowSimulator, type RunningServiceNowSimulator, type ServiceNowSimulatorOptions } from './servicenow';
import { parseEncodedQuery } from './servicenow-query';

const BASIC = `Basic ${Buffer.from('svc.junction:s3cret').toString('base64')}`;
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

let sim: RunningServiceNowSimulator;
let clock: number;

async function start(options: ServiceNowSimulatorOptions = {}): Promise<void> {
  clock = T0;
  sim = await startServiceNowSimulator({ users: { 'svc.junction': 's3cret' }, instanceOrigin: 'https://acme.service-now.com', now: () => clock, ...options });
}

afterEach(async () => {
  await sim?.close();
  sim = undefined as unknown as RunningServiceNowSimulator;
});

async function call(method: string, path: string, body?: unknown, authorization = BASIC) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const fields = (names: string) => `sysparm_fields=${names}&sysparm_exclude_reference_link=true`;

describe('ServiceNow simulator: Table API', () => {
  beforeEach(() => start());

  it('refuses calls without valid credentials with the documented body', async () => {
    for (const authorization of ['', `Basic ${Buffer.from('svc.junction:wrong').toString('base64')}`, 'Bearer nope']) {
      const response = await call('GET', '/api/now/table/incident', undefined, authorization);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
    }
  });

  it('creates (201 + Location), reads, patches and deletes an incident, deriving what an instance derives', async () => {
    const created = await call('POST', `/api/now/table/incident?${fields('sys_id,number,state,priority,active,sys_created_by')}`, {
      short_description: 'VPN down',
      impact: '1',
      urgency: '2',
      bogus_field: 'ignored',
    });
    expect(created.status).toBe(201);
    const incident = created.body!.result as Record<string, string>;
    expect(incident).toEqual({ sys_id: expect.stringMatching(/^[0-9a-f]{32}$/), number: 'INC0010001', state: '1', priority: '2', active: 'true', sys_created_by: 'svc.junction' });
    expect(created.headers.get('location')).toBe(`https://acme.service-now.com/api/now/table/incident/${incident.sys_id}`);

    clock += 60_000;
    const patched = await call('PATCH', `/api/now/table/incident/${incident.sys_id}?${fields('state,active,priority,sys_updated_on,sys_mod_count')}`, { state: '7', priority: '1' });
    expect(patched.body!.result).toEqual({ state: '7', active: 'false', priority: '1', sys_updated_on: '2024-05-01 08:01:00', sys_mod_count: '1' });

    expect((await call('GET', `/api/now/table/incident/${incident.sys_id}?${fields('short_description')}`)).body!.result).toEqual({ short_description: 'VPN down' });
    const deleted = await fetch(`${sim.url}/api/now/table/incident/${incident.sys_id}`, { method: 'DELETE', headers: { authorization: BASIC } });
    expect(deleted.status).toBe(204);
    const missing = await call('GET', `/api/now/table/incident/${incident.sys_id}`);
    expect(missing).toMatchObject({ status: 404, body: { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' } });
  });

  it('answers references as links unless excluded, and only the asked fields', async () => {
    const user = sim.state.insert('sys_user', { first_name: 'Beth', last_name: 'Anglin', roles: 'itil' });
    const incident = sim.state.insert('incident', { short_description: 'Mail', assigned_to: user.sys_id });
    const linked = await call('GET', `/api/now/table/incident/${incident.sys_id}?sysparm_fields=assigned_to,nonsense`);
    expect(linked.body!.result).toEqual({ assigned_to: { link: `https://acme.service-now.com/api/now/table/sys_user/${user.sys_id}`, value: user.sys_id } });
    const plain = await call('GET', `/api/now/table/incident/${incident.sys_id}?${fields('assigned_to')}`);
    expect(plain.body!.result).toEqual({ assigned_to: user.sys_id });
    expect(sim.state.record('sys_user', user.sys_id)!.name).toBe('Beth Anglin');
  });

  it('appends a journal entry when comments or work notes are written, leaving the field empty', async () => {
    const incident = sim.state.insert('incident', { short_description: 'Mail' });
    const patched = await call('PATCH', `/api/now/table/incident/${incident.sys_id}?sysparm_fields=comments,work_notes`, { comments: 'Called the user', work_notes: 'Restarted relay' });
    expect(patched.body!.result).toEqual({ comments: '', work_notes: '' });
    const entries = await call('GET', `/api/now/table/sys_journal_field?sysparm_query=element_id=${incident.sys_id}^ORDERBYelement&${fields('element,value,name,sys_created_by')}`);
    expect(entries.body!.result).toEqual([
      { element: 'comments', value: 'Called the user', name: 'incident', sys_created_by: 'svc.junction' },
      { element: 'work_notes', value: 'Restarted relay', name: 'incident', sys_created_by: 'svc.junction' },
    ]);
  });

  it('pages with sysparm_limit/sysparm_offset, X-Total-Count and a Link header keeping the query', async () => {
    for (let i = 1; i <= 5; i++) sim.state.insert('incident', { short_description: `Incident ${i}` });
    const page = await call('GET', '/api/now/table/incident?sysparm_query=active=true^ORDERBYnumber&sysparm_limit=2&sysparm_offset=2&sysparm_fields=number');
    expect(page.body!.result).toEqual([{ number: 'INC0010003' }, { number: 'INC0010004' }]);
    expect(page.headers.get('x-total-count')).toBe('5');
    const base = 'https://acme.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5EORDERBYnumber';
    expect(page.headers.get('link')).toBe(
      [
        `<${base}&sysparm_limit=2&sysparm_offset=0&sysparm_fields=number>;rel="first"`,
        `<${base}&sysparm_limit=2&sysparm_offset=0&sysparm_fields=number>;rel="prev"`,
        `<${base}&sysparm_limit=2&sysparm_offset=4&sysparm_fields=number>;rel="next"`,
        `<${base}&sysparm_limit=2&sysparm_offset=4&sysparm_fields=number>;rel="last"`,
      ].join(','),
    );
    const last = await call('GET', '/api/now/table/incident?sysparm_limit=2&sysparm_offset=4&sysparm_fields=number');
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('answers an empty result as [] but as 404 on v1, and an unknown table as 400', async () => {
    expect((await call('GET', '/api/now/table/incident?sysparm_query=number=NONE')).body).toEqual({ result: [] });
    expect((await call('GET', '/api/now/v1/table/incident?sysparm_query=number=NONE')).status).toBe(404);
    expect(await call('GET', '/api/now/table/incidnet')).toMatchObject({ status: 400, body: { error: { message: 'Invalid table incidnet', detail: null } } });
  });

  it('fails the next calls as told, in ServiceNow shape unless a body is given', async () => {
    sim.state.failNext(503, { count: 2 });
    expect((await call('GET', '/api/now/table/incident')).status).toBe(503);
    expect((await call('GET', '/api/now/table/incident')).body).toEqual({ error: { message: 'Service Unavailable', detail: 'Injected HTTP 503' }, status: 'failure' });
    expect((await call('GET', '/api/now/table/incident')).status).toBe(200);
    expect(sim.state.requests.map((r) => r.path)).toEqual(['/api/now/table/incident', '/api/now/table/incident', '/api/now/table/incident']);
  });
});

describe('ServiceNow simulator: Deleted Records', () => {
  it('writes a sys_audit_delete row when a record of an audited table is deleted, served by the Table API', async () => {
    await start();
    const incident = sim.state.insert('incident', { short_description: 'Printer <jam>' });
    const user = sim.state.insert('sys_user', { user_name: 'gone' });
    clock += 5_000;
    expect((await call('DELETE', `/api/now/table/incident/${incident.sys_id}`)).status).toBe(204);
    // sys_ tables are audited only when listed in glide.ui.audit_deleted_tables.
    expect((await call('DELETE', `/api/now/table/sys_user/${user.sys_id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/now/table/incident/${incident.sys_id}`)).status).toBe(404);

    const query = encodeURIComponent('tablename=incident^sys_created_on>=2024-05-01 08:00:05^ORDERBYsys_created_on');
    const listed = await call('GET', `/api/now/table/sys_audit_delete?sysparm_query=${query}&sysparm_limit=1`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe('1');
    const [row] = listed.body!.result as Record<string, string>[];
    expect(row).toMatchObject({ tablename: 'incident', documentkey: incident.sys_id, sys_created_on: '2024-05-01 08:00:05', sys_created_by: 'svc.junction' });
    expect(row.payload).toContain(`<short_description>Printer &lt;jam&gt;</short_description>`);
    expect(sim.state.records('sys_audit_delete')).toHaveLength(1);
    const later = encodeURIComponent('tablename=incident^sys_created_on>2024-05-01 08:00:05');
    expect((await call('GET', `/api/now/table/sys_audit_delete?sysparm_query=${later}`)).body).toEqual({ result: [] });
  });

  it('audits listed sys_ tables, and answers 403 to users without a read ACL on sys_audit_delete', async () => {
    await start({ auditDeletedTables: ['sys_user'], auditReaders: ['admin'] });
    const user = sim.state.insert('sys_user', { user_name: 'gone' });
    expect(sim.state.delete('sys_user', user.sys_id)).toBe(true);
    expect(sim.state.records('sys_audit_delete').map((r) => [r.tablename, r.documentkey])).toEqual([['sys_user', user.sys_id]]);
    expect(await call('GET', '/api/now/table/sys_audit_delete')).toMatchObject({
      status: 403,
      body: { error: { message: 'User Not Authorized', detail: 'Failed API level ACL Validation' }, status: 'failure' },
    });
  });
});

describe('ServiceNow simulator: encoded queries', () => {
  const ID = 'b0f6d0e1a1b2c3d4e5f60718293a4b5c';
  beforeEach(async () => {
    await start();
    const rows: Record<string, string>[] = [
      { short_description: 'VPN down', state: '1', impact: '1', urgency: '1', assigned_to: ID },
      { short_description: 'vpn slow', state: '2', impact: '2', urgency: '2' },
      { short_description: 'Printer jam', state: '6', impact: '3', urgency: '3', assigned_to: ID },
      { short_description: 'Mail bounce', state: '7', impact: '2', urgency: '3' },
    ];
    for (const row of rows) {
      sim.state.insert('incident', row);
      clock += 3_600_000;
    }
  });

  const numbers = async (query: string) =>
    ((await call('GET', `/api/now/table/incident?sysparm_query=${encodeURIComponent(query)}&sysparm_fields=number`)).body!.result as { number: string }[]).map((r) =>
      r.number.slice(-1),
    );

  it.each([
    ['state=1', ['1']],
    ['stateIN1,2', ['1', '2']],
    ['stateNOT IN1,2', ['3', '4']],
    [`assigned_to!=${ID}`, []],
    ['assigned_toISEMPTY', ['2', '4']],
    ['assigned_toISNOTEMPTY', ['1', '3']],
    ['short_descriptionLIKEVPN', ['1', '2']],
    ['short_descriptionSTARTSWITHprinter', ['3']],
    ['short_descriptionENDSWITHbounce', ['4']],
    ['short_descriptionNOT LIKEvpn', ['3', '4']],
    ['short_description=vpn DOWN', ['1']],
    ['priority<=2', ['1']],
    ['sys_created_on>=2024-05-01 09:00:00^sys_created_on<2024-05-01 11:00:00', ['2', '3']],
    ['state=1^ORstate=7', ['1', '4']],
    ['active=true^state=1^ORstate=7', ['1']],
    ['state=1^priority=1^NQstate=7', ['1', '4']],
    ['bogus=1^state=2', ['2']],
    ['state=2^ORbogus=1', ['2']],
    ['ORDERBYDESCnumber', ['4', '3', '2', '1']],
    ['ORDERBYpriority^ORDERBYDESCnumber', ['1', '2', '4', '3']],
  ])('%s', async (query, expected) => {
    expect(await numbers(query)).toEqual(expected);
  });

  it('matches sys_user roles as a set', async () => {
    sim.state.insert('sys_user', { user_name: 'beth', roles: 'itil,approver_user' });
    sim.state.insert('sys_user', { user_name: 'abel', roles: 'itil_admin' });
    sim.state.insert('sys_user', { user_name: 'carol' });
    const names = async (query: string) =>
      ((await call('GET', `/api/now/table/sys_user?sysparm_query=${encodeURIComponent(query)}&sysparm_fields=user_name`)).body!.result as { user_name: string }[]).map((u) => u.user_name);
    expect(await names('roles=itil')).toEqual(['beth']);
    expect(await names('rolesINitil_admin,approver_user')).toEqual(['beth', 'abel']);
    expect(await names('rolesISEMPTY')).toEqual(['carol']);
  });

  it('parses ^OR as binding tighter than ^, and ^NQ as a new query', () => {
    expect(parseEncodedQuery('a=1^b=2^ORc=3^NQd=4^ORDERBYe').groups).toEqual([
      [[{ column: 'a', operator: '=', value: '1' }], [{ column: 'b', operator: '=', value: '2' }, { column: 'c', operator: '=', value: '3' }]],
      [[{ column: 'd', operator: '=', value: '4' }]],
    ]);
  });
});

describe('ServiceNow simulator: OAuth 2.0 and rate limits', () => {
  it('issues a code on /oauth_auth.do, tokens on /oauth_token.do, and refreshes them', async () => {
    await start({ oauthClients: [{ clientId: 'junction', clientSecret: 'cs' }] });
    const authorize = await fetch(`${sim.url}/oauth_auth.do?response_type=code&client_id=junction&redirect_uri=${encodeURIComponent('https://app.example/cb')}&state=xyz`, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const redirect = new URL(authorize.headers.get('location')!);
    expect(`${redirect.origin}${redirect.pathname}`).toBe('https://app.example/cb');
    expect(redirect.searchParams.get('state')).toBe('xyz');

    const token = async (form: Record<string, string>) => {
      const response = await fetch(`${sim.url}/oauth_token.do`, { method: 'POST', body: new URLSearchParams(form) });
      return { status: response.status, body: (await response.json()) as Record<string, string | number> };
    };
    const code = redirect.searchParams.get('code')!;
    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', client_id: 'junction', client_secret: 'cs' });
    expect(exchanged.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), scope: 'useraccount', token_type: 'Bearer', expires_in: 1800 });
    expect((await token({ grant_type: 'authorization_code', code, client_id: 'junction', client_secret: 'cs' })).status).toBe(401);

    const bearer = `Bearer ${exchanged.body.access_token}`;
    expect((await call('GET', '/api/now/table/incident', undefined, bearer)).status).toBe(200);
    clock += 1800_000;
    expect((await call('GET', '/api/now/table/incident', undefined, bearer)).status).toBe(401);

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(exchanged.body.refresh_token), client_id: 'junction', client_secret: 'cs' });
    expect((await call('GET', '/api/now/table/incident', undefined, `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
    expect(await token({ grant_type: 'refresh_token', refresh_token: 'stale', client_id: 'junction', client_secret: 'cs' })).toEqual({
      status: 401,
      body: { error_description: 'access_denied', error: 'server_error' },
    });
  });

  it('sends X-RateLimit-* on every call and 429 + Retry-After past the limit', async () => {
    await start({ rateLimit: { limit: 2 } });
    const first = await call('GET', '/api/now/table/incident');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(T0 / 1000 + 3600));
    expect(first.headers.get('x-ratelimit-rule')).toMatch(/^[0-9a-f]{32}$/);
    await call('GET', '/api/now/table/incident');
    clock += 600_000;
    const limited = await call('GET', '/api/now/table/incident');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3000');
    expect(limited.body).toEqual({ error: { message: 'Rate limit exceeded', detail: 'Rate limit of 2 requests per hour for Table API exceeded' }, status: 'failure' });
  });
});
