/**
 * In-memory HTTP simulator of the Close CRM API v1 (https://developer.close.com/), for end-to-end
 * tests and benchmarks: leads, contacts, opportunities, `/me/`, the event log, webhook
 * subscriptions (with signed deliveries), HTTP Basic API-key auth, `RateLimit` headers / 429s and
 * fault injection.
 * Everything is answered from memory; nothing is printed and nothing is delayed.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import {
  HttpError,
  type QueryParams,
  type RunningSimulator,
  Router,
  type SimulatorHandler,
  parseJsonText,
  readRawBody,
  sendJson,
  sendRaw,
  splitUrl,
  startSimulator,
} from './simulator-server';
import {
  CloseClock,
  type CloseContact,
  type CloseLead,
  type CloseLeadRecord,
  type CloseOpportunity,
  type CloseOpportunityRecord,
  type CloseOrganization,
  type CloseUser,
  FieldErrors,
  closeId,
  isPlainObject,
} from './close-model';
import { type CloseChange, type CloseSeedOverrides, CloseStore, type Mutation } from './close-store';
import {
  compileLeadQuery,
  filterOpportunities,
  opportunityAggregates,
  paginate,
  pickFields,
  queryValue,
  readFields,
  readPage,
} from './close-listing';
import { CloseEventLog } from './close-event-log';
import {
  type CloseWebhookDelivery,
  type CloseWebhookSubscription,
  WebhookDispatcher,
  buildEvent,
  newSubscription,
  readSubscriptionBody,
} from './close-webhooks';

/** Base path of every Close API route. */
export const CLOSE_API_BASE_PATH = '/api/v1';

/** Options of {@link createCloseSimulator}. */
export interface CloseSimulatorOptions {
  /** API keys accepted as the Basic-auth username (password empty). Default `['api_test_key']`. */
  apiKeys?: string[];
  /** OAuth access tokens accepted as `Authorization: Bearer …`. Default none. */
  bearerTokens?: string[];
  /** Fixed-window limit per credential; when set, every authenticated answer carries `RateLimit`. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** POST signed events to matching webhook subscriptions. Default false. */
  deliverWebhooks?: boolean;
  /**
   * Log every change made through the API in the event log (`GET /event/`), as Close does. Default
   * true; off, the log stays empty and changes cost nothing to track (seeding never logs).
   */
  eventLog?: boolean;
  /** Keep `state.requests`. Default true (turn off for long benchmarks). */
  recordRequests?: boolean;
  /** Largest `_limit` accepted by list endpoints. Default 100. */
  maxLimit?: number;
  /** Largest request body in bytes (413 above). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in epoch milliseconds (timestamps, rate-limit windows). Default `Date.now`. */
  now?: () => number;
  /** The user behind the API keys. */
  user?: Partial<CloseUser>;
  /** The organization's id and name. */
  organization?: { id?: string; name?: string };
}

/** One request as the simulator received it. */
export interface CloseRecordedRequest {
  method: string;
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  body: unknown;
}

/** Input for {@link CloseSimulator.seed}: API-shaped bodies, plus optional forced ids/timestamps. */
export interface CloseSeedData {
  leads?: (Record<string, unknown> & CloseSeedOverrides)[];
  contacts?: (Record<string, unknown> & CloseSeedOverrides)[];
  opportunities?: (Record<string, unknown> & CloseSeedOverrides)[];
}

/** What {@link CloseSimulator.seed} created, rendered as the API would return it. */
export interface CloseSeedResult {
  leads: CloseLead[];
  contacts: CloseContact[];
  opportunities: CloseOpportunity[];
}

interface InjectedFailure {
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Live state of a simulator: data, recorded traffic and fault injection. */
export class CloseSimulatorState {
  /** Recorded inbound requests (see `recordRequests`). */
  readonly requests: CloseRecordedRequest[] = [];
  /** Webhook subscriptions by id, in creation order. */
  readonly webhooks = new Map<string, CloseWebhookSubscription>();
  private failure: InjectedFailure | undefined;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** The data store (leads, contacts, opportunities). */
    readonly store: CloseStore,
    /** Outgoing webhook deliveries. */
    readonly dispatcher: WebhookDispatcher,
    /** The event log (`GET /event/`): the events deliveries carry, kept whether delivered or not. */
    readonly eventLog: CloseEventLog,
  ) {}

