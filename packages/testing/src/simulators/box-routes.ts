/**
 * The Box simulator's API and upload routes, over its store and upload sessions.
 * https://developer.box.com/reference/
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { boxError, type BoxStore, type SimItem } from './box-store';
import { readUpload, type UploadSessions } from './box-uploads';
import type { QueryParams } from './simulator-server';

/** What a route sees of a request. */
export interface BoxCall {
  params: Record<string, string>;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers: JSON, JSON already serialized (`text`), or an empty body with headers (redirects, 202, 204). */
export interface BoxAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type BoxRoute = (call: BoxCall) => BoxAnswer;

/** What the routes need besides the store: download links and 202 injection. */
export interface BoxRouteContext {
  store: BoxStore;
  sessions: UploadSessions;
  /** A short-lived download URL for a file (on the download host). */
  downloadUrl(fileId: string): string;
  /** Retry-After seconds when the next `what` should answer 202, else undefined. */
  takeNotReady(what: 'download' | 'commit'): number | undefined;
}

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const fieldsOf = (query: QueryParams) => text(query.fields)?.split(',').map((f) => f.trim()).filter(Boolean);

function json(call: BoxCall): Record<string, unknown> {
  if (call.body.length === 0) return {};
  try {
    const parsed = JSON.parse(call.body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw boxError(400, 'bad_request', 'Could not parse JSON');
}

function parentIdOf(body: Record<string, unknown>): string | undefined {
  const parent = body.parent as { id?: unknown } | undefined;
  return parent && typeof parent.id === 'string' ? parent.id : undefined;
}

function int(value: string | string[] | undefined, fallback: number, max: number): number {
  const n = Number(text(value) ?? fallback);
  if (!Number.isInteger(n) || n < 0) throw boxError(400, 'bad_request', 'Invalid value for a numeric parameter');
  return Math.min(n, max);
}

function sharedLinkFor(item: SimItem, access: string): Record<string, unknown> {
  const token = randomBytes(16).toString('hex');
  const extension = item.type === 'file' && item.name.includes('.') ? item.name.slice(item.name.lastIndexOf('.')) : '';
  return {
    url: `https://app.box.com/s/${token}`,
    download_url: item.type === 'file' ? `https://app.box.com/shared/static/${token}${extension}` : null,
    vanity_url: null,
    vanity_name: null,
    effective_access: access,
    effective_permission: 'can_download',
    is_password_enabled: false,
    unshared_at: null,
    download_count: 0,
    preview_count: 0,
    access,
    permissions: { can_download: true, can_preview: true, can_edit: false },
  };
}

/** Marker paging: Box's markers are opaque; these carry the next offset. */
const encodeMarker = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
function decodeMarker(marker: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!match) throw boxError(400, 'bad_request', 'Invalid marker');
  return Number(match[1]);
}

/** The routes on `api.box.com/2.0`, `upload.box.com/api/2.0` share these handlers. */
export function boxRoutes(ctx: BoxRouteContext): Record<string, BoxRoute> {
  const { store, sessions } = ctx;
  const item = (type: 'file' | 'folder') => (call: BoxCall) => ({ status: 200, json: store.json(store.get(call.params.id, type), fieldsOf(call.query)) });

  const update = (type: 'file' | 'folder') => (call: BoxCall) => {
    const body = json(call);
    let target = store.get(call.params.id, type);
    if ('shared_link' in body) {
      const link = body.shared_link as { access?: string } | null;
      target.sharedLink = link === null ? undefined : sharedLinkFor(target, link.access ?? 'open');
    }
    if (typeof body.name === 'string' || parentIdOf(body)) {
      target = store.update(target.id, type, { name: typeof body.name === 'string' ? body.name : undefined, parentId: parentIdOf(body) });
    }
    return { status: 200, json: store.json(target, fieldsOf(call.query)) };
  };

  const copy = (type: 'file' | 'folder') => (call: BoxCall) => {
    const body = json(call);
    const parentId = parentIdOf(body);
    if (!parentId) throw boxError(400, 'bad_request', "'parent' is required");
    const copied = store.copy(call.params.id, type, parentId, typeof body.name === 'string' ? body.name : undefined);
    return { status: 201, json: store.json(copied, fieldsOf(call.query)) };
  };

  const remove = (type: 'file' | 'folder') => (call: BoxCall) => {
    store.delete(call.params.id, type, text(call.query.recursive) === 'true');
    return { status: 204 };
  };

  return {
    'GET /2.0/users/me': (call) => {
      const user = {
        type: 'user',
        id: store.user.id,
        name: store.user.name,
        login: store.user.login,
        created_at: '2024-01-02T10:00:00-08:00',
        modified_at: '2024-01-02T10:00:00-08:00',
        language: 'en',
        timezone: 'America/Los_Angeles',
        space_amount: store.user.spaceAmount,
        space_used: store.spaceUsed(),
        max_upload_size: 2147483648,
        status: 'active',
        job_title: '',
        phone: '',
        address: '',
        avatar_url: `https://app.box.com/api/avatar/large/${store.user.id}`,
        notification_email: null,
      };
      const fields = fieldsOf(call.query);
      return { status: 200, json: fields ? Object.fromEntries(Object.entries(user).filter(([k]) => ['type', 'id', ...fields].includes(k))) : user };
    },
    'GET /2.0/folders/:id': item('folder'),
    'GET /2.0/folders/:id/items': (call) => {
      const all = store.children(call.params.id);
      const fields = fieldsOf(call.query);
      const entryFields = fields ?? ['type', 'id', 'sequence_id', 'etag', 'name', 'sha1', 'file_version'];
      const limit = Math.max(1, int(call.query.limit, 100, 1000));
      if (text(call.query.usemarker) === 'true') {
        const marker = text(call.query.marker);
        const start = marker ? decodeMarker(marker) : 0;
        const entries = all.slice(start, start + limit).map((i) => store.json(i, entryFields));
        const next = start + limit < all.length ? encodeMarker(start + limit) : null;
        return { status: 200, json: { entries, limit, next_marker: next, prev_marker: start > 0 ? encodeMarker(Math.max(0, start - limit)) : null } };
      }
      const offset = int(call.query.offset, 0, Number.MAX_SAFE_INTEGER);
      if (offset > 9999) throw boxError(400, 'bad_request', 'offset beyond 9999 is not supported; use marker paging');
      const entries = all.slice(offset, offset + limit).map((i) => store.json(i, entryFields));
      const order = [{ by: 'type', direction: 'ASC' }, { by: 'name', direction: 'ASC' }];
      return { status: 200, json: { total_count: all.length, entries, offset, limit, order } };
    },
    'POST /2.0/folders': (call) => {
      const body = json(call);
      const parentId = parentIdOf(body);
      if (typeof body.name !== 'string' || !parentId) throw boxError(400, 'bad_request', "'name' and 'parent' are required");
      return { status: 201, json: store.json(store.createFolder(parentId, body.name), fieldsOf(call.query)) };
    },
    'PUT /2.0/folders/:id': update('folder'),
    'DELETE /2.0/folders/:id': remove('folder'),
    'POST /2.0/folders/:id/copy': copy('folder'),
    'GET /2.0/files/:id': item('file'),
    'PUT /2.0/files/:id': update('file'),
    'DELETE /2.0/files/:id': remove('file'),
    'POST /2.0/files/:id/copy': copy('file'),
    'GET /2.0/files/:id/content': (call): BoxAnswer => {
      store.file(call.params.id);
      const notReady = ctx.takeNotReady('download');
      if (notReady !== undefined) return { status: 202, headers: { 'retry-after': String(notReady) } };
      return { status: 302, headers: { location: ctx.downloadUrl(call.params.id) } };
    },
    'GET /2.0/search': (call) => {
      const query = text(call.query.query);
      if (!query) throw boxError(400, 'bad_request', "'query' is required");
      const ancestors = text(call.query.ancestor_folder_ids)?.split(',').filter(Boolean) ?? [];
      const found = store.search(query, ancestors);
      const limit = Math.max(1, int(call.query.limit, 30, 200));
      const offset = int(call.query.offset, 0, 10000);
      const entries = found.slice(offset, offset + limit).map((i) => store.json(i, fieldsOf(call.query)));
      return { status: 200, json: { total_count: found.length, limit, offset, type: 'search_results_items', entries } };
    },
    'POST /api/2.0/files/content': (call) => {
      const { attributes, content } = readUpload(call.body, text(call.headers['content-type']));
      const parentId = parentIdOf(attributes);
      if (typeof attributes.name !== 'string' || !parentId) throw boxError(400, 'bad_request', "attributes need 'name' and 'parent.id'");
      const file = store.createFile(parentId, attributes.name, content);
      return { status: 201, json: { total_count: 1, entries: [store.json(file, fieldsOf(call.query))] } };
    },
    'POST /api/2.0/files/:id/content': (call) => {
      const { attributes, content } = readUpload(call.body, text(call.headers['content-type']));
      const file = store.newVersion(call.params.id, content, typeof attributes.name === 'string' ? attributes.name : undefined);
      return { status: 200, json: { total_count: 1, entries: [store.json(file, fieldsOf(call.query))] } };
    },
    'POST /api/2.0/files/upload_sessions': (call) => {
      const body = json(call);
      if (typeof body.folder_id !== 'string') throw boxError(400, 'missing_destination', 'folder_id was not provided');
      return { status: 201, json: sessions.open({ folderId: body.folder_id }, body.file_name, body.file_size) };
    },
    'POST /api/2.0/files/:id/upload_sessions': (call) => {
      const body = json(call);
      return { status: 201, json: sessions.open({ fileId: store.file(call.params.id).id }, body.file_name, body.file_size) };
    },
    'PUT /api/2.0/files/upload_sessions/:sid': (call) => ({ status: 200, json: sessions.putPart(call.params.sid, call.headers, call.body) }),
    'POST /api/2.0/files/upload_sessions/:sid/commit': (call): BoxAnswer => {
      const notReady = ctx.takeNotReady('commit');
      if (notReady !== undefined) return { status: 202, headers: { 'retry-after': String(notReady) } };
      const file = sessions.commit(call.params.sid, call.headers, json(call));
      return { status: 201, json: { total_count: 1, entries: [store.json(file)] } };
    },
    'DELETE /api/2.0/files/upload_sessions/:sid': (call) => {
      sessions.abort(call.params.sid);
      return { status: 204 };
    },
  };
}
