import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequestError, JunctionError, type ElementContext } from '@junction/core';
import { retryAfter, UPLOAD_BASE, type BoxItem } from './box-api';

/** Box's chunked upload session. https://developer.box.com/reference/resources/upload-session/ */
interface UploadSession {
  id: string;
  part_size: number;
  total_parts: number;
  session_endpoints: { upload_part: string; commit: string; abort: string };
}

/** One uploaded part, as Box lists it and as the commit must repeat it. */
interface UploadPart {
  part_id: string;
  offset: number;
  size: number;
  sha1?: string;
}

export interface SessionUpload {
  content: Readable;
  size: number;
  name: string;
  /** A new file in this folder, or a new version of this file. */
  target: { folderId: string } | { fileId: string };
  /** How often a commit answered 202 (parts still processing) is tried again. */
  maxNotReadyRetries: number;
}

const sha1Base64 = (data: Buffer) => createHash('sha1').update(data).digest('base64');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Uploads a large file in parts: open a session, PUT each part with its SHA-1 digest and byte range,
 * then commit with the parts list and the whole file's SHA-1, computed while streaming. Memory stays
 * at one part. A failure aborts the session so Box drops the parts.
 * https://developer.box.com/guides/uploads/chunked/
 */
export async function uploadInSession(ctx: ElementContext, upload: SessionUpload): Promise<BoxItem> {
  const session = await openSession(ctx, upload);
  try {
    const { parts, digest } = await sendParts(ctx, session, upload);
    return await commit(ctx, session, parts, digest, upload.maxNotReadyRetries);
  } catch (error) {
    // https://developer.box.com/reference/delete-files-upload-sessions-id/
    await ctx.http.request({ method: 'DELETE', url: session.session_endpoints.abort }).catch(() => undefined);
    throw error;
  }
}

function openSession(ctx: ElementContext, upload: SessionUpload): Promise<UploadSession> {
  if ('folderId' in upload.target) {
    // https://developer.box.com/reference/post-files-upload-sessions/
    return ctx.http.post<UploadSession>(`${UPLOAD_BASE}/files/upload_sessions`, {
      folder_id: upload.target.folderId,
      file_size: upload.size,
      file_name: upload.name,
    });
  }
  // https://developer.box.com/reference/post-files-id-upload-sessions/
  return ctx.http.post<UploadSession>(`${UPLOAD_BASE}/files/${encodeURIComponent(upload.target.fileId)}/upload_sessions`, {
    file_size: upload.size,
    file_name: upload.name,
  });
}

async function sendParts(ctx: ElementContext, session: UploadSession, upload: SessionUpload): Promise<{ parts: UploadPart[]; digest: string }> {
  const whole = createHash('sha1');
  const part = Buffer.allocUnsafe(Math.min(session.part_size, upload.size));
  const parts: UploadPart[] = [];
  let filled = 0;
  let offset = 0;

  const flush = async () => {
    // The buffer is reused for the next part only after Box answered for this one.
    parts.push(await putPart(ctx, session, part.subarray(0, filled), offset, upload.size));
    offset += filled;
    filled = 0;
  };

  for await (const chunk of upload.content) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    whole.update(bytes);
    if (offset + filled + bytes.length > upload.size) throw new BadRequestError(`The upload has more bytes than its declared size of ${upload.size}`);
    let read = 0;
    while (read < bytes.length) {
      const copied = bytes.copy(part, filled, read, read + Math.min(bytes.length - read, part.length - filled));
      filled += copied;
      read += copied;
      if (filled === part.length) await flush();
    }
  }
  // Checked before the last part goes out: Box would refuse a short part that is not the file's end.
  if (offset + filled !== upload.size) throw new BadRequestError(`The upload ended after ${offset + filled} of its declared ${upload.size} bytes`);
  if (filled > 0) await flush();
  return { parts, digest: whole.digest('base64') };
}

async function putPart(ctx: ElementContext, session: UploadSession, data: Buffer, offset: number, total: number): Promise<UploadPart> {
  // https://developer.box.com/reference/put-files-upload-sessions-id/
  const answer = await ctx.http.request<{ part: UploadPart }>({
    method: 'PUT',
    url: session.session_endpoints.upload_part,
    body: data,
    headers: {
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${offset}-${offset + data.length - 1}/${total}`,
      digest: `sha=${sha1Base64(data)}`,
    },
  });
  return answer.body.part;
}

async function commit(ctx: ElementContext, session: UploadSession, parts: UploadPart[], digest: string, maxNotReadyRetries: number): Promise<BoxItem> {
  for (let attempt = 0; ; attempt++) {
    // https://developer.box.com/reference/post-files-upload-sessions-id-commit/
    const answer = await ctx.http.request<{ entries: BoxItem[] } | undefined>({
      method: 'POST',
      url: session.session_endpoints.commit,
      json: { parts },
      headers: { digest: `sha=${digest}` },
    });
    if (answer.status !== 202 && answer.body?.entries?.[0]) return answer.body.entries[0];
    if (answer.status !== 202) throw new JunctionError(502, 'Box committed the upload session without returning the file');
    if (attempt >= maxNotReadyRetries) throw new JunctionError(503, 'Box is still processing the uploaded parts; retry the upload later');
    await sleep(retryAfter(answer.headers, 1000, 30_000));
  }
}
