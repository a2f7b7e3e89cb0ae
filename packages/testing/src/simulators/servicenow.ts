/**
 * In-memory HTTP simulator of a ServiceNow instance's Table API and OAuth server, for contract
 * recordings, end-to-end tests and the sandbox. One simulator stands for any instance: the hub
 * sends `<name>.service-now.com` to it through JUNCTION_VENDOR_HOSTS.
 *
 * - Table API (`/api/now[/v1|/v2]/table/{table}[/{sys_id}]`) on `incident`, `sys_user`,
 *   `core_company`, `sys_journal_field` and `sys_audit_delete` (Deleted Records, written on every
 *   delete of an audited table; readable only by `auditReaders` when set): actual values only,
 *   `sysparm_query` (see servicenow-query.ts), `sysparm_fields`, `sysparm_limit`/`sysparm_offset` with `Link` and
 *   `X-Total-Count`, `sysparm_exclude_reference_link`, the documented error bodies.
 * - Incident behaviour that clients see: numbers, priority from impact × urgency (the documented
 *   sample lookup rules), `active` from state, and `comments` / `work_notes` writes that append
 *   `sys_journal_field` entries.
 * - Attachment API (`/api/now[/v1]/attachment…`, see servicenow-attachments.ts): raw uploads,
 *   encoded-query lists, metadata, byte-exact downloads, deletes.
 * - HTTP Basic users and OAuth 2.0 (`/oauth_auth.do` redirects with a code, `/oauth_token.do`
 *   takes `authorization_code` and `refresh_token` grants; tokens live 1800 s).
 * - An hourly-style rate limit with `X-RateLimit-*` headers and 429 + `Retry-After`, injected
 *   failures (`failNext`) and a request log.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { failure, JSON_TYPE, NOT_FOUND, send, withoutContentType } from './servicenow-http';
import { AttachmentStore } from './servicenow-attachments';
import { ServiceNowOAuth } from './servicenow-oauth';
import { compareValues, matchesEncodedQuery, parseEncodedQuery } from './servicenow-query';
import { auditsDeletions, deletedRecordPayload, isTable, TABLES, type ServiceNowRow, type ServiceNowTable } from './servicenow-tables';
import { HttpError, parseJsonText, readRawBody, splitUrl, startSimulator, type RunningSimulator } from './simulator-server';

export type { ServiceNowRow, ServiceNowTable } from './servicenow-tables';

/** Options of {@link startServiceNowSimulator}. */
export interface ServiceNowSimulatorOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Origin written into `Link`, `Location` and reference links. Default: `http://` + the request's Host. */
  instanceOrigin?: string;
  /** HTTP Basic users: user name → password. Default `{ admin: 'admin' }`. */
  users?: Record<string, string>;
  /** OAuth Application Registry entries. Default one: `junction` / `junction-secret`. */
  oauthClients?: { clientId: string; clientSecret: string }[];
  /** The user who approves OAuth requests and acts for bearer tokens. Default the first Basic user. */
  oauthUser?: string;
  /** Access tokens accepted without the OAuth flow (for recordings made with fixed tokens). */
  bearerTokens?: string[];
  /** Access token lifetime in seconds. Default 1800, an instance's default. */
  accessTokenTtlSeconds?: number;
  /** Requests allowed per window and user; every API answer then carries `X-RateLimit-*`. */
  rateLimit?: { limit: number; windowSeconds?: number };
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Seed of the deterministic sys_id sequence. Default `servicenow`. */
  idSeed?: string;
  /** Largest attachment accepted (`com.glide.attachment.max_size`). Default 1024 MiB, an instance's default. */
  maxAttachmentBytes?: number;
  /**
   * `sys_` tables whose deletions are recorded in `sys_audit_delete` (`glide.ui.audit_deleted_tables`);
   * other tables always are. Default none.
   */
  auditDeletedTables?: ServiceNowTable[];
  /** Users a read ACL lets read `sys_audit_delete`; the others get 403. Default every user. */
  auditReaders?: string[];
}

/** One request as the simulator received it. */
export interface ServiceNowRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body, or `undefined` when empty or a file. */
  body: unknown;
  /** Bytes of an attachment upload's body, once received in full. */
  bodyBytes?: number;
}

