/**
 * In-memory HTTP simulator of the Dropbox API v2 for end-to-end tests, recordings and
 * benchmarks. One server answers all three hosts, told apart by path: www.dropbox.com
 * (`/oauth2/authorize`), api.dropboxapi.com (`/oauth2/token`, RPC routes) and
 * content.dropboxapi.com (uploads, upload sessions, downloads). Files hold real bytes. Every write
 * enters a change log that cursors continue from, and wakes the webhook URIs added with
 * `state.webhooks.add`.
 * https://www.dropbox.com/developers/documentation/http/documentation
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { accountRoutes } from './dropbox-account';
import { contentRoutes } from './dropbox-content';
import { fileRoutes } from './dropbox-files';
import { DropboxOAuth } from './dropbox-oauth';
import { headerSafeJson, routeErrorBody } from './dropbox-render';
import { BadInputError, type DropboxAccount, type DropboxRoute, type RouteInput } from './dropbox-routes';
import { DropboxTree, RouteError, type DropboxNode } from './dropbox-tree';
import { DropboxWebhooks } from './dropbox-webhooks';
import { sendJson, sendRaw, splitUrl, startSimulator, type RunningSimulator } from './simulator-server';

/** Options of {@link startDropboxSimulator}. */
export interface DropboxSimulatorOptions {
  /** TCP port; 0 or absent picks a free one (recordings use a fixed one). */
  port?: number;
  /** @default 'dropbox-app-key' */
  clientId?: string;
  /** @default 'dropbox-app-secret' */
  clientSecret?: string;
  /** Access tokens valid from the start, with every scope. @default ['sl.simulated-access-token'] */
  accessTokens?: string[];
  /** `expires_in` of issued access tokens. @default 14400 (Dropbox's four hours) */
  tokenLifetimeSeconds?: number;
  /** Quota reported by `users/get_space_usage`. @default 2 GiB */
  allocatedBytes?: number;
  /** Largest body of one upload-style request. @default 150 MiB */
  maxRequestBytes?: number;
  /** Keep `state.requests`. @default true */
  recordRequests?: boolean;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** One request as the simulator received it. */
export interface DropboxRecordedRequest {
  method: string;
  path: string;
  /** Which Dropbox host the path belongs to. */
  host: 'www' | 'api' | 'content';
  headers: IncomingHttpHeaders;
  /** The route argument (JSON body or `Dropbox-API-Arg`), when it parsed. */
  arg?: unknown;
  /** Bytes of the request body. */
  bodyBytes: number;
  /** The client went away before the body was complete. */
  aborted: boolean;
}

/** An answer to give instead of the real one (see {@link DropboxSimulatorState.failNext}). */
export interface DropboxFailure {
  status: number;
  /** An object is sent as JSON, a string as plain text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests to this route (`files/upload`) take it; any route when absent. */
  route?: string;
  /** How many requests take it. @default 1 */
  count?: number;
}

const ALL_SCOPES = ['account_info.read', 'files.metadata.read', 'files.content.read', 'files.content.write', 'sharing.read', 'sharing.write'];

/** Live state of a simulator: the account's data, recorded traffic and fault injection. */
export class DropboxSimulatorState {
  readonly requests: DropboxRecordedRequest[] = [];
  private readonly failures: (DropboxFailure & { count: number })[] = [];

  constructor(
    readonly account: DropboxAccount,
    readonly oauth: DropboxOAuth,
    /** The App Console's webhook URIs: `await state.webhooks.add(uri)` verifies one and notifies it of every change. */
    readonly webhooks: DropboxWebhooks,
  ) {
    account.tree.changes.onChange(() => webhooks.changed());
  }

  /** The next matching request(s) answer `failure` instead. */
  failNext(failure: DropboxFailure): void {
    this.failures.push({ ...failure, count: failure.count ?? 1 });
  }

  /** Takes one injected failure for `route`, if any is pending. */
  takeFailure(route: string | undefined): DropboxFailure | undefined {
    const index = this.failures.findIndex((f) => f.route === undefined || f.route === route);
    if (index === -1) return undefined;
    const failure = this.failures[index];
    if (--failure.count <= 0) this.failures.splice(index, 1);
    return failure;
  }

  /** The node at a path or id, for assertions. */
  node(pathOrId: string): DropboxNode | undefined {
    return this.account.tree.find(pathOrId);
  }

  /** A file's bytes, for assertions. */
  file(path: string): Buffer | undefined {
    return this.account.tree.find(path)?.content;
  }

