import { PassThrough, Transform, type Readable } from 'node:stream';
import { BadRequestError, JunctionError } from '@junction/core';
import busboy from 'busboy';
import type { Request } from 'express';

/** The multipart field the hub reads a file from (Cloud Elements' name). */
export const FILE_FIELD = 'file';

/** Thrown into the file stream when the client sends more than the hub accepts. */
export class UploadTooLargeError extends JunctionError {
  constructor(limit: number) {
    super(413, `The file is larger than the ${limit} bytes this server accepts (JUNCTION_MAX_UPLOAD_BYTES)`);
  }
}

/** Thrown into the file stream when the bytes that arrive are not the `size` the client declared. */
export class UploadSizeMismatchError extends BadRequestError {}

/** What the multipart part carried, as the element receives it. */
export interface ReceivedFile {
  content: Readable;
  /** The part's file name (UTF-8, or RFC 5987 `filename*`); empty when the client sent none. */
  name: string;
  mimeType?: string;
}

export interface UploadLimits {
  /** Largest file accepted, in bytes (`JUNCTION_MAX_UPLOAD_BYTES`). */
  maxBytes: number;
  /** The file's size as the client declared it (`?size=`), checked against what arrives. */
  size?: number;
}

/**
 * The `size` query parameter of an upload: bytes the client promises to send, so elements can
 * pick a transfer that needs the length up front (Box upload sessions, a `Content-Length`).
 */
export function declaredSize(query: Record<string, unknown>): number | undefined {
  const value = query.size;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new BadRequestError(`Query parameter 'size' must be the file's length in bytes, got '${String(value)}'`);
  return Number(value);
}

/**
 * Streams the `file` part of a multipart request into `send` without buffering it. Past
 * `maxBytes`, or when the bytes differ from a declared `size`, the stream handed to `send` fails
 * instead of ending, so the element's upload fails before the vendor commits anything, and the
 * answer is 413 or 400. A client that goes away mid-upload fails the stream the same way.
 * Whatever the outcome, the rest of the request is read and dropped, so the client always gets to
 * read the answer.
 */
export function receiveUpload<T>(req: Request, limits: UploadLimits, send: (file: ReceivedFile) => Promise<T>): Promise<T> {
  const { maxBytes, size } = limits;
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new JunctionError(415, `Send the file as multipart/form-data with a part named '${FILE_FIELD}'`));
  }
  if (size !== undefined && size > maxBytes) return Promise.reject(new UploadTooLargeError(maxBytes));
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // busboy stops a file when it reaches `fileSize` bytes, so a file of exactly `maxBytes` needs one more.
      // Clients send UTF-8 file names as they are (the HTML form encoding), not Latin-1.
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes + 1 }, defParamCharset: 'utf8' });
    } catch (error) {
      return reject(new BadRequestError(`Malformed multipart request: ${(error as Error).message}`));
    }
    let content: Transform | undefined;
    let upload: Promise<T> | undefined;
    // Why the stream was cut, when the hub cut it: that, not the element's view of it, is the answer.
    let failure: JunctionError | undefined;
    const cut = (error: JunctionError) => {
      failure ??= error;
      content?.destroy(error);
      req.unpipe(parser);
      req.resume();
    };

    parser.on('file', (field, file, info) => {
      if (field !== FILE_FIELD || content) return void file.resume();
      const stream = size === undefined ? new PassThrough() : exactly(size);
      content = stream;
      stream.on('error', (error) => {
        if (error instanceof UploadSizeMismatchError) cut(error);
      });
      file.on('limit', () => {
        cut(new UploadTooLargeError(maxBytes));
        file.resume();
      });
      // A form that ends inside the file fails the part's stream, which nothing else listens to.
      file.on('error', (error: Error) => cut(new BadRequestError(`Malformed multipart request: ${error.message}`)));
      file.pipe(stream);
      const mimeType = info.mimeType === 'application/octet-stream' ? undefined : info.mimeType;
      upload = send({ content: stream, name: info.filename ?? '', mimeType });
      upload.then(resolve, (error: unknown) => {
        req.unpipe(parser);
        req.resume();
        reject(failure ?? error);
      });
    });
    parser.on('error', (error: Error) => {
      cut(new BadRequestError(`Malformed multipart request: ${error.message}`));
      if (!upload) reject(failure);
    });
    parser.on('close', () => {
      if (!upload) reject(new BadRequestError(`Missing multipart part '${FILE_FIELD}' with the file content`));
    });
    req.on('close', () => {
      if (!req.complete) cut(new BadRequestError('The client closed the connection before the upload was complete'));
    });
    req.pipe(parser);
  });
}

/**
 * Passes bytes through while they stay within `size`, and ends only if exactly `size` came: a
 * longer file fails as soon as it passes the size, a shorter one instead of ending.
 */
function exactly(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > size) return done(new UploadSizeMismatchError(`The file is longer than its declared size=${size}`));
      done(null, chunk);
    },
    flush(done) {
      done(seen === size ? null : new UploadSizeMismatchError(`The file has ${seen} bytes, not its declared size=${size}`));
    },
  });
}
