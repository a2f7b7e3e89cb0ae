import { BadRequestError, NotFoundError, type DocumentEntry, type DocumentRef } from '@junction/core';
import { z } from 'zod';

/**
 * Dropbox `Metadata` (files.stone `Metadata`, `FileMetadata`, `FolderMetadata`). Where a route
 * returns the union it is tagged `file`, `folder` or `deleted`; where it returns one subtype
 * (`upload` → `FileMetadata`, `create_folder_v2` → `FolderMetadata`) there is no tag. Fields
 * Junction does not read are kept for `raw`.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-get_metadata
 */
export const DropboxMetadata = z.looseObject({
  '.tag': z.enum(['file', 'folder', 'deleted']).optional(),
  name: z.string(),
  id: z.string().optional(),
  path_lower: z.string().nullish(),
  path_display: z.string().nullish(),
  size: z.number().optional(),
  server_modified: z.string().optional(),
  client_modified: z.string().optional(),
  rev: z.string().optional(),
  content_hash: z.string().optional(),
});
export type DropboxMetadata = z.infer<typeof DropboxMetadata>;

/** A hub entry with the untouched Dropbox record, which the hub shows under `raw` when asked. */
export type DropboxEntry = DocumentEntry & { raw?: DropboxMetadata };

/**
 * The hub id of the root folder. Dropbox gives the root no id (and no metadata); `/` is what
 * `path` says for it, and a client can send it URL-encoded (`/folders/%2F/contents`).
 */
export const ROOT_ID = '/';

/** Dropbox ids look like `id:a4ayc_80_OEAAAAAAAAAXw`. */
const DROPBOX_ID = /^id:[A-Za-z0-9_-]+$/;

/**
 * A Dropbox metadata record as a hub entry (`untagged` says what an untagged record is). `id` and `refId` are both the Dropbox `id:` id, which
 * Dropbox accepts wherever it takes a path, so it survives renames and moves. Dropbox keeps no
 * creation time, so `createdDate` stays empty; `modifiedDate` is the server's modification time.
 */
export function toEntry(metadata: DropboxMetadata, untagged?: 'file' | 'folder'): DropboxEntry {
  const tag = metadata['.tag'] ?? untagged;
  if (!metadata.id || !tag || tag === 'deleted') throw new NotFoundError(`file or folder '${metadata.path_display ?? metadata.name}'`);
  const file = tag === 'file';
  return {
    id: metadata.id,
    refId: metadata.id,
    name: metadata.name,
    path: metadata.path_display ?? metadata.path_lower ?? `/${metadata.name}`,
    directory: !file,
    size: file ? metadata.size : undefined,
    modifiedDate: file ? metadata.server_modified : undefined,
    raw: metadata,
  };
}

/** The root folder, which Dropbox cannot describe (`get_metadata` refuses the root). */
export function rootEntry(): DropboxEntry {
  return { id: ROOT_ID, name: '', path: '/', directory: true };
}

/**
 * The Dropbox path argument for a hub reference: paths as they are (the root is `""`), `id:` ids
 * as they are. Anything else cannot be a Dropbox id, so it names nothing.
 * https://www.dropbox.com/developers/documentation/http/documentation#path-formats
 */
export function pathArg(ref: DocumentRef): string {
  if ('path' in ref) return ref.path === '/' ? '' : ref.path;
  if (ref.id === ROOT_ID) return '';
  if (DROPBOX_ID.test(ref.id)) return ref.id;
  throw new NotFoundError(`file or folder with id '${ref.id}'`);
}

/** Like `pathArg`, for operations that cannot apply to the root folder (delete, move, copy). */
export function itemPathArg(ref: DocumentRef, operation: string): string {
  const path = pathArg(ref);
  if (path === '') throw new BadRequestError(`The root folder cannot be ${operation}`);
  return path;
}

/** Refuses an entry of the wrong kind, e.g. a folder id sent to `/files/{id}`. */
export function expectKind(entry: DocumentEntry, kind: 'file' | 'folder'): void {
  if (entry.directory !== (kind === 'folder')) {
    throw new BadRequestError(`'${entry.path}' is a ${entry.directory ? 'folder' : 'file'}; use /${entry.directory ? 'folders' : 'files'} for it`);
  }
}
