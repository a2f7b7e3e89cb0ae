import path from 'node:path';
import { HostMap } from '@junction/core';
import { eventsSettingsFromEnv, type EventsSettings } from '@junction/events';
import type { EmbeddedTuning } from '@junction/store';

/** Everything the hub reads from the environment, parsed once at boot. */
export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** `JUNCTION_EMBEDDED_DB`: how the embedded database trades memory for speed (see `EmbeddedTuning`). */
  embeddedTuning: EmbeddedTuning;
  secretKey?: string;
  signupEnabled: boolean;
  hostMap: HostMap;
  logLevel: string;
  /** Largest JSON body accepted, in bytes. */
  maxBodyBytes: number;
  vendorTimeoutMs: number;
  /** Largest file upload accepted through the documents hub, in bytes. */
  maxUploadBytes: number;
  publicUrl?: string;
  /** Poll floor (`JUNCTION_POLL_FLOOR_SECONDS`), delivery retry schedule and timeouts. */
  events: EventsSettings;
}

/** Reads the runtime contract's variables; a bad value fails boot naming the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(env.JUNCTION_DATA_DIR ?? '.junction'),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedTuning: embeddedTuning(env.JUNCTION_EMBEDDED_DB),
    secretKey: env.JUNCTION_SECRET_KEY || undefined,
    signupEnabled: (env.JUNCTION_SIGNUP ?? 'on') !== 'off',
    hostMap: HostMap.parse(env.JUNCTION_VENDOR_HOSTS),
    logLevel: env.JUNCTION_LOG_LEVEL ?? 'info',
    maxBodyBytes: positiveInt(env.JUNCTION_MAX_BODY_BYTES, 'JUNCTION_MAX_BODY_BYTES', 1024 * 1024),
    vendorTimeoutMs: positiveInt(env.JUNCTION_VENDOR_TIMEOUT_MS, 'JUNCTION_VENDOR_TIMEOUT_MS', 30_000),
    maxUploadBytes: positiveInt(env.JUNCTION_MAX_UPLOAD_BYTES, 'JUNCTION_MAX_UPLOAD_BYTES', 2 * 1024 ** 3),
    publicUrl: env.JUNCTION_PUBLIC_URL || undefined,
    events: eventsSettingsFromEnv(env),
  };
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return n;
}

function embeddedTuning(value: string | undefined): EmbeddedTuning {
  if (value === undefined || value === '' || value === 'lean') return 'lean';
  if (value === 'fast') return 'fast';
  throw new Error(`JUNCTION_EMBEDDED_DB must be lean or fast, got '${value}'`);
}