  get organization(): CloseOrganization {
    return this.store.organization;
  }

  get user(): CloseUser {
    return this.store.user;
  }

  /** Every webhook POST attempted so far. */
  get deliveries(): CloseWebhookDelivery[] {
    return this.dispatcher.deliveries;
  }

  /** A lead as the API would return it. */
  lead(id: string): CloseLead | undefined {
    const record = this.store.leads.get(id);
    return record && this.store.renderLead(record);
  }

  /** A contact as the API would return it. */
  contact(id: string): CloseContact | undefined {
    return this.store.contacts.get(id);
  }

  /** An opportunity as the API would return it. */
  opportunity(id: string): CloseOpportunity | undefined {
    const record = this.store.opportunities.get(id);
    return record && this.store.renderOpportunity(record);
  }

  /**
   * The next `count` requests (any route, before auth) answer `status` with `body` — an object
   * is sent as JSON, a string or Buffer as-is (e.g. malformed JSON). Default body `{"error": …}`.
   */
  failNext(count: number, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    this.failure = count > 0 ? { remaining: count, status, body, headers } : undefined;
  }

  /** Takes one injected failure, if any is pending. */
  takeFailure(): InjectedFailure | undefined {
    const failure = this.failure;
    if (!failure) return undefined;
    if (--failure.remaining <= 0) this.failure = undefined;
    return failure;
  }

  /** Counts a request against `credential`'s window; the `RateLimit` header and whether it passes. */
  countRequest(
    credential: string,
    rule: { limit: number; windowSeconds: number },
    nowMs: number,
  ): { allowed: boolean; header: string; resetSeconds: number } {
    const windowMs = rule.windowSeconds * 1000;
    let window = this.windows.get(credential);
    if (!window || nowMs >= window.start + windowMs) {
      window = { start: nowMs, count: 0 };
      this.windows.set(credential, window);
    }
    const allowed = window.count < rule.limit;
    if (allowed) window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.start + windowMs - nowMs) / 1000));
    const remaining = Math.max(0, rule.limit - window.count);
    return { allowed, header: `limit=${rule.limit}, remaining=${remaining}, reset=${resetSeconds}`, resetSeconds };
  }

  /** Resolves when every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void> {
    return this.dispatcher.flush();
  }

  /** Drops all data, recorded traffic, pending failures and rate-limit windows. */
  reset(): void {
    this.store.clear();
    this.webhooks.clear();
    this.requests.length = 0;
    this.dispatcher.clear();
    this.eventLog.clear();
    this.failure = undefined;
    this.windows.clear();
  }
}

/** A simulator not yet bound to a port. */
export interface CloseSimulator {
  /** The request handler (mount it on any node `http` server). */
  handler: SimulatorHandler;
  state: CloseSimulatorState;
  /** Loads data directly (no HTTP, no webhooks); throws on invalid input. */
  seed(data: CloseSeedData): CloseSeedResult;
  /** The API key tests should use (the first of `apiKeys`). */
  apiKey: string;
}

/** A running Close simulator. */
export interface RunningCloseSimulator extends RunningSimulator, CloseSimulator {
  /** `url` + `/api/v1`. */
  baseUrl: string;
}

