import type { DocumentRef, ElementContext } from '@junction/core';
import { z } from 'zod';
import { hasSummary, parseVendor, rpc } from '../dropbox-api';
import { DropboxMetadata, itemPathArg, toEntry, type DropboxEntry } from '../metadata';

/** files.stone `RelocationResult`. */
const RelocationResult = z.object({ metadata: DropboxMetadata });

const relocated = (body: unknown, route: string) => toEntry(parseVendor(RelocationResult, body, route).metadata);

/**
 * Renames or moves a file or folder; something already at the destination is a conflict.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-move
 */
export async function move(ctx: ElementContext, ref: DocumentRef, toPath: string): Promise<DropboxEntry> {
  const body = await rpc(ctx, 'files/move_v2', { from_path: itemPathArg(ref, 'moved'), to_path: toPath, autorename: false });
  return relocated(body, 'files/move_v2');
}

/**
 * Copies a file or folder. `copy_v2` has no overwrite mode, so with `overwrite` a conflict at the
 * destination is cleared (deleted) and the copy made again; without it the conflict is a 409.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-copy
 */
export async function copy(ctx: ElementContext, ref: DocumentRef, toPath: string, options: { overwrite: boolean }): Promise<DropboxEntry> {
  const arg = { from_path: itemPathArg(ref, 'copied'), to_path: toPath, autorename: false };
  try {
    return relocated(await rpc(ctx, 'files/copy_v2', arg), 'files/copy_v2');
  } catch (error) {
    if (!options.overwrite || !hasSummary(error, 'to/conflict')) throw error;
    // https://www.dropbox.com/developers/documentation/http/documentation#files-delete
    await rpc(ctx, 'files/delete_v2', { path: toPath });
    return relocated(await rpc(ctx, 'files/copy_v2', arg), 'files/copy_v2');
  }
}
