import { ConflictError, readStreamedJson, type DocumentEntry, type ElementContext, type UploadRequest } from '@junction/core';
import { ENTRY_FIELDS, toEntry, UPLOAD_BASE, type BoxItem } from './box-api';
import { boxUploadBody } from './multipart';
import { ensureFolder, remember, resolvePath, splitParent } from './paths';
import { uploadInSession } from './upload-session';

export interface UploadOptions {
  chunkedUploadMinBytes: number;
  boundary: () => string;
  maxNotReadyRetries: number;
}

/**
 * Uploads to a path. The name is looked up in the parent first: the content is a stream that cannot
 * be sent twice, so an existing file must be known before any byte leaves (overwrite → a new
 * version of it; otherwise 409). Files of a known size from `chunkedUploadMinBytes` on go through
 * an upload session; the rest in one streamed multipart request.
 */
export async function upload(ctx: ElementContext, request: UploadRequest, options: UploadOptions): Promise<DocumentEntry> {
  const { parent, name } = splitParent(request.path);
  const folderId = await ensureFolder(ctx, parent);
  const existing = await resolvePath(ctx, request.path);
  if (existing && (existing.type !== 'file' || !request.overwrite)) {
    request.content.resume();
    throw new ConflictError(`A ${existing.type === 'folder' ? 'folder' : 'file'} named '${existing.name}' already exists in '${parent}'`);
  }
  const target = existing ? { fileId: existing.id } : { folderId };
  const item =
    request.size !== undefined && request.size >= options.chunkedUploadMinBytes
      ? await uploadInSession(ctx, { content: request.content, size: request.size, name, target, maxNotReadyRetries: options.maxNotReadyRetries })
      : await uploadDirect(ctx, request, name, target, options.boundary());
  remember(ctx, request.path, item);
  return toEntry(item);
}

async function uploadDirect(
  ctx: ElementContext,
  request: UploadRequest,
  name: string,
  target: { folderId: string } | { fileId: string },
  boundary: string,
): Promise<BoxItem> {
  const multipart = boxUploadBody('folderId' in target ? { name, parent: { id: target.folderId } } : { name }, name, request.content, {
    boundary,
    size: request.size,
  });
  // https://developer.box.com/reference/post-files-content/ (new file)
  // https://developer.box.com/reference/post-files-id-content/ (new version)
  const url = 'folderId' in target ? `${UPLOAD_BASE}/files/content` : `${UPLOAD_BASE}/files/${encodeURIComponent(target.fileId)}/content`;
  const response = await ctx.http.stream({
    method: 'POST',
    url,
    searchParams: { fields: ENTRY_FIELDS },
    body: multipart.body,
    headers: { 'content-type': multipart.contentType, 'content-length': multipart.length?.toString() },
  });
  const files = await readStreamedJson<{ entries: BoxItem[] }>(response.body, 'Box');
  return files.entries[0];
}
