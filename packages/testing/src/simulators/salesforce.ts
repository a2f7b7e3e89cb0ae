/**
 * In-memory HTTP simulator of Salesforce, for end-to-end tests and recordings: the login host's
 * OAuth 2.0 web server flow and an instance's REST API (sObject CRUD, SOQL queries with
 * `nextRecordsUrl` batches, describeGlobal, sObject Describe, limits, Get Deleted from each object's
 * delete log) for Account, Contact, Lead and Opportunity, and outbound messages (SOAP notifications
 * of saved records) to a listener URL.
 * One server plays both hosts; the token response's `instance_url` is its own URL.
 * Errors use Salesforce's `[{message, errorCode, fields}]` bodies and every REST answer carries
 * `Sforce-Limit-Info`.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { HttpError, type QueryParams, type RunningSimulator, type SimulatorHandler, readRawBody, sendJson, sendRaw, splitUrl, startSimulator } from './simulator-server';
import { OAuthFault, type SalesforceClient, SalesforceOAuth } from './salesforce-oauth';
import { SalesforceOutbound, type SalesforceOutboundDefinition } from './salesforce-outbound';
import { restRoutes } from './salesforce-rest';
import { SalesforceFault, notFound, objectSpec, salesforceId } from './salesforce-schema';
import { SalesforceStore } from './salesforce-store';

/** Options of {@link startSalesforceSimulator}. */
export interface SalesforceSimulatorOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Connected apps accepted by the OAuth endpoints. Default one: `sim-client-id` / `sim-client-secret`. */
  clients?: SalesforceClient[];
  /** Access tokens valid from the start, for tests that skip the OAuth dance. Default `['sim-access-token']`. */
  accessTokens?: string[];
  /**
   * Most records in one query batch, whatever `Sforce-Query-Options: batchSize` asks (Salesforce
   * may send fewer than asked). Default 2000.
   */
  maxBatchSize?: number;
  /** API calls allowed before REST answers 403 REQUEST_LIMIT_EXCEEDED. Default 15000. */
  dailyApiLimit?: number;
  /** Keep `state.requests`. Default true. */
  recordRequests?: boolean;
  /** Largest request body in bytes (413 above). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in epoch milliseconds (record timestamps, `issued_at`). Default `Date.now`. */
  now?: () => number;
  /** Outbound message actions from the start; more with `state.outbound.define`. */
  outboundMessages?: SalesforceOutboundDefinition[];
  /** Days a deletion stays in an object's delete log (sObject Get Deleted). Default 15. */
  deleteLogDays?: number;
  /** Most ids one Get Deleted call returns before answering EXCEEDED_ID_LIMIT. Default 600000. */
  maxDeletedIds?: number;
  /** When the org was created, epoch milliseconds: no Get Deleted window starts before it. Default 2020-01-06. */
  organizationCreated?: number;
}

/** One request as the simulator received it. */
export interface SalesforceRecordedRequest {
  method: string;
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, form fields (OAuth endpoints), raw text, or undefined when empty. */
  body: unknown;
}

interface InjectedFailure {
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** API versions the REST API answers (v31.0, Summer '14, to v67.0, Summer '26). */
const VERSION = /^v(\d+)\.0$/;
const OLDEST_VERSION = 31;
const NEWEST_VERSION = 67;

/** Live state: records, tokens, recorded traffic, API usage and fault injection. */
export class SalesforceSimulatorState {
  readonly requests: SalesforceRecordedRequest[] = [];
  /** Authenticated REST calls so far (what `Sforce-Limit-Info` reports). */
  apiUsage = 0;
  private failure: InjectedFailure | undefined;
  /** Open query cursors: the records of a query, by locator id. */
  private readonly locators = new Map<string, { records: Record<string, unknown>[]; batchSize: number }>();
  private locatorCount = 0;

  constructor(
    readonly store: SalesforceStore,
    readonly oauth: SalesforceOAuth,
    readonly orgId: string,
    /** Outbound message actions and the messages they sent. */
    readonly outbound: SalesforceOutbound,
  ) {}

  /** Creates a record directly (no HTTP, no API usage); returns its 18-character id. */
  seed(objectName: string, fields: Record<string, unknown>): string {
    const object = objectSpec(objectName);
    if (!object) throw new Error(`the simulator has no object '${objectName}'`);
    return this.store.create(object, fields);
  }

