import path from 'node:path';
import { HostMap, OAUTH_KEYS, type ElementContext, type HubModel, type ResourceDefinition, type VendorHttp, type VendorRequest } from '@junction/core';
import type { z } from 'zod';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import { startSalesforceSimulator, type RunningSalesforceSimulator, type SalesforceSimulatorOptions, type SalesforceSimulatorState } from '@junction/testing';
import { sfdc } from '../src';

/** The org the recordings were made against, as its token response named it. */
export const INSTANCE = 'https://acme-dev-ed.develop.my.salesforce.com';
/** How nock names the instance's origin in recordings. */
export const INSTANCE_ORIGIN = `${INSTANCE}:443`;

/** Record mode only: the simulator listens here so recordings can be mapped back to {@link INSTANCE}. */
export const RECORD_PORT = 7443;
export const RECORDINGS = path.join(__dirname, '__recordings__');

export interface Recorded {
  ctx: ElementContext;
  /** Every request the element sent, in order, as it sent it (headers included). */
  sent: VendorRequest[];
}

export interface RecordingSetup {
  /** Simulator options for record mode (e.g. a small `maxBatchSize`). */
  simulator?: SalesforceSimulatorOptions;
  /** Record mode only: data the vendor holds before the test runs. */
  seed?: (state: SalesforceSimulatorState) => void;
}

/** Wraps a vendor client so a test can see each request exactly as the element made it. */
function logged(http: VendorHttp, sent: VendorRequest[]): VendorHttp {
  const request = <T>(r: VendorRequest) => {
    sent.push(r);
    return http.request<T>(r);
  };
  return {
    request,
    stream: (r) => {
      sent.push(r);
      return http.stream(r);
    },
    get: async <T>(url: string, searchParams?: VendorRequest['searchParams']) => (await request<T>({ method: 'GET', url, searchParams })).body,
    post: async <T>(url: string, json?: unknown) => (await request<T>({ method: 'POST', url, json })).body,
    put: async <T>(url: string, json?: unknown) => (await request<T>({ method: 'PUT', url, json })).body,
    patch: async <T>(url: string, json?: unknown) => (await request<T>({ method: 'PATCH', url, json })).body,
    delete: async <T>(url: string) => (await request<T>({ method: 'DELETE', url })).body,
  };
}

/**
 * Runs `fn` against the recording `name`. Replays in lockdown; with NOCK_BACK_MODE=record the
 * Salesforce simulator stands in for {@link INSTANCE} (seeded first) and the exchange is stored
 * under the instance's origin.
 */
export async function recorded<T>(name: string, fn: (recorded: Recorded) => Promise<T>, setup: RecordingSetup = {}): Promise<T> {
  const simulator = recordingMode() === 'record' ? await startSimulator(setup.simulator) : undefined;
  try {
    if (simulator) setup.seed?.(simulator.state);
    const token = simulator?.accessToken ?? 'recorded-access-token';
    const hostMap = simulator ? HostMap.parse(`${new URL(INSTANCE).host}=${simulator.url}`) : HostMap.empty();
    const base = contextFor(sfdc, { instance_url: INSTANCE, [OAUTH_KEYS.accessToken]: token }, hostMap);
    const sent: VendorRequest[] = [];
    const ctx: ElementContext = { ...base, http: logged(base.http, sent) };
    const options = { directory: RECORDINGS, originAliases: simulator ? { [simulator.url]: INSTANCE_ORIGIN } : {}, secrets: [token] };
    return await withRecording(options, name, () => fn({ ctx, sent }));
  } finally {
    await simulator?.close();
  }
}

/** Record mode: the simulator on a fixed port, with a clock that ticks a second per read so timestamps re-record alike. */
export async function startSimulator(options: SalesforceSimulatorOptions = {}): Promise<RunningSalesforceSimulator> {
  let clock = Date.parse('2026-03-02T09:30:00Z');
  return startSalesforceSimulator({ port: RECORD_PORT, now: () => (clock += 1000), ...options });
}

/** What the hub answers for a vendor record of `resource`, checked against the hub model. */
export function hubRecord<V extends object, M extends HubModel>(resource: ResourceDefinition<V, M>, vendor: V): z.infer<M> {
  return resource.model.parse(resource.toHub(vendor));
}

/** The vendor body the hub sends for a hub create/update body, validated as the hub validates it. */
export function vendorBody(resource: Pick<ResourceDefinition, 'input' | 'toVendor'>, body: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
  return resource.toVendor(resource.input.parse(body), mode);
}

/** The request log without headers and search parameters left undefined, for exact comparison. */
export function requestsOf(sent: VendorRequest[]): Partial<VendorRequest>[] {
  return sent.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}
