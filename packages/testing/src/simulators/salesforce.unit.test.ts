import { createHmac } from 'node:crypto';
import { type RunningSalesforceSimulator, type SalesforceSimulatorOptions, startSalesforceSimulator } from './salesforce';
import { salesforceId } from './salesforce-schema';

const V = '/services/data/v67.0';
const CLOCK = Date.parse('2026-03-01T12:00:00Z');
/** Well-formed ids nothing is stored under. */
const NO_ACCOUNT = salesforceId('001', 99_999);
const NO_LOCATOR = salesforceId('01g', 99_999);

interface Reply {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

describe('Salesforce simulator', () => {
  let sim: RunningSalesforceSimulator;
  const open: RunningSalesforceSimulator[] = [];

  async function start(options: SalesforceSimulatorOptions = {}): Promise<RunningSalesforceSimulator> {
    const started = await startSalesforceSimulator({ now: () => CLOCK, ...options });
    open.push(started);
    return started;
  }

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string>; form?: Record<string, string>; on?: RunningSalesforceSimulator } = {},
  ): Promise<Reply> {
    const target = options.on ?? sim;
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== null) headers.authorization = `Bearer ${options.token ?? target.accessToken}`;
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${target.url}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  const query = (soql: string, headers: Record<string, string> = {}) => call('GET', `${V}/query?q=${encodeURIComponent(soql)}`, { headers });
  const create = async (object: string, body: Record<string, unknown>) => {
    const reply = await call('POST', `${V}/sobjects/${object}`, { body });
    expect(reply.status).toBe(201);
    return reply.json.id as string;
  };

  beforeEach(async () => {
    sim = await start();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  describe('OAuth web server flow', () => {
    async function authorize(params: Record<string, string>): Promise<URL> {
      const reply = await call('GET', `/services/oauth2/authorize?${new URLSearchParams(params)}`, { token: null });
      expect(reply.status).toBe(302);
      return new URL(reply.headers.get('location')!);
    }

    const params = { response_type: 'code', client_id: 'sim-client-id', redirect_uri: 'https://app.example.com/cb', state: 's-1', scope: 'api refresh_token' };

    it('redirects with a code and the state, then exchanges the code for tokens with instance_url and a verifiable signature', async () => {
      const location = await authorize(params);
      expect(location.origin + location.pathname).toBe('https://app.example.com/cb');
      expect(location.searchParams.get('state')).toBe('s-1');
      const code = location.searchParams.get('code')!;
      const reply = await call('POST', '/services/oauth2/token', {
        token: null,
        form: { grant_type: 'authorization_code', code, client_id: 'sim-client-id', client_secret: 'sim-client-secret', redirect_uri: params.redirect_uri },
      });
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        signature: expect.any(String),
        scope: 'api refresh_token',
        instance_url: sim.url,
        id: expect.stringMatching(new RegExp(`^${sim.url}/id/00D\\w{15}/005\\w{15}$`)),
        token_type: 'Bearer',
        issued_at: String(CLOCK),
      });
      expect(reply.json.signature).toBe(createHmac('sha256', 'sim-client-secret').update(reply.json.id + reply.json.issued_at).digest('base64'));
      expect((await call('GET', `${V}/limits`, { token: reply.json.access_token })).status).toBe(200);
      // A code is good once.
      const again = await call('POST', '/services/oauth2/token', {
        token: null,
        form: { grant_type: 'authorization_code', code, client_id: 'sim-client-id', client_secret: 'sim-client-secret', redirect_uri: params.redirect_uri },
      });
      expect(again).toMatchObject({ status: 400, json: { error: 'invalid_grant', error_description: 'authentication failure' } });
    });

    it('issues no refresh token without the refresh_token scope, and refuses unknown clients and wrong secrets', async () => {
      const code = (await authorize({ ...params, scope: 'api' })).searchParams.get('code')!;
      const base = { grant_type: 'authorization_code', code, client_id: 'sim-client-id', redirect_uri: params.redirect_uri };
      expect((await call('POST', '/services/oauth2/token', { token: null, form: { ...base, client_secret: 'nope' } })).json).toEqual({
        error: 'invalid_client',
        error_description: 'invalid client credentials',
      });
      const reply = await call('POST', '/services/oauth2/token', { token: null, form: { ...base, client_secret: 'sim-client-secret' } });
      expect(reply.status).toBe(200);
      expect(reply.json.refresh_token).toBeUndefined();
      expect(reply.json.expires_in).toBeUndefined();
      const unknown = await call('GET', `/services/oauth2/authorize?${new URLSearchParams({ ...params, client_id: 'other' })}`, { token: null });
      expect(unknown).toMatchObject({ status: 400, json: { error: 'invalid_client_id' } });
      const badScope = await authorize({ ...params, scope: 'api everything' });
      expect(badScope.searchParams.get('error')).toBe('invalid_scope');
    });

    it('refreshes after the access token expires, until refresh tokens are revoked', async () => {
      const code = (await authorize(params)).searchParams.get('code')!;
      const tokens = (
        await call('POST', '/services/oauth2/token', {
          token: null,
          form: { grant_type: 'authorization_code', code, client_id: 'sim-client-id', client_secret: 'sim-client-secret', redirect_uri: params.redirect_uri },
        })
      ).json;
      sim.state.expireAccessTokens();
      const expired = await call('GET', `${V}/limits`, { token: tokens.access_token });
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      expect(expired.headers.get('www-authenticate')).toBe('Token');

      const refreshForm = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'sim-client-id', client_secret: 'sim-client-secret' };
      const refreshed = await call('POST', '/services/oauth2/token', { token: null, form: refreshForm });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.refresh_token).toBeUndefined();
      expect(refreshed.json.instance_url).toBe(sim.url);
      expect((await call('GET', `${V}/limits`, { token: refreshed.json.access_token })).status).toBe(200);

      sim.state.revokeRefreshTokens();
      expect((await call('POST', '/services/oauth2/token', { token: null, form: refreshForm })).json).toEqual({
        error: 'invalid_grant',
        error_description: 'expired access/refresh token',
      });
    });

