/**
 * The shape of a Dropbox simulator route: where it lives (host, style, scope, as set in the
 * Stone spec's route attributes), the fields its argument struct declares, and what it does.
 * https://www.dropbox.com/developers/documentation/http/documentation#formats
 */
import type { DropboxTree } from './dropbox-tree';

/** What a route receives: its parsed argument (`null` for `Void`) and the request bytes. */
export interface RouteInput {
  arg: Record<string, unknown> | null;
  body: Buffer;
}

/** What a route answers: a JSON body (rpc, upload), or bytes with a `Dropbox-API-Result` (download). */
export interface RouteOutput {
  json?: unknown;
  bytes?: Buffer;
  result?: unknown;
}

/** One route of the API. */
export interface DropboxRoute {
  host: 'api' | 'content';
  style: 'rpc' | 'upload' | 'download';
  /** The OAuth scope a token needs for it. */
  scope: string;
  /** Fields of the argument struct, `true` when required; `null` for routes taking `Void`. */
  fields: Record<string, boolean> | null;
  handle(input: RouteInput): RouteOutput;
}

/** An upload session: the bytes so far and whether it was closed. */
export interface UploadSession {
  chunks: Buffer[];
  length: number;
  closed: boolean;
}

/** Everything one simulated account holds. */
export interface DropboxAccount {
  tree: DropboxTree;
  sessions: Map<string, UploadSession>;
  /** Shared links by the id of the file or folder they point to. */
  links: Map<string, { url: string; expires?: string }>;
  accountId: string;
  /** The legacy numeric user id (OAuth `uid`, webhook `delta.users`). */
  uid: number;
  email: string;
  allocatedBytes: number;
  /** Largest body of one upload-style request (Dropbox: 150 MiB). */
  maxRequestBytes: number;
}

/** Bad input, answered as Dropbox does: HTTP 400 with a plain-text explanation. */
export class BadInputError extends Error {}

/** A string field of an argument, or a bad-input error naming it. */
export function stringField(arg: Record<string, unknown> | null, field: string): string {
  const value = arg?.[field];
  if (typeof value !== 'string') throw new BadInputError(`request body: ${field}: expected string, got ${value === undefined ? 'nothing' : typeof value}`);
  return value;
}

/** An optional field of the given JSON type, or a bad-input error naming it. */
export function optionalField<T>(arg: Record<string, unknown> | null, field: string, type: 'boolean' | 'number' | 'string' | 'object'): T | undefined {
  const value = arg?.[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new BadInputError(`request body: ${field}: expected ${type}, got ${typeof value}`);
  return value as T;
}

/** A union member sent as `"tag"` or `{".tag": "tag", …}`. */
export function unionTag(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const tag = (value as { '.tag'?: unknown })['.tag'];
    return typeof tag === 'string' ? tag : undefined;
  }
  return undefined;
}
