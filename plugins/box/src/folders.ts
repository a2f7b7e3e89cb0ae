import { offsetFrom, type DocumentEntry, type DocumentRef, type ElementContext, type ListPage, type StorageInfo } from '@junction/core';
import { ENTRY_FIELDS, toEntry, type BoxItem, type BoxItems } from './box-api';
import { ensureFolder, idOf, remember, splitParent } from './paths';

/** Box's largest page for folder items. https://developer.box.com/reference/get-folders-id-items/ */
const MAX_ITEMS_PAGE = 1000;
/** Box's largest page for search. https://developer.box.com/reference/get-search/ */
const MAX_SEARCH_PAGE = 200;

/** Web links have no bytes to download or path semantics the hub knows; they stay out of listings. */
const isDocument = (item: BoxItem) => item.type === 'file' || item.type === 'folder';

/** Creates a folder, and its missing parents; an existing folder at the path is a 409. */
export async function createFolder(ctx: ElementContext, path: string): Promise<DocumentEntry> {
  const { parent, name } = splitParent(path);
  const parentId = await ensureFolder(ctx, parent);
  // https://developer.box.com/reference/post-folders/
  const created = await ctx.http.request<BoxItem>({
    method: 'POST',
    url: 'folders',
    searchParams: { fields: ENTRY_FIELDS },
    json: { name, parent: { id: parentId } },
  });
  remember(ctx, path, created.body);
  return toEntry(created.body);
}

/** One page of a folder's items with marker paging (stable under concurrent changes, no offset cap). */
export async function list(ctx: ElementContext, folder: DocumentRef, page: { pageSize: number; cursor?: string }): Promise<ListPage<DocumentEntry>> {
  const id = await idOf(ctx, folder, 'folder');
  // https://developer.box.com/reference/get-folders-id-items/ (marker paging: usemarker=true)
  const items = await ctx.http.get<BoxItems>(`folders/${encodeURIComponent(id)}/items`, {
    fields: ENTRY_FIELDS,
    usemarker: true,
    limit: Math.min(page.pageSize, MAX_ITEMS_PAGE),
    marker: page.cursor,
  });
  return { records: items.entries.filter(isDocument).map(toEntry), cursor: items.next_marker || undefined };
}

/**
 * Box's full-text search (names, descriptions and content), optionally under one folder. Search
 * pages by offset; the cursor is the next offset.
 */
export async function search(
  ctx: ElementContext,
  query: { text: string; path?: string; pageSize: number; cursor?: string },
): Promise<ListPage<DocumentEntry>> {
  const offset = offsetFrom(query.cursor);
  const limit = Math.min(query.pageSize, MAX_SEARCH_PAGE);
  const ancestor = query.path && query.path !== '/' ? await idOf(ctx, { path: query.path }, 'folder') : undefined;
  // https://developer.box.com/reference/get-search/
  const found = await ctx.http.get<BoxItems>('search', {
    query: query.text,
    ancestor_folder_ids: ancestor,
    fields: ENTRY_FIELDS,
    limit,
    offset,
  });
  const next = offset + found.entries.length;
  return {
    records: found.entries.filter(isDocument).map(toEntry),
    cursor: found.entries.length > 0 && next < (found.total_count ?? 0) ? String(next) : undefined,
    total: found.total_count,
  };
}

/** The user's quota. https://developer.box.com/reference/get-users-me/ */
export async function storage(ctx: ElementContext): Promise<StorageInfo> {
  const me = await ctx.http.get<{ space_amount?: number; space_used?: number }>('users/me', { fields: 'space_amount,space_used' });
  return { used: me.space_used ?? 0, allocated: me.space_amount };
}
