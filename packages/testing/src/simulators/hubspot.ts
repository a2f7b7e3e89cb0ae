/**
 * In-memory HTTP simulator of HubSpot's CRM v3 APIs (https://developers.hubspot.com/docs/api-reference),
 * for end-to-end tests, recordings and the local sandbox: OAuth 2.0 (authorize redirect, token
 * endpoint, token metadata), contacts / companies / deals (list, get, create, update, archive,
 * search, the recycle bin with `archived=true`), the properties API, company associations (v4 PUT and batch read), account details,
 * the app's signed webhook deliveries, the `X-HubSpot-RateLimit-*` headers with 429s, and fault
 * injection.
 *
 * One origin stands in for both `app.hubspot.com` (authorize) and `api.hubapi.com` (everything else).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { HttpError, type QueryParams, type RunningSimulator, type SimulatorHandler, readRawBody, sendJson, sendRaw, splitUrl, startSimulator } from './simulator-server';
import { HubSpotOAuth } from './hubspot-oauth';
import type { HubSpotObjectType } from './hubspot-properties';
import { crmRoutes, errorBody, first } from './hubspot-routes';
import { DEFAULT_SEARCH_LIMITS, type HubSpotSearchLimits } from './hubspot-search';
import { HubSpotStore } from './hubspot-store';
import { HubSpotWebhooks } from './hubspot-webhooks';

/** Options of {@link startHubSpotSimulator}. */
export interface HubSpotSimulatorOptions {
  /** TCP port; 0 or absent picks a free one (recordings need a fixed one). */
  port?: number;
  /** The OAuth app. Defaults `sim-client-id` / `sim-client-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Access tokens accepted without an OAuth exchange. Default `['sim-access-token']`. */
  accessTokens?: string[];
  /** Refresh tokens accepted without an OAuth exchange. Default `['sim-refresh-token']`. */
  refreshTokens?: string[];
  /** `expires_in` of issued access tokens. Default 1800, as HubSpot. */
  tokenLifetimeSeconds?: number;
  /** The account (hub id). Default 62515. */
  portalId?: number;
  /**
   * Request allowances. `secondly` is a one-second window (headers `X-HubSpot-RateLimit-Secondly*`);
   * `daily` resets at midnight UTC and, as for private apps, adds `X-HubSpot-RateLimit-Daily*`
   * (HubSpot leaves the daily pair off OAuth calls). Default `{secondly: 100}`.
   */
  rateLimit?: { secondly?: number; daily?: number };
  /** Search caps; over them the search answers 400. Default {@link DEFAULT_SEARCH_LIMITS}. */
  searchLimits?: HubSpotSearchLimits;
  /** Keep `state.requests`. Default true. */
  recordRequests?: boolean;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /**
   * The app's webhook settings: record changes are posted, signed, to `targetUrl` (settable later
   * as `state.webhooks.targetUrl`). Default app id 1000001; nothing is sent without a target URL.
   */
  webhooks?: { targetUrl?: string; appId?: number };
}

/** One request as the simulator received it. */
export interface HubSpotRecordedRequest {
  method: string;
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (or form fields for the token endpoint), the raw text otherwise, `undefined` when empty. */
  body: unknown;
}

/** A record to load with {@link RunningHubSpotSimulator.seed}. */
export interface HubSpotSeedRecord {
  id?: string;
  createdAt?: string;
  properties: Record<string, string>;
  /** The company to make this record's primary company (contacts and deals). */
  primaryCompanyId?: string;
}

export interface HubSpotSeedData {
  companies?: HubSpotSeedRecord[];
  contacts?: HubSpotSeedRecord[];
  deals?: HubSpotSeedRecord[];
}

interface InjectedFailure {
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Live state: data, OAuth, recorded traffic, rate-limit windows and fault injection. */
export class HubSpotSimulatorState {
  readonly requests: HubSpotRecordedRequest[] = [];
  private failure: InjectedFailure | undefined;
  private secondly = { start: 0, count: 0 };
  private daily = { day: '', count: 0 };

  constructor(
    readonly store: HubSpotStore,
    readonly oauth: HubSpotOAuth,
    /** The app's webhook deliveries. */
    readonly webhooks: HubSpotWebhooks,
    private readonly limits: { secondly: number; daily?: number },
    private readonly now: () => number,
  ) {}

  /**
   * The next `count` requests (any route, before auth) answer `status` with `body` (JSON for an
   * object, as-is for a string). Default body: HubSpot's error shape.
   */
  failNext(count: number, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    this.failure = count > 0 ? { remaining: count, status, body, headers } : undefined;
  }

