import { PassThrough, type Readable } from 'node:stream';
import { BadRequestError, JunctionError } from '@junction/core';
import busboy from 'busboy';
import type { Request } from 'express';

/** The multipart field the documents hub reads the file from (Cloud Elements' name). */
export const FILE_FIELD = 'file';

/** Thrown into the file stream when the client sends more than the hub accepts. */
export class UploadTooLargeError extends JunctionError {
  constructor(limit: number) {
    super(413, `The file is larger than the ${limit} bytes this server accepts (JUNCTION_MAX_UPLOAD_BYTES)`);
  }
}

/**
 * Streams the `file` part of a multipart request into `send` without buffering it. Past `limit`
 * bytes the stream handed to `send` fails instead of ending, so the element's upload fails
 * before the vendor commits anything, and the answer is 413. A client that goes away mid-upload
 * fails the stream the same way. Whatever the outcome, the rest of the request is read and
 * dropped, so the client always gets to read the answer.
 */
export function receiveUpload<T>(req: Request, limit: number, send: (file: { content: Readable; mimeType?: string }) => Promise<T>): Promise<T> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new JunctionError(415, `Send the file as multipart/form-data with a part named '${FILE_FIELD}'`));
  }
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // busboy stops a file when it reaches `fileSize` bytes, so a file of exactly `limit` bytes needs one more.
      parser = busboy({ headers: req.headers, limits: { fileSize: limit + 1 } });
    } catch (error) {
      return reject(new BadRequestError(`Malformed multipart request: ${(error as Error).message}`));
    }
    let content: PassThrough | undefined;
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
      const stream = new PassThrough();
      content = stream;
      file.on('limit', () => {
        cut(new UploadTooLargeError(limit));
        file.resume();
      });
      // A form that ends inside the file fails the part's stream, which nothing else listens to.
      file.on('error', (error: Error) => cut(new BadRequestError(`Malformed multipart request: ${error.message}`)));
      file.pipe(stream);
      upload = send({ content: stream, mimeType: info.mimeType === 'application/octet-stream' ? undefined : info.mimeType });
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
