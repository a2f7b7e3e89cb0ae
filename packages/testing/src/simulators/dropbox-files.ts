/**
 * The `files` namespace of the Dropbox simulator: metadata, listing with cursors, change cursors,
 * search, folders, move/copy/delete. Uploads and downloads are in `dropbox-content.ts`.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder
 */
import type { PathChange } from './dropbox-changes';
import { decodeCursor, encodeCursor, renderDeleted, renderMetadata } from './dropbox-render';
import { BadInputError, optionalField, stringField, type DropboxAccount, type DropboxRoute } from './dropbox-routes';
import { lower, RouteError, type DropboxNode } from './dropbox-tree';

/**
 * A `list_folder` cursor. While `offset` is set it pages through the listing taken at `seq`; once
 * the listing is done (and from `get_latest_cursor` on) it reports the changes after `seq`.
 */
interface ListCursor {
  folder: string;
  recursive: boolean;
  includeDeleted: boolean;
  limit: number;
  /** Change-log position the cursor has seen up to. */
  seq: number;
  offset?: number;
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

  /** `ListFolderArg` as a cursor at the current end of the change log (`limit` 1..2000, default 2000). */
  const readListArg = (arg: Record<string, unknown> | null): ListCursor => {
    const limit = optionalField<number>(arg, 'limit', 'number') ?? 2000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new BadInputError(`request body: limit: ${limit} is not within range [1, 2000]`);
    return {
      folder: folderAt(stringField(arg, 'path')),
      recursive: optionalField<boolean>(arg, 'recursive', 'boolean') ?? false,
      includeDeleted: optionalField<boolean>(arg, 'include_deleted', 'boolean') ?? false,
      limit,
      seq: tree.changes.position,
    };
  };

  const listPage = (cursor: ListCursor & { offset: number }) => {
    const entries = tree.childrenOf(cursor.folder, cursor.recursive);
    const page = entries.slice(cursor.offset, cursor.offset + cursor.limit);
    const offset = cursor.offset + page.length;
    const hasMore = offset < entries.length;
    // The last page hands over to the change log, from where the listing was taken.
    const next: ListCursor = { ...cursor, offset: hasMore ? offset : undefined };
    return { entries: page.map((n) => renderMetadata(n, true)), cursor: encodeCursor(next), has_more: hasMore };
  };

  const inScope = (cursor: ListCursor, pathDisplay: string) => {
    const prefix = `${lower(cursor.folder)}/`;
    const path = lower(pathDisplay);
    return path.startsWith(prefix) && (cursor.recursive || !path.slice(prefix.length).includes('/'));
  };

  /**
   * The changes after the cursor, one entry per path in the order of its latest change, each as
   * the path is now: its metadata, or (with `include_deleted`) a deleted entry when nothing is
   * there any more. An expired or foreign position is the `reset` route error.
   */
  const changePage = (cursor: ListCursor) => {
    const changes = tree.changes.since(cursor.seq);
    if (!changes) throw new RouteError(['reset']);
    const latest = new Map<string, PathChange>();
    for (const change of changes) {
      if (!inScope(cursor, change.pathDisplay)) continue;
      latest.delete(lower(change.pathDisplay));
      latest.set(lower(change.pathDisplay), change);
    }
    const page = [...latest.values()].slice(0, cursor.limit);
    const hasMore = latest.size > page.length;
    const seq = hasMore ? page[page.length - 1].seq : tree.changes.position;
    const entries = page.flatMap((change) => {
      const node = tree.find(change.pathDisplay);
      if (node) return [renderMetadata(node, true)];
      return cursor.includeDeleted ? [renderDeleted(change.pathDisplay)] : [];
    });
    return { entries, cursor: encodeCursor({ ...cursor, seq }), has_more: hasMore };
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
  // files.stone `ListFolderArg`, taken by `list_folder` and `list_folder/get_latest_cursor`.
  const listFolderFields = { path: true, recursive: false, include_non_downloadable_files: false, include_mounted_folders: false, limit: false, shared_link: false, include_restorable_info: false, ...metadataFields };
  const relocationFields = { from_path: true, to_path: true, allow_shared_folder: false, autorename: false, allow_ownership_transfer: false };
  const api = { host: 'api', style: 'rpc' } as const;

  return {
    'files/list_folder': {
      ...api,
      scope: 'files.metadata.read',
      fields: listFolderFields,
      handle: ({ arg }) => ({ json: listPage({ ...readListArg(arg), offset: 0 }) }),
    },
    // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-get_latest_cursor
    'files/list_folder/get_latest_cursor': {
      ...api,
      scope: 'files.metadata.read',
      fields: listFolderFields,
      handle: ({ arg }) => ({ json: { cursor: encodeCursor(readListArg(arg)) } }),
    },
    // https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
    'files/list_folder/continue': {
      ...api,
      scope: 'files.metadata.read',
      fields: { cursor: true },
      handle: ({ arg }) => {
        const cursor = decodeCursor<ListCursor>(stringField(arg, 'cursor'), (c) => typeof c.folder === 'string' && typeof c.seq === 'number' && (c.offset === undefined || typeof c.offset === 'number'));
        if (cursor.folder !== '' && tree.find(cursor.folder)?.kind !== 'folder') throw new RouteError(['path', 'not_found']);
        return { json: cursor.offset === undefined ? changePage(cursor) : listPage({ ...cursor, offset: cursor.offset }) };
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
