/**
 * Uploads in the Box simulator: the multipart body of direct uploads (attributes first, as Box
 * insists) and chunked upload sessions with their digest and byte-range checks.
 * https://developer.box.com/reference/post-files-content/ and https://developer.box.com/guides/uploads/chunked/
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { boxError, type BoxStore, type SimFile } from './box-store';

/** One part of a `multipart/form-data` body. */
export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** Splits a multipart body into its parts, in order. */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundary) throw boxError(400, 'bad_request', 'Expected a multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw boxError(400, 'bad_request', 'Malformed multipart body');
    const part = body.subarray(start + 2, next - 2); // CRLF after the delimiter, CRLF before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    parts.push({ name, filename, data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/**
 * The attributes and bytes of a direct upload. Box answers 400 `metadata_after_file_contents` when
 * the file part comes before the attributes.
 */
export function readUpload(body: Buffer, contentType: string | undefined): { attributes: Record<string, unknown>; content: Buffer } {
  const parts = parseMultipart(body, contentType);
  const attributesAt = parts.findIndex((p) => p.name === 'attributes');
  const fileAt = parts.findIndex((p) => p.name === 'file');
  if (fileAt !== -1 && (attributesAt === -1 || fileAt < attributesAt)) {
    throw boxError(400, 'metadata_after_file_contents', 'Metadata must be sent before file contents');
  }
  if (attributesAt === -1 || fileAt === -1) throw boxError(400, 'bad_request', "The 'attributes' and 'file' parts are required");
  let attributes: unknown;
  try {
    attributes = JSON.parse(parts[attributesAt].data.toString('utf8'));
  } catch {
    throw boxError(400, 'bad_request', 'Invalid JSON in attributes');
  }
  if (!attributes || typeof attributes !== 'object') throw boxError(400, 'bad_request', 'Invalid attributes');
  return { attributes: attributes as Record<string, unknown>, content: parts[fileAt].data };
}

interface Part {
  part_id: string;
  offset: number;
  size: number;
  sha1: string;
  data: Buffer;
}

interface Session {
  id: string;
  target: { folderId: string } | { fileId: string };
  name: string;
  size: number;
  partSize: number;
  parts: Map<number, Part>;
  expiresAt: string;
}

const sha1Base64 = (data: Buffer) => createHash('sha1').update(data).digest('base64');

/** Reads `Digest: sha=<base64>`; Box supports only SHA-1. */
function digestOf(headers: IncomingHttpHeaders): string {
  const match = /^sha=(\S+)$/i.exec(String(headers.digest ?? ''));
  if (!match) throw boxError(400, 'missing_digest', 'The Digest header is missing or is not a sha digest');
  return match[1];
}

/** Chunked upload sessions over a {@link BoxStore}. */
export class UploadSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly store: BoxStore,
    private readonly limits: { minBytes: number; partSize: number; uploadOrigin: string },
    private readonly now: () => number,
  ) {}

  /** `POST /files/upload_sessions` (new file) or `POST /files/{id}/upload_sessions` (new version). */
  open(target: Session['target'], fileName: unknown, fileSize: unknown): Record<string, unknown> {
    const size = Number(fileSize);
    if (fileSize === undefined) throw boxError(400, 'missing_file_size', 'file_size was not provided');
    if (!Number.isInteger(size) || size < 0) throw boxError(400, 'invalid_file_size', 'file_size is not a valid number');
    if (size < this.limits.minBytes) throw boxError(400, 'file_size_too_small', `file_size is below the minimum of ${this.limits.minBytes} bytes for upload sessions`);
    let name: string;
    if ('folderId' in target) {
      if (typeof fileName !== 'string' || !fileName) throw boxError(400, 'missing_file_name', 'file_name was not provided');
      this.store.folder(target.folderId);
      this.store.assertNameFree(target.folderId, fileName, undefined, false);
      name = fileName;
    } else {
      name = typeof fileName === 'string' && fileName ? fileName : this.store.file(target.fileId).name;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex').toUpperCase(),
      target,
      name,
      size,
      partSize: this.limits.partSize,
      parts: new Map(),
      expiresAt: new Date(this.now() + 7 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, '-00:00'),
    };
    this.sessions.set(session.id, session);
    return this.json(session);
  }

  /** `PUT /files/upload_sessions/{id}`: one part, its range aligned to the part size, its digest checked. */
  putPart(id: string, headers: IncomingHttpHeaders, data: Buffer): Record<string, unknown> {
    const session = this.session(id);
    const digest = digestOf(headers);
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(headers['content-range'] ?? ''));
    if (!range) throw boxError(416, 'range_not_satisfiable', 'The Content-Range header is missing or malformed');
    const [first, last, total] = range.slice(1).map(Number);
    const isLast = last === session.size - 1;
    const aligned = first % session.partSize === 0 && (isLast || last - first + 1 === session.partSize);
    if (total !== session.size || !aligned || last < first || data.length !== last - first + 1) {
      throw boxError(416, 'range_not_satisfiable', 'The Content-Range does not match a part of this session');
    }
    if (sha1Base64(data) !== digest) throw boxError(412, 'sha1_mismatch', 'The digest of the part does not match its content');
    if (session.parts.has(first)) throw boxError(409, 'range_overlaps_existing_part', 'Part overlaps a part already uploaded');
    const part: Part = { part_id: randomBytes(4).toString('hex').toUpperCase(), offset: first, size: data.length, sha1: createHash('sha1').update(data).digest('hex'), data };
    session.parts.set(first, part);
    return { part: { part_id: part.part_id, offset: part.offset, size: part.size, sha1: part.sha1 } };
  }

  /** `POST /files/upload_sessions/{id}/commit`: the parts list must be exactly what was uploaded. */
  commit(id: string, headers: IncomingHttpHeaders, body: unknown): SimFile {
    const session = this.session(id);
    const digest = digestOf(headers);
    const listed = (body as { parts?: unknown } | undefined)?.parts;
    if (!Array.isArray(listed)) throw boxError(400, 'bad_request', 'parts is required');
    const uploaded = [...session.parts.values()].sort((a, b) => a.offset - b.offset);
    const same =
      listed.length === uploaded.length &&
      uploaded.every((p, i) => {
        const l = listed[i] as Record<string, unknown>;
        return l.part_id === p.part_id && l.offset === p.offset && l.size === p.size;
      });
    const content = Buffer.concat(uploaded.map((p) => p.data));
    if (!same || content.length !== session.size) throw boxError(400, 'invalid_parts', 'The parts do not match the parts uploaded to this session');
    if (sha1Base64(content) !== digest) throw boxError(412, 'sha1_mismatch', 'The digest does not match the content of the file');
    this.sessions.delete(id);
    const { target } = session;
    return 'folderId' in target ? this.store.createFile(target.folderId, session.name, content) : this.store.newVersion(target.fileId, content, session.name);
  }

  abort(id: string): void {
    this.session(id);
    this.sessions.delete(id);
  }

  /** Sessions opened and neither committed nor aborted. */
  get openCount(): number {
    return this.sessions.size;
  }

  reset(): void {
    this.sessions.clear();
  }

  private session(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw boxError(404, 'not_found', 'Not Found');
    return session;
  }

  private json(session: Session): Record<string, unknown> {
    const base = `${this.limits.uploadOrigin}/api/2.0/files/upload_sessions/${session.id}`;
    return {
      total_parts: Math.ceil(session.size / session.partSize),
      part_size: session.partSize,
      session_endpoints: { list_parts: `${base}/parts`, commit: `${base}/commit`, log_event: `${base}/log`, upload_part: base, status: base, abort: base },
      session_expires_at: session.expiresAt,
      id: session.id,
      type: 'upload_session',
      num_parts_processed: 0,
    };
  }
}