const NOT_AUTHENTICATED = failure('User Not Authenticated', 'Required to provide Auth information');
const NOT_AUTHORIZED = failure('User Not Authorized', 'Failed API level ACL Validation');

interface Failure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  remaining: number;
}

/** Live state: tables, tokens, traffic and fault injection. */
export class ServiceNowSimulatorState {
  /** Every request received, oldest first. */
  readonly requests: ServiceNowRecordedRequest[] = [];
  /** Files uploaded through the Attachment API. */
  readonly attachments: AttachmentStore;
  private readonly rows = new Map<ServiceNowTable, Map<string, ServiceNowRow>>(Object.keys(TABLES).map((t) => [t as ServiceNowTable, new Map()]));
  private readonly sequences = new Map<ServiceNowTable, number>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private failures: Failure[] = [];
  private ids = 0;

  private readonly oauth: ServiceNowOAuth;

  constructor(private readonly options: ServiceNowSimulatorOptions) {
    this.attachments = new AttachmentStore(options.maxAttachmentBytes ?? 1024 * 1024 * 1024);
    this.oauth = new ServiceNowOAuth({
      clients: options.oauthClients ?? [{ clientId: 'junction', clientSecret: 'junction-secret' }],
      user: this.oauthUser(),
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
      now: () => this.now(),
    });
  }