  takeFailure(): InjectedFailure | undefined {
    const failure = this.failure;
    if (failure && --failure.remaining <= 0) this.failure = undefined;
    return failure;
  }

  /** Access tokens answer 401 EXPIRED_AUTHENTICATION from now on; refresh grants still work. */
  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  /** Refresh grants answer 400 `{status:'BAD_REFRESH_TOKEN'}` until {@link reset}. */
  revokeRefreshTokens(): void {
    this.oauth.revokeRefreshTokens();
  }

  /** Counts `count` API calls against the rate-limit windows as if they had been made (to start a test with a spent allowance). */
  consumeCalls(count: number): void {
    for (let i = 0; i < count; i++) this.countCall();
  }

  /** Counts one API call; the headers to send and the policy whose allowance is spent, if any. */
  countCall(): { headers: Record<string, string>; exceeded?: 'SECONDLY' | 'DAILY' } {
    const limits = this.limits;
    const nowMs = this.now();
    if (nowMs - this.secondly.start >= 1000) this.secondly = { start: nowMs, count: 0 };
    const day = new Date(nowMs).toISOString().slice(0, 10);
    if (this.daily.day !== day) this.daily = { day, count: 0 };
    const dailyOver = limits.daily !== undefined && this.daily.count >= limits.daily;
    const secondlyOver = this.secondly.count >= limits.secondly;
    if (!dailyOver && !secondlyOver) {
      this.secondly.count++;
      this.daily.count++;
    }
    const headers: Record<string, string> = {
      'x-hubspot-ratelimit-secondly': String(limits.secondly),
      'x-hubspot-ratelimit-secondly-remaining': String(Math.max(0, limits.secondly - this.secondly.count)),
    };
    if (limits.daily !== undefined) {
      headers['x-hubspot-ratelimit-daily'] = String(limits.daily);
      headers['x-hubspot-ratelimit-daily-remaining'] = String(Math.max(0, limits.daily - this.daily.count));
    }
    return { headers, exceeded: dailyOver ? 'DAILY' : secondlyOver ? 'SECONDLY' : undefined };
  }