/** Builds a Close simulator (handler + state) without listening. */
export function createCloseSimulator(options: CloseSimulatorOptions = {}): CloseSimulator {
  const apiKeys = new Set(options.apiKeys ?? ['api_test_key']);
  const bearerTokens = new Set(options.bearerTokens ?? []);
  const nowMs = options.now ?? Date.now;
  const clock = new CloseClock(nowMs);
  const store = new CloseStore(defaultOrganization(options), defaultUser(options), clock);
  const publishing = { log: options.eventLog !== false, deliver: options.deliverWebhooks === true };
  store.trackChanges = publishing.log || publishing.deliver;
  const state = new CloseSimulatorState(store, new WebhookDispatcher(nowMs), new CloseEventLog(() => nowMs() * 1000));
  const routes = closeRoutes(state, clock, options.maxLimit ?? 100, publishing);
  const recordRequests = options.recordRequests !== false;

  const handler: SimulatorHandler = async (req, res) => {
    const { path, query } = splitUrl(req.url);
    const method = (req.method ?? 'GET').toUpperCase();
    let raw: Buffer;
    try {
      raw = await readRawBody(req, { limitBytes: options.maxBodyBytes });
    } catch (error) {
      if (recordRequests) state.requests.push({ method, path, query, headers: req.headers, body: undefined });
      if (error instanceof HttpError) return sendJson(res, error.status, error.body, { connection: 'close' });
      throw error;
    }
    const text = raw.length === 0 ? '' : raw.toString('utf8');
    if (recordRequests) state.requests.push({ method, path, query, headers: req.headers, body: recordedBody(text) });

    const failure = state.takeFailure();
    if (failure) return answerFailure(res, failure);

    const credential = authenticate(req, apiKeys, bearerTokens);
    if (!credential) {
      return sendJson(res, 401, {
        error: 'Authentication failed: send the API key as the HTTP Basic username with an empty password.',
      });
    }
    // The simulator's own clock, which may not be the host's: clients read the vendor's time here.
    const headers: Record<string, string> = { date: new Date(nowMs()).toUTCString() };
    if (options.rateLimit) {
      const verdict = state.countRequest(credential, options.rateLimit, nowMs());
      headers.ratelimit = verdict.header;
      if (!verdict.allowed) {
        headers['retry-after'] = String(verdict.resetSeconds);
        return sendJson(res, 429, rateLimitBody(options.rateLimit, verdict.resetSeconds), headers);
      }
    }

    const match = routes.match(method, path);
    if (match.kind === 'not-found') return sendJson(res, 404, { error: 'Not found' }, headers);
    if (match.kind === 'method-not-allowed') {
      return sendJson(res, 405, { error: 'Method not allowed' }, { ...headers, allow: match.allowed.join(', ') });
    }
    let body: unknown = {};
    if (method === 'POST' || method === 'PUT') {
      const type = req.headers['content-type'];
      if (text !== '' && type !== undefined && !/json/i.test(type)) {
        return sendJson(res, 415, { error: `Unsupported media type "${type}"` }, headers);
      }
      try {
        body = parseJsonText(text) ?? {};
      } catch (error) {
        if (error instanceof HttpError) return sendJson(res, 400, error.body, headers);
        throw error;
      }
      if (!isPlainObject(body)) {
        return sendJson(res, 400, { errors: ['The request body must be a JSON object.'], 'field-errors': {} }, headers);
      }
    }
    const answer = match.handler({ method, path, query, params: match.params, body: body as Record<string, unknown> });
    sendJson(res, answer.status, answer.body, headers);
  };

  return { handler, state, seed: (data) => seedData(state, data), apiKey: [...apiKeys][0] ?? '' };
}

/** Starts a Close simulator on a loopback port (0 = any free port). */
export async function startCloseSimulator(
  options: CloseSimulatorOptions & { port?: number } = {},
): Promise<RunningCloseSimulator> {
  const simulator = createCloseSimulator(options);
  const running = await startSimulator(simulator.handler, { port: options.port });
  return {
    ...simulator,
    url: running.url,
    port: running.port,
    baseUrl: `${running.url}${CLOSE_API_BASE_PATH}`,
    close: async () => {
      await simulator.state.flushWebhooks();
      await running.close();
    },
  };
}

// ---------------------------------------------------------------------------- routes

