import type { DocumentsApi } from '@junction/core';
import { download } from './download';
import { createFolder, list, search, storage } from './folders';
import { copy, link, metadata, move, remove } from './items';
import { randomBoundary } from './multipart';
import { upload } from './upload';

/** Tuning of the Box documents operations; the defaults are Box's own limits. */
export interface BoxDocumentsOptions {
  /**
   * Uploads of a known size from this many bytes on use an upload session; smaller ones, and those
   * of unknown size, go in one request.
   * @default 20 MiB (Box refuses upload sessions for smaller files)
   */
  chunkedUploadMinBytes?: number;
  /** Makes multipart boundaries; a fixed one lets recorded uploads replay byte for byte. @default randomBoundary */
  boundary?: () => string;
  /** How often a 202 "not ready yet" (download, commit) is waited out before giving up. @default 5 */
  maxNotReadyRetries?: number;
}

/** The documents hub's operations on Box. */
export function boxDocuments(options: BoxDocumentsOptions = {}): DocumentsApi {
  const maxNotReadyRetries = options.maxNotReadyRetries ?? 5;
  const uploadOptions = {
    chunkedUploadMinBytes: options.chunkedUploadMinBytes ?? 20 * 1024 * 1024,
    boundary: options.boundary ?? randomBoundary,
    maxNotReadyRetries,
  };
  return {
    upload: (ctx, request) => upload(ctx, request, uploadOptions),
    download: (ctx, ref) => download(ctx, ref, maxNotReadyRetries),
    metadata,
    move,
    copy,
    delete: remove,
    link,
    createFolder,
    list,
    search,
    storage,
  };
}
