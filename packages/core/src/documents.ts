import type { Readable } from 'node:stream';
import type { ElementContext } from './element-context';
import type { DocumentEntry, DocumentLink, StorageInfo } from './models/documents';
import type { ListPage } from './paging';

/** A file or folder addressed by the hub's id or by its absolute path (`/dir/name.ext`). */
export type DocumentRef = { id: string } | { path: string };

export interface UploadRequest {
  /** Absolute destination path, already checked by the hub (no `..`, no empty segments). */
  path: string;
  /** The bytes, streamed from the client: read once, never buffered whole. */
  content: Readable;
  /** Bytes to expect, when the client said (multipart parts usually do not). */
  size?: number;
  mimeType?: string;
  overwrite: boolean;
}

export interface DownloadResult {
  content: Readable;
  name: string;
  size?: number;
  mimeType?: string;
}

/**
 * What a documents element implements. Binary content stays a stream end to end; the hub
 * turns multipart uploads into `UploadRequest`s and pipes downloads to the client.
 */
export interface DocumentsApi {
  upload(ctx: ElementContext, request: UploadRequest): Promise<DocumentEntry>;
  download(ctx: ElementContext, ref: DocumentRef): Promise<DownloadResult>;
  metadata(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<DocumentEntry>;
  /** Rename or move (`path`), returning the entry as it now is. */
  move(ctx: ElementContext, ref: DocumentRef, toPath: string, kind: 'file' | 'folder'): Promise<DocumentEntry>;
  copy(ctx: ElementContext, ref: DocumentRef, toPath: string, options: { overwrite: boolean; kind: 'file' | 'folder' }): Promise<DocumentEntry>;
  delete(ctx: ElementContext, ref: DocumentRef, kind: 'file' | 'folder'): Promise<void>;
  link(ctx: ElementContext, ref: DocumentRef): Promise<DocumentLink>;
  createFolder(ctx: ElementContext, path: string): Promise<DocumentEntry>;
  /** One page of a folder's entries; the cursor is the element's own. */
  list(ctx: ElementContext, folder: DocumentRef, page: { pageSize: number; cursor?: string }): Promise<ListPage<DocumentEntry>>;
  search(ctx: ElementContext, query: { text: string; path?: string; pageSize: number; cursor?: string }): Promise<ListPage<DocumentEntry>>;
  storage(ctx: ElementContext): Promise<StorageInfo>;
}
