/**
 * In-memory HTTP simulator of Box API 2.0 (https://developer.box.com/reference/) for end-to-end
 * tests, recordings and the local sandbox: OAuth 2.0 with single-use refresh tokens, a folder tree
 * with real bytes, direct (multipart) and chunked uploads, downloads through a 302 to a download
 * host (optionally 202 first), shared links, search, quota, the user event stream, webhooks v2 with
 * signed deliveries, and fault injection.
 *
 * One server stands in for every Box host; the paths tell them apart:
 * `account.box.com/api/oauth2/…`, `api.box.com/oauth2/…` and `/2.0/…`, `upload.box.com/api/2.0/…`,
 * and `dl.boxcloud.com/d/1/…`. Point all four at it with JUNCTION_VENDOR_HOSTS.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { BoxEventLog } from './box-events';
import { BoxOAuth, INVALID_TOKEN_CHALLENGE } from './box-oauth';
import { boxRoutes, type BoxRoute } from './box-routes';
import { boxError, BoxStore, type BoxUser, type SimFile } from './box-store';
import { parseMultipart, UploadSessions } from './box-uploads';
import { BoxWebhooks } from './box-webhooks';
import { Router, readRawBody, sendJson, sendRaw, splitUrl, startSimulator, type QueryParams, type RunningSimulator } from './simulator-server';

export interface BoxSimulatorOptions {
  /** TCP port; 0 or absent picks a free one (recordings need a fixed one). */
  port?: number;
  /** The OAuth app. Defaults `sim-client-id` / `sim-client-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Access tokens accepted without an OAuth exchange. Default `['sim-access-token']`. */
  accessTokens?: string[];
  /** Refresh tokens accepted (once each) without an exchange. Default `['sim-refresh-token']`. */
  refreshTokens?: string[];
  /** `expires_in` of issued access tokens. Default 3600, as Box. */
  tokenLifetimeSeconds?: number;
  /** The account's user. */
  user?: Partial<BoxUser>;
  /** Smallest file an upload session accepts. Default 20,000,000 bytes, as Box. */
  chunkedUploadMinBytes?: number;
  /** `part_size` of upload sessions. Default 8 MiB, as Box gives for files of this range. */
  partSize?: number;
  /** Origin written into upload-session endpoints. Default `https://upload.box.com`. */
  uploadOrigin?: string;
  /** Origin of download URLs in the 302. Default `https://dl.boxcloud.com`. */
  downloadOrigin?: string;
  /** Largest request body read. Default 256 MiB. */
  maxBodyBytes?: number;
  /** Keep `state.requests`. Default true. */
  recordRequests?: boolean;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Post signed webhook deliveries when items change. Default false. */
  deliverWebhooks?: boolean;
  /** The application's webhook signature keys (Developer Console); deliveries carry a signature per key set. */
  webhookSignatureKeys?: { primary?: string; secondary?: string };
}

/** One request as the simulator received it. */
export interface BoxRecordedRequest {
  method: string;
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form fields; for multipart, the parts in order (name and size); else undefined. */
  body: unknown;
  bodyBytes: number;
}

interface InjectedFailure {
  remaining: number;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Live state: content, OAuth, recorded traffic and fault injection. */
export class BoxSimulatorState {
  readonly requests: BoxRecordedRequest[] = [];
  private failure: InjectedFailure | undefined;
  private readonly notReady = { download: [] as number[], commit: [] as number[] };

  constructor(
    readonly store: BoxStore,
    readonly oauth: BoxOAuth,
    readonly sessions: UploadSessions,
    /** The user event stream (`GET /2.0/events`). */
    readonly events: BoxEventLog,
    /** Webhooks v2 and their deliveries. */
    readonly webhooks: BoxWebhooks,
  ) {}

  /**
   * The next `count` requests (any route, before auth) answer `status` with `body`. Default body:
   * Box's error shape (`rate_limit_exceeded` for 429).
   */
  failNext(count: number, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    this.failure = count > 0 ? { remaining: count, status, body, headers } : undefined;
  }

