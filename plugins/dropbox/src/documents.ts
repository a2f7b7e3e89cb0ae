import type { DocumentsApi } from '@junction/core';
import { download } from './operations/download';
import { createFolder, metadata, remove } from './operations/entries';
import { link } from './operations/links';
import { listFolder, search } from './operations/listing';
import { copy, move } from './operations/relocate';
import { storage } from './operations/storage';
import { DEFAULT_UPLOAD_TUNING, upload, type UploadTuning } from './operations/upload';

/**
 * Dropbox's files and folders for the documents hub. Entries carry the Dropbox record as `raw`.
 * Move and copy take files and folders alike (Dropbox does not tell them apart there); delete
 * checks the kind first because it is recursive.
 *
 * @example createDropboxDocuments({ chunkBytes: 4, singleRequestMaxBytes: 8 }) // tiny chunks for tests
 */
export function createDropboxDocuments(tuning: Partial<UploadTuning> = {}): DocumentsApi {
  const uploadTuning = { ...DEFAULT_UPLOAD_TUNING, ...tuning };
  return {
    upload: (ctx, request) => upload(ctx, request, uploadTuning),
    download,
    metadata,
    move: (ctx, ref, toPath) => move(ctx, ref, toPath),
    copy: (ctx, ref, toPath, options) => copy(ctx, ref, toPath, options),
    delete: remove,
    link,
    createFolder,
    list: (ctx, folder, page) => listFolder(ctx, folder, page),
    search,
    storage,
  };
}
