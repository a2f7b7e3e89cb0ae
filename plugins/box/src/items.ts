import { ConflictError, type DocumentEntry, type DocumentLink, type DocumentRef, type ElementContext } from '@junction/core';
import { boxErrorCode, boxProviderMessage, conflictingItem, ENTRY_FIELDS, toEntry, type BoxItem } from './box-api';
import { ensureFolder, forget, idOf, itemAt, remember, splitParent } from './paths';

type Kind = 'file' | 'folder';

/** `files/{id}` or `folders/{id}`: Box's item endpoints mirror each other. */
const itemUrl = (kind: Kind, id: string) => `${kind}s/${encodeURIComponent(id)}`;

/** The entry a reference names. */
export async function metadata(ctx: ElementContext, ref: DocumentRef, kind: Kind): Promise<DocumentEntry> {
  return toEntry(await itemAt(ctx, ref, kind));
}

/** Renames and moves in one call: Box takes the new name and the new parent together. */
export async function move(ctx: ElementContext, ref: DocumentRef, toPath: string, kind: Kind): Promise<DocumentEntry> {
  const id = await idOf(ctx, ref, kind);
  const { parent, name } = splitParent(toPath);
  const parentId = await ensureFolder(ctx, parent);
  // https://developer.box.com/reference/put-files-id/ and https://developer.box.com/reference/put-folders-id/
  const moved = await ctx.http.request<BoxItem>({
    method: 'PUT',
    url: itemUrl(kind, id),
    searchParams: { fields: ENTRY_FIELDS },
    json: { name, parent: { id: parentId } },
  });
  if ('path' in ref) forget(ctx, ref.path);
  remember(ctx, toPath, moved.body);
  return toEntry(moved.body);
}

/**
 * Copies to a path. Box has no overwrite for copies: with `overwrite`, the item in the way goes to
 * Box's trash (recoverable there) and the copy is made again; without, its 409 stands.
 */
export async function copy(ctx: ElementContext, ref: DocumentRef, toPath: string, options: { overwrite: boolean; kind: Kind }): Promise<DocumentEntry> {
  const id = await idOf(ctx, ref, options.kind);
  const { parent, name } = splitParent(toPath);
  const parentId = await ensureFolder(ctx, parent);
  for (let replaced = false; ; replaced = true) {
    // https://developer.box.com/reference/post-files-id-copy/ and https://developer.box.com/reference/post-folders-id-copy/
    const response = await ctx.http.request<BoxItem>({
      method: 'POST',
      url: `${itemUrl(options.kind, id)}/copy`,
      searchParams: { fields: ENTRY_FIELDS },
      json: { parent: { id: parentId }, name },
      allowStatuses: [409],
    });
    if (response.status !== 409) {
      remember(ctx, toPath, response.body);
      return toEntry(response.body);
    }
    const inTheWay = conflictingItem(response.body);
    const providerMessage = boxProviderMessage({ status: 409, headers: response.headers, body: response.body });
    if (!options.overwrite || replaced || boxErrorCode(response.body) !== 'item_name_in_use' || !inTheWay) {
      throw new ConflictError(`Box already has an item at '${toPath}'`, providerMessage);
    }
    await trash(ctx, inTheWay.type === 'folder' ? 'folder' : 'file', inTheWay.id);
  }
}

async function trash(ctx: ElementContext, kind: Kind, id: string): Promise<void> {
  // https://developer.box.com/reference/delete-files-id/ and https://developer.box.com/reference/delete-folders-id/
  await ctx.http.request({ method: 'DELETE', url: itemUrl(kind, id), searchParams: kind === 'folder' ? { recursive: true } : undefined });
}

/** Moves a file, or a folder with everything in it, to Box's trash. */
export async function remove(ctx: ElementContext, ref: DocumentRef, kind: Kind): Promise<void> {
  await trash(ctx, kind, await idOf(ctx, ref, kind));
  if ('path' in ref) forget(ctx, ref.path);
}

/** Box's shared-link fields. https://developer.box.com/reference/resources/file--full/#param-shared_link */
interface SharedLink {
  url: string;
  download_url?: string | null;
  unshared_at?: string | null;
}

/**
 * An open shared link (anyone with it can read). `download_url` is a paid-plan feature, so the
 * preview `url` stands in for it on free accounts.
 */
export async function link(ctx: ElementContext, ref: DocumentRef): Promise<DocumentLink> {
  const id = await idOf(ctx, ref, 'file');
  // https://developer.box.com/reference/put-files-id--add-shared-link/
  const shared = await ctx.http.request<{ shared_link: SharedLink }>({
    method: 'PUT',
    url: itemUrl('file', id),
    searchParams: { fields: 'shared_link' },
    json: { shared_link: { access: 'open' } },
  });
  const sharedLink = shared.body.shared_link;
  return { providerLink: sharedLink.download_url ?? sharedLink.url, providerViewLink: sharedLink.url, expires: sharedLink.unshared_at ?? null };
}
