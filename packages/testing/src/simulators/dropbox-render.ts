/**
 * How the Dropbox simulator writes its answers: Stone JSON for metadata (files.stone `Metadata`,
 * `FileMetadata`, `FolderMetadata`), route errors and the header-safe JSON of content routes.
 * https://www.dropbox.com/developers/documentation/http/documentation#error-handling
 */
import { contentHash, lower, RouteError, type DropboxNode } from './dropbox-tree';

/**
 * A node as Stone JSON. Routes returning the `Metadata` union tag it (`".tag": "file"`); routes
 * returning one subtype (`upload` → `FileMetadata`) do not.
 */
export function renderMetadata(node: DropboxNode, tagged: boolean): Record<string, unknown> {
  const base = { name: node.name, path_lower: lower(node.pathDisplay), path_display: node.pathDisplay, id: node.id };
  const body =
    node.kind === 'file'
      ? {
          ...base,
          client_modified: node.clientModified,
          server_modified: node.serverModified,
          rev: node.rev,
          size: node.content?.length ?? 0,
          is_downloadable: true,
          content_hash: contentHash(node.content ?? Buffer.alloc(0)),
        }
      : base;
  return tagged ? { '.tag': node.kind, ...body } : body;
}

/**
 * files.stone `DeletedMetadata`, as `list_folder/continue` reports a path whose file or folder
 * went away (with `include_deleted`). It carries no id: only the path says what it was.
 */
export function renderDeleted(pathDisplay: string): Record<string, unknown> {
  return { '.tag': 'deleted', name: pathDisplay.slice(pathDisplay.lastIndexOf('/') + 1), path_lower: lower(pathDisplay), path_display: pathDisplay };
}

/** The nested union of a route error: `['path', 'not_found']` → `{".tag":"path","path":{".tag":"not_found"}}`. */
export function nestedUnion(tags: string[]): Record<string, unknown> {
  const [tag, ...rest] = tags;
  return rest.length ? { '.tag': tag, [tag]: nestedUnion(rest) } : { '.tag': tag };
}

/** The 409 body of a route error: `error_summary` (tags joined by `/`) and the `error` union. */
export function routeErrorBody(error: RouteError): Record<string, unknown> {
  return { error_summary: `${error.tags.join('/')}/..`, error: error.body ?? nestedUnion(error.tags) };
}

/** JSON with every character from U+007F up escaped, as Dropbox writes `Dropbox-API-Result`. */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Opaque cursors: base64url JSON, as opaque to clients as Dropbox's own. */
export function encodeCursor(state: object): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Reads a cursor back; a cursor this simulator did not write fails with `reset`. */
export function decodeCursor<T>(cursor: unknown, check: (value: Record<string, unknown>) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (value && typeof value === 'object' && check(value)) return value as T;
  } catch {
    // answered below
  }
  throw new RouteError(['reset']);
}