  /** The clock, in epoch milliseconds. */
  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The next `count` API calls (after authentication) answer `status` with `body` (default: ServiceNow's shape). */
  failNext(status: number, options: { body?: unknown; headers?: Record<string, string>; count?: number } = {}): void {
    const body = options.body ?? failure(status === 503 ? 'Service Unavailable' : 'Operation Failed', `Injected HTTP ${status}`);
    this.failures.push({ status, body, headers: options.headers ?? {}, remaining: options.count ?? 1 });
  }

  /** Adds a record as a client POST would (defaults and derived fields applied); `fields` may force `sys_id` and `sys_created_on`. */
  insert(table: ServiceNowTable, fields: Record<string, unknown>, user = 'admin'): ServiceNowRow {
    const schema = TABLES[table];
    const sequence = (this.sequences.get(table) ?? 0) + 1;
    this.sequences.set(table, sequence);
    const now = this.timestamp();
    const written = this.writable(table, fields);
    const row: ServiceNowRow = Object.fromEntries(Object.keys(schema.columns).map((column) => [column, '']));
    Object.assign(row, schema.defaults(sequence, now), written);
    row.sys_id = typeof fields.sys_id === 'string' ? fields.sys_id : this.nextId();
    row.sys_created_on = typeof fields.sys_created_on === 'string' ? fields.sys_created_on : now;
    if ('sys_created_by' in schema.columns) row.sys_created_by = user;
    this.stamp(table, row, user, now, 0);
    schema.derive?.(row, written);
    this.rows.get(table)!.set(row.sys_id, row);
    this.appendJournal(table, row.sys_id, fields, user);
    return row;
  }

  /** Changes the fields given, as a PATCH would; undefined when there is no such record. */
  update(table: ServiceNowTable, id: string, fields: Record<string, unknown>, user = 'admin'): ServiceNowRow | undefined {
    const row = this.rows.get(table)!.get(id);
    if (!row) return undefined;
    const written = this.writable(table, fields);
    Object.assign(row, written);
    this.stamp(table, row, user, this.timestamp(), Number(row.sys_mod_count || 0) + 1);
    TABLES[table].derive?.(row, written);
    this.appendJournal(table, id, fields, user);
    return row;
  }

  /** The stored record, or undefined. */
  record(table: ServiceNowTable, id: string): ServiceNowRow | undefined {
    return this.rows.get(table)!.get(id);
  }

  /** All records of a table in insertion order. */
  records(table: ServiceNowTable): ServiceNowRow[] {
    return [...this.rows.get(table)!.values()];
  }

  /**
   * Removes a record and its attachments, as a client DELETE would, and writes its Deleted Records
   * row where the table is audited; false when there was none.
   */
  delete(table: ServiceNowTable, id: string, user = 'admin'): boolean {
    this.attachments.dropFilesOf(table, id);
    const row = this.rows.get(table)!.get(id);
    if (!row) return false;
    this.rows.get(table)!.delete(id);
    if (auditsDeletions(table, this.options.auditDeletedTables ?? [])) {
      this.insert('sys_audit_delete', { tablename: table, documentkey: id, payload: deletedRecordPayload(table, row) }, user);
    }
    return true;
  }

  private nextId(): string {
    return createHash('md5').update(`${this.options.idSeed ?? 'servicenow'}:${++this.ids}`).digest('hex');
  }

  private timestamp(): string {
    const iso = new Date(this.now()).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }

  private stamp(table: ServiceNowTable, row: ServiceNowRow, user: string, now: string, modCount: number): void {
    if (!('sys_updated_on' in TABLES[table].columns)) return;
    row.sys_updated_on = now;
    row.sys_updated_by = user;
    row.sys_mod_count = String(modCount);
  }

  /** Known, writable columns as strings; ServiceNow ignores unknown fields and `sys_` fields. */
  private writable(table: ServiceNowTable, fields: Record<string, unknown>): ServiceNowRow {
    const columns = TABLES[table].columns;
    const out: ServiceNowRow = {};
    for (const [column, value] of Object.entries(fields)) {
      if (!Object.hasOwn(columns, column) || column.startsWith('sys_') || columns[column] === 'journal_input') continue;
      if (value === null || value === undefined) out[column] = '';
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[column] = String(value);
    }
    return out;
  }

  /** Writing a journal field (comments, work notes) appends an entry; the field itself stays empty. */
  private appendJournal(table: ServiceNowTable, id: string, fields: Record<string, unknown>, user: string): void {
    for (const [column, type] of Object.entries(TABLES[table].columns)) {
      const text = fields[column];
      if (type !== 'journal_input' || typeof text !== 'string' || text === '') continue;
      this.insert('sys_journal_field', { name: table, element: column, element_id: id, value: text }, user);
    }
  }

  /** The request handler. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, search } = splitUrl(req.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const attachment = ATTACHMENT_PATH.exec(path);
    // An attachment upload's body is the file: read by the Attachment API once the caller is known.
    const raw = attachment && method === 'POST' ? '' : (await readRawBody(req)).toString('utf8');
    const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
    const body = form ? Object.fromEntries(new URLSearchParams(raw)) : safeJson(raw);
    const logged: ServiceNowRecordedRequest = { method, path, query: Object.fromEntries(search), headers: req.headers, body: attachment ? undefined : body };
    this.requests.push(logged);
    if (path === '/oauth_auth.do' && method === 'GET') return this.oauth.authorize(search, res);
    if (path === '/oauth_token.do' && method === 'POST') return this.oauth.token(req, form ? (body as Record<string, string>) : {}, res);
    if (!path.startsWith('/api/')) throw new HttpError(404, 'Not Found', 'Not Found');
    const user = this.authenticate(req);
    const headers = { 'content-type': JSON_TYPE, ...this.countRequest(user) };
    const injected = this.failures[0];
    if (injected) {
      if (--injected.remaining <= 0) this.failures.shift();
      return send(res, injected.status, injected.body, { ...headers, ...injected.headers });
    }
    if (attachment) {
      return this.attachments.serve({
        req,
        res,
        method,
        rest: attachment[1],
        search,
        headers,
        user,
        origin: this.origin(req),
        tableExists: isTable,
        recordExists: (table, id) => isTable(table) && this.record(table, id) !== undefined,
        newId: () => this.nextId(),
        timestamp: () => this.timestamp(),
        received: (bytes) => (logged.bodyBytes = bytes),
      });
    }
    const api = /^\/api\/now\/(?:(v1|v2)\/)?table\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
    if (!api) return send(res, 400, failure('Requested URI does not represent any resource', null), headers);
    const [, version, tableName, encodedId] = api;
    const id = encodedId === undefined ? undefined : decodePathSegment(encodedId);
    if (!isTable(tableName)) return send(res, 400, failure(`Invalid table ${tableName}`, null), headers);
    const context: CallContext = { req, res, search, headers, user, table: tableName, path: `/api/now/${version ? `${version}/` : ''}table/${tableName}` };
    if (body === INVALID_JSON) return send(res, 400, failure('Exception while reading request', 'The payload is not valid JSON.'), headers);
    if (tableName === 'sys_audit_delete' && this.options.auditReaders && !this.options.auditReaders.includes(user)) return send(res, 403, NOT_AUTHORIZED, headers);
    if (id === undefined && method === 'GET') return this.list(context, version);
    if (id === undefined && method === 'POST') return this.create(context, body);
    if (id !== undefined && method === 'GET') return this.read(context, id);
    if (id !== undefined && (method === 'PATCH' || method === 'PUT')) return this.change(context, id, body);
    if (id !== undefined && method === 'DELETE') {
      if (!this.delete(tableName, id, user)) return send(res, 404, NOT_FOUND, headers);
      res.writeHead(204, withoutContentType(headers));
      return void res.end();
    }
    return send(res, 405, failure('Method not Supported', `${method} is not supported for this resource`), headers);
  };

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/{tableName})
  private list(call: CallContext, version: string | undefined): void {
    const { search, table } = call;
    const schema = TABLES[table];
    const query = parseEncodedQuery(search.get('sysparm_query') ?? '');
    const order = query.orderBy.filter((o) => Object.hasOwn(schema.columns, o.column));
    const rows = this.records(table)
      .filter((row) => matchesEncodedQuery(query, row, schema.columns))
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        for (const { column, descending } of order) {
          const c = compareValues(a.row[column], b.row[column], schema.columns[column]);
          if (c !== 0) return descending ? -c : c;
        }
        return a.index - b.index;
      })
      .map(({ row }) => row);
    const limit = wholeNumber(search.get('sysparm_limit'), 10000, 1);
    const offset = wholeNumber(search.get('sysparm_offset'), 0, 0);
    const page = rows.slice(offset, offset + limit);
    const headers = { ...call.headers };
    if (search.get('sysparm_no_count') !== 'true') headers['x-total-count'] = String(rows.length);
    if (search.get('sysparm_suppress_pagination_header') !== 'true') headers.link = this.links(call, offset, limit, rows.length);
    // v1 answers an empty result as "not found"; v2 and the unversioned path answer [].
    if (version === 'v1' && page.length === 0) return send(call.res, 404, NOT_FOUND, call.headers);
    send(call.res, 200, { result: page.map((row) => this.render(call, row)) }, headers);
  }

  private links(call: CallContext, offset: number, limit: number, total: number): string {
    const link = (at: number, rel: string) => {
      const params = new URLSearchParams(call.search);
      params.set('sysparm_offset', String(at));
      params.set('sysparm_limit', String(limit));
      return `<${this.origin(call.req)}${call.path}?${params}>;rel="${rel}"`;
    };
    const rels = [link(0, 'first')];
    if (offset > 0) rels.push(link(Math.max(0, offset - limit), 'prev'));
    if (offset + limit < total) rels.push(link(offset + limit, 'next'));
    rels.push(link(Math.max(0, Math.floor((total - 1) / limit) * limit), 'last'));
    return rels.join(',');
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/{tableName}/{sys_id})
  private read(call: CallContext, id: string): void {
    const row = this.record(call.table, id);
    if (!row) return send(call.res, 404, NOT_FOUND, call.headers);
    send(call.res, 200, { result: this.render(call, row) }, call.headers);
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (POST /now/table/{tableName}): 201 + Location
  private create(call: CallContext, body: unknown): void {
    if (!isObject(body)) return send(call.res, 400, failure('Exception while reading request', 'The payload is not a JSON object'), call.headers);
    const row = this.insert(call.table, { ...body, sys_id: undefined, sys_created_on: undefined }, call.user);
    send(call.res, 201, { result: this.render(call, row) }, { ...call.headers, location: `${this.origin(call.req)}${call.path}/${row.sys_id}` });
  }

  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH / PUT /now/table/{tableName}/{sys_id})
  private change(call: CallContext, id: string, body: unknown): void {
    if (!isObject(body)) return send(call.res, 400, failure('Exception while reading request', 'The payload is not a JSON object'), call.headers);
    const row = this.update(call.table, id, body, call.user);
    if (!row) return send(call.res, 404, NOT_FOUND, call.headers);
    send(call.res, 200, { result: this.render(call, row) }, call.headers);
  }

  /** A record as the Table API answers it: the asked fields (unknown ones ignored), references as links unless excluded. */
  private render(call: CallContext, row: ServiceNowRow): Record<string, unknown> {
    const schema = TABLES[call.table];
    const asked = call.search.get('sysparm_fields');
    const columns = asked ? asked.split(',').map((c) => c.trim()).filter((c) => Object.hasOwn(schema.columns, c)) : Object.keys(schema.columns);
    const links = call.search.get('sysparm_exclude_reference_link') !== 'true';
    const out: Record<string, unknown> = {};
    for (const column of columns) {
      const value = row[column] ?? '';
      const target = schema.references[column];
      out[column] = target && links && value ? { link: `${this.origin(call.req)}/api/now/table/${target}/${value}`, value } : value;
    }
    return out;
  }

  private origin(req: IncomingMessage): string {
    return this.options.instanceOrigin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  }


  /** The user a request acts as, from Basic credentials or a bearer token; 401 otherwise. */
  private authenticate(req: IncomingMessage): string {
    const header = req.headers.authorization ?? '';
    const users = this.options.users ?? { admin: 'admin' };
    if (/^basic /i.test(header)) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (colon > 0 && Object.hasOwn(users, name) && users[name] === decoded.slice(colon + 1)) return name;
    }
    if (/^bearer /i.test(header)) {
      const token = header.slice(7).trim();
      if (this.options.bearerTokens?.includes(token)) return this.oauthUser();
      const user = this.oauth.userFor(token);
      if (user) return user;
    }
    throw new HttpError(401, 'User Not Authenticated', NOT_AUTHENTICATED, { 'content-type': JSON_TYPE, 'www-authenticate': 'BASIC realm="Service-now"' });
  }

