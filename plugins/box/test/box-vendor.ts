import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HostMap, OAUTH_KEYS, type ElementContext, type ElementDefinition, type VendorRequest } from '@junction/core';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import { startBoxSimulator, type RunningBoxSimulator } from '@junction/testing';
import { box, boxDocuments } from '../src';

/** Where recordings are written. */
export const directory = path.join(__dirname, '__recordings__');
/** The simulator's port while recording; fixed so its origin can be stored as Box's. */
const RECORDING_PORT = 7341;
export const ACCESS_TOKEN = 'recording-access-token';

/**
 * Recordings shrink Box's sizes so a session with several parts stays readable: sessions from
 * 64 bytes with 32-byte parts (Box: 20 MB and 8 MiB). The element is the same code with a lower
 * threshold, and a fixed multipart boundary so recorded bodies replay byte for byte.
 */
export const RECORDED_CHUNKED_MIN_BYTES = 64;
export const RECORDED_PART_SIZE = 32;
export const RECORDED_BOUNDARY = 'junction-recorded-boundary';

export const element: ElementDefinition = {
  ...box,
  documents: boxDocuments({ chunkedUploadMinBytes: RECORDED_CHUNKED_MIN_BYTES, boundary: () => RECORDED_BOUNDARY, maxNotReadyRetries: 2 }),
};

/** Instance configuration as the hub hands it over after the OAuth exchange. */
export const config: Record<string, string> = {
  [OAUTH_KEYS.clientId]: 'recording-client-id',
  [OAUTH_KEYS.clientSecret]: 'recording-client-secret',
  [OAUTH_KEYS.accessToken]: ACCESS_TOKEN,
};

/** A vendor call the element made, as it handed it to the vendor client (headers included). */
export type SentRequest = Pick<VendorRequest, 'method' | 'url' | 'headers' | 'searchParams'>;

/** An element context whose vendor calls are also written to `sent`. */
export function spied(ctx: ElementContext): { ctx: ElementContext; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const note = (request: VendorRequest) => sent.push({ method: request.method, url: request.url, headers: request.headers, searchParams: request.searchParams });
  const http = {
    ...ctx.http,
    request: (request: VendorRequest) => (note(request), ctx.http.request(request)),
    stream: (request: VendorRequest) => (note(request), ctx.http.stream(request)),
    get: (url: string, searchParams?: VendorRequest['searchParams']) => (note({ method: 'GET', url, searchParams }), ctx.http.get(url, searchParams)),
    post: (url: string, json?: unknown) => (note({ method: 'POST', url }), ctx.http.post(url, json)),
  } as ElementContext['http'];
  return { ctx: { ...ctx, http }, sent };
}

/** Prepares the simulator before a recording: content, injected 202s or failures. */
export type Setup = (simulator: RunningBoxSimulator) => void;

/**
 * Runs `fn` inside the named recording. With NOCK_BACK_MODE=record the Box simulator on a fixed
 * port stands in for api.box.com, upload.box.com and dl.boxcloud.com; the exchange is then stored
 * under each of those origins (told apart by path, as the simulator tells them apart). `simulator`
 * is there only while recording, to inject faults between calls; `hostMap` sends Box hosts to it.
 */
export async function withBox<T>(
  name: string,
  setup: Setup,
  fn: (open: () => ElementContext, simulator: RunningBoxSimulator | undefined, hostMap: HostMap) => Promise<T>,
  configuration = config,
): Promise<T> {
  const simulator = recordingMode() === 'record' ? await startSimulator(setup) : undefined;
  try {
    const hostMap = simulator
      ? HostMap.parse(['api.box.com', 'upload.box.com', 'dl.boxcloud.com'].map((host) => `${host}=${simulator.url}`).join(','))
      : HostMap.empty();
    const result = await withRecording({ directory, originAliases: { [simulator?.url ?? '']: 'https://api.box.com:443' }, secrets: [ACCESS_TOKEN] }, name, () =>
      // A context per operation, as the hub makes one per request.
      fn(() => contextFor(element, configuration, hostMap), simulator, hostMap),
    );
    if (simulator) storeUnderBoxHosts(name);
    return result;
  } finally {
    await simulator?.close();
  }
}

async function startSimulator(setup: Setup): Promise<RunningBoxSimulator> {
  const started = Date.now();
  const simulator = await startBoxSimulator({
    port: RECORDING_PORT,
    accessTokens: [ACCESS_TOKEN],
    clientId: config[OAUTH_KEYS.clientId],
    clientSecret: config[OAUTH_KEYS.clientSecret],
    refreshTokens: ['recording-refresh-token'],
    chunkedUploadMinBytes: RECORDED_CHUNKED_MIN_BYTES,
    partSize: RECORDED_PART_SIZE,
    // Dates in recordings start at a fixed instant; real time still passes.
    now: () => Date.UTC(2026, 2, 2, 9, 30, 0) + (Date.now() - started),
  });
  setup(simulator);
  return simulator;
}

/** Upload and download paths are served by their own Box hosts. */
function storeUnderBoxHosts(name: string): void {
  const file = path.join(directory, `${name}.json`);
  const definitions = JSON.parse(readFileSync(file, 'utf8')) as { scope: string; path: string; response: unknown; rawHeaders?: Record<string, string> }[];
  for (const d of definitions) {
    if (d.path.startsWith('/api/2.0/')) d.scope = 'https://upload.box.com:443';
    else if (d.path.startsWith('/d/1/')) d.scope = 'https://dl.boxcloud.com:443';
  }
  writeFileSync(file, `${JSON.stringify(definitions, null, 2)}\n`);
}

/** One exchange of a recording, as Box received and answered it. */
export interface RecordedExchange {
  scope: string;
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
  rawHeaders?: Record<string, string> | string[];
}

/**
 * The exchanges of a recording. In lockdown nock answers a request only if method, path, query
 * and body equal the recorded ones, so what a test reads here is what the element sent.
 */
export function recorded(name: string): RecordedExchange[] {
  return JSON.parse(readFileSync(path.join(directory, `${name}.json`), 'utf8')) as RecordedExchange[];
}

/** Method and path of each exchange, the way a reviewer reads a recording. */
export const calls = (name: string) => recorded(name).map((e) => `${e.method} ${new URL(e.scope).host}${e.path} ${e.status}`);

/** The rejection of a promise (or a failure when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}
