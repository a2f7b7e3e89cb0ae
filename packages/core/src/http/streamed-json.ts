import type { Readable } from 'node:stream';
import { JunctionError } from '../errors';

/**
 * Reads the JSON answer of a streamed call (an upload sent through `ctx.http.stream`), which the
 * vendor client hands back unread.
 */
export async function readStreamedJson<T>(stream: Readable, vendorName: string): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
  } catch {
    throw new JunctionError(502, `${vendorName} answered with a malformed response (expected JSON)`);
  }
}
