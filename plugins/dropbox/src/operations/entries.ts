import type { DocumentRef, ElementContext } from '@junction/core';
import { z } from 'zod';
import { parseVendor, rpc } from '../dropbox-api';
import { DropboxMetadata, expectKind, itemPathArg, pathArg, rootEntry, toEntry, type DropboxEntry } from '../metadata';

/** files.stone `CreateFolderResult` and `DeleteResult`: the entry under `metadata`. */
const WithMetadata = z.object({ metadata: DropboxMetadata });

/**
 * A file's or folder's metadata; the root folder, which Dropbox does not describe, is answered
 * from what is known about it.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-get_metadata
 */
export async function metadata(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<DropboxEntry> {
  const path = pathArg(ref);
  const entry = path === '' ? rootEntry() : toEntry(parseVendor(DropboxMetadata, await rpc(ctx, 'files/get_metadata', { path }), 'files/get_metadata'));
  expectKind(entry, kind);
  return entry;
}

/**
 * Creates a folder (and any missing parents); an existing one is a conflict, not a rename.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-create_folder
 */
export async function createFolder(ctx: ElementContext, path: string): Promise<DropboxEntry> {
  const created = parseVendor(WithMetadata, await rpc(ctx, 'files/create_folder_v2', { path, autorename: false }), 'files/create_folder_v2');
  return toEntry(created.metadata, 'folder');
}

/**
 * Deletes a file or a folder with everything in it. Dropbox deletes whatever is at the path, so
 * the kind is checked first: a `/files` call can never remove a folder tree.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-delete
 */
export async function remove(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<void> {
  itemPathArg(ref, 'deleted');
  const target = await metadata(ctx, ref, kind);
  // By id, so a rename between the two calls cannot redirect the delete.
  await rpc(ctx, 'files/delete_v2', { path: target.id });
}
