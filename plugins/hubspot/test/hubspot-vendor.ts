import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HostMap, OAUTH_KEYS, type ElementContext, type HubModel, type ResourceDefinition } from '@junction/core';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import type { z } from 'zod';
import { startHubSpotSimulator, type HubSpotSeedData } from '@junction/testing';
import { hubspot } from '../src';

/** The running simulator a recording was made against. */
export type RunningHubSpotSimulator = Awaited<ReturnType<typeof startHubSpotSimulator>>;

/** Where recordings are written and what origin they carry. */
export const directory = path.join(__dirname, '__recordings__');
const API_ORIGIN = 'https://api.hubapi.com:443';
/** The simulator's port while recording; fixed so its origin can be stored as HubSpot's. */
export const RECORDING_PORT = 7331;
const ACCESS_TOKEN = 'recording-access-token';

/** Instance configuration as the hub would hand it over after the OAuth exchange. */
export const config: Record<string, string> = {
  [OAUTH_KEYS.clientId]: 'recording-client-id',
  [OAUTH_KEYS.clientSecret]: 'recording-client-secret',
  [OAUTH_KEYS.accessToken]: ACCESS_TOKEN,
};

export interface VendorSetup {
  /** Records the simulator starts with; used only when recording, since replays carry the answers. */
  seed?: HubSpotSeedData;
  rateLimit?: { secondly?: number; daily?: number };
  /** Prepares the simulator before the recording opens, e.g. spends a rate-limit allowance. */
  before?: (simulator: RunningHubSpotSimulator) => void;
}

/**
 * Runs `fn` with an element context inside the named recording. With NOCK_BACK_MODE=record a
 * HubSpot simulator on a fixed port stands in for api.hubapi.com, seeded from `setup`, and the
 * exchange is stored under HubSpot's origin.
 */
export async function withHubSpot<T>(name: string, setup: VendorSetup, fn: (ctx: ElementContext) => Promise<T>): Promise<T> {
  const simulator = recordingMode() === 'record' ? await startRecordingSimulator(setup) : undefined;
  try {
    const hostMap = simulator ? HostMap.parse(`api.hubapi.com=${simulator.url}`) : HostMap.empty();
    return await withRecording({ directory, originAliases: { [simulator?.url ?? '']: API_ORIGIN }, secrets: [ACCESS_TOKEN] }, name, () =>
      fn(contextFor(hubspot, config, hostMap)),
    );
  } finally {
    await simulator?.close();
  }
}

/** The stand-in for api.hubapi.com while recording, on the fixed port recordings are mapped from. */
export async function startRecordingSimulator(setup: VendorSetup = {}): Promise<RunningHubSpotSimulator> {
  // Dates in recordings start at a fixed instant; real time still passes so rate-limit windows behave.
  const started = Date.now();
  const simulator = await startHubSpotSimulator({
    port: RECORDING_PORT,
    accessTokens: [ACCESS_TOKEN],
    rateLimit: setup.rateLimit,
    now: () => Date.UTC(2024, 4, 6, 9, 0, 0) + (Date.now() - started),
  });
  try {
    if (setup.seed) simulator.seed(setup.seed);
    setup.before?.(simulator);
    return simulator;
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

/** One exchange of a recording, as HubSpot received and answered it. */
export interface RecordedExchange {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

/**
 * The exchanges of a recording. In lockdown nock answers a request only if method, path, query
 * and body equal the recorded ones, so what a test reads here is what the element sent.
 */
export function recorded(name: string): RecordedExchange[] {
  const definitions = JSON.parse(readFileSync(path.join(directory, `${name}.json`), 'utf8')) as RecordedExchange[];
  return definitions.map(({ method, path: p, body, status }) => ({ method, path: p, body: body === '' ? undefined : body, status }));
}

/** A hub call the way the hub makes it: validate the hub body, map it, call, map the answer back. */
export const hubCall = {
  create: async <V extends object, M extends HubModel>(resource: ResourceDefinition<V, M>, ctx: ElementContext, body: Record<string, unknown>): Promise<z.infer<M>> =>
    resource.model.parse(resource.toHub(await resource.create!(ctx, resource.toVendor(resource.input.parse(body), 'create')))),
  update: async <V extends object, M extends HubModel>(resource: ResourceDefinition<V, M>, ctx: ElementContext, id: string, body: Record<string, unknown>): Promise<z.infer<M>> =>
    resource.model.parse(resource.toHub(await resource.update!(ctx, id, resource.toVendor(resource.input.parse(body), 'update'), 'patch'))),
  get: async <V extends object, M extends HubModel>(resource: ResourceDefinition<V, M>, ctx: ElementContext, id: string): Promise<z.infer<M>> =>
    resource.model.parse(resource.toHub(await resource.get!(ctx, id))),
};

/** The rejection of a promise (or a failure when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}
