import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import got, { type Method, type Response } from 'got';
import { JunctionError, VendorError } from '../errors';
import type { ElementHttp } from '../element';
import type { Credentials } from '../auth/credentials';
import { backoffMs, defaultRetryPolicy, isIdempotent, retryAfterMs } from './retry';
import type { HostMap } from './host-map';
import { joinUrl } from './template';
import type { RetryPolicy, VendorFailure, VendorHttp, VendorRequest, VendorResponse } from './types';

/** Keep-alive agents shared by every instance: vendor calls reuse connections per host. */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

export interface VendorClientOptions {
  elementName: string;
  http: ElementHttp;
  baseUrl: string;
  hostMap: HostMap;
  credentials: Credentials;
  timeoutMs?: number;
  /** Called once per vendor call with its outcome, for logs and metrics. */
  onCall?: (call: { method: string; url: string; status: number; ms: number; attempt: number }) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The host map of the client a request came from, for its redirects. */
interface CallContext extends Record<string, unknown> {
  hostMap: HostMap;
}

/**
 * One got instance with everything that is the same for every vendor call, so a call's options
 * are merged once with these instead of being rebuilt from got's defaults each time (measurably
 * cheaper per call at hub rates). Redirects to vendor download hosts honour the host map too.
 */
const vendorGot = got.extend({
  agent: agents,
  retry: { limit: 0 },
  throwHttpErrors: false,
  hooks: {
    beforeRedirect: [
      (redirect) => {
        const { hostMap } = redirect.context as CallContext;
        if (redirect.url && hostMap) redirect.url = new URL(hostMap.rewrite(redirect.url.toString()));
      },
    ],
  },
});

/**
 * The got-based client behind every element call: base URL, credentials, host mapping,
 * retries (Retry-After and vendor rate-limit headers honoured), one refresh-and-retry on 401,
 * and vendor errors mapped with the vendor's message kept.
 */
export function createVendorClient(options: VendorClientOptions): VendorHttp {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.http.retry };

  /** Absolute URL (host map applied), headers with credentials, and query for one attempt. */
  async function prepare(request: VendorRequest) {
    const url = options.hostMap.rewrite(joinUrl(options.baseUrl, request.url));
    const headers: Record<string, string> = { accept: 'application/json', ...options.http.headers };
    for (const [k, v] of Object.entries(request.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    const searchParams = new URLSearchParams();
    for (const [k, v] of Object.entries(request.searchParams ?? {})) if (v !== undefined) searchParams.set(k, String(v));
    const token = await options.credentials.apply(headers, searchParams);
    return { url, headers, searchParams: searchParams.size ? searchParams : undefined, token };
  }

  const context: CallContext = { hostMap: options.hostMap };

  async function send<T>(request: VendorRequest): Promise<VendorResponse<T>> {
    const streamed = request.body instanceof Readable;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const { url, headers, searchParams, token } = await prepare(request);
      const started = performance.now();
      let response: Response<unknown>;
      try {
        response = (await vendorGot(url, {
          method: request.method as Method,
          headers,
          searchParams,
          json: request.json,
          form: request.form,
          body: request.body as string | Buffer | Readable | undefined,
          timeout: { request: options.timeoutMs ?? 30_000 },
          context,
          responseType: request.responseType === 'buffer' ? 'buffer' : 'text',
        })) as Response<unknown>;
      } catch (error) {
        options.onCall?.({ method: request.method, url, status: 0, ms: performance.now() - started, attempt });
        if (!streamed && isIdempotent(request.method) && attempt <= policy.limit) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw transportError(options.elementName, error);
      }
      const status = response.statusCode;
      options.onCall?.({ method: request.method, url, status, ms: performance.now() - started, attempt });

      if (status === 401 && !refreshed && !streamed && options.credentials.refresh) {
        refreshed = true;
        if (await options.credentials.refresh(token)) continue;
      }
      const allowed = request.allowStatuses?.includes(status) ?? false;
      if (status < 400 || allowed) {
        return { status, headers: response.headers, body: parseBody<T>(response, request, options.elementName) };
      }
      if (policy.statuses.includes(status) && !streamed && attempt <= policy.limit && (status === 429 || isIdempotent(request.method))) {
        const asked = options.http.retry?.delayFromHeaders?.(response.headers) ?? retryAfterMs(response.headers);
        if (asked === undefined || asked <= policy.maxDelayMs) {
          await sleep(asked ?? backoffMs(attempt));
          continue;
        }
      }
      throw vendorError(options, { method: request.method, url, status, headers: response.headers, body: parseErrorBody(response) });
    }
  }

  /**
   * A call whose response body is handed back unread (downloads) and whose request body may be a
   * stream (uploads). Nothing is buffered; a stream body cannot be replayed, so there is no retry
   * once bytes were sent, but a 401 on a bodiless call still gets one refresh.
   */
  async function stream(request: VendorRequest): Promise<VendorResponse<Readable>> {
    const hasStreamBody = request.body instanceof Readable;
    for (let attempt = 1; ; attempt++) {
      const { url, headers, searchParams, token } = await prepare(request);
      const started = performance.now();
      const bodiless = request.body === undefined && request.json === undefined && request.method !== 'GET' && request.method !== 'HEAD';
      const idleMs = options.timeoutMs ?? 30_000;
      const body = vendorGot.stream(url, {
        method: request.method as Method,
        headers,
        searchParams,
        // A got stream with a method that allows a body waits for one to be written; send none.
        body: bodiless ? '' : (request.body as string | Buffer | Readable | undefined),
        json: request.json,
        // A transfer may take as long as it takes; what is bounded is waiting for the vendor.
        timeout: { connect: idleMs, response: idleMs, socket: idleMs },
        context,
      });
      let response: Response<unknown>;
      try {
        response = await new Promise<Response<unknown>>((resolve, reject) => {
          body.once('response', resolve);
          body.once('error', reject);
        });
      } catch (error) {
        options.onCall?.({ method: request.method, url, status: 0, ms: performance.now() - started, attempt });
        throw transportError(options.elementName, error);
      }
      const status = response.statusCode;
      options.onCall?.({ method: request.method, url, status, ms: performance.now() - started, attempt });
      if (status < 400 || request.allowStatuses?.includes(status)) return { status, headers: response.headers, body };
      const text = await readCapped(body, 64 * 1024);
      if (status === 401 && attempt === 1 && !hasStreamBody && options.credentials.refresh && (await options.credentials.refresh(token))) continue;
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // vendor error pages are not always JSON
      }
      throw vendorError(options, { method: request.method, url, status, headers: response.headers, body: parsed });
    }
  }

