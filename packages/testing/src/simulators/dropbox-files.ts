/**
 * The `files` namespace of the Dropbox simulator: metadata, listing with cursors, search,
 * folders, move/copy/delete. Uploads and downloads are in `dropbox-content.ts`.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder
 */
import { decodeCursor, encodeCursor, renderMetadata } from './dropbox-render';
import { BadInputError, optionalField, stringField, type DropboxAccount, type DropboxRoute } from './dropbox-routes';
import { RouteError, type DropboxNode } from './dropbox-tree';

interface ListCursor {
  folder: string;
  recursive: boolean;
  offset: number;
  limit: number;
}

interface SearchCursor {
  query: string;
  folder: string;
  offset: number;
  max: number;
}

/** Routes by name (`files/list_folder`), as called at `/2/<name>`. */
export function fileRoutes(account: DropboxAccount): Record<string, DropboxRoute> {
  const { tree } = account;

  /** A folder to list or search in: `""` is the root; anything else must be a folder. */
  const folderAt = (path: string): string => {
    if (path === '') return '';
    const node = tree.lookup(path, 'path');
    if (node.kind !== 'folder') throw new RouteError(['path', 'not_folder']);
    return node.pathDisplay;
  };

  const listPage = (cursor: ListCursor) => {
    const entries = tree.childrenOf(cursor.folder, cursor.recursive);
    const page = entries.slice(cursor.offset, cursor.offset + cursor.limit);
    const next = { ...cursor, offset: cursor.offset + page.length };
    return { entries: page.map((n) => renderMetadata(n, true)), cursor: encodeCursor(next), has_more: next.offset < entries.length };
  };

  const searchPage = (cursor: SearchCursor) => {
    const terms = cursor.query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = tree.childrenOf(cursor.folder, true).filter((n) => terms.every((t) => n.name.toLowerCase().includes(t)));
    const page = found.slice(cursor.offset, cursor.offset + cursor.max);
    const next = { ...cursor, offset: cursor.offset + page.length };
    const hasMore = next.offset < found.length;
    return {
      matches: page.map((n) => ({ metadata: { '.tag': 'metadata', metadata: renderMetadata(n, true) }, match_type: { '.tag': 'filename' }, highlight_spans: [] })),
      has_more: hasMore,
      ...(hasMore ? { cursor: encodeCursor(next) } : {}),
    };
  };

  const relocate = (arg: Record<string, unknown> | null, copy: boolean) => {
    const moved = tree.relocate(stringField(arg, 'from_path'), stringField(arg, 'to_path'), copy);
    return { json: { metadata: renderMetadata(moved, true) } };
  };

  const metadataFields = { include_media_info: false, include_deleted: false, include_has_explicit_shared_members: false, include_property_groups: false };
  const relocationFields = { from_path: true, to_path: true, allow_shared_folder: false, autorename: false, allow_ownership_transfer: false };
  const api = { host: 'api', style: 'rpc' } as const;

  return {
    'files/list_folder': {
      ...api,
      scope: 'files.metadata.read',
      fields: { path: true, recursive: false, include_non_downloadable_files: false, include_mounted_folders: false, limit: false, shared_link: false, include_restorable_info: false, ...metadataFields },
      handle: ({ arg }) => {
        const limit = optionalField<number>(arg, 'limit', 'number') ?? 2000;
        if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new BadInputError(`request body: limit: ${limit} is not within range [1, 2000]`);
        const folder = folderAt(stringField(arg, 'path'));
        return { json: listPage({ folder, recursive: optionalField<boolean>(arg, 'recursive', 'boolean') ?? false, offset: 0, limit }) };
      },
    },
    'files/list_folder/continue': {
      ...api,
      scope: 'files.metadata.read',
      fields: { cursor: true },
      handle: ({ arg }) => {
        const cursor = decodeCursor<ListCursor>(stringField(arg, 'cursor'), (c) => typeof c.folder === 'string' && typeof c.offset === 'number');
        if (cursor.folder !== '' && tree.find(cursor.folder)?.kind !== 'folder') throw new RouteError(['path', 'not_found']);
        return { json: listPage(cursor) };
      },
    },
    'files/get_metadata': {
      ...api,
      scope: 'files.metadata.read',
      fields: { path: true, ...metadataFields },
      handle: ({ arg }) => {
        const path = stringField(arg, 'path');
        if (path === '') throw new BadInputError('request body: path: The root folder is unsupported.');
        return { json: renderMetadata(tree.lookup(path, 'path'), true) };
      },
    },
    'files/create_folder_v2': {
      ...api,
      scope: 'files.content.write',
      fields: { path: true, autorename: false },
      handle: ({ arg }) => ({ json: { metadata: renderMetadata(tree.createFolder(stringField(arg, 'path')), false) } }),
    },
    'files/delete_v2': {
      ...api,
      scope: 'files.content.write',
      fields: { path: true, parent_rev: false },
      handle: ({ arg }) => {
        const node: DropboxNode = tree.lookup(stringField(arg, 'path'), 'path_lookup');
        const parentRev = optionalField<string>(arg, 'parent_rev', 'string');
        if (parentRev !== undefined && parentRev !== node.rev) throw new RouteError(['path_write', 'conflict', 'file']);
        const before = renderMetadata(node, true);
        for (const gone of [node, ...(node.kind === 'folder' ? tree.childrenOf(node.pathDisplay, true) : [])]) account.links.delete(gone.id);
        tree.delete(node);
        return { json: { metadata: before } };
      },
    },
    'files/move_v2': { ...api, scope: 'files.content.write', fields: relocationFields, handle: ({ arg }) => relocate(arg, false) },
    'files/copy_v2': { ...api, scope: 'files.content.write', fields: relocationFields, handle: ({ arg }) => relocate(arg, true) },
    'files/search_v2': {
      ...api,
      scope: 'files.metadata.read',
      fields: { query: true, options: false, match_field_options: false, include_highlights: false },
      handle: ({ arg }) => {
        const query = stringField(arg, 'query');
        if (query.length > 1000) throw new BadInputError("request body: query: '…' longer than 1000");
        const options = optionalField<Record<string, unknown>>(arg, 'options', 'object') ?? {};
        const path = optionalField<string>(options, 'path', 'string') ?? '';
        const max = optionalField<number>(options, 'max_results', 'number') ?? 100;
        return { json: searchPage({ query, folder: path === '' ? '' : folderAt(path), offset: 0, max }) };
      },
    },
    'files/search/continue_v2': {
      ...api,
      scope: 'files.metadata.read',
      fields: { cursor: true },
      handle: ({ arg }) => ({ json: searchPage(decodeCursor<SearchCursor>(stringField(arg, 'cursor'), (c) => typeof c.query === 'string' && typeof c.offset === 'number')) }),
    },
  };
}