interface RouteContext {
  method: string;
  path: string;
  query: QueryParams;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

interface Answer {
  status: number;
  body: unknown;
}

type RouteHandler = (ctx: RouteContext) => Answer;

/** What becomes of the changes the API makes: logged, delivered to subscribers. */
interface Publishing {
  log: boolean;
  deliver: boolean;
}

function closeRoutes(state: CloseSimulatorState, clock: CloseClock, maxLimit: number, publishing: Publishing): Router<RouteHandler> {
  const store = state.store;
  const router = new Router<RouteHandler>();
  const base = CLOSE_API_BASE_PATH;
  const notFound: Answer = { status: 404, body: { error: 'Not found' } };
  const ok = (body: unknown): Answer => ({ status: 200, body });
  const invalid = (problems: FieldErrors): Answer => ({ status: 400, body: problems.toBody() });

  /** Logs a mutation's changes, sends them to webhook subscribers and answers the (projected) object. */
  const commit = <T extends object>(ctx: RouteContext, result: Mutation<T>, render: (value: T) => object): Answer => {
    if (!result.ok) return invalid(result.problems);
    publish(state, publishing, clock, ctx, result.changes);
    return ok(pickFields(render(result.value), readFields(ctx.query)));
  };

  // https://developer.close.com/api/resources/users/get-me
  router.add('GET', `${base}/me/`, (ctx) => ok(pickFields(meBody(state), readFields(ctx.query))));

  // https://developer.close.com/api/resources/leads/list (`query`: see compileLeadQuery)
  router.add('GET', `${base}/lead/`, (ctx) => {
    const problems = new FieldErrors();
    const page = readPage(ctx.query, maxLimit, problems);
    let leads = [...store.leads.values()];
    const search = queryValue(ctx.query, 'query');
    if (search !== undefined && search.trim() !== '') {
      const compiled = compileLeadQuery(search);
      if ('error' in compiled) problems.add('query', compiled.error);
      else leads = leads.filter(compiled.predicate);
    }
    if (!problems.empty) return invalid(problems);
    const fields = readFields(ctx.query);
    const { data, has_more } = paginate(leads, page);
    return ok({ data: data.map((l) => pickFields(store.renderLead(l), fields)), has_more, total_results: leads.length });
  });
  // https://developer.close.com/api/resources/leads/create
  router.add('POST', `${base}/lead/`, (ctx) => commit(ctx, store.createLead(ctx.body), (l) => store.renderLead(l)));
  // https://developer.close.com/api/resources/leads/get
  router.add('GET', `${base}/lead/:id/`, (ctx) => {
    const lead = store.leads.get(ctx.params.id);
    return lead ? ok(pickFields(store.renderLead(lead), readFields(ctx.query))) : notFound;
  });
  // https://developer.close.com/api/resources/leads/update
  router.add('PUT', `${base}/lead/:id/`, (ctx) => {
    const lead = store.leads.get(ctx.params.id);
    return lead ? commit(ctx, store.updateLead(lead, ctx.body), (l) => store.renderLead(l)) : notFound;
  });
  // https://developer.close.com/api/resources/leads/delete
  router.add('DELETE', `${base}/lead/:id/`, (ctx) => {
    const lead = store.leads.get(ctx.params.id);
    if (!lead) return notFound;
    publish(state, publishing, clock, ctx, store.deleteLead(lead));
    return ok({});
  });

  // https://developer.close.com/api/resources/contacts/list
  router.add('GET', `${base}/contact/`, (ctx) => {
    const problems = new FieldErrors();
    const page = readPage(ctx.query, maxLimit, problems);
    if (!problems.empty) return invalid(problems);
    const leadId = queryValue(ctx.query, 'lead_id');
    const all = [...store.contacts.values()];
    const contacts = leadId === undefined ? all : all.filter((c) => c.lead_id === leadId);
    const fields = readFields(ctx.query);
    const { data, has_more } = paginate(contacts, page);
    return ok({ data: data.map((c) => pickFields(c, fields)), has_more });
  });
  // https://developer.close.com/api/resources/contacts/create
  router.add('POST', `${base}/contact/`, (ctx) => commit(ctx, store.createContact(ctx.body), (c) => c));
  // https://developer.close.com/api/resources/contacts/get
  router.add('GET', `${base}/contact/:id/`, (ctx) => {
    const contact = store.contacts.get(ctx.params.id);
    return contact ? ok(pickFields(contact, readFields(ctx.query))) : notFound;
  });
  // https://developer.close.com/api/resources/contacts/update
  router.add('PUT', `${base}/contact/:id/`, (ctx) => {
    const contact = store.contacts.get(ctx.params.id);
    return contact ? commit(ctx, store.updateContact(contact, ctx.body), (c) => c) : notFound;
  });
  // https://developer.close.com/api/resources/contacts/delete
  router.add('DELETE', `${base}/contact/:id/`, (ctx) => {
    const contact = store.contacts.get(ctx.params.id);
    if (!contact) return notFound;
    publish(state, publishing, clock, ctx, store.deleteContact(contact));
    return ok({});
  });

  // https://developer.close.com/api/resources/opportunities/list (filters: see filterOpportunities)
  router.add('GET', `${base}/opportunity/`, (ctx) => {
    const problems = new FieldErrors();
    const page = readPage(ctx.query, maxLimit, problems);
    const rendered = [...store.opportunities.values()].map((o) => store.renderOpportunity(o));
    const matches = filterOpportunities(rendered, ctx.query, problems);
    if (!problems.empty) return invalid(problems);
    const fields = readFields(ctx.query);
    const { data, has_more } = paginate(matches, page);
    return ok({ data: data.map((o) => pickFields(o, fields)), has_more, ...opportunityAggregates(matches) });
  });
  // https://developer.close.com/api/resources/opportunities/create
  router.add('POST', `${base}/opportunity/`, (ctx) =>
    commit(ctx, store.createOpportunity(ctx.body), (o) => store.renderOpportunity(o)),
  );
  // https://developer.close.com/api/resources/opportunities/get
  router.add('GET', `${base}/opportunity/:id/`, (ctx) => {
    const record = store.opportunities.get(ctx.params.id);
    return record ? ok(pickFields(store.renderOpportunity(record), readFields(ctx.query))) : notFound;
  });
  // https://developer.close.com/api/resources/opportunities/update
  router.add('PUT', `${base}/opportunity/:id/`, (ctx) => {
    const record = store.opportunities.get(ctx.params.id);
    return record
      ? commit(ctx, store.updateOpportunity(record, ctx.body), (o) => store.renderOpportunity(o))
      : notFound;
  });
  // https://developer.close.com/api/resources/opportunities/delete
  router.add('DELETE', `${base}/opportunity/:id/`, (ctx) => {
    const record = store.opportunities.get(ctx.params.id);
    if (!record) return notFound;
    publish(state, publishing, clock, ctx, store.deleteOpportunity(record));
    return ok({});
  });

  // https://developer.close.com/api/resources/events/list
  router.add('GET', `${base}/event/`, (ctx) => state.eventLog.list(ctx.query));
  // https://developer.close.com/api/resources/events/get
  router.add('GET', `${base}/event/:id/`, (ctx) => state.eventLog.get(ctx.params.id));

  // https://developer.close.com/api/resources/webhooks/list
  router.add('GET', `${base}/webhook/`, () => ok({ data: [...state.webhooks.values()], has_more: false }));
  // https://developer.close.com/api/resources/webhooks/create
  router.add('POST', `${base}/webhook/`, (ctx) => {
    const read = readSubscriptionBody(ctx.body, true);
    if (!read.ok) return invalid(read.problems);
    const { url, events, verify_ssl } = read.value;
    const subscription = newSubscription({ url: url as string, events: events ?? [], verify_ssl }, store.user.id, clock);
    state.webhooks.set(subscription.id, subscription);
    return { status: 201, body: subscription };
  });
  // https://developer.close.com/api/resources/webhooks/get
  router.add('GET', `${base}/webhook/:id/`, (ctx) => {
    const subscription = state.webhooks.get(ctx.params.id);
    return subscription ? ok(subscription) : notFound;
  });
  // https://developer.close.com/api/resources/webhooks/update
  router.add('PUT', `${base}/webhook/:id/`, (ctx) => {
    const subscription = state.webhooks.get(ctx.params.id);
    if (!subscription) return notFound;
    const read = readSubscriptionBody(ctx.body, false);
    if (!read.ok) return invalid(read.problems);
    Object.assign(subscription, read.value, { date_updated: clock.naiveTimestamp(), updated_by: store.user.id });
    subscription.pause_reason = subscription.status === 'paused' ? 'api' : null;
    return ok(subscription);
  });
  // https://developer.close.com/api/resources/webhooks/delete
  router.add('DELETE', `${base}/webhook/:id/`, (ctx) => (state.webhooks.delete(ctx.params.id) ? ok({}) : notFound));

  return router;
}

/** Turns store changes into events: logged, and sent to subscribers when webhook delivery is on. */
function publish(state: CloseSimulatorState, publishing: Publishing, clock: CloseClock, ctx: RouteContext, changes: CloseChange[]): void {
  if (changes.length === 0) return;
  const context = { organizationId: state.organization.id, userId: state.user.id, method: ctx.method, path: ctx.path };
  for (const change of changes) {
    const event = buildEvent(change, context, clock);
    if (publishing.log) state.eventLog.append(event);
    if (publishing.deliver && state.webhooks.size > 0) state.dispatcher.dispatch(event, state.webhooks.values());
  }
}

// ---------------------------------------------------------------------------- helpers

/** The credential a request authenticates with, or `undefined`. */
function authenticate(req: IncomingMessage, apiKeys: Set<string>, bearerTokens: Set<string>): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon === -1 ? decoded : decoded.slice(0, colon);
    return apiKeys.has(username) ? `key:${username}` : undefined;
  }
  if (scheme === 'bearer') return bearerTokens.has(value) ? `token:${value}` : undefined;
  return undefined;
}

function recordedBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function answerFailure(res: ServerResponse, failure: InjectedFailure): void {
  const { status, body, headers } = failure;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    return sendRaw(res, status, body, { 'content-type': 'application/json', ...headers });
  }
  const fallback = { error: status >= 500 ? 'Internal server error' : (STATUS_CODES[status] ?? 'Error') };
  sendJson(res, status, body === undefined ? fallback : body, headers);
}

/** 429 body. Close deprecated it in favour of the headers (changelog 2024-04-24); shape unconfirmed. */
function rateLimitBody(rule: { limit: number; windowSeconds: number }, resetSeconds: number) {
  return {
    error: {
      message: `API call count exceeded for this ${rule.windowSeconds} second window`,
      rate_reset: resetSeconds,
      rate_limit: rule.limit,
      rate_window: rule.windowSeconds,
    },
  };
}

function defaultOrganization(options: CloseSimulatorOptions): CloseOrganization {
  return {
    id: options.organization?.id ?? closeId('orga'),
    name: options.organization?.name ?? 'Simulated Organization',
    pipeline: { id: closeId('pipe', 22), name: 'Sales' },
    leadStatuses: ['Potential', 'Bad Fit', 'Qualified', 'Customer'].map((label) => ({ id: closeId('stat'), label })),
    opportunityStatuses: [
      { id: closeId('stat'), label: 'Active', type: 'active' },
      { id: closeId('stat'), label: 'Won', type: 'won' },
      { id: closeId('stat'), label: 'Lost', type: 'lost' },
    ],
  };
}