  takeFailure(): InjectedFailure | undefined {
    const failure = this.failure;
    if (failure && --failure.remaining <= 0) this.failure = undefined;
    return failure;
  }

  /** The next `count` downloads (or commits) answer 202 with `Retry-After: retryAfterSeconds`. */
  notReadyNext(what: 'download' | 'commit', count: number, retryAfterSeconds = 1): void {
    for (let i = 0; i < count; i++) this.notReady[what].push(retryAfterSeconds);
  }

  takeNotReady(what: 'download' | 'commit'): number | undefined {
    return this.notReady[what].shift();
  }

  /** Access tokens answer 401 from now on; refresh grants still work. */
  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  /** Drops content, tokens issued, sessions, events, webhooks, recorded traffic and injected faults. */
  reset(): void {
    this.store.reset();
    this.oauth.reset();
    this.sessions.reset();
    this.events.reset();
    this.webhooks.reset();
    this.requests.length = 0;
    this.failure = undefined;
    this.notReady.download.length = 0;
    this.notReady.commit.length = 0;
  }
}

export interface RunningBoxSimulator extends RunningSimulator {
  state: BoxSimulatorState;
  /**
   * Creates folders (`null`) and files (text or bytes) by absolute path, parents included.
   * Returns each path's Box id.
   */
  seed(entries: Record<string, string | Buffer | null>): Record<string, string>;
}

const DOWNLOAD_LINK_MS = 15 * 60 * 1000;

/** Starts the Box simulator on a loopback port. */
export async function startBoxSimulator(options: BoxSimulatorOptions = {}): Promise<RunningBoxSimulator> {
  const now = options.now ?? Date.now;
  const user: BoxUser = { id: '33000001', name: 'Sim User', login: 'sim.user@example.com', spaceAmount: 10 * 1024 ** 3, ...options.user };
  const store = new BoxStore(now, user);
  const oauth = new BoxOAuth(
    {
      clientId: options.clientId ?? 'sim-client-id',
      clientSecret: options.clientSecret ?? 'sim-client-secret',
      accessTokens: options.accessTokens ?? ['sim-access-token'],
      refreshTokens: options.refreshTokens ?? ['sim-refresh-token'],
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    },
    now,
  );
  const sessions = new UploadSessions(
    store,
    { minBytes: options.chunkedUploadMinBytes ?? 20_000_000, partSize: options.partSize ?? 8 * 1024 * 1024, uploadOrigin: options.uploadOrigin ?? 'https://upload.box.com' },
    now,
  );
  const events = new BoxEventLog(now, user);
  const webhooks = new BoxWebhooks(store, now, { deliver: options.deliverWebhooks === true, keys: options.webhookSignatureKeys ?? {} });
  store.onChange = (change) => {
    events.record(change);
    webhooks.dispatch(change);
  };
  const state = new BoxSimulatorState(store, oauth, sessions, events, webhooks);
  const downloads = new Map<string, { fileId: string; expiresAt: number }>();
  const downloadOrigin = options.downloadOrigin ?? 'https://dl.boxcloud.com';

  const api = new Router<BoxRoute>();
  const routes = boxRoutes({
    store,
    sessions,
    takeNotReady: (what) => state.takeNotReady(what),
    downloadUrl: (fileId) => {
      const token = `b1!${randomBytes(24).toString('base64url')}`;
      downloads.set(token, { fileId, expiresAt: now() + DOWNLOAD_LINK_MS });
      return `${downloadOrigin}/d/1/${encodeURIComponent(token)}/download`;
    },
  });
  for (const [key, route] of Object.entries({ ...routes, ...events.routes(), ...webhooks.routes() })) {
    const [method, pattern] = key.split(' ');
    api.add(method, pattern, route);
  }

  const download = (res: ServerResponse, token: string) => {
    const link = downloads.get(token);
    const file = link && link.expiresAt > now() ? (store.get(link.fileId, 'file') as SimFile) : undefined;
    if (!file) throw boxError(404, 'not_found', 'Not Found');
    const ascii = file.name.replace(/[^\x20-\x7e]|"/g, '_');
    sendRaw(res, 200, file.content, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment;filename="${ascii}";filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'accept-ranges': 'bytes',
    });
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, query } = splitUrl(req.url);
    const method = req.method ?? 'GET';
    const body = await readRawBody(req, { limitBytes: options.maxBodyBytes ?? 256 * 1024 * 1024 });
    if (options.recordRequests !== false) state.requests.push({ method, path, query, headers: req.headers, body: describeBody(req.headers, body), bodyBytes: body.length });

    const failure = state.takeFailure();
    if (failure) {
      const failureBody = failure.body ?? defaultFailureBody(failure.status);
      if (typeof failureBody === 'string') sendRaw(res, failure.status, failureBody, { 'content-type': 'text/html', ...failure.headers });
      else sendJson(res, failure.status, failureBody, failure.headers);
      return;
    }

    const first = (name: string) => {
      const value = query[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (method === 'GET' && path === '/api/oauth2/authorize') {
      const answer = oauth.authorize({ response_type: first('response_type'), client_id: first('client_id'), redirect_uri: first('redirect_uri'), state: first('state') });
      if ('error' in answer) return sendRaw(res, 400, `OAuth error: ${answer.error}`, { 'content-type': 'text/plain' });
      res.writeHead(302, { location: answer.location, 'content-length': 0 });
      res.end();
      return;
    }
    if (method === 'POST' && (path === '/oauth2/token' || path === '/oauth2/revoke')) {
      const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const answer = path === '/oauth2/token' ? oauth.token(form) : oauth.revoke(form);
      if (path === '/oauth2/revoke' && answer.status === 200) return sendRaw(res, 200, '', {});
      return sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store' });
    }
    const dl = /^\/d\/1\/([^/]+)\/download$/.exec(path);
    if (method === 'GET' && dl) return download(res, decodeURIComponent(dl[1]));

    const match = api.match(method, path);
    if (match.kind === 'not-found') throw boxError(404, 'not_found', 'Not Found');
    if (match.kind === 'method-not-allowed') throw boxError(405, 'method_not_allowed', 'Method Not Allowed');
    if (!oauth.check(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': INVALID_TOKEN_CHALLENGE, 'content-length': 0 });
      res.end();
      return;
    }
    const answer = match.handler({ params: match.params, query, headers: req.headers, body });
    if (answer.text !== undefined) {
      return sendRaw(res, answer.status, answer.text, { 'content-type': 'application/json', 'box-request-id': randomBytes(12).toString('hex'), ...answer.headers });
    }
    if (answer.json === undefined) {
      res.writeHead(answer.status, { 'content-length': 0, ...answer.headers });
      res.end();
      return;
    }
    sendJson(res, answer.status, answer.json, { 'box-request-id': randomBytes(12).toString('hex'), 'cache-control': 'no-cache, no-store', ...answer.headers });
  };

  const running = await startSimulator(handler, { port: options.port });
  return {
    ...running,
    state,
    seed: (entries) => seed(store, entries),
  };
}

function defaultFailureBody(status: number): unknown {
  if (status === 429) return boxError(429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later').body;
  const codes: Record<number, string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 500: 'internal_server_error', 503: 'unavailable' };
  return boxError(status, codes[status] ?? 'internal_server_error', `Simulated failure (${status})`).body;
}

function describeBody(headers: IncomingHttpHeaders, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const type = String(headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return body.toString('utf8');
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (type.startsWith('multipart/form-data')) {
    try {
      return { parts: parseMultipart(body, type).map((p) => ({ name: p.name, filename: p.filename, size: p.data.length })) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function seed(store: BoxStore, entries: Record<string, string | Buffer | null>): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [path, content] of Object.entries(entries)) {
    let folderId = '0';
    const names = path.split('/').filter(Boolean);
    const last = content === null ? names.length : names.length - 1;
    for (const name of names.slice(0, last)) {
      const existing = store.children(folderId).find((i) => i.name === name && i.type === 'folder');
      folderId = (existing ?? store.createFolder(folderId, name)).id;
    }
    ids[path] = content === null ? folderId : store.createFile(folderId, names[last], typeof content === 'string' ? Buffer.from(content) : content).id;
  }
  return ids;
}