    it('revokes a refresh token together with its access tokens', async () => {
      const code = (await authorize(params)).searchParams.get('code')!;
      const tokens = (
        await call('POST', '/services/oauth2/token', {
          token: null,
          form: { grant_type: 'authorization_code', code, client_id: 'sim-client-id', client_secret: 'sim-client-secret', redirect_uri: params.redirect_uri },
        })
      ).json;
      expect((await call('POST', '/services/oauth2/revoke', { token: null, form: { token: tokens.refresh_token } })).status).toBe(200);
      expect((await call('GET', `${V}/limits`, { token: tokens.access_token })).status).toBe(401);
      const unknown = await call('POST', '/services/oauth2/revoke', { token: null, form: { token: 'never-issued' } });
      expect(unknown).toMatchObject({ status: 400, json: { error: 'unsupported_token_type' } });
    });
  });

  describe('REST basics', () => {
    it('lists versions without auth and refuses REST calls without a valid session', async () => {
      const versions = await call('GET', '/services/data/', { token: null });
      expect(versions.status).toBe(200);
      expect(versions.json.at(-1)).toEqual({ label: "Summer '26", url: '/services/data/v67.0', version: '67.0' });
      expect(versions.json[0].label).toBe("Summer '14");
      for (const token of [null, 'wrong']) expect((await call('GET', `${V}/`, { token })).status).toBe(401);
      expect((await call('GET', '/services/data/v99.0/')).status).toBe(404);
    });

    it('counts API calls in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED past the daily limit', async () => {
      const limited = await start({ dailyApiLimit: 2 });
      const first = await call('GET', `${V}/`, { on: limited });
      expect(first.json.sobjects).toBe(`${V}/sobjects`);
      expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/2');
      expect((await call('GET', `${V}/limits`, { on: limited })).json.DailyApiRequests).toEqual({ Max: 2, Remaining: 0 });
      const over = await call('GET', `${V}/limits`, { on: limited });
      expect(over.status).toBe(403);
      expect(over.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    });

    it('fails the next requests on demand and records every request', async () => {
      sim.state.failNext(2, 503);
      expect((await call('GET', `${V}/limits`)).json).toEqual([{ message: 'Server is temporarily unavailable.', errorCode: 'SERVER_UNAVAILABLE' }]);
      expect((await call('GET', `${V}/limits`)).status).toBe(503);
      expect((await call('GET', `${V}/limits`)).status).toBe(200);
      sim.state.failNext(1, 400, [{ message: 'custom', errorCode: 'X' }]);
      expect((await call('GET', `${V}/limits`)).json).toEqual([{ message: 'custom', errorCode: 'X' }]);
      expect(sim.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(4).fill(`GET ${V}/limits`));
    });
  });

  describe('sObject records', () => {
    it('creates (201 with the id), reads with attributes, updates (204) and deletes (204)', async () => {
      const reply = await call('POST', `${V}/sobjects/Account/`, { body: { Name: 'Acme', Industry: 'Energy' } });
      expect(reply.status).toBe(201);
      expect(reply.json).toEqual({ id: expect.stringMatching(/^001Sm\w{13}$/), success: true, errors: [] });
      const id = reply.json.id;
      const read = await call('GET', `${V}/sobjects/Account/${id}`);
      expect(read.json).toMatchObject({
        attributes: { type: 'Account', url: `${V}/sobjects/Account/${id}` },
        Id: id,
        Name: 'Acme',
        Industry: 'Energy',
        Website: null,
        CreatedDate: '2026-03-01T12:00:00.000+0000',
        OwnerId: expect.stringMatching(/^005/),
      });
      expect((await call('GET', `${V}/sobjects/Account/${id.slice(0, 15)}?fields=Name,Id`)).json).toEqual({
        attributes: { type: 'Account', url: `${V}/sobjects/Account/${id}` },
        Name: 'Acme',
        Id: id,
      });
      const patched = await call('PATCH', `${V}/sobjects/Account/${id}`, { body: { Website: 'https://acme.example' } });
      expect(patched.status).toBe(204);
      expect(patched.text).toBe('');
      expect(sim.state.record('Account', id)).toMatchObject({ Name: 'Acme', Website: 'https://acme.example' });
      expect((await call('DELETE', `${V}/sobjects/Account/${id}`)).status).toBe(204);
      expect((await call('GET', `${V}/sobjects/Account/${id}`)).json).toEqual([{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]);
    });

    it('answers 404 NOT_FOUND for unknown ids and 400 MALFORMED_ID for an id of another object', async () => {
      const contact = await create('Contact', { LastName: 'Lovelace' });
      const missing = await call('GET', `${V}/sobjects/Account/${NO_ACCOUNT}`);
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      const wrongType = await call('PATCH', `${V}/sobjects/Account/${contact}`, { body: { Name: 'x' } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.json).toEqual([{ message: `Account ID: id value of incorrect type: ${contact}`, errorCode: 'MALFORMED_ID', fields: ['Id'] }]);
      expect((await call('GET', `${V}/sobjects/Account/0`)).json[0].errorCode).toBe('NOT_FOUND');
      const badSuffix = `${NO_ACCOUNT.slice(0, 15)}zzz`;
      expect((await call('DELETE', `${V}/sobjects/Account/${badSuffix}`)).json).toEqual([{ message: `malformed id ${badSuffix}`, errorCode: 'MALFORMED_ID' }]);
      expect((await call('GET', `${V}/sobjects/Widget__c/${NO_ACCOUNT}`)).status).toBe(404);
    });

    it('validates writes with Salesforce error codes', async () => {
      const cases: [string, Record<string, unknown>, unknown][] = [
        ['Contact', { FirstName: 'Ada' }, [{ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }]],
        ['Account', { Name: 'A', Colour: 'red' }, [{ message: "No such column 'Colour' on sobject of type Account", errorCode: 'INVALID_FIELD' }]],
        ['Contact', { LastName: 'L', Name: 'Full' }, [expect.objectContaining({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Name'] })]],
        ['Contact', { LastName: 'L', Email: 'not-an-email' }, [{ message: 'Email: invalid email address: not-an-email', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]],
        ['Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '31/01/2026' }, [expect.objectContaining({ errorCode: 'JSON_PARSER_ERROR' })]],
        ['Contact', { LastName: 'L', AccountId: NO_ACCOUNT }, [{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] }]],
      ];
      for (const [object, body, errors] of cases) {
        const reply = await call('POST', `${V}/sobjects/${object}`, { body });
        expect(reply.status).toBe(400);
        expect(reply.json).toEqual(errors);
      }
    });

    it('derives people names, opportunity probability and deletes an account with its contacts', async () => {
      const account = await create('Account', { Name: 'Acme' });
      const contact = await create('Contact', { FirstName: 'Ada', LastName: 'Lovelace', AccountId: account });
      const deal = await create('Opportunity', { Name: 'Deal', StageName: 'Negotiation/Review', CloseDate: '2026-06-30', AccountId: account });
      expect(sim.state.record('Contact', contact)).toMatchObject({ Name: 'Ada Lovelace' });
      expect(sim.state.record('Opportunity', deal)).toMatchObject({ Probability: 90, IsClosed: false, IsWon: false });
      await call('DELETE', `${V}/sobjects/Account/${account}`);
      expect((await call('GET', `${V}/sobjects/Contact/${contact}`)).json[0].errorCode).toBe('ENTITY_IS_DELETED');
    });
  });

  describe('Get Deleted', () => {
    const MINUTE = 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const deleted = (object: string, start: number, end: number, on?: RunningSalesforceSimulator) =>
      call('GET', `${V}/sobjects/${object}/deleted/?start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(end))}`, { on });

    it('lists the deletions of a window read in whole minutes, cascades included, with the coverage', async () => {
      let clock = CLOCK;
      sim = await start({ now: () => clock });
      const account = await create('Account', { Name: 'Acme' });
      const contact = await create('Contact', { LastName: 'Lovelace', AccountId: account });
      const kept = await create('Contact', { LastName: 'Hopper' });
      clock += 90_000; // 12:01:30
      expect((await call('DELETE', `${V}/sobjects/Account/${account}`)).status).toBe(204);
      clock += 60_000; // 12:02:30

      // Seconds are ignored: 12:00:59 reads from 12:00, and 12:02:10 through 12:02's end (no further than now).
      const reply = await deleted('Contact', CLOCK + 59_000, CLOCK + 130_000);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        deletedRecords: [{ id: contact, deletedDate: '2026-03-01T12:01:30.000+0000' }],
        earliestDateAvailable: '2020-01-06T00:00:00.000+0000',
        latestDateCovered: '2026-03-01T12:02:00.000+0000',
      });
      expect((await deleted('Account', CLOCK, CLOCK + 10 * MINUTE)).json).toMatchObject({ deletedRecords: [{ id: account }], latestDateCovered: '2026-03-01T12:02:00.000+0000' });
      // The deletion's own minute is read again by a window starting there; earlier windows miss it.
      expect((await deleted('Contact', CLOCK + MINUTE, CLOCK + 3 * MINUTE)).json.deletedRecords).toHaveLength(1);
      expect((await deleted('Contact', CLOCK - 5 * MINUTE, CLOCK)).json.deletedRecords).toEqual([]);
      expect(JSON.stringify((await deleted('Contact', CLOCK, CLOCK + 3 * MINUTE)).json)).not.toContain(kept);
    });

    it('refuses windows of a minute or less, starting over 30 days ago or before the log was purged', async () => {
      let clock = CLOCK;
      sim = await start({ now: () => clock });
      const contact = await create('Contact', { LastName: 'Lovelace' });
      await call('DELETE', `${V}/sobjects/Contact/${contact}`);
      clock += 10 * MINUTE;
      const refused = async (start: number, end: number, message: string) => {
        const reply = await deleted('Contact', start, end);
        expect(reply.status).toBe(400);
        expect(reply.json).toEqual([{ errorCode: 'INVALID_REPLICATION_DATE', message }]);
      };
      const precede = 'startDate must chronologically precede endDate by more than one minute';
      await refused(CLOCK + 59_000, CLOCK + 119_000, precede);
      await refused(CLOCK + 5 * MINUTE, CLOCK, precede);
      await refused(CLOCK - 31 * 24 * 60 * MINUTE, CLOCK, 'startDate cannot be more than 30 days ago');
      expect((await deleted('Contact', CLOCK - 2 * MINUTE, CLOCK + MINUTE)).status).toBe(200);

      sim.state.purgeDeleteLog('Contact', clock);
      await refused(CLOCK - 2 * MINUTE, CLOCK + 5 * MINUTE, 'startDate is before earliestDateAvailable 2026-03-01T12:01:00.000+0000');
      expect((await deleted('Contact', CLOCK + MINUTE, CLOCK + 5 * MINUTE)).json).toEqual({
        deletedRecords: [],
        earliestDateAvailable: '2026-03-01T12:01:00.000+0000',
        latestDateCovered: '2026-03-01T12:05:00.000+0000',
      });
      // The Account log was not purged.
      expect((await deleted('Account', CLOCK - 2 * MINUTE, CLOCK + 5 * MINUTE)).status).toBe(200);
    });

    it('forgets deletions after the retention, and answers EXCEEDED_ID_LIMIT and bad parameters', async () => {
      let clock = CLOCK;
      sim = await start({ now: () => clock, deleteLogDays: 1, maxDeletedIds: 1 });
      for (const name of ['A', 'B']) await call('DELETE', `${V}/sobjects/Lead/${await create('Lead', { LastName: name, Company: 'C' })}`);
      const tooMany = await deleted('Lead', CLOCK, CLOCK + 5 * MINUTE);
      expect(tooMany.status).toBe(400);
      expect(tooMany.json).toEqual([{ errorCode: 'EXCEEDED_ID_LIMIT', message: 'more than 1 ids were found; choose start and end dates closer together' }]);
      expect((await call('GET', `${V}/sobjects/Lead/deleted/?start=${iso(CLOCK)}`)).json).toEqual([{ errorCode: 'MISSING_ARGUMENT', message: 'end is required' }]);
      expect((await call('GET', `${V}/sobjects/Lead/deleted/?start=yesterday&end=${iso(CLOCK)}`)).json).toEqual([
        { errorCode: 'INVALID_PARAMETER_VALUE', message: 'start: invalid date/time: yesterday' },
      ]);
      expect((await call('GET', `${V}/sobjects/Widget__c/deleted/?start=${iso(CLOCK)}&end=${iso(CLOCK + 5 * MINUTE)}`)).status).toBe(404);

      clock += 24 * 60 * MINUTE + MINUTE;
      const later = await deleted('Lead', clock - 10 * MINUTE, clock);
      expect(later.json).toEqual({ deletedRecords: [], earliestDateAvailable: '2026-03-01T12:01:00.000+0000', latestDateCovered: '2026-03-02T12:01:00.000+0000' });
      expect((await deleted('Lead', CLOCK, CLOCK + 5 * MINUTE)).json[0].errorCode).toBe('INVALID_REPLICATION_DATE');
    });
  });

  describe('SOQL', () => {
    beforeEach(() => {
      const acme = sim.state.seed('Account', { Name: 'Acme', Industry: 'Energy', NumberOfEmployees: 50 });
      sim.state.seed('Account', { Name: "O'Brien \\ Sons", Industry: 'Retail' });
      sim.state.seed('Account', { Name: 'globex', NumberOfEmployees: 5 });
      sim.state.seed('Opportunity', { Name: 'Big', StageName: 'Prospecting', CloseDate: '2026-01-31', Amount: 1000, AccountId: acme });
      sim.state.seed('Opportunity', { Name: 'Small', StageName: 'Closed Won', CloseDate: '2026-03-15' });
    });

    const names = async (soql: string) => {
      const reply = await query(soql);
      expect(reply.status).toBe(200);
      return reply.json.records.map((r: { Name: string }) => r.Name);
    };

    it('answers selected fields with attributes, ordered and limited', async () => {
      const reply = await query('SELECT Id, Name FROM Account ORDER BY Name DESC LIMIT 2');
      expect(reply.json).toEqual({
        totalSize: 2,
        done: true,
        records: [
          { attributes: { type: 'Account', url: expect.stringMatching(/^\/services\/data\/v67\.0\/sobjects\/Account\/001/) }, Id: expect.any(String), Name: "O'Brien \\ Sons" },
          { attributes: expect.any(Object), Id: expect.any(String), Name: 'globex' },
        ],
      });
    });

    it('compares text case-insensitively, decodes escapes and keeps empty fields for !=', async () => {
      expect(await names("SELECT Name FROM Account WHERE Name = 'ACME'")).toEqual(['Acme']);
      expect(await names("SELECT Name FROM Account WHERE Name = 'O\\'Brien \\\\ Sons'")).toEqual(["O'Brien \\ Sons"]);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE 'o%' OR Name LIKE '_lobex'")).toEqual(["O'Brien \\ Sons", 'globex']);
      expect(await names("SELECT Name FROM Account WHERE Industry != 'Energy' ORDER BY Name")).toEqual(['globex', "O'Brien \\ Sons"]);
      expect(await names("SELECT Name FROM Account WHERE Industry NOT IN ('Retail') AND NumberOfEmployees >= 5 ORDER BY Name")).toEqual(['Acme', 'globex']);
      expect(await names("SELECT Name FROM Account WHERE Industry = null")).toEqual(['globex']);
      expect(await names("SELECT Name FROM Account WHERE Name = 'a\\nb\\u0027'")).toEqual([]);
    });

    it('takes unquoted dates and date-times and checks literal types per field', async () => {
      expect(await names('SELECT Name FROM Opportunity WHERE CloseDate > 2026-02-01')).toEqual(['Small']);
      expect(await names('SELECT Name FROM Opportunity WHERE CreatedDate <= 2026-03-01T12:00:00Z AND Amount > 10')).toEqual(['Big']);
      const quoted = await query("SELECT Name FROM Opportunity WHERE CloseDate > '2026-02-01'");
      expect(quoted.status).toBe(400);
      expect(quoted.json).toEqual([
        { message: "value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes", errorCode: 'INVALID_QUERY_FILTER_OPERATOR' },
      ]);
      expect((await query('SELECT Name FROM Opportunity WHERE CreatedDate > 2026-02-01')).json[0].errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
      expect((await query('SELECT Name FROM Opportunity WHERE CreatedDate > 2026-02-01T00:00:00.000Z')).json[0].errorCode).toBe('MALFORMED_QUERY');
      expect((await query("SELECT Name FROM Opportunity WHERE AccountId = 'abc'")).json[0].message).toBe('invalid ID field: abc');
    });

    it('refuses malformed queries, unknown fields and objects, and filters on long text', async () => {
      const errors = async (soql: string) => (await query(soql)).json.map((e: { errorCode: string }) => e.errorCode);
      expect(await errors("SELECT Name FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")).toEqual(['MALFORMED_QUERY']);
      expect(await errors("SELECT Name FROM Account WHERE Name = 'unterminated")).toEqual(['MALFORMED_QUERY']);
      expect(await errors("SELECT Name FROM Account WHERE Name = 'a\\%'")).toEqual(['MALFORMED_QUERY']);
      expect(await errors('SELECT Colour FROM Account')).toEqual(['INVALID_FIELD']);
      expect(await errors('SELECT Name FROM Widget__c')).toEqual(['INVALID_TYPE']);
      expect(await errors("SELECT Name FROM Account WHERE Description = 'x'")).toEqual(['INVALID_FIELD']);
      expect(await errors('SELECT Name FROM Account OFFSET 2001')).toEqual(['NUMBER_OUTSIDE_VALID_RANGE']);
      expect((await call('GET', `${V}/query`)).json[0].errorCode).toBe('MALFORMED_QUERY');
    });

    it('pages by batches with nextRecordsUrl, honouring batchSize between 200 and 2000 and the simulator cap', async () => {
      const capped = await start({ maxBatchSize: 2 });
      for (let i = 0; i < 5; i++) capped.state.seed('Lead', { LastName: `L${i}`, Company: 'C' });
      const first = await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id, LastName FROM Lead ORDER BY LastName')}`, {
        on: capped,
        headers: { 'Sforce-Query-Options': 'batchSize=200' },
      });
      expect(first.json).toMatchObject({ totalSize: 5, done: false, nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v67\.0\/query\/01gSm\w{13}-2$/) });
      const seen = first.json.records.map((r: { LastName: string }) => r.LastName);
      let next = first.json.nextRecordsUrl;
      while (next) {
        const page = await call('GET', next, { on: capped });
        seen.push(...page.json.records.map((r: { LastName: string }) => r.LastName));
        next = page.json.nextRecordsUrl;
      }
      expect(seen).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);

      for (let i = 0; i < 250; i++) sim.state.seed('Lead', { LastName: `M${i}`, Company: 'C' });
      const small = await query('SELECT Id FROM Lead', { 'Sforce-Query-Options': 'batchSize=10' });
      expect(small.json.records).toHaveLength(200);
      expect(small.json.nextRecordsUrl).toMatch(/-200$/);
      expect((await query('SELECT Id FROM Lead')).json.done).toBe(true);
      expect((await call('GET', `${V}/query/${NO_LOCATOR}-200`)).json).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    });
  });

  describe('describe', () => {
    it('lists objects with describeGlobal, marking change events not queryable', async () => {
      const reply = await call('GET', `${V}/sobjects`);
      expect(reply.json.sobjects.map((o: { name: string; queryable: boolean }) => [o.name, o.queryable])).toEqual([
        ['Account', true],
        ['Contact', true],
        ['Lead', true],
        ['Opportunity', true],
        ['AccountChangeEvent', false],
      ]);
    });

    it('describes fields with types, flags and picklist values (case-insensitive object name)', async () => {
      const reply = await call('GET', `${V}/sobjects/account/describe`);
      expect(reply.json.name).toBe('Account');
      const field = (name: string) => reply.json.fields.find((f: { name: string }) => f.name === name);
      expect(field('Name')).toMatchObject({ type: 'string', nillable: false, createable: true, defaultedOnCreate: false, filterable: true, custom: false });
      expect(field('Description')).toMatchObject({ type: 'textarea', filterable: false });
      expect(field('Tier__c')).toMatchObject({ type: 'picklist', custom: true });
      expect(field('Type').picklistValues).toContainEqual({ active: false, defaultValue: false, label: 'Channel Partner / Reseller', validFor: null, value: 'Channel Partner / Reseller' });
      expect(field('Id')).toMatchObject({ type: 'id', createable: false, updateable: false, nillable: false, defaultedOnCreate: true });
      expect((await call('GET', `${V}/sobjects/Widget__c/describe`)).status).toBe(404);
    });
  });
});
