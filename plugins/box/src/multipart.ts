import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A `multipart/form-data` body that streams the file part through without buffering it. */
export interface MultipartBody {
  body: Readable;
  contentType: string;
  /** The whole body's length, when the file's size is known (so no chunked transfer is needed). */
  length?: number;
}

/** A boundary that cannot plausibly occur in the file: 24 random bytes. */
export function randomBoundary(): string {
  return `junction-${randomBytes(24).toString('hex')}`;
}

/**
 * The HTML standard's form-data escaping for names: UTF-8 kept, `"` CR LF percent-encoded, so a
 * non-ASCII file name survives and cannot break the part header.
 */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Box's upload body: the `attributes` JSON part, then the `file` part. Box refuses the file first
 * (`metadata_after_file_contents`), so the order is fixed here.
 * https://developer.box.com/reference/post-files-content/
 */
export function boxUploadBody(
  attributes: Record<string, unknown>,
  fileName: string,
  content: Readable,
  options: { boundary: string; size?: number },
): MultipartBody {
  const { boundary } = options;
  const preamble = Buffer.from(
    `--${boundary}\r\n` +
      'Content-Disposition: form-data; name="attributes"\r\n\r\n' +
      `${JSON.stringify(attributes)}\r\n` +
      `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${quoted(fileName)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8',
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    for await (const chunk of content) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    yield epilogue;
  }
  return {
    // Pulled one chunk at a time, so the client's upload pauses while Box reads slowly.
    body: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: options.size === undefined ? undefined : preamble.length + options.size + epilogue.length,
  };
}