  /** Drops data, tokens issued, recorded traffic, failures and rate-limit windows. */
  reset(): void {
    this.store.clear();
    this.oauth.reset();
    this.webhooks.clear();
    this.requests.length = 0;
    this.failure = undefined;
    this.secondly = { start: 0, count: 0 };
    this.daily = { day: '', count: 0 };
  }
}

/** A running HubSpot simulator. */
export interface RunningHubSpotSimulator extends RunningSimulator {
  state: HubSpotSimulatorState;
  /** The access token tests should send (the first of `accessTokens`). */
  accessToken: string;
  /** Loads records directly (no HTTP, not counted); throws on invalid input. Returns the ids by type. */
  seed(data: HubSpotSeedData): Record<HubSpotObjectType, string[]>;
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  failNext(count: number, status: number, body?: unknown, headers?: Record<string, string>): void;
}

/** Starts a HubSpot simulator on a loopback port. */
export async function startHubSpotSimulator(options: HubSpotSimulatorOptions = {}): Promise<RunningHubSpotSimulator> {
  const now = options.now ?? Date.now;
  const accessTokens = options.accessTokens ?? ['sim-access-token'];
  const clientSecret = options.clientSecret ?? 'sim-client-secret';
  const portalId = options.portalId ?? 62515;
  const oauth = new HubSpotOAuth(
    {
      clientId: options.clientId ?? 'sim-client-id',
      clientSecret,
      accessTokens,
      refreshTokens: options.refreshTokens ?? ['sim-refresh-token'],
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1800,
      portalId,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.deals.write'],
    },
    now,
  );
  const store = new HubSpotStore(now);
  const webhooks = new HubSpotWebhooks({ clientSecret, appId: options.webhooks?.appId ?? 1000001, portalId }, now, options.webhooks?.targetUrl);
  store.onChange = (change) => webhooks.record(change);
  const state = new HubSpotSimulatorState(store, oauth, webhooks, { secondly: options.rateLimit?.secondly ?? 100, daily: options.rateLimit?.daily }, now);
  const routes = crmRoutes(store, options.searchLimits ?? DEFAULT_SEARCH_LIMITS, now);
  // https://developers.hubspot.com/docs/api-reference/legacy/account/account-information/guide (GET /account-info/v3/details)
  routes.add('GET', '/account-info/v3/details', () => ({
    status: 200,
    body: { portalId, accountType: 'STANDARD', timeZone: 'US/Eastern', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '-05:00', utcOffsetMilliseconds: -18000000, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' },
  }));

  const handler: SimulatorHandler = async (req, res) => {
    const { path, query } = splitUrl(req.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const text = (await readRawBody(req)).toString('utf8');
    const form = /x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    const body = parseBody(text, form);
    if (options.recordRequests !== false) state.requests.push({ method, path, query, headers: req.headers, body });

    const failure = state.takeFailure();
    if (failure) return answerFailure(res, failure);

    // https://developers.hubspot.com/docs/api/oauth-quickstart-guide (GET https://app.hubspot.com/oauth/authorize)
    if (method === 'GET' && path === '/oauth/authorize') {
      const outcome = oauth.authorize(Object.fromEntries(Object.keys(query).map((k) => [k, first(query, k)])));
      if ('error' in outcome) return sendJson(res, 400, errorBody(outcome.error, 'VALIDATION_ERROR'));
      return sendRaw(res, 302, '', { location: outcome.location });
    }
    // https://developers.hubspot.com/docs/api/oauth/tokens (POST /oauth/v1/token, form-encoded)
    if (method === 'POST' && path === '/oauth/v1/token') {
      if (!form) return sendJson(res, 415, errorBody('The token request must be application/x-www-form-urlencoded', 'VALIDATION_ERROR'));
      const answer = oauth.exchange(body as Record<string, string>);
      return sendJson(res, answer.status, answer.body);
    }
    // https://developers.hubspot.com/docs/api/oauth/tokens (GET /oauth/v1/access-tokens/{token})
    const tokenInfo = /^\/oauth\/v1\/access-tokens\/([^/]+)$/.exec(path);
    if (method === 'GET' && tokenInfo) {
      const answer = oauth.describe(decodeURIComponent(tokenInfo[1]));
      return sendJson(res, answer.status, answer.body);
    }

    const match = routes.match(method, path);
    if (match.kind === 'not-found') return sendJson(res, 404, errorBody(`No route for ${method} ${path}`, 'OBJECT_NOT_FOUND'));
    if (match.kind === 'method-not-allowed') return sendJson(res, 405, errorBody(`${method} is not allowed on ${path}`, 'VALIDATION_ERROR'), { allow: match.allowed.join(', ') });
    const auth = oauth.check(req.headers.authorization);
    if (!auth.ok) return sendJson(res, 401, errorBody(auth.message, auth.category));
    const counted = state.countCall();
    if (counted.exceeded) {
      const which = counted.exceeded === 'DAILY' ? 'daily' : 'secondly';
      const rateBody = { status: 'error', message: `You have reached your ${which} limit.`, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: counted.exceeded };
      return sendJson(res, 429, rateBody, counted.headers);
    }
    if (text !== '' && body === undefined) return sendJson(res, 400, errorBody('Invalid input JSON on line 1', 'VALIDATION_ERROR'), counted.headers);
    const answer = match.handler({ path, query, params: match.params, body });
    if (answer.status === 204) return sendRaw(res, 204, '', counted.headers);
    sendJson(res, answer.status, answer.body, { ...counted.headers, ...answer.headers });
  };

  const running = await startSimulator(handler, { port: options.port });
  return {
    ...running,
    state,
    accessToken: accessTokens[0] ?? '',
    seed: (data) => seed(store, data),
    expireAccessTokens: () => state.expireAccessTokens(),
    revokeRefreshTokens: () => state.revokeRefreshTokens(),
    failNext: (count, status, body, headers) => state.failNext(count, status, body, headers),
  };
}

function parseBody(text: string, form: boolean): unknown {
  if (text === '') return undefined;
  if (form) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answerFailure(res: ServerResponse, failure: InjectedFailure): void {
  const { status, body, headers } = failure;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return sendRaw(res, status, body, { 'content-type': 'application/json', ...headers });
  sendJson(res, status, body ?? errorBody(STATUS_CODES[status] ?? 'Error', status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR'), headers);
}

function seed(store: HubSpotStore, data: HubSpotSeedData): Record<HubSpotObjectType, string[]> {
  const ids: Record<HubSpotObjectType, string[]> = { companies: [], contacts: [], deals: [] };
  for (const type of ['companies', 'contacts', 'deals'] as const) {
    for (const record of data[type] ?? []) {
      const typeId = type === 'contacts' ? 1 : 5;
      const associations = record.primaryCompanyId && type !== 'companies' ? [{ toId: record.primaryCompanyId, typeId }] : [];
      const created = store.create(type, record.properties, associations, { id: record.id, createdAt: record.createdAt });
      if (!created.ok) throw new HttpError(created.status, `Invalid HubSpot seed for ${type}: ${created.message}`);
      ids[type].push(created.value.id);
    }
  }
  return ids;
}
