/**
 * Tiny shared base for in-memory vendor API simulators: start/stop a node `http` server, read
 * request bodies with a size cap, send JSON, and route by method + path pattern.
 *
 * Nothing in here knows about any particular vendor.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request handler; it may be async. A thrown {@link HttpError} becomes its JSON response. */
export type SimulatorHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where a simulator listens. */
export interface StartSimulatorOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to bind; only loopback is intended. Default `127.0.0.1`. */
  host?: '127.0.0.1';
}

/** A listening simulator. */
export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:51234`. */
  url: string;
  port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** An error that carries the HTTP answer to give. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = { error: message },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Default body cap for the readers below: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

const EMPTY = Buffer.alloc(0);

/** Options for the body readers. */
export interface ReadBodyOptions {
  /** Largest accepted body; a bigger one fails with a 413 {@link HttpError}. */
  limitBytes?: number;
}

/** Starts `handler` on a loopback port. Unhandled errors answer 500 JSON. */
export function startSimulator(
  handler: SimulatorHandler,
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    let pending: void | Promise<void>;
    try {
      pending = handler(req, res);
    } catch (error) {
      answerError(res, error);
      return;
    }
    if (pending) pending.catch((error: unknown) => answerError(res, error));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({ url: `http://${host}:${port}`, port, close: () => closeServer(server) });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function answerError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) sendJson(res, error.status, error.body, error.headers);
  else sendJson(res, 500, { error: 'Internal simulator error' });
}

/** Reads the whole body as bytes, refusing more than `limitBytes` (413). */
export function readRawBody(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<Buffer> {
  const limit = options.limitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const declared = Number(req.headers['content-length']);
  if (!req.headers['transfer-encoding'] && (req.headers['content-length'] === undefined || declared === 0)) {
    return Promise.resolve(EMPTY); // no body: skip stream listeners (fast path for GET/DELETE)
  }
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body exceeds ${limit} bytes`);
}

/** Parses a JSON text; `undefined` for an empty text, a 400 {@link HttpError} for bad JSON. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/** Reads and parses a JSON body (`undefined` when empty). */
export async function readJsonBody(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<unknown> {
  return parseJsonText((await readRawBody(req, options)).toString('utf8'));
}

/** Reads an `application/x-www-form-urlencoded` body; repeated keys keep the last value. */
export async function readFormBody(
  req: IncomingMessage,
  options: ReadBodyOptions = {},
): Promise<Record<string, string>> {
  const text = (await readRawBody(req, options)).toString('utf8');
  return Object.fromEntries(new URLSearchParams(text));
}

/** Sends `body` as JSON with `status` and extra `headers`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends a raw text or bytes body with the given content type. */
export function sendRaw(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Query string as an object; a repeated key becomes an array. */
export type QueryParams = Record<string, string | string[]>;

/** Splits a request URL into its path and query object. */
export function splitUrl(rawUrl: string | undefined): { path: string; query: QueryParams; search: URLSearchParams } {
  const url = rawUrl ?? '/';
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const search = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
  const query: QueryParams = {};
  for (const [key, value] of search) {
    const seen = query[key];
    if (seen === undefined) query[key] = value;
    else query[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { path, query, search };
}

/** Outcome of {@link Router.match}. */
export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

/**
 * Minimal router: patterns like `/api/v1/lead/:id/`, `:name` captures one segment, and a
 * trailing slash is optional on both the pattern and the path.
 */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /** Adds a route; `method` is matched case-insensitively. */
  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  /** Finds the route for `method` + `path` (path without query string). */
  match(method: string, path: string): RouteMatch<H> {
    const segments = splitPath(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    if (part.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(actual[i]);
      } catch {
        return undefined;
      }
      params[part.slice(1)] = value;
    } else if (part !== actual[i]) {
      return undefined;
    }
  }
  return params;
}