function defaultUser(options: CloseSimulatorOptions): CloseUser {
  return {
    id: options.user?.id ?? closeId('user'),
    email: options.user?.email ?? 'sim.user@example.com',
    first_name: options.user?.first_name ?? 'Sim',
    last_name: options.user?.last_name ?? 'User',
  };
}

const meExtras = new WeakMap<CloseSimulatorState, { membershipId: string; dateCreated: string }>();

/** `/me/` body, shaped like the reference example (organizations carry statuses and pipelines). */
function meBody(state: CloseSimulatorState): Record<string, unknown> {
  let extras = meExtras.get(state);
  if (!extras) {
    extras = { membershipId: closeId('memb'), dateCreated: state.store.clock.timestamp() };
    meExtras.set(state, extras);
  }
  const { organization: org, user } = state;
  return {
    ...user,
    image: null,
    date_created: extras.dateCreated,
    date_updated: extras.dateCreated,
    email_accounts: [],
    phone_numbers: [],
    memberships: [{ id: extras.membershipId, organization_id: org.id, user_id: user.id }],
    organizations: [
      {
        id: org.id,
        name: org.name,
        date_created: extras.dateCreated,
        date_updated: extras.dateCreated,
        created_by: null,
        updated_by: null,
        lead_statuses: org.leadStatuses,
        pipelines: [{ id: org.pipeline.id, name: org.pipeline.name, organization_id: org.id, statuses: org.opportunityStatuses }],
      },
    ],
  };
}

function seedData(state: CloseSimulatorState, data: CloseSeedData): CloseSeedResult {
  const store = state.store;
  const tracking = store.trackChanges;
  store.trackChanges = false;
  try {
    const run = <T>(items: (Record<string, unknown> & CloseSeedOverrides)[] | undefined, make: (body: Record<string, unknown>, seed: CloseSeedOverrides) => Mutation<T>): T[] =>
      (items ?? []).map((item) => {
        const { id, date_created, date_updated, ...body } = item;
        const result = make(body, { id, date_created, date_updated });
        if (!result.ok) throw new Error(`Invalid Close seed: ${JSON.stringify(result.problems.toBody())}`);
        return result.value;
      });
    const leads = run<CloseLeadRecord>(data.leads, (b, s) => store.createLead(b, s));
    const contacts = run<CloseContact>(data.contacts, (b, s) => store.createContact(b, s));
    const opportunities = run<CloseOpportunityRecord>(data.opportunities, (b, s) => store.createOpportunity(b, s));
    return {
      leads: leads.map((l) => store.renderLead(l)),
      contacts,
      opportunities: opportunities.map((o) => store.renderOpportunity(o)),
    };
  } finally {
    store.trackChanges = tracking;
  }
}