  return {
    request: send,
    stream,
    get: async (url, searchParams) => (await send<never>({ method: 'GET', url, searchParams })).body,
    post: async (url, json) => (await send<never>({ method: 'POST', url, json })).body,
    put: async (url, json) => (await send<never>({ method: 'PUT', url, json })).body,
    patch: async (url, json) => (await send<never>({ method: 'PATCH', url, json })).body,
    delete: async (url) => (await send<never>({ method: 'DELETE', url })).body,
  };
}

/** A call that got no HTTP answer: 504 when it timed out, 502 otherwise, naming the cause. */
function transportError(elementName: string, error: unknown): JunctionError {
  const code = (error as { code?: string }).code ?? 'ERROR';
  return code === 'ETIMEDOUT'
    ? new JunctionError(504, `${elementName} did not answer in time`)
    : new JunctionError(502, `${elementName} could not be reached (${code})`);
}

/** Reads at most `limit` bytes of an error body, then stops reading. */
async function readCapped(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}

function parseBody<T>(response: Response<unknown>, request: VendorRequest, elementName: string): T {
  const type = request.responseType ?? 'json';
  if (type === 'buffer') return response.body as T;
  const text = response.body as string;
  if (type === 'text') return text as T;
  if (text === '' || response.statusCode === 204) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new JunctionError(502, `${elementName} answered with a malformed response (expected JSON)`);
  }
}

function parseErrorBody(response: Response<unknown>): unknown {
  const text = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : String(response.body ?? '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const statusMessages: Record<number, string> = {
  400: 'rejected the request as invalid',
  401: 'refused the credentials of this instance',
  402: 'refused the request: the account plan limit is reached',
  403: 'refused access to this resource',
  404: 'has no such record',
  405: 'does not allow this operation',
  409: 'reported a conflict with an existing record',
  413: 'refused a request that is too large',
  415: 'refused the media type',
  422: 'rejected the request as invalid',
  429: 'is rate limiting this instance; retry later',
};

/** Maps a vendor failure to the hub's status, with the vendor's own words in `providerMessage`. */
export function vendorError(options: Pick<VendorClientOptions, 'elementName' | 'http'>, failure: VendorFailure): VendorError {
  const providerMessage = options.http.providerMessage(failure) ?? (typeof failure.body === 'string' && failure.body ? failure.body.slice(0, 500) : undefined);
  const mapped = options.http.statusFor?.(failure) ?? (failure.status === 422 ? 400 : failure.status >= 500 ? 502 : failure.status);
  const what = statusMessages[mapped] ?? statusMessages[failure.status] ?? `failed with HTTP ${failure.status}`;
  const error = new VendorError(mapped, `${options.elementName} ${what}`, providerMessage, failure.status);
  const retryAfter = failure.headers['retry-after'];
  if (failure.status === 429 && retryAfter) error.headers['retry-after'] = String(retryAfter);
  return error;
}
