import type { DocumentEntry, VendorFailure } from '@junction/core';

/** Where uploads go: Box serves content writes from its own host. https://developer.box.com/guides/uploads/ */
export const UPLOAD_BASE = 'https://upload.box.com/api/2.0';

/** The id Box gives every user's root folder ("All Files"). https://developer.box.com/guides/folders/ */
export const ROOT_FOLDER_ID = '0';

/**
 * The fields asked for on every item call: enough for a hub entry, with `path_collection` so paths
 * need no extra calls. https://developer.box.com/guides/api-calls/request-extra-fields/
 */
export const ENTRY_FIELDS = 'type,id,name,size,created_at,modified_at,parent,path_collection';

/** A file or folder as Box answers it with {@link ENTRY_FIELDS}. https://developer.box.com/reference/resources/file/ */
export interface BoxItem {
  type: 'file' | 'folder' | 'web_link';
  id: string;
  name: string;
  size?: number;
  created_at?: string | null;
  modified_at?: string | null;
  parent?: { id: string } | null;
  path_collection?: { total_count: number; entries: { id: string; name: string }[] };
}

/** A list of items: a folder's items (offset or marker paging) or search results. */
export interface BoxItems {
  entries: BoxItem[];
  total_count?: number;
  offset?: number;
  limit?: number;
  next_marker?: string | null;
}

/** Box's error body. https://developer.box.com/reference/resources/client-error/ */
interface BoxClientError {
  type: 'error';
  status: number;
  code: string;
  message?: string;
  context_info?: { conflicts?: BoxItem | BoxItem[]; [key: string]: unknown } | null;
}

/** The absolute hub path of an item; Box's root ("All Files") is `/`. */
export function pathOf(item: BoxItem): string {
  if (item.type === 'folder' && item.id === ROOT_FOLDER_ID) return '/';
  const ancestors = (item.path_collection?.entries ?? []).filter((e) => e.id !== ROOT_FOLDER_ID).map((e) => e.name);
  return `/${[...ancestors, item.name].join('/')}`;
}

/** A Box item as the documents hub shows it; `id` is Box's id, which the hub routes by. */
export function toEntry(item: BoxItem): DocumentEntry {
  return {
    id: item.id,
    name: item.name,
    path: pathOf(item),
    directory: item.type === 'folder',
    size: item.size,
    parentFolderId: item.parent?.id,
    createdDate: item.created_at ?? undefined,
    modifiedDate: item.modified_at ?? undefined,
  };
}

function isClientError(body: unknown): body is BoxClientError {
  return !!body && typeof body === 'object' && (body as { type?: unknown }).type === 'error' && typeof (body as { code?: unknown }).code === 'string';
}

/** The Box error code of a failure body, e.g. `item_name_in_use`. */
export function boxErrorCode(body: unknown): string | undefined {
  return isClientError(body) ? body.code : undefined;
}

/**
 * The item a 409 `item_name_in_use` collided with. Box sends `context_info.conflicts` as one object
 * on uploads and as a list elsewhere. https://developer.box.com/reference/resources/conflict-error/
 */
export function conflictingItem(body: unknown): BoxItem | undefined {
  if (!isClientError(body)) return undefined;
  const conflicts = body.context_info?.conflicts;
  return Array.isArray(conflicts) ? conflicts[0] : (conflicts ?? undefined);
}

/**
 * The vendor's words: `code: message` from Box's error body, `error: error_description` from its
 * OAuth errors, or the `WWW-Authenticate` challenge of a bodiless 401.
 * https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/
 */
export function boxProviderMessage(failure: VendorFailure): string | undefined {
  const body = failure.body;
  if (isClientError(body)) return body.message ? `${body.code}: ${body.message}` : body.code;
  if (body && typeof body === 'object') {
    const oauth = body as { error?: unknown; error_description?: unknown };
    if (typeof oauth.error === 'string') return [oauth.error, oauth.error_description].filter((v) => typeof v === 'string').join(': ');
  }
  if (typeof body === 'string' && body.trim()) return body.slice(0, 500);
  const challenge = failure.headers['www-authenticate'];
  return Array.isArray(challenge) ? challenge[0] : challenge;
}

/** Seconds from a `Retry-After` header as milliseconds, within `[0, maxMs]`; `fallbackMs` when absent. */
export function retryAfter(headers: Record<string, string | string[] | undefined>, fallbackMs: number, maxMs: number): number {
  const raw = headers['retry-after'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
  return Math.min(ms, maxMs);
}
