import {
  authorizeUrl,
  createVendorClient,
  credentialsFor,
  exchangeCode,
  fillTemplate,
  HostMap,
  OAUTH_KEYS,
  TokenRefresher,
  UnauthorizedError,
  type ElementContext,
  type OAuth2Auth,
  type TokenSet,
} from '@junction/core';
import { startSalesforceSimulator, type RunningSalesforceSimulator } from '@junction/testing';
import { sfdc } from '../src';
import { accounts } from '../src/resources/accounts';

const SANDBOX = 'https://test.salesforce.com';
const CALLBACK = 'https://app.example.com/salesforce/callback';

function oauth(): OAuth2Auth {
  if (sfdc.auth.kind !== 'oauth2') throw new Error('sfdc authorizes with OAuth 2.0');
  return sfdc.auth;
}

describe('sfdc OAuth against the Salesforce simulator (e2e)', () => {
  let sim: RunningSalesforceSimulator;
  let hostMap: HostMap;

  beforeEach(async () => {
    sim = await startSalesforceSimulator();
    hostMap = HostMap.parse(`test.salesforce.com=${sim.url}`);
  });
  afterEach(() => sim.close());

  /** The web server flow on the sandbox login host: authorize, follow the redirect, exchange the code. */
  async function authorize(): Promise<TokenSet> {
    const url = authorizeUrl(oauth(), { clientId: sim.client.clientId, callbackUrl: CALLBACK, state: 'st-1', values: { siteAddress: SANDBOX } }, hostMap);
    expect(url).toBe(`${sim.url}/services/oauth2/authorize?response_type=code&client_id=sim-client-id&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=api+refresh_token&state=st-1`);
    const redirect = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const code = redirect.searchParams.get('code')!;
    return exchangeCode(
      oauth(),
      { code, callbackUrl: CALLBACK, clientId: sim.client.clientId, clientSecret: sim.client.clientSecret, values: { siteAddress: SANDBOX } },
      hostMap,
    );
  }

  /** A context as the hub builds it for instance 1, refreshing through `sink`. */
  function contextFor(tokens: TokenSet, sink: { saved: Record<string, string | null>[]; invalid: number[] }): ElementContext {
    const config = {
      siteAddress: SANDBOX,
      [OAUTH_KEYS.clientId]: sim.client.clientId,
      [OAUTH_KEYS.clientSecret]: sim.client.clientSecret,
      [OAUTH_KEYS.accessToken]: tokens.accessToken,
      [OAUTH_KEYS.refreshToken]: tokens.refreshToken!,
      ...tokens.extra,
    };
    const refresher = new TokenRefresher(
      { save: async (_, patch) => void sink.saved.push(patch), markInvalid: async (id) => void sink.invalid.push(id) },
      hostMap,
    );
    return {
      config,
      http: createVendorClient({
        elementName: sfdc.name,
        http: sfdc.http,
        baseUrl: fillTemplate(sfdc.http.baseUrl, config),
        hostMap,
        credentials: credentialsFor(sfdc.auth, config, { refresher, instanceId: 1 }),
      }),
    };
  }

  it('exchanges the code on the sandbox login host and keeps instance_url and the org id, with no expiry to plan for', async () => {
    const tokens = await authorize();
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAt: undefined,
      extra: { instance_url: sim.url, 'sfdc.organization.id': sim.state.orgId },
    });
    const exchange = sim.state.requests.find((r) => r.path === '/services/oauth2/token');
    expect(exchange?.body).toMatchObject({ grant_type: 'authorization_code', redirect_uri: CALLBACK, client_id: 'sim-client-id' });
  });

  it('refreshes once when Salesforce answers 401 INVALID_SESSION_ID, stores the new token and retries the call', async () => {
    const tokens = await authorize();
    const sink = { saved: [] as Record<string, string | null>[], invalid: [] as number[] };
    const ctx = contextFor(tokens, sink);
    sim.state.seed('Account', { Name: 'After refresh' });
    sim.state.expireAccessTokens();
    sim.state.requests.length = 0;

    const page = await accounts.list!(ctx, { pageSize: 10 });
    expect(page.records.map((r) => accounts.toHub(r).name)).toEqual(['After refresh']);
    expect(sim.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /services/data/v67.0/query', 'POST /services/oauth2/token', 'GET /services/data/v67.0/query']);
    expect(sink.saved).toEqual([{ [OAUTH_KEYS.accessToken]: expect.any(String), [OAUTH_KEYS.refreshToken]: tokens.refreshToken, [OAUTH_KEYS.expiresAt]: null, instance_url: sim.url, 'sfdc.organization.id': sim.state.orgId }]);
    expect(sink.saved[0][OAUTH_KEYS.accessToken]).not.toBe(tokens.accessToken);
  });

  it('gives up with 401 and marks the instance invalid once the refresh token is revoked', async () => {
    const tokens = await authorize();
    const sink = { saved: [] as Record<string, string | null>[], invalid: [] as number[] };
    const ctx = contextFor(tokens, sink);
    sim.state.expireAccessTokens();
    sim.state.revokeRefreshTokens();
    const failure = await accounts.list!(ctx, { pageSize: 10 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnauthorizedError);
    expect(failure).toMatchObject({ status: 401, providerMessage: 'invalid_grant: expired access/refresh token' });
    expect(sink.invalid).toEqual([1]);
  });
});
