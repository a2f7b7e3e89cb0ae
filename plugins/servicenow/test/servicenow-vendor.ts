import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import path from 'node:path';
import {
  HostMap,
  matchesCeql,
  OAUTH_KEYS,
  operatorOf,
  parseCeql,
  pushdownTest,
  splitForPushdown,
  VendorError,
  type AnyResource,
  type ElementContext,
  type ElementDefinition,
  type ListPage,
} from '@junction/core';
import { contextFor, recordingMode, withRecording } from '@junction/testing/recordings';
import { startServiceNowSimulator, type ServiceNowSimulatorOptions } from '@junction/testing';

/** The instance every recording talks to. */
export const INSTANCE = 'https://acme.service-now.com';
const USER = 'svc.junction';
const PASSWORD = 'recording-password';
const ACCESS_TOKEN = 'recording-access-token';
/** Where the simulator listens while recording; fixed so its origin can be mapped to the instance's. */
const RECORDING_PORT = 7311;

/** Instance configuration of each element, as the hub would hand it over. */
export const configurations: Record<string, Record<string, string>> = {
  servicenow: { username: USER, password: PASSWORD, 'servicenow.subdomain': 'acme' },
  servicenowoauth: {
    [OAUTH_KEYS.clientId]: 'junction',
    [OAUTH_KEYS.clientSecret]: 'recording-client-secret',
    [OAUTH_KEYS.accessToken]: ACCESS_TOKEN,
    'servicenow.subdomain': 'acme',
  },
};

/** The Authorization header each element must send. */
export const expectedAuthorization: Record<string, string> = {
  servicenow: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
  servicenowoauth: `Bearer ${ACCESS_TOKEN}`,
};

/** A request as it left the vendor client. */
export interface SentRequest {
  method: string;
  /** Path and query string, decoded query parameters in `query`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The body's framing and type, as sent: `content-type`, `content-length`, `transfer-encoding`. */
  headers: Record<string, string | undefined>;
}

/** What a seed function may do to the simulator: add records as a client POST would, or fail the next calls. */
export interface SeedTarget {
  insert(table: 'incident' | 'sys_user' | 'core_company' | 'sys_journal_field', fields: Record<string, unknown>, user?: string): Record<string, string>;
  failNext(status: number, options?: { body?: unknown; headers?: Record<string, string>; count?: number }): void;
}

export interface VendorSetup {
  /** Seeds the simulator; runs only when recording, since replays carry the answers. */
  seed?: (simulator: SeedTarget) => void;
  /** Extra simulator options for this recording (e.g. a rate limit). */
  rateLimit?: { limit: number };
  /** Configuration overrides (e.g. a wrong password). */
  config?: Record<string, string>;
  /** How the instance audits deletions and who may read its Deleted Records. */
  audit?: Pick<ServiceNowSimulatorOptions, 'auditDeletedTables' | 'auditReaders'>;
}

/**
 * Runs `fn` against the named recording with an element context for `element`, and hands it the
 * requests the client sent. In record mode (NOCK_BACK_MODE=record) a simulator on a fixed port
 * stands in for the instance, seeded by `setup.seed`, and the recording is written with the
 * instance's origin.
 */
export async function withServiceNow<T>(
  element: ElementDefinition,
  name: string,
  setup: VendorSetup,
  fn: (ctx: ElementContext, sent: SentRequest[]) => Promise<T>,
): Promise<T> {
  const sent: SentRequest[] = [];
  const recording = recordingMode() === 'record';
  const listener = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    // The channel sees every request of the process; keep those meant for the instance.
    if (request.host !== (recording ? '127.0.0.1' : 'acme.service-now.com')) return;
    const mark = request.path.indexOf('?');
    sent.push({
      method: request.method,
      path: request.path,
      query: Object.fromEntries(new URLSearchParams(mark < 0 ? '' : request.path.slice(mark + 1))),
      authorization: request.getHeader('authorization') as string | undefined,
      headers: Object.fromEntries(['content-type', 'content-length', 'transfer-encoding'].map((name) => [name, request.getHeader(name)?.toString()])),
    });
  };
  const config = { ...configurations[element.key], ...setup.config };
  const origin = `http://127.0.0.1:${RECORDING_PORT}`;
  // Only a recording starts the simulator; replays never touch it.
  const simulator = recording ? await startSimulator(setup) : undefined;
  diagnostics.subscribe('http.client.request.start', listener);
  try {
    const hostMap = simulator ? HostMap.parse(`acme.service-now.com=${origin}`) : HostMap.empty();
    return await withRecording(
      { directory: path.join(__dirname, '__recordings__'), originAliases: { [origin]: INSTANCE }, secrets: [PASSWORD, ACCESS_TOKEN] },
      `${element.key}-${name}`,
      () => fn(contextFor(element, config, hostMap), sent),
    );
  } finally {
    diagnostics.unsubscribe('http.client.request.start', listener);
    await simulator?.close();
  }
}

async function startSimulator(setup: VendorSetup) {
  // A clock that ticks one second per reading keeps recorded timestamps identical from run to run.
  let clock = Date.UTC(2024, 4, 6, 9, 0, 0);
  const simulator = await startServiceNowSimulator({
    port: RECORDING_PORT,
    instanceOrigin: INSTANCE,
    users: { [USER]: PASSWORD },
    bearerTokens: [ACCESS_TOKEN],
    oauthUser: USER,
    rateLimit: setup.rateLimit,
    ...setup.audit,
    now: () => (clock += 1000),
  });
  setup.seed?.(simulator.state);
  return simulator;
}

/** The resource of an element by hub name, as the hub holds it. */
export function resourceOf(element: ElementDefinition, name: string): AnyResource {
  const resource = element.resources.find((r) => r.name === name);
  if (!resource) throw new Error(`${element.key} has no resource '${name}'`);
  return resource;
}

/**
 * A list call made the way the hub makes it: the pushable part of `where` goes to the element, the
 * whole of it is checked again on the hub records, each validated against the resource's model.
 */
export async function hubList(
  resource: AnyResource,
  ctx: ElementContext,
  where: string | undefined,
  page: { pageSize: number; cursor?: string },
): Promise<ListPage<object> & { shown: Record<string, unknown>[] }> {
  const query = where === undefined ? undefined : parseCeql(where);
  const canPush = pushdownTest(resource, false);
  const pushed = query && splitForPushdown(query, (p) => canPush(p.field, operatorOf(p))).pushed;
  const result = await resource.list!(ctx, { ...page, where: pushed });
  const shown = result.records.map((r) => resource.model.parse(resource.toHub(r)) as Record<string, unknown>).filter((r) => !query || matchesCeql(query, r));
  return { ...result, shown };
}

/** A hub-shaped body validated and mapped as the hub does before `create` or `update`. */
export function vendorBody(resource: AnyResource, body: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
  return resource.toVendor(resource.input.parse(body), mode);
}

/** A vendor record mapped to the hub model and validated by it. */
export function hubRecord(resource: AnyResource, record: object): Record<string, unknown> {
  return resource.model.parse(resource.toHub(record)) as Record<string, unknown>;
}

/** The vendor error a call fails with; fails the test when it succeeds or fails otherwise. */
export async function failureOf(call: Promise<unknown>): Promise<VendorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}