  private oauthUser(): string {
    return this.options.oauthUser ?? Object.keys(this.options.users ?? { admin: 'admin' })[0];
  }

  /**
   * Counts a call against the user's window and answers the rate-limit headers, or throws the
   * documented 429. https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/inbound-REST-API-rate-limiting.html
   */
  private countRequest(user: string): Record<string, string> {
    const rule = this.options.rateLimit;
    if (!rule) return {};
    const windowMs = (rule.windowSeconds ?? 3600) * 1000;
    const now = this.now();
    let window = this.windows.get(user);
    if (!window || now - window.start >= windowMs) this.windows.set(user, (window = { start: now, count: 0 }));
    const reset = Math.ceil((window.start + windowMs) / 1000);
    const headers = { 'x-ratelimit-limit': String(rule.limit), 'x-ratelimit-reset': String(reset), 'x-ratelimit-rule': '5b3a8f1a1b2f3010a1b2c3d4e5f60718' };
    if (++window.count > rule.limit) {
      const body = failure('Rate limit exceeded', `Rate limit of ${rule.limit} requests per hour for Table API exceeded`);
      throw new HttpError(429, 'Rate limit exceeded', body, { ...headers, 'content-type': JSON_TYPE, 'retry-after': String(Math.max(1, reset - Math.floor(now / 1000))) });
    }
    return headers;
  }
}