  /** Seeds a file without HTTP (parents are created). */
  put(path: string, content: Buffer | string): DropboxNode {
    return this.account.tree.writeFile(path, Buffer.from(content), 'overwrite');
  }

  /** Seeds a folder without HTTP. */
  mkdir(path: string): DropboxNode {
    return this.account.tree.createFolder(path);
  }

  /** Deletes a file or folder without HTTP, as another Dropbox client would. */
  remove(path: string): void {
    this.account.tree.delete(this.account.tree.lookup(path, 'path_lookup'));
  }

  /** Makes every cursor taken so far too old: continuing one answers the `reset` route error. */
  expireCursors(): void {
    this.account.tree.changes.expire();
  }
}

/** A running Dropbox simulator. */
export interface RunningDropboxSimulator extends RunningSimulator {
  state: DropboxSimulatorState;
  clientId: string;
  clientSecret: string;
  /** A token valid from the start, with every scope. */
  accessToken: string;
}

/** Starts a Dropbox simulator on a loopback port. */
export async function startDropboxSimulator(options: DropboxSimulatorOptions = {}): Promise<RunningDropboxSimulator> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'dropbox-app-key';
  const clientSecret = options.clientSecret ?? 'dropbox-app-secret';
  const accessTokens = options.accessTokens ?? ['sl.simulated-access-token'];
  const account: DropboxAccount = {
    tree: new DropboxTree(now),
    sessions: new Map(),
    links: new Map(),
    accountId: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
    uid: 12345,
    email: 'ada@example.com',
    allocatedBytes: options.allocatedBytes ?? 2 * 1024 ** 3,
    maxRequestBytes: options.maxRequestBytes ?? 150 * 1024 * 1024,
  };
  const oauth = new DropboxOAuth(
    { clientId, clientSecret, accessTokens, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 14_400, accountId: account.accountId, uid: account.uid, scopes: ALL_SCOPES },
    now,
  );
  const state = new DropboxSimulatorState(account, oauth, new DropboxWebhooks({ appSecret: clientSecret, accountId: account.accountId, uid: account.uid }));
  const routes: Record<string, DropboxRoute> = { ...fileRoutes(account), ...contentRoutes(account), ...accountRoutes(account) };
  const handler = createHandler(state, routes, options.recordRequests !== false);
  const running = await startSimulator(handler, { port: options.port });
  return { ...running, state, clientId, clientSecret, accessToken: accessTokens[0] };
}

function createHandler(state: DropboxSimulatorState, routes: Record<string, DropboxRoute>, record: boolean) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, search } = splitUrl(req.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const name = path.startsWith('/2/') ? path.slice(3) : undefined;
    const route = name === undefined ? undefined : routes[name];
    const host = path.startsWith('/oauth2/authorize') ? 'www' : route?.host === 'content' ? 'content' : 'api';
    const limit = route?.host === 'content' ? state.account.maxRequestBytes : 1024 * 1024;
    const read = await readBody(req, limit);
    const entry: DropboxRecordedRequest = { method, path, host, headers: req.headers, bodyBytes: read?.size ?? 0, aborted: read === undefined };
    if (record) state.requests.push(entry);
    if (!read) return;
    const body = read.bytes;

    // Dropbox tags every answer with a request id, which its support asks for.
    res.setHeader('x-dropbox-request-id', randomBytes(16).toString('hex'));
    const failure = state.takeFailure(name);
    if (failure) return answerFailure(res, failure);
    if (method === 'GET' && path === '/oauth2/authorize') {
      const answer = state.oauth.authorize(search);
      if ('error' in answer) return sendRaw(res, 400, answer.error, { 'content-type': 'text/plain; charset=utf-8' });
      res.writeHead(302, { location: answer.location, 'content-length': 0 });
      return void res.end();
    }
    if (method === 'POST' && path === '/oauth2/token') {
      const answer = state.oauth.exchange(Object.fromEntries(new URLSearchParams(body.toString('utf8'))), req.headers.authorization);
      return sendJson(res, answer.status, answer.body);
    }
    if (!route || !name) return sendRaw(res, 404, `Unknown API function: ${JSON.stringify(name ?? path)}`, { 'content-type': 'text/plain; charset=utf-8' });
    // Download routes also answer GET (with the argument in the header or `arg`), everything else only POST.
    if (method !== 'POST' && !(method === 'GET' && route.style === 'download')) return badInput(res, name, `Expecting a POST request, got ${method}`);

    const auth = state.oauth.check(req.headers.authorization);
    if ('error' in auth) return sendJson(res, 401, { error_summary: `${auth.error}/..`, error: { '.tag': auth.error } });
    if (!auth.scopes.includes(route.scope)) {
      return sendJson(res, 401, { error_summary: 'missing_scope/..', error: { '.tag': 'missing_scope', required_scope: route.scope } });
    }
    try {
      if (read.size > limit) {
        if (route.host === 'content') throw new RouteError(['payload_too_large']);
        throw new BadInputError(`request body: larger than ${limit} bytes`);
      }
      const input = readInput(req, route, body);
      entry.arg = input.arg;
      const output = route.handle(input);
      if (route.style !== 'download') return sendJson(res, 200, output.json ?? null);
      return sendRaw(res, 200, output.bytes ?? Buffer.alloc(0), { 'content-type': 'application/octet-stream', 'dropbox-api-result': headerSafeJson(output.result) });
    } catch (error) {
      if (error instanceof RouteError) return sendJson(res, 409, routeErrorBody(error));
      if (error instanceof BadInputError) return badInput(res, name, error.message);
      throw error;
    }
  };
}

