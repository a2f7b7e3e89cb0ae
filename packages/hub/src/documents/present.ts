import { pipeline } from 'node:stream/promises';
import type { DownloadResult, ElementContext } from '@junction/core';
import type { Response } from 'express';
import { withoutNulls } from '../hub/present-record';

/**
 * How documents answers are written: JSON honours `filter.response.nulls`, and the vendor record
 * an element attaches as `raw` is shown only with `raw=true`.
 */
export interface Presenter {
  json(body: unknown): void;
  /** An entry, link or quota record without its vendor record (or with it, under `raw=true`). */
  record(value: object): Record<string, unknown>;
}

export function presenter(ctx: ElementContext, res: Response, showRaw: boolean): Presenter {
  const filterNulls = ctx.config['filter.response.nulls'] !== 'false';
  return {
    json: (body) => void res.json(filterNulls ? withoutNulls(body) : body),
    record: (value) => {
      const { raw, ...shown } = value as Record<string, unknown>;
      return showRaw && raw !== undefined ? { ...shown, raw } : shown;
    },
  };
}

/**
 * `attachment` with an ASCII fallback name and the exact name as RFC 5987 `filename*`, which
 * every current browser and HTTP client prefers.
 *
 * @example contentDisposition('résumé.pdf') // attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Streams a file to the client with its type, length (when known) and name, as the vendor sends the bytes. */
export async function sendFile(res: Response, file: DownloadResult): Promise<void> {
  res.status(200).type(file.mimeType ?? file.name);
  if (file.size !== undefined) res.set('Content-Length', String(file.size));
  res.set('Content-Disposition', contentDisposition(file.name));
  try {
    await pipeline(file.content, res);
  } catch (error) {
    // A client that hangs up mid-download is not a server failure; the vendor stream is closed.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