  /** Deletes a record directly (no HTTP, no API usage), as another Salesforce user would; cascades as Salesforce does. */
  delete(objectName: string, id: string): void {
    const object = objectSpec(objectName);
    if (!object) throw new Error(`the simulator has no object '${objectName}'`);
    this.store.delete(object, id);
  }

  /**
   * Purges `objectName`'s delete log of the deletions before `before` (epoch ms), as an admin
   * emptying the Recycle Bin does: Get Deleted then refuses windows starting before them.
   */
  purgeDeleteLog(objectName: string, before: number): void {
    this.store.purgeDeleteLog(objectName, before);
  }

  /** A stored record by id, all fields, or undefined. */
  record(objectName: string, id: string): Record<string, unknown> | undefined {
    const object = objectSpec(objectName);
    try {
      return object ? { ...this.store.find(object, id) } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps a query's records for `nextRecordsUrl` batches; returns the locator id. */
  openLocator(records: Record<string, unknown>[], batchSize: number): string {
    const locator = salesforceId('01g', ++this.locatorCount);
    this.locators.set(locator, { records, batchSize });
    return locator;
  }

  /** An open query, or undefined for an unknown locator. */
  locator(id: string): { records: Record<string, unknown>[]; batchSize: number } | undefined {
    return this.locators.get(id);
  }

  /** Every access token stops working: the next REST call answers 401 INVALID_SESSION_ID. */
  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  /** Every refresh token is refused from now on. */
  revokeRefreshTokens(): void {
    this.oauth.revokeRefreshTokens();
  }

  /**
   * The next `count` requests (any route, before auth) answer `status` with `body`; the default
   * body is a Salesforce error array whose code fits the status.
   */
  failNext(count: number, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    this.failure = count > 0 ? { remaining: count, status, body, headers } : undefined;
  }

  /** Takes one injected failure, if any is pending. */
  takeFailure(): InjectedFailure | undefined {
    const failure = this.failure;
    if (failure && --failure.remaining <= 0) this.failure = undefined;
    return failure;
  }

  /** Drops records, issued tokens, cursors, recorded traffic, usage and pending failures. */
  reset(): void {
    this.store.clear();
    this.oauth.reset();
    this.outbound.clear();
    this.requests.length = 0;
    this.locators.clear();
    this.locatorCount = 0;
    this.apiUsage = 0;
    this.failure = undefined;
  }
}

/** A running Salesforce simulator. */
export interface RunningSalesforceSimulator extends RunningSimulator {
  handler: SimulatorHandler;
  state: SalesforceSimulatorState;
  /** The first fixed access token. */
  accessToken: string;
  /** The first connected app. */
  client: SalesforceClient;
}

const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };

function defaultFailureBody(status: number): unknown {
  const codes: Record<number, [string, string]> = {
    401: ['INVALID_SESSION_ID', 'Session expired or invalid'],
    403: ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'],
    503: ['SERVER_UNAVAILABLE', 'Server is temporarily unavailable.'],
  };
  const [errorCode, message] = codes[status] ?? ['UNKNOWN_EXCEPTION', 'An unexpected error occurred.'];
  return [{ message, errorCode }];
}

/** Starts a Salesforce simulator on a loopback port. */
export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<RunningSalesforceSimulator> {
  const now = options.now ?? Date.now;
  const clients = options.clients ?? [{ clientId: 'sim-client-id', clientSecret: 'sim-client-secret' }];
  const accessTokens = options.accessTokens ?? ['sim-access-token'];
  const orgId = salesforceId('00D', 1);
  const userId = salesforceId('005', 1);
  let origin = '';
  const outbound = new SalesforceOutbound(orgId, () => origin);
  for (const definition of options.outboundMessages ?? []) outbound.define(definition);
  const store = new SalesforceStore(now, userId);
  store.onSave = (object, record) => outbound.saved(object, record);
  const state = new SalesforceSimulatorState(store, new SalesforceOAuth(clients, accessTokens, { orgId, userId }, now), orgId, outbound);
  const handler = createHandler(state, options, () => origin);
  const running = await startSimulator(handler, { port: options.port });
  origin = running.url;
  return { ...running, handler, state, accessToken: accessTokens[0] ?? '', client: clients[0] };
}

function createHandler(state: SalesforceSimulatorState, options: SalesforceSimulatorOptions, origin: () => string): SimulatorHandler {
  const limits = {
    dailyApiLimit: options.dailyApiLimit ?? 15000,
    maxBatchSize: options.maxBatchSize ?? 2000,
    deleteLogDays: options.deleteLogDays ?? 15,
    maxDeletedIds: options.maxDeletedIds ?? 600_000,
    organizationCreated: options.organizationCreated ?? Date.parse('2020-01-06T00:00:00Z'),
  };
  const routes = restRoutes(state, limits);
  return async (req, res) => {
    const { path, query } = splitUrl(req.url);
    const method = (req.method ?? 'GET').toUpperCase();
    let text: string;
    try {
      text = (await readRawBody(req, { limitBytes: options.maxBodyBytes })).toString('utf8');
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, [{ message: error.message, errorCode: 'JSON_PARSER_ERROR' }], JSON_TYPE);
      throw error;
    }
    const form = /x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    const body = text === '' ? undefined : form ? Object.fromEntries(new URLSearchParams(text)) : parseBody(text);
    if (options.recordRequests !== false) state.requests.push({ method, path, query, headers: req.headers, body });

    const failure = state.takeFailure();
    if (failure) {
      const payload = failure.body ?? defaultFailureBody(failure.status);
      if (typeof payload === 'string' || Buffer.isBuffer(payload)) return sendRaw(res, failure.status, payload, failure.headers);
      return sendJson(res, failure.status, payload, { ...JSON_TYPE, ...failure.headers });
    }
    if (path.startsWith('/services/oauth2/')) return oauthRoute(state, res, method, path, query, body, req.headers.authorization, origin());
    if (path === '/services/data' || path === '/services/data/') {
      // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-versions.md (no authentication)
      const versions = [];
      for (let v = OLDEST_VERSION; v <= NEWEST_VERSION; v++) versions.push({ label: releaseName(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
      return sendJson(res, 200, versions, JSON_TYPE);
    }
    if (!path.startsWith('/services/data/')) return sendJson(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], JSON_TYPE);

    const token = /^(?:Bearer|OAuth) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !state.oauth.isValid(token)) {
      return sendJson(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], { ...JSON_TYPE, 'www-authenticate': 'Token' });
    }
    state.apiUsage++;
    const headers = { ...JSON_TYPE, 'sforce-limit-info': `api-usage=${state.apiUsage}/${limits.dailyApiLimit}` };
    if (state.apiUsage > limits.dailyApiLimit) return sendJson(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], headers);
    try {
      const match = routes.match(method, path);
      if (match.kind !== 'found') throw notFound();
      const version = VERSION.exec(match.params.version);
      if (!version || Number(version[1]) < OLDEST_VERSION || Number(version[1]) > NEWEST_VERSION) throw notFound();
      const answer = match.handler({ params: match.params, query, body, headers: req.headers, base: `/services/data/${match.params.version}` });
      if (answer.status === 204) return sendRaw(res, 204, '', { 'sforce-limit-info': headers['sforce-limit-info'] });
      sendJson(res, answer.status, answer.body, headers);
    } catch (error) {
      if (error instanceof SalesforceFault) return sendJson(res, error.status, error.errors, headers);
      throw error;
    }
  };
}