/**
 * The body (kept up to `limit` bytes) and its full size, or `undefined` when the client went away
 * before the end: an interrupted upload stores nothing.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; size: number } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => resolve({ bytes: Buffer.concat(chunks), size }));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

/**
 * The route argument as each style carries it: rpc in a JSON body, upload and download in the
 * `Dropbox-API-Arg` header (or `arg` query parameter), which must be plain ASCII JSON.
 */
function readInput(req: IncomingMessage, route: DropboxRoute, body: Buffer): RouteInput {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  let text: string;
  if (route.style === 'rpc') {
    if (body.length > 0 && !/^(application\/json|text\/plain; ?charset=dropbox-cors-hack)/.test(type)) {
      throw new BadInputError(`Bad HTTP "Content-Type" header: ${JSON.stringify(type)}.  Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".`);
    }
    text = body.toString('utf8');
  } else {
    if (route.style === 'upload' && !/^(application\/octet-stream|text\/plain; ?charset=dropbox-cors-hack)/.test(type)) {
      throw new BadInputError(`Bad HTTP "Content-Type" header: ${JSON.stringify(type)}.  Expecting one of "application/octet-stream", "text/plain; charset=dropbox-cors-hack".`);
    }
    if (route.style === 'download' && body.length > 0) throw new BadInputError('This is a download endpoint: send the argument in "Dropbox-API-Arg" and no request body.');
    const header = req.headers['dropbox-api-arg'] ?? new URLSearchParams(splitUrl(req.url).search).get('arg') ?? undefined;
    if (header === undefined) throw new BadInputError('Must provide HTTP header "Dropbox-API-Arg" or URL parameter "arg".');
    if (/[^\x20-\x7e]/.test(String(header))) throw new BadInputError('HTTP header "Dropbox-API-Arg": could not decode input as JSON');
    text = String(header);
  }
  let arg: unknown = null;
  if (text.trim() !== '') {
    try {
      arg = JSON.parse(text);
    } catch {
      throw new BadInputError(`${route.style === 'rpc' ? 'request body' : 'HTTP header "Dropbox-API-Arg"'}: could not decode input as JSON`);
    }
  }
  return { arg: checkFields(route, arg), body };
}

/** Stone struct checks: `Void` takes `null`; otherwise an object of declared fields with the required ones. */
function checkFields(route: DropboxRoute, arg: unknown): Record<string, unknown> | null {
  if (route.fields === null) {
    if (arg !== null) throw new BadInputError('request body: expected null, got value');
    return null;
  }
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) throw new BadInputError('request body: expected object');
  for (const field of Object.keys(arg)) if (!(field in route.fields)) throw new BadInputError(`request body: unknown field '${field}'`);
  for (const [field, required] of Object.entries(route.fields)) {
    if (required && !(field in arg)) throw new BadInputError(`request body: missing required field '${field}'`);
  }
  return arg as Record<string, unknown>;
}

function badInput(res: ServerResponse, route: string, message: string): void {
  sendRaw(res, 400, `Error in call to API function "${route}": ${message}`, { 'content-type': 'text/plain; charset=utf-8' });
}

function answerFailure(res: ServerResponse, failure: DropboxFailure): void {
  if (typeof failure.body === 'string') return sendRaw(res, failure.status, failure.body, { 'content-type': 'text/plain; charset=utf-8', ...failure.headers });
  sendJson(res, failure.status, failure.body ?? { error_summary: 'other/..', error: { '.tag': 'other' } }, failure.headers);
}
