import { BadRequestError, ConflictError, NotFoundError, type DocumentRef, type ElementContext } from '@junction/core';
import { boxErrorCode, boxProviderMessage, conflictingItem, ENTRY_FIELDS, ROOT_FOLDER_ID, type BoxItem, type BoxItems } from './box-api';

/** Items per listing call while walking a path: Box's maximum, so a folder costs as few calls as it can. */
const WALK_PAGE_SIZE = 1000;

const root: BoxItem = { type: 'folder', id: ROOT_FOLDER_ID, name: 'All Files' };

/**
 * Paths already walked in this hub request. The context lives for one request, so nothing here can
 * go stale across requests; within one, writes update it.
 */
const walked = new WeakMap<ElementContext, Map<string, BoxItem>>();

function cacheOf(ctx: ElementContext): Map<string, BoxItem> {
  let cache = walked.get(ctx);
  if (!cache) walked.set(ctx, (cache = new Map([['/', root]])));
  return cache;
}

/** Box compares names without regard to case, so cache keys do too. */
const keyOf = (path: string) => path.toLowerCase();

/** The names along an absolute path: `/a/b.txt` → `['a', 'b.txt']`, `/` → `[]`. */
export function segmentsOf(path: string): string[] {
  if (!path.startsWith('/')) throw new BadRequestError(`'${path}' is not an absolute path`);
  return path.split('/').filter(Boolean);
}

/** The parent folder's path and the last name of an absolute path. */
export function splitParent(path: string): { parent: string; name: string } {
  const names = segmentsOf(path);
  const name = names.pop();
  if (!name) throw new BadRequestError('The root folder cannot be the target of this operation');
  return { parent: `/${names.join('/')}`, name };
}

/**
 * Finds `name` among a folder's items, walking its pages with markers. Box keeps names unique without
 * regard to case, so an exact match wins and a case-insensitive one is the fallback.
 */
async function childNamed(ctx: ElementContext, folderId: string, name: string, seen?: (item: BoxItem) => void): Promise<BoxItem | undefined> {
  let marker: string | undefined;
  let loose: BoxItem | undefined;
  do {
    // https://developer.box.com/reference/get-folders-id-items/ (marker paging: usemarker=true)
    const page = await ctx.http.get<BoxItems>(`folders/${encodeURIComponent(folderId)}/items`, {
      fields: ENTRY_FIELDS,
      usemarker: true,
      limit: WALK_PAGE_SIZE,
      marker,
    });
    if (seen) page.entries.forEach(seen);
    const exact = page.entries.find((e) => e.name === name);
    if (exact) return exact;
    loose ??= page.entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
    marker = page.next_marker || undefined;
  } while (marker);
  return loose;
}

/**
 * The item at an absolute path, or undefined. Every item a listing shows is remembered, so a
 * request that touches several paths lists each folder at most once (until a write changes it).
 */
export async function resolvePath(ctx: ElementContext, path: string): Promise<BoxItem | undefined> {
  const cache = cacheOf(ctx);
  let current = root;
  let walkedPath = '';
  for (const name of segmentsOf(path)) {
    const parentPath = walkedPath;
    walkedPath += `/${name}`;
    const known = cache.get(keyOf(walkedPath));
    if (known) {
      current = known;
      continue;
    }
    if (current.type !== 'folder') return undefined;
    const child = await childNamed(ctx, current.id, name, (item) => {
      const key = keyOf(`${parentPath}/${item.name}`);
      if (!cache.has(key)) cache.set(key, item);
    });
    if (!child) return undefined;
    cache.set(keyOf(walkedPath), child);
    current = child;
  }
  return current;
}

/** Remembers an item at its path after this request wrote it. */
export function remember(ctx: ElementContext, path: string, item: BoxItem): void {
  cacheOf(ctx).set(keyOf(path), item);
}

/** Forgets a path and everything under it (moved or deleted). */
export function forget(ctx: ElementContext, path: string): void {
  const cache = cacheOf(ctx);
  const key = keyOf(path);
  for (const cached of [...cache.keys()]) if (cached === key || cached.startsWith(`${key}/`)) cache.delete(cached);
}

const kindName = (kind: 'file' | 'folder') => (kind === 'file' ? 'file' : 'folder');

/**
 * The full item a reference names, checked to be of `kind`. A path costs the walk; an id one
 * `GET /files/{id}` or `GET /folders/{id}`.
 */
export async function itemAt(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<BoxItem> {
  if ('id' in ref) {
    // https://developer.box.com/reference/get-files-id/ and https://developer.box.com/reference/get-folders-id/
    return ctx.http.get<BoxItem>(`${kind}s/${encodeURIComponent(ref.id)}`, { fields: ENTRY_FIELDS });
  }
  const item = await resolvePath(ctx, ref.path);
  if (!item || item.type !== kind) throw new NotFoundError(`${kindName(kind)} at '${ref.path}'`);
  if (item.path_collection) return item;
  // The root, and folders met in a conflict answer, come without their full fields.
  return ctx.http.get<BoxItem>(`${kind}s/${encodeURIComponent(item.id)}`, { fields: ENTRY_FIELDS });
}

/** Box's id for a reference: an id as given, a path walked. */
export async function idOf(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<string> {
  if ('id' in ref) return ref.id;
  const item = await resolvePath(ctx, ref.path);
  if (!item || item.type !== kind) throw new NotFoundError(`${kindName(kind)} at '${ref.path}'`);
  return item.id;
}

/**
 * The id of the folder at `path`, creating missing folders on the way, so writes to a new path work
 * on Box as they do on path-based vendors. A folder made concurrently by someone else is used as is.
 */
export async function ensureFolder(ctx: ElementContext, path: string): Promise<string> {
  let parent = root;
  let walkedPath = '';
  for (const name of segmentsOf(path)) {
    walkedPath += `/${name}`;
    const existing = await resolvePath(ctx, walkedPath);
    if (existing && existing.type !== 'folder') throw new BadRequestError(`'${walkedPath}' is a file, not a folder`);
    parent = existing ?? (await createFolderIn(ctx, parent.id, name));
    remember(ctx, walkedPath, parent);
  }
  return parent.id;
}

/** `POST /folders`; a 409 `item_name_in_use` for a folder means it is already there. */
async function createFolderIn(ctx: ElementContext, parentId: string, name: string): Promise<BoxItem> {
  // https://developer.box.com/reference/post-folders/
  const response = await ctx.http.request<BoxItem>({
    method: 'POST',
    url: 'folders',
    searchParams: { fields: ENTRY_FIELDS },
    json: { name, parent: { id: parentId } },
    allowStatuses: [409],
  });
  if (response.status !== 409) return response.body;
  const conflict = conflictingItem(response.body);
  if (boxErrorCode(response.body) === 'item_name_in_use' && conflict?.type === 'folder') return conflict;
  throw new ConflictError(`'${name}' already exists in Box and is not a folder`, boxProviderMessage({ status: 409, headers: response.headers, body: response.body }));
}