/** `Summer '14` for v31.0: three releases a year, Winter, Spring and Summer. */
function releaseName(version: number): string {
  const index = version - OLDEST_VERSION;
  return `${['Summer', 'Winter', 'Spring'][index % 3]} '${14 + Math.floor((index + 2) / 3)}`;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function oauthRoute(
  state: SalesforceSimulatorState,
  res: ServerResponse,
  method: string,
  path: string,
  query: QueryParams,
  body: unknown,
  authorization: string | undefined,
  origin: string,
): void {
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, string>;
  try {
    if (path === '/services/oauth2/authorize' && method === 'GET') {
      return sendRaw(res, 302, '', { location: state.oauth.authorize(single) });
    }
    if (path === '/services/oauth2/token' && method === 'POST') {
      const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
      return sendJson(res, 200, state.oauth.token(form, basic, origin), JSON_TYPE);
    }
    if (path === '/services/oauth2/revoke' && (method === 'POST' || method === 'GET')) {
      state.oauth.revoke((method === 'POST' ? form.token : single.token) ?? '');
      return sendRaw(res, 200, '');
    }
    sendJson(res, 404, { error: 'not_found', error_description: 'unknown OAuth endpoint' }, JSON_TYPE);
  } catch (error) {
    if (error instanceof OAuthFault) return sendJson(res, error.status, error.body, JSON_TYPE);
    throw error;
  }
}
