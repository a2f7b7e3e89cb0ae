import type { Readable } from 'node:stream';

/** One piece of an upload and whether the stream ended with it. */
export interface Chunk {
  bytes: Buffer;
  last: boolean;
}

/**
 * Cuts a byte stream into chunks of `size` bytes (the last one may be shorter), holding at most
 * one chunk plus one stream read in memory. Each chunk says whether it is the last, so a session
 * upload can close with the final bytes instead of an extra empty call.
 */
export class ChunkReader {
  private readonly source: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private ended = false;

  constructor(
    stream: Readable,
    private readonly size: number,
  ) {
    this.source = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** The next chunk; an error of the stream (a truncated upload) rejects here. */
  async next(): Promise<Chunk> {
    const parts: Buffer[] = this.pending ? [this.pending] : [];
    let length = this.pending?.length ?? 0;
    this.pending = undefined;
    while (length < this.size && !this.ended) {
      const read = await this.pull();
      if (!read) break;
      parts.push(read);
      length += read.length;
    }
    const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
    const bytes = joined.length > this.size ? joined.subarray(0, this.size) : joined;
    if (joined.length > this.size) this.pending = joined.subarray(this.size);
    // Only a look at the stream tells whether a full chunk was also the last one.
    if (!this.pending && !this.ended) this.pending = await this.pull();
    return { bytes, last: !this.pending };
  }

  private async pull(): Promise<Buffer | undefined> {
    for (;;) {
      const result = await this.source.next();
      if (result.done) {
        this.ended = true;
        return undefined;
      }
      const read = Buffer.isBuffer(result.value) ? result.value : Buffer.from(result.value);
      if (read.length > 0) return read;
    }
  }
}
