import type { Readable } from 'node:stream';
import { JunctionError, type ElementContext, type UploadRequest } from '@junction/core';
import { z } from 'zod';
import { CONTENT_BASE_URL, headerSafeJson, parseVendor } from '../dropbox-api';
import { DropboxMetadata, toEntry, type DropboxEntry } from '../metadata';
import { ChunkReader } from './chunks';

/** How uploads are cut; the defaults suit Dropbox, tests shrink them to reach the session path. */
export interface UploadTuning {
  /** Largest file sent in one `files/upload` call. @default 150 MiB, Dropbox's limit per request */
  singleRequestMaxBytes: number;
  /** Bytes per upload-session call, which is also what one upload holds in memory. @default 8 MiB */
  chunkBytes: number;
}

export const DEFAULT_UPLOAD_TUNING: UploadTuning = { singleRequestMaxBytes: 150 * 1024 * 1024, chunkBytes: 8 * 1024 * 1024 };

const StartResult = z.object({ session_id: z.string() });

/** files.stone `CommitInfo`: `add` refuses an existing file (409), `overwrite` replaces it. */
function commitInfo(request: UploadRequest) {
  return { path: request.path, mode: request.overwrite ? 'overwrite' : 'add', autorename: false };
}

/**
 * Uploads a stream without holding it whole. A file known to fit in one request streams straight
 * into `files/upload`. Otherwise the first chunk is read: if the stream ends within it, it goes up
 * in one `files/upload`; if not, an upload session takes it chunk by chunk. A stream that fails
 * (a truncated client upload) fails the call before `finish`, so Dropbox never commits a file.
 */
export async function upload(ctx: ElementContext, request: UploadRequest, tuning: UploadTuning): Promise<DropboxEntry> {
  const commit = commitInfo(request);
  if (request.size !== undefined && request.size <= tuning.singleRequestMaxBytes) return uploadOnce(ctx, commit, request.content);
  const reader = new ChunkReader(request.content, Math.min(tuning.chunkBytes, tuning.singleRequestMaxBytes));
  const first = await reader.next();
  if (first.last) return uploadOnce(ctx, commit, first.bytes);
  return uploadSession(ctx, commit, reader, first.bytes);
}

// https://www.dropbox.com/developers/documentation/http/documentation#files-upload
async function uploadOnce(ctx: ElementContext, commit: ReturnType<typeof commitInfo>, content: Buffer | Readable): Promise<DropboxEntry> {
  const result = await uploadCall(ctx, 'files/upload', commit, content);
  return toEntry(parseVendor(DropboxMetadata, result, 'files/upload'), 'file');
}

async function uploadSession(ctx: ElementContext, commit: ReturnType<typeof commitInfo>, reader: ChunkReader, first: Buffer): Promise<DropboxEntry> {
  // https://www.dropbox.com/developers/documentation/http/documentation#files-upload_session-start
  const started = parseVendor(StartResult, await uploadCall(ctx, 'files/upload_session/start', { close: false }, first), 'upload_session/start');
  const cursor = { session_id: started.session_id, offset: first.length };
  for (;;) {
    const chunk = await reader.next();
    if (chunk.last) {
      // https://www.dropbox.com/developers/documentation/http/documentation#files-upload_session-finish
      const finished = await uploadCall(ctx, 'files/upload_session/finish', { cursor, commit }, chunk.bytes);
      return toEntry(parseVendor(DropboxMetadata, finished, 'upload_session/finish'), 'file');
    }
    // https://www.dropbox.com/developers/documentation/http/documentation#files-upload_session-append
    await uploadCall(ctx, 'files/upload_session/append_v2', { cursor, close: false }, chunk.bytes);
    cursor.offset += chunk.bytes.length;
  }
}

/**
 * An upload-style call: the bytes as `application/octet-stream`, the argument in
 * `Dropbox-API-Arg`, a JSON result. Buffers go through the retrying client; a stream cannot be
 * replayed, so it is sent once.
 */
async function uploadCall(ctx: ElementContext, route: string, arg: unknown, body: Buffer | Readable): Promise<unknown> {
  const request = {
    method: 'POST' as const,
    url: `${CONTENT_BASE_URL}/${route}`,
    headers: { 'content-type': 'application/octet-stream', 'dropbox-api-arg': headerSafeJson(arg) },
    body,
  };
  if (Buffer.isBuffer(body)) return (await ctx.http.request(request)).body;
  const response = await ctx.http.stream(request);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new JunctionError(502, `Dropbox answered ${route} with a malformed response (expected JSON)`);
  }
}
