import type { DocumentEntry, DocumentRef, ElementContext, ListPage } from '@junction/core';
import { z } from 'zod';
import { parseVendor, rpc } from '../dropbox-api';
import { DropboxMetadata, pathArg, toEntry } from '../metadata';

/** files.stone `ListFolderResult`. */
const ListFolderResult = z.object({ entries: z.array(DropboxMetadata), cursor: z.string(), has_more: z.boolean() });

/** files.stone `SearchV2Result`; each match wraps a `MetadataV2` union, of which only `metadata` is known. */
const SearchResult = z.object({
  matches: z.array(z.object({ metadata: z.looseObject({ '.tag': z.string(), metadata: DropboxMetadata.optional() }) })),
  has_more: z.boolean(),
  cursor: z.string().nullish(),
});

/** `limit` is 1..2000 for list_folder; `max_results` 1..1000 for search_v2. */
const clamp = (value: number, max: number) => Math.max(1, Math.min(value, max));

const listedEntries = (result: z.infer<typeof ListFolderResult>): ListPage<DocumentEntry> => ({
  records: result.entries.filter((e) => e['.tag'] !== 'deleted').map((e) => toEntry(e)),
  cursor: result.has_more ? result.cursor : undefined,
});

/**
 * One page of a folder's entries. The cursor is Dropbox's own; `limit` is approximate on
 * Dropbox's side, so a page may hold a few more entries than asked for.
 */
export async function listFolder(ctx: ElementContext, folder: DocumentRef, page: { pageSize: number; cursor?: string }, recursive = false) {
  const body = page.cursor
    ? // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
      await rpc(ctx, 'files/list_folder/continue', { cursor: page.cursor })
    : // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder
      await rpc(ctx, 'files/list_folder', { path: pathArg(folder), recursive, limit: clamp(page.pageSize, 2000) });
  return listedEntries(parseVendor(ListFolderResult, body, 'files/list_folder'));
}

/**
 * Search by name (and content, where the account allows it) under an optional folder. Without
 * text there is nothing to rank, so every entry below the folder is listed instead.
 */
export async function search(ctx: ElementContext, query: { text: string; path?: string; pageSize: number; cursor?: string }): Promise<ListPage<DocumentEntry>> {
  if (query.text.trim() === '') return listFolder(ctx, { path: query.path ?? '/' }, query, true);
  const body = query.cursor
    ? // https://www.dropbox.com/developers/documentation/http/documentation#files-search-continue
      await rpc(ctx, 'files/search/continue_v2', { cursor: query.cursor })
    : // https://www.dropbox.com/developers/documentation/http/documentation#files-search
      await rpc(ctx, 'files/search_v2', {
        query: query.text,
        options: { ...(query.path ? { path: pathArg({ path: query.path }) } : {}), max_results: clamp(query.pageSize, 1000) },
      });
  const result = parseVendor(SearchResult, body, 'files/search_v2');
  const records = result.matches.flatMap((m) => (m.metadata.metadata && m.metadata.metadata['.tag'] !== 'deleted' ? [toEntry(m.metadata.metadata)] : []));
  return { records, cursor: result.has_more && result.cursor ? result.cursor : undefined };
}
