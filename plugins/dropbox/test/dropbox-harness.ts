import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HostMap, type ElementContext, type VendorRequest } from '@junction/core';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import { startDropboxSimulator, type RunningDropboxSimulator } from '@junction/testing';
import { dropbox } from '../src';

/**
 * Contract tests replay `__recordings__/<name>.json`. With NOCK_BACK_MODE=record they run
 * against the Dropbox simulator on port 7201 (api.dropboxapi.com as 127.0.0.1, content as
 * localhost, so the two hosts stay apart in the recording) and the recording is stored under the
 * real Dropbox origins, with the `Content-Type` and `Dropbox-API-Arg` each request carried, so a
 * replay also checks the headers.
 */
const PORT = 7201;
const TOKEN = 'sl.recorded-access-token';
const directory = path.join(__dirname, '__recordings__');
const recording = recordingMode() === 'record';

/** The headers a Dropbox request is judged by; credentials never go into a recording. */
const MATCHED_HEADERS = ['content-type', 'dropbox-api-arg'];

/** A vendor call as the element made it, for assertions on what Dropbox was asked. */
export interface SentRequest {
  method: string;
  url: string;
  json?: unknown;
  headers: Record<string, string | undefined>;
}

export interface DropboxRecording {
  ctx: ElementContext;
  /** Every call the element made, in order. */
  sent: SentRequest[];
  /** Runs only while recording: puts files in the simulator that the replay then finds. */
  seed(fn: (simulator: RunningDropboxSimulator) => void): void;
}

/** Runs `fn` inside the named recording with a context whose vendor calls are captured. */
export async function withDropbox<T>(name: string, fn: (recording: DropboxRecording) => Promise<T>): Promise<T> {
  const file = path.join(directory, `${name}.json`);
  // nock.back would replay an existing recording in record mode; start from the simulator instead.
  if (recording) rmSync(file, { force: true });
  const simulator = recording ? await startDropboxSimulator({ port: PORT, accessTokens: [TOKEN] }) : undefined;
  const hostMap = simulator ? HostMap.parse(`api.dropboxapi.com=http://127.0.0.1:${PORT},content.dropboxapi.com=http://localhost:${PORT}`) : undefined;
  const base = contextFor(dropbox, { 'oauth.user.token': TOKEN }, hostMap);
  const sent: SentRequest[] = [];
  const note = (request: VendorRequest) => sent.push({ method: request.method, url: request.url, json: request.json, headers: { ...request.headers } });
  const ctx: ElementContext = {
    ...base,
    http: {
      ...base.http,
      request: (request) => (note(request), base.http.request(request)),
      stream: (request) => (note(request), base.http.stream(request)),
    },
  };
  try {
    return await withRecording(
      {
        directory,
        originAliases: { [`http://127.0.0.1:${PORT}`]: 'https://api.dropboxapi.com:443', [`http://localhost:${PORT}`]: 'https://content.dropboxapi.com:443' },
        secrets: [TOKEN],
      },
      name,
      () => fn({ ctx, sent, seed: (seedFn) => simulator && seedFn(simulator) }),
    );
  } finally {
    if (simulator) {
      try {
        finishRecording(file, simulator);
      } finally {
        await simulator.close();
      }
    }
  }
}

/**
 * Adds each recorded request's `Content-Type` and `Dropbox-API-Arg`, as the simulator received
 * them. Also keeps the bytes of JSON `null` answers (void routes such as `append_v2`), which nock
 * would otherwise replay as an empty body under the recorded `Content-Length: 4`.
 */
function finishRecording(file: string, simulator: RunningDropboxSimulator): void {
  type Definition = { path: string; response?: unknown; responseIsBinary?: boolean; reqheaders?: Record<string, string> };
  const definitions = JSON.parse(readFileSync(file, 'utf8')) as Definition[];
  const received = simulator.state.requests.filter((r) => !r.aborted);
  if (received.length !== definitions.length) throw new Error(`recorded ${definitions.length} exchanges but the simulator saw ${received.length}`);
  definitions.forEach((definition, i) => {
    const request = received[i];
    if (request.path !== definition.path.split('?')[0]) throw new Error(`exchange ${i}: recorded ${definition.path}, simulator saw ${request.path}`);
    const headers = Object.fromEntries(MATCHED_HEADERS.flatMap((h) => (typeof request.headers[h] === 'string' ? [[h, request.headers[h] as string]] : [])));
    if (Object.keys(headers).length) definition.reqheaders = headers;
    if (definition.response === null) Object.assign(definition, { response: Buffer.from('null').toString('hex'), responseIsBinary: true });
  });
  writeFileSync(file, `${JSON.stringify(definitions, null, 2)}\n`);
}

/** Reads a stream to the end, for download assertions. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