interface CallContext {
  req: IncomingMessage;
  res: ServerResponse;
  search: URLSearchParams;
  headers: Record<string, string>;
  user: string;
  table: ServiceNowTable;
  /** The collection path as requested, for Link and Location. */
  path: string;
}

const INVALID_JSON = Symbol('invalid JSON');
/** `/api/now[/v1]/attachment…`, capturing what follows. */
const ATTACHMENT_PATH = /^\/api\/now\/(?:v1\/)?attachment((?:\/.*)?)$/;

function safeJson(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch {
    return INVALID_JSON;
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(text: string | null, fallback: number, min: number): number {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value >= min ? value : fallback;
}

/** A listening simulator and its state. */
export interface RunningServiceNowSimulator extends RunningSimulator {
  state: ServiceNowSimulatorState;
}

/**
 * Starts a simulator on a loopback port.
 *
 * @example
 * const sim = await startServiceNowSimulator({ users: { 'svc.junction': 'secret' } });
 * sim.state.insert('incident', { short_description: 'VPN down' });
 * // JUNCTION_VENDOR_HOSTS=acme.service-now.com=${sim.url}
 */
export async function startServiceNowSimulator(options: ServiceNowSimulatorOptions = {}): Promise<RunningServiceNowSimulator> {
  const state = new ServiceNowSimulatorState(options);
  const server = await startSimulator(state.handle, { port: options.port });
  return { ...server, state };
}
